-- How CHECK constraints and column defaults print back (psql \d, pg_get_constraintdef,
-- pg_get_expr): PostgreSQL shows the analysed expression, with the implicit casts its
-- analysis added, operators in parentheses, BETWEEN expanded and IN lists as = ANY.
CREATE TABLE deparse_items (
  id integer PRIMARY KEY,
  qty numeric CHECK (qty > 0),
  name text NOT NULL DEFAULT 'x' CHECK (name <> ''),
  code varchar(10) DEFAULT 'c' CHECK (code <> ''),
  flag char(3) DEFAULT 'ab' CHECK (flag <> 'zz'),
  price numeric(10,2) DEFAULT 0 CHECK (price BETWEEN 1 AND 10),
  status text DEFAULT 'new' CHECK (status IN ('new', 'done')),
  born date DEFAULT '2020-01-02' CHECK (born > '2000-01-01'),
  seen timestamp DEFAULT now() CHECK (seen >= '2001-02-03 04:05:06'),
  active boolean DEFAULT true CONSTRAINT deparse_items_active_check CHECK (active OR qty IS NULL),
  small smallint DEFAULT -1 CHECK (small > -5 AND NOT small = 3),
  big bigint DEFAULT 42 CHECK (big + 1 > 2 * big - 7),
  label text CHECK (label LIKE 'a%' OR label ILIKE 'B%' OR label NOT LIKE '%z'),
  note text CHECK (lower(note) <> upper(note) AND length(note) < 100),
  score integer CHECK (CASE WHEN score > 10 THEN score < 100 ELSE score IS NOT NULL END),
  ratio float8 DEFAULT 0.5 CHECK (ratio < 1.5),
  cast_col text CONSTRAINT deparse_items_cast_check CHECK (cast_col::integer > 0 AND score::numeric < 5.5)
);
\d deparse_items
SELECT conname, pg_get_constraintdef(oid) AS def, pg_get_constraintdef(oid, true) AS pretty
  FROM pg_constraint WHERE conrelid = 'deparse_items'::regclass AND contype = 'c' ORDER BY conname;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) AS def, pg_get_expr(d.adbin, d.adrelid, true) AS pretty
  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  WHERE d.adrelid = 'deparse_items'::regclass ORDER BY a.attnum;
CREATE SEQUENCE deparse_seq;
CREATE TABLE deparse_serial (
  id bigserial,
  n integer DEFAULT nextval('deparse_seq'),
  m integer NOT NULL CHECK (m IN (1, 2, 3) AND m NOT IN (7)),
  t text CHECK (t IS NOT NULL AND t NOT IN ('a', 'b'))
);
\d deparse_serial
SELECT conname, pg_get_constraintdef(oid) AS def
  FROM pg_constraint WHERE conrelid = 'deparse_serial'::regclass AND contype = 'c' ORDER BY conname;
DROP TABLE deparse_serial;
DROP SEQUENCE deparse_seq;
DROP TABLE deparse_items;
-- Arithmetic precedence in pretty mode, COALESCE/GREATEST, IS [NOT] DISTINCT FROM,
-- casts with a typmod, NOT BETWEEN, prefix minus, operator and function defaults.
CREATE TABLE deparse_more (a int DEFAULT 1 + 2, b text DEFAULT lower('X'), c numeric DEFAULT -1.5, d varchar(5) DEFAULT 'q'::varchar(5),
  e int CHECK (coalesce(e, 0) >= 0 AND e IS DISTINCT FROM 5 AND e IS NOT DISTINCT FROM 6), f text CHECK (f::varchar(3) <> 'abc' AND greatest(f, 'a') = f),
  g numeric CHECK (g * 2 + 1 < 100.5 AND g > -1), h int CHECK (h % 2 = 0 AND -h < 0 AND h NOT BETWEEN 3 AND 4));
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid), pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'deparse_more'::regclass ORDER BY 1;
SELECT conname, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'deparse_more'::regclass ORDER BY 1;
DROP TABLE deparse_more;
-- Unnamed CHECK constraints are named after the one column they read, else the table.
CREATE TABLE ck_names (a int, b int CHECK (b > a), c int CHECK (c > 0), CHECK (a > 0), CHECK (a > 1),
                       CHECK (a + b > 0), CHECK (a > 2), CHECK (true));
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ck_names'::regclass ORDER BY conname;
ALTER TABLE ck_names ADD CHECK (c < 100);
ALTER TABLE ck_names ADD CHECK (b < c);
SELECT conname FROM pg_constraint WHERE conrelid = 'ck_names'::regclass ORDER BY conname;
