-- psql's describe commands: each sends its own catalog queries (pg_class,
-- pg_namespace, pg_attribute, pg_index, pg_constraint...), answered by catalog_pg.
CREATE TABLE parent (id int PRIMARY KEY, name text UNIQUE);
CREATE TABLE child (
  id serial PRIMARY KEY,
  parent_id int REFERENCES parent (id),
  qty int DEFAULT 1 CHECK (qty > 0),
  note varchar(20) NOT NULL
);
CREATE INDEX child_qty_idx ON child (qty);
CREATE VIEW child_summary AS SELECT parent_id, count(*) AS n FROM child GROUP BY parent_id;
CREATE SEQUENCE myseq;
CREATE SCHEMA extra;
CREATE TABLE extra.hidden (x int);
\dt
\dt extra.*
\di
\ds
\dv
\dn
\du
\l
\d child
\d parent
\d+ child
\d
