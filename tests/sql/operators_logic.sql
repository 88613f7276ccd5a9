-- Three-valued logic and the conditional expressions built on it.
CREATE TABLE tv (a BOOLEAN, b BOOLEAN);
INSERT INTO tv VALUES (true, true), (true, false), (true, NULL), (false, true), (false, false),
  (false, NULL), (NULL, true), (NULL, false), (NULL, NULL);
SELECT a, b, a AND b AS "and", a OR b AS "or", NOT a AS "not a", a = b AS eq, a IS DISTINCT FROM b AS distinct
  FROM tv ORDER BY a NULLS LAST, b NULLS LAST;
CREATE TABLE vals (id INT, x INT, s TEXT);
INSERT INTO vals VALUES (1, 10, 'ten'), (2, NULL, 'none'), (3, 30, NULL), (4, 0, ''), (5, -5, 'neg');
SELECT id, CASE WHEN x > 0 THEN 'pos' WHEN x < 0 THEN 'neg' WHEN x = 0 THEN 'zero' END AS sign FROM vals ORDER BY id;
SELECT id, CASE WHEN x > 0 THEN 'pos' ELSE 'other' END AS sign FROM vals ORDER BY id;
SELECT id, CASE x WHEN 10 THEN 'ten' WHEN 30 THEN 'thirty' ELSE 'else' END FROM vals ORDER BY id;
SELECT CASE NULL WHEN NULL THEN 'matched' ELSE 'not matched' END;
SELECT CASE WHEN true THEN 1 ELSE 'x' END;
SELECT CASE WHEN false THEN 1 ELSE 2.5 END, pg_typeof(CASE WHEN false THEN 1 ELSE 2.5 END);
-- Branches that are not taken are not evaluated.
SELECT CASE WHEN 1 = 1 THEN 'safe' ELSE (1 / 0)::text END;
SELECT id, COALESCE(x, -1), COALESCE(s, 'missing'), COALESCE(NULL, NULL, s, 'z') FROM vals ORDER BY id;
SELECT COALESCE(NULL::int, NULL), COALESCE(1, 1 / 0);
SELECT COALESCE(1, 'x');
SELECT NULLIF(1, 1), NULLIF(1, 2), NULLIF('a', 'b'), NULLIF(NULL::int, 1), NULLIF(0, NULL);
SELECT id, 100 / NULLIF(x, 0) FROM vals ORDER BY id;
SELECT GREATEST(1, 5, 3), LEAST(1, 5, 3), GREATEST(1, NULL, 3), LEAST(NULL::int, NULL), GREATEST('apple', 'banana');
SELECT GREATEST(1, 2.5), LEAST(date '2024-01-01', date '2023-06-01');
SELECT GREATEST(1, 'x');
SELECT id FROM vals WHERE x IN (10, 30) ORDER BY id;
SELECT id FROM vals WHERE x NOT IN (10, 30) ORDER BY id;
SELECT id FROM vals WHERE x NOT IN (10, NULL) ORDER BY id;
SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (1, 2), 1 IN (NULL);
SELECT id FROM vals WHERE x BETWEEN 0 AND 10 ORDER BY id;
SELECT id FROM vals WHERE x NOT BETWEEN 0 AND 10 ORDER BY id;
SELECT 5 BETWEEN 10 AND 1, 5 BETWEEN SYMMETRIC 10 AND 1, NULL BETWEEN 1 AND 2, 1 BETWEEN NULL AND 0;
SELECT 1 IS DISTINCT FROM 1, 1 IS DISTINCT FROM NULL, NULL IS DISTINCT FROM NULL, NULL IS NOT DISTINCT FROM NULL;
SELECT id FROM vals WHERE x IS DISTINCT FROM 10 ORDER BY id;
SELECT id FROM vals WHERE x IS NOT DISTINCT FROM NULL;
SELECT id, x IS NULL, x IS NOT NULL, s IS NULL, (x, s) IS NULL, (x, s) IS NOT NULL FROM vals ORDER BY id;
SELECT NULL = NULL, NULL <> NULL, NULL AND false, NULL OR true, NOT (NULL::bool);
SELECT 1 < 2 AND 2 < 3 OR false, NOT true OR true, NOT (true OR true), true OR false AND false;
SELECT id FROM vals WHERE NOT (x > 5) ORDER BY id;
SELECT id FROM vals WHERE x > 5 OR s IS NULL ORDER BY id;
SELECT 'a' AND true;
SELECT 2 + 3 * 4, (2 + 3) * 4, 2 ^ 3 ^ 2, -2 ^ 2, 10 - 4 - 3, 7 / 2 * 2;
DROP TABLE tv;
DROP TABLE vals;
