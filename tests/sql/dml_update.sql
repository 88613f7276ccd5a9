-- UPDATE: SET expressions, WHERE, multiple columns, FROM, RETURNING, constraint failures.
CREATE TABLE staff (id INT PRIMARY KEY, name TEXT NOT NULL, dept TEXT, salary INT CHECK (salary > 0), boss INT);
INSERT INTO staff VALUES (1, 'Ann', 'eng', 100, NULL), (2, 'Bob', 'eng', 80, 1), (3, 'Cid', 'ops', 70, 1),
  (4, 'Dee', NULL, 60, 3), (5, 'Eve', 'ops', 90, 3);
UPDATE staff SET salary = salary + 10 WHERE dept = 'eng';
SELECT id, salary FROM staff ORDER BY id;
UPDATE staff SET salary = salary * 2, dept = 'mgmt' WHERE id = 1 RETURNING id, name, dept, salary;
UPDATE staff SET dept = 'none' WHERE dept IS NULL RETURNING *;
UPDATE staff SET salary = 1 WHERE id = 999;
UPDATE staff SET salary = 1 WHERE id = 999 RETURNING id;
-- Every SET expression reads the old row.
UPDATE staff SET salary = boss, boss = salary WHERE id = 2 RETURNING salary, boss;
UPDATE staff SET (name, dept) = ('Bobby', 'eng') WHERE id = 2;
UPDATE staff SET (salary, boss) = (SELECT 55, 1) WHERE id = 4;
SELECT * FROM staff ORDER BY id;
UPDATE staff SET salary = DEFAULT WHERE id = 5;
SELECT salary FROM staff WHERE id = 5;
UPDATE staff SET salary = 0 WHERE id = 3;
UPDATE staff SET salary = 75 WHERE id = 3;
UPDATE staff SET name = NULL WHERE id = 3;
UPDATE staff SET id = 1 WHERE id = 3;
UPDATE staff SET nope = 1;
UPDATE staff SET salary = 'lots' WHERE id = 3;
UPDATE nowhere SET x = 1;
UPDATE staff SET salary = salary + 1 WHERE salary > 70 AND dept <> 'mgmt';
SELECT id, salary FROM staff ORDER BY id;
-- An UPDATE that fails on one row changes no rows at all.
UPDATE staff SET salary = salary - 2;
SELECT sum(salary) FROM staff;
CREATE TABLE raises (dept TEXT, pct INT);
INSERT INTO raises VALUES ('eng', 10), ('ops', 50);
UPDATE staff s SET salary = s.salary + s.salary * r.pct / 100 FROM raises r WHERE s.dept = r.dept;
UPDATE staff SET boss = (SELECT id FROM staff WHERE name = 'Ann') WHERE boss IS NULL AND id <> 1;
UPDATE staff SET salary = (SELECT max(salary) FROM staff) WHERE id = 4;
UPDATE staff SET salary = (SELECT salary FROM staff) WHERE id = 4;
UPDATE staff SET dept = upper(dept) WHERE id IN (SELECT boss FROM staff WHERE boss IS NOT NULL);
SELECT * FROM staff ORDER BY id;
UPDATE staff SET salary = salary + 1;
SELECT count(*), sum(salary) FROM staff;
DROP TABLE staff, raises;
