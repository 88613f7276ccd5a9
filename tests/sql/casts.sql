-- Explicit and implicit casts: CAST, ::, type 'literal', assignment casts, failures.
SELECT CAST('42' AS INTEGER), '42'::int, int '42', integer '42' + 1;
SELECT CAST(42 AS TEXT), 42::varchar(1), CAST(3.99 AS INT), CAST(-3.5 AS INT), CAST(2.5 AS SMALLINT);
SELECT CAST('3.14' AS NUMERIC(4,1)), CAST(1/3::float8 AS NUMERIC(6,5)), CAST(12.5 AS REAL);
SELECT CAST('t' AS BOOLEAN), CAST(true AS TEXT), CAST(1 AS BOOLEAN);
SELECT CAST(1.5 AS BOOLEAN);
SELECT CAST('2024-05-06' AS DATE), date '2024-05-06', timestamp '2024-05-06 07:08:09', CAST('10:11' AS TIME);
SELECT CAST(date '2024-05-06' AS TEXT), CAST(timestamp '2024-05-06 07:08:09' AS DATE);
SELECT CAST('abc' AS INTEGER);
SELECT CAST('2024-13-01' AS DATE);
SELECT CAST(70000 AS SMALLINT);
SELECT CAST(9e18::numeric * 2 AS BIGINT);
SELECT CAST(NULL AS INTEGER), CAST(NULL AS TEXT) IS NULL, NULL::date;
SELECT pg_typeof(CAST(NULL AS INTEGER)), pg_typeof(NULL), pg_typeof('x');
-- Implicit casts in arithmetic and comparison pick the "wider" type.
SELECT 1 + 1.5, pg_typeof(1 + 1.5), 1 + 1::bigint, pg_typeof(1::smallint + 1::smallint);
SELECT 1 = 1.0, '1' = 1, 1 < '2', '10' > '9', 10 > '9';
SELECT 'abc' = 1;
SELECT 1 + '1.5';
SELECT 1 + 'x';
SELECT text 'a' || 1, 1 || text 'a';
-- Assignment casts when storing into a column.
CREATE TABLE target (i INT, n NUMERIC(6,2), t TEXT, v VARCHAR(3), d DATE, b BOOLEAN);
INSERT INTO target VALUES ('7', '1.239', 12, 'abc', '2024-01-02', 'yes');
INSERT INTO target VALUES (7.6, 1, 3.5, 'x', '2024-01-02 23:59', 'f');
SELECT * FROM target ORDER BY i;
INSERT INTO target (i) VALUES ('seven');
INSERT INTO target (v) VALUES (12345);
INSERT INTO target (d) VALUES (20240102);
INSERT INTO target (b) VALUES ('1'::int);
INSERT INTO target (i) VALUES (true);
INSERT INTO target (t) VALUES (true);
SELECT t FROM target ORDER BY t;
-- Casts between numeric types and text round-trip the output format.
SELECT 1.0::float8::text, 0.1::float4::float8, 0.1::float4::numeric, 1e-7::float8::text, 123.450::numeric::text;
SELECT '1e2'::numeric::int, '  5  '::text::int, 'Infinity'::float8::numeric;
SELECT 'NaN'::numeric::float8;
SELECT 'NaN'::numeric::int;
SELECT 65::int::text::bytea, 'abc'::bytea::text;
SELECT '{1,2,3}'::text::int[], ARRAY[1,2]::text[], ARRAY['1','2']::int[];
SELECT ARRAY['x']::int[];
SELECT '{"a":1}'::jsonb::text, '123'::jsonb::int, '"x"'::jsonb::text, 'true'::jsonb::bool;
SELECT '"x"'::jsonb::int;
SELECT CAST(ROW(1, 'a') AS text);
SELECT '1 day'::interval::text, '01:02:03'::interval::time, '25:00'::interval::time;
DROP TABLE target;
