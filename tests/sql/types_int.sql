-- smallint, integer, bigint: literals, ranges, overflow, division, NULLs.
CREATE TABLE ints (s SMALLINT, i INTEGER, b BIGINT);
INSERT INTO ints VALUES (1, 1, 1), (-32768, -2147483648, -9223372036854775808),
  (32767, 2147483647, 9223372036854775807), (0, 0, 0), (NULL, NULL, NULL);
SELECT s, i, b FROM ints ORDER BY b NULLS LAST;
SELECT pg_typeof(s), pg_typeof(i), pg_typeof(b) FROM ints LIMIT 1;
SELECT pg_typeof(1), pg_typeof(2147483648), pg_typeof(9223372036854775808);
-- Out-of-range input is rejected per type.
INSERT INTO ints (s) VALUES (32768);
INSERT INTO ints (i) VALUES (2147483648);
INSERT INTO ints (b) VALUES (9223372036854775808);
SELECT '  42  '::int, '+7'::int, '-0'::int;
SELECT 'abc'::int;
SELECT ''::int;
SELECT '12.5'::int;
SELECT '1_000'::int;
-- Arithmetic keeps the wider operand type and checks overflow.
SELECT 2147483647 + 1;
SELECT 2147483647::bigint + 1;
SELECT (-32768)::smallint * -1::smallint;
SELECT 9223372036854775807 + 1;
SELECT -(-2147483648);
-- Integer division truncates toward zero; modulo takes the dividend's sign.
SELECT 7 / 2, -7 / 2, 7 / -2, 7 % 3, -7 % 3, 7 % -3;
SELECT 1 / 0;
SELECT 1 % 0;
SELECT (-2147483648) / -1;
SELECT abs(-5), abs(-5::bigint), @ -3;
SELECT 5 & 3, 5 | 3, 5 # 3, ~5, 1 << 4, 256 >> 2;
-- Comparisons across integer widths.
SELECT 1::smallint = 1::bigint, 2::int < 3::bigint, 32767::smallint > 2147483647;
SELECT i::bigint + 1 AS plus_one, i IS NULL AS is_null FROM ints ORDER BY i NULLS FIRST;
SELECT sum(i), sum(b::numeric), min(s), max(s), count(i), count(*) FROM ints;
SELECT sum(b) FROM ints;
SELECT avg(s) FROM ints;
SELECT 10::int2 / 3::int2, pg_typeof(10::int2 / 3::int2);
SELECT NULL::int + 1, 1 - NULL::bigint, NULL::int * NULL::int;
SELECT 1::int8 = ANY (ARRAY[1, 2, 3]);
DROP TABLE ints;
