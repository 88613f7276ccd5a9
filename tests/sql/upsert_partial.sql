-- ON CONFLICT inferring a partial unique index from the inference clause's WHERE.
CREATE TABLE subs (id serial PRIMARY KEY, email text NOT NULL, active boolean NOT NULL, plan text);
CREATE UNIQUE INDEX subs_active_email ON subs (email) WHERE active;
INSERT INTO subs (email, active, plan) VALUES ('a@x', true, 'free'), ('a@x', false, 'old'), ('b@x', true, 'free');
INSERT INTO subs (email, active, plan) VALUES ('a@x', true, 'pro')
  ON CONFLICT (email) WHERE active DO UPDATE SET plan = EXCLUDED.plan RETURNING email, active, plan;
INSERT INTO subs (email, active, plan) VALUES ('a@x', false, 'older')
  ON CONFLICT (email) WHERE active DO NOTHING RETURNING email, active, plan;
INSERT INTO subs (email, active, plan) VALUES ('b@x', true, 'pro')
  ON CONFLICT (email) WHERE active DO NOTHING RETURNING email;
SELECT email, active, plan FROM subs ORDER BY email, active, plan;
-- Without the WHERE (or with another one) the partial index is not inferred.
INSERT INTO subs (email, active, plan) VALUES ('c@x', true, 'free') ON CONFLICT (email) DO NOTHING;
INSERT INTO subs (email, active, plan) VALUES ('c@x', true, 'free') ON CONFLICT (email) WHERE plan = 'x' DO NOTHING;
INSERT INTO subs (email, active, plan) VALUES ('c@x', true, 'free') ON CONFLICT (email) WHERE nope DO NOTHING;
-- A full unique index on the same columns is inferred whatever the WHERE.
CREATE TABLE tags (name text UNIQUE, hits int);
INSERT INTO tags VALUES ('t', 1);
INSERT INTO tags VALUES ('t', 1) ON CONFLICT (name) WHERE hits > 0 DO UPDATE SET hits = tags.hits + 1 RETURNING *;
