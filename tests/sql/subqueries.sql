-- Subqueries: scalar, IN/NOT IN (with NULLs), EXISTS, ANY/ALL, correlated, derived tables.
CREATE TABLE emp (id INT PRIMARY KEY, name TEXT, dept TEXT, salary INT, manager_id INT);
CREATE TABLE dept (code TEXT, budget INT);
INSERT INTO emp VALUES (1, 'ann', 'eng', 120, NULL), (2, 'bob', 'eng', 100, 1), (3, 'cid', 'ops', 90, 1),
  (4, 'dee', 'ops', 60, 3), (5, 'eve', NULL, 75, 3), (6, 'fox', 'hr', NULL, 1);
INSERT INTO dept VALUES ('eng', 1000), ('ops', 500), ('law', 50), (NULL, 0);
SELECT name, salary, (SELECT max(salary) FROM emp) - salary AS gap FROM emp ORDER BY id;
SELECT name FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY name;
SELECT (SELECT name FROM emp WHERE id = 42) IS NULL AS empty_scalar_is_null;
SELECT (SELECT name FROM emp);
SELECT (SELECT id, name FROM emp WHERE id = 1);
SELECT name FROM emp WHERE dept IN (SELECT code FROM dept WHERE budget > 100) ORDER BY name;
SELECT name FROM emp WHERE dept NOT IN (SELECT code FROM dept WHERE code IS NOT NULL) ORDER BY name;
-- One NULL in the NOT IN list makes the predicate unknown for every row.
SELECT name FROM emp WHERE dept NOT IN (SELECT code FROM dept) ORDER BY name;
SELECT name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.code = e.dept) ORDER BY name;
SELECT code FROM dept d WHERE EXISTS (SELECT * FROM emp e WHERE e.dept = d.code) ORDER BY code;
SELECT name, (SELECT count(*) FROM emp r WHERE r.manager_id = e.id) AS reports FROM emp e ORDER BY id;
SELECT name, salary FROM emp e WHERE salary = (SELECT max(salary) FROM emp x WHERE x.dept = e.dept) ORDER BY name;
SELECT name FROM emp WHERE salary > ALL (SELECT salary FROM emp WHERE dept = 'ops') ORDER BY name;
SELECT name FROM emp WHERE salary > ALL (SELECT salary FROM emp) ORDER BY name;
SELECT name FROM emp WHERE salary > ANY (SELECT salary FROM emp WHERE dept = 'ops') ORDER BY name;
SELECT name FROM emp WHERE salary < SOME (SELECT salary FROM emp WHERE dept = 'law') ORDER BY name;
SELECT 1 = ALL (SELECT 1 WHERE false), 1 = ANY (SELECT 1 WHERE false);
SELECT d.dept, d.total FROM (SELECT dept, sum(salary) AS total FROM emp GROUP BY dept) AS d WHERE d.total > 100 ORDER BY d.dept;
SELECT * FROM (SELECT name FROM emp ORDER BY salary DESC NULLS LAST LIMIT 2) top ORDER BY name;
SELECT m.name AS manager, (SELECT string_agg(name, ',' ORDER BY name) FROM emp r WHERE r.manager_id = m.id) AS team
  FROM emp m WHERE EXISTS (SELECT 1 FROM emp r WHERE r.manager_id = m.id) ORDER BY m.name;
SELECT (1, 2) = (1, 2), (1, NULL) = (1, 2), (1, 2) < (1, 3), ROW(1, 'a') IN (SELECT 1, 'a');
SELECT name FROM emp WHERE (dept, salary) IN (SELECT 'eng', 100 UNION SELECT 'ops', 60) ORDER BY name;
SELECT name FROM emp WHERE id IN (SELECT manager_id FROM emp) ORDER BY name;
SELECT name FROM emp WHERE id NOT IN (SELECT manager_id FROM emp) ORDER BY name;
SELECT name FROM emp WHERE id NOT IN (SELECT manager_id FROM emp WHERE manager_id IS NOT NULL) ORDER BY name;
SELECT name FROM emp WHERE salary IN (SELECT salary, id FROM emp);
SELECT * FROM (SELECT 1);
SELECT x FROM (SELECT 1 AS x) sub WHERE x IN (SELECT nope FROM emp);
DROP TABLE emp, dept;
