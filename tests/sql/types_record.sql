-- Records compared as values (whole-row references): PostgreSQL's record_cmp, where
-- NULL fields equal each other and sort after values; row constructors keep SQL's NULLs
CREATE TABLE rt (a int, b text);
INSERT INTO rt VALUES (1, 'x'), (2, NULL), (NULL, 'y'), (1, 'w');
SELECT r1.a, r1.b, r2.a, r2.b, r1 = r2 AS eq, r1 < r2 AS lt, r1 <> r2 AS ne, r1 >= r2 AS ge
  FROM rt r1, rt r2 ORDER BY r1.a, r1.b, r2.a, r2.b;
SELECT count(*) FROM rt r1 JOIN rt r2 ON r1 = r2;
SELECT * FROM rt ORDER BY rt;
SELECT * FROM rt ORDER BY rt DESC;
SELECT rt, count(*) FROM (SELECT * FROM rt UNION ALL SELECT * FROM rt) rt GROUP BY rt ORDER BY rt;
SELECT DISTINCT r FROM (SELECT rt AS r FROM rt UNION ALL SELECT rt FROM rt) s ORDER BY r;
SELECT ROW(1, NULL::int) = ROW(1, NULL::int) AS constructors;
SELECT (SELECT r FROM rt r WHERE a = 2) = (SELECT r FROM rt r WHERE a = 2) AS subquery_values;
SELECT rt = rt AS self FROM rt ORDER BY a, b;
SELECT min(a), max(b) FROM rt WHERE rt > (SELECT r FROM rt r WHERE a = 1 AND b = 'w');
DROP TABLE rt;
