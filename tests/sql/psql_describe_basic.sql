-- The simpler psql listings over catalog_pg: relations, indexes, sequences, views,
-- schemas and roles.
CREATE TABLE parent (id int PRIMARY KEY, name text UNIQUE);
CREATE TABLE child (id serial PRIMARY KEY, parent_id int REFERENCES parent (id), qty int);
CREATE INDEX child_qty_idx ON child (qty);
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
\d
SELECT relname, relkind FROM pg_catalog.pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' ORDER BY 1;
SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
  WHERE table_schema = 'public' ORDER BY 1, ordinal_position;
SELECT constraint_name, constraint_type FROM information_schema.table_constraints
  WHERE table_schema = 'public' AND constraint_type <> 'CHECK' ORDER BY 1;
SELECT pg_catalog.format_type(23, -1), format_type(1043, 24), format_type(1700, 655366), format_type(1007, -1);
SELECT pg_size_pretty(0::bigint), pg_size_pretty(10240::bigint), pg_size_pretty(123456789::bigint);
