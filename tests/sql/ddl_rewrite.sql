-- Table rewrites: ALTER TABLE forms that change every row's key or encoding write the
-- rows into a new storage range (ADD/DROP PRIMARY KEY, ADD COLUMN with a default,
-- ALTER TYPE). Data, uniqueness and hidden row ids must come through unchanged.
CREATE TABLE rw (id int, name text, n numeric);
INSERT INTO rw SELECT g, 'row ' || g, g / 10.0 FROM generate_series(1, 50) g;
-- Rows stored out of key order, one duplicated key: the new primary key is refused.
INSERT INTO rw VALUES (7, 'seven again', 0.7);
ALTER TABLE rw ADD PRIMARY KEY (id);
DELETE FROM rw WHERE name = 'seven again';
-- A NULL in the key column.
INSERT INTO rw VALUES (NULL, 'no id', 0);
ALTER TABLE rw ADD PRIMARY KEY (id);
DELETE FROM rw WHERE id IS NULL;
-- Out of order but unique: accepted, and the key orders the table.
INSERT INTO rw VALUES (0, 'zero', 0), (-5, 'minus five', -0.5);
ALTER TABLE rw ADD PRIMARY KEY (id);
SELECT id, name FROM rw ORDER BY id LIMIT 4;
SELECT count(*), sum(id), sum(n) FROM rw;
INSERT INTO rw VALUES (3, 'dup', 0);
INSERT INTO rw VALUES (51, 'fifty-one', 5.1);
SELECT * FROM rw WHERE id = 51;
UPDATE rw SET name = 'three' WHERE id = 3;
SELECT * FROM rw WHERE id BETWEEN 2 AND 4 ORDER BY id;
-- Rolled back: the table keeps its old key and rows.
BEGIN;
ALTER TABLE rw DROP CONSTRAINT rw_pkey;
INSERT INTO rw VALUES (3, 'dup in txn', 0);
SELECT count(*) FROM rw WHERE id = 3;
ROLLBACK;
SELECT count(*) FROM rw WHERE id = 3;
INSERT INTO rw VALUES (3, 'dup', 0);
-- Dropped: rows get hidden row ids, duplicates are allowed again.
ALTER TABLE rw DROP CONSTRAINT rw_pkey;
INSERT INTO rw VALUES (3, 'dup', 0);
SELECT count(*), sum(id) FROM rw;
-- ALTER TYPE that makes two keys equal: the rebuilt key is refused.
CREATE TABLE rt (k numeric PRIMARY KEY, v text);
INSERT INTO rt VALUES (1.2, 'a'), (1.4, 'b'), (2.6, 'c');
ALTER TABLE rt ALTER COLUMN k TYPE int;
DELETE FROM rt WHERE v = 'b';
ALTER TABLE rt ALTER COLUMN k TYPE int;
SELECT * FROM rt ORDER BY k;
-- A rewrite that keeps hidden row ids, then inserts in the same transaction.
CREATE TABLE rh (a int);
INSERT INTO rh SELECT generate_series(1, 20);
BEGIN;
ALTER TABLE rh ADD COLUMN b int DEFAULT 7;
INSERT INTO rh VALUES (21, 8), (22, 9);
SELECT count(*), sum(a), sum(b) FROM rh;
COMMIT;
INSERT INTO rh (a) VALUES (23);
SELECT count(*), sum(a), sum(b), count(DISTINCT a) FROM rh;
DELETE FROM rh WHERE a > 20;
SELECT count(*), sum(a), sum(b) FROM rh;
-- Secondary indexes are rebuilt with the table.
CREATE TABLE ri (id int, email text UNIQUE, tag int);
CREATE INDEX ri_tag ON ri (tag);
INSERT INTO ri SELECT g, 'u' || g || '@x', g % 3 FROM generate_series(1, 30) g;
ALTER TABLE ri ADD PRIMARY KEY (id);
INSERT INTO ri VALUES (31, 'u5@x', 0);
SELECT count(*) FROM ri WHERE tag = 1;
SELECT id FROM ri WHERE email = 'u17@x';
-- TRUNCATE and DROP after a rewrite.
TRUNCATE ri;
SELECT count(*) FROM ri;
INSERT INTO ri VALUES (1, 'u1@x', 1);
SELECT * FROM ri;
DROP TABLE ri;
CREATE TABLE ri (id int);
SELECT count(*) FROM ri;
-- TRUNCATE in a transaction: rows written before it are gone, rows after it stay.
BEGIN;
INSERT INTO ri VALUES (5), (6);
TRUNCATE ri;
SELECT count(*) FROM ri;
INSERT INTO ri VALUES (7);
COMMIT;
SELECT * FROM ri;
BEGIN;
TRUNCATE ri;
INSERT INTO ri VALUES (8);
ROLLBACK;
SELECT * FROM ri;
-- TRUNCATE, inserts and ADD PRIMARY KEY in one transaction.
BEGIN;
TRUNCATE rh;
INSERT INTO rh SELECT g, g FROM generate_series(1, 5) g;
ALTER TABLE rh ADD PRIMARY KEY (a);
INSERT INTO rh VALUES (3, 0);
ROLLBACK;
SELECT count(*) FROM rh;
-- TRUNCATE, COPY (written straight to the new range) and ADD PRIMARY KEY (reading it).
BEGIN;
TRUNCATE rh;
COPY rh FROM stdin;
3	30
1	10
2	20
\.
SELECT count(*), sum(b) FROM rh;
ALTER TABLE rh ADD PRIMARY KEY (a);
INSERT INTO rh VALUES (2, 0);
COMMIT;
BEGIN;
TRUNCATE rh;
COPY rh FROM stdin;
3	30
1	10
2	20
\.
ALTER TABLE rh ADD PRIMARY KEY (a);
INSERT INTO rh VALUES (4, 40);
COMMIT;
SELECT * FROM rh ORDER BY a;
DROP TABLE rw, rt, rh, ri;
