-- The errors clients branch on: every statement below fails, and psql's SQLSTATE variable
-- (echoed after it) shows the code the server sent.
CREATE TABLE dept (id INT PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE emp (id INT PRIMARY KEY, dept_id INT REFERENCES dept (id), age INT CHECK (age >= 18), email TEXT);
INSERT INTO dept VALUES (1, 'eng'), (2, 'ops');
INSERT INTO emp VALUES (1, 1, 30, 'a@x'), (2, 2, 40, NULL);
-- 23502 not_null_violation
INSERT INTO dept VALUES (3, NULL); \echo SQLSTATE :SQLSTATE
UPDATE dept SET name = NULL WHERE id = 1; \echo SQLSTATE :SQLSTATE
INSERT INTO dept (id) VALUES (4); \echo SQLSTATE :SQLSTATE
-- 23505 unique_violation, with the key in DETAIL
INSERT INTO dept VALUES (1, 'dup id'); \echo SQLSTATE :SQLSTATE
INSERT INTO dept VALUES (5, 'eng'); \echo SQLSTATE :SQLSTATE
UPDATE dept SET id = 2 WHERE id = 1; \echo SQLSTATE :SQLSTATE
-- 23503 foreign_key_violation, both directions
INSERT INTO emp VALUES (3, 99, 25, NULL); \echo SQLSTATE :SQLSTATE
UPDATE emp SET dept_id = 42 WHERE id = 1; \echo SQLSTATE :SQLSTATE
DELETE FROM dept WHERE id = 1; \echo SQLSTATE :SQLSTATE
-- 23514 check_violation
INSERT INTO emp VALUES (4, 1, 17, NULL); \echo SQLSTATE :SQLSTATE
UPDATE emp SET age = age - 30 WHERE id = 2; \echo SQLSTATE :SQLSTATE
-- 42P01 undefined_table
SELECT * FROM no_such_table; \echo SQLSTATE :SQLSTATE
INSERT INTO no_such_table VALUES (1); \echo SQLSTATE :SQLSTATE
-- 42703 undefined_column
SELECT no_such_column FROM emp; \echo SQLSTATE :SQLSTATE
SELECT e.nope FROM emp e; \echo SQLSTATE :SQLSTATE
INSERT INTO emp (id, nope) VALUES (9, 1); \echo SQLSTATE :SQLSTATE
-- 42883 undefined_function
SELECT no_such_function(1); \echo SQLSTATE :SQLSTATE
SELECT 'a'::text + 1; \echo SQLSTATE :SQLSTATE
SELECT abs('a'::text); \echo SQLSTATE :SQLSTATE
-- 42P07 duplicate_table
CREATE TABLE dept (id INT); \echo SQLSTATE :SQLSTATE
CREATE INDEX dept_pkey ON emp (age); \echo SQLSTATE :SQLSTATE
-- 42701 duplicate_column
CREATE TABLE twice (a INT, a TEXT); \echo SQLSTATE :SQLSTATE
ALTER TABLE emp ADD COLUMN email TEXT; \echo SQLSTATE :SQLSTATE
-- A few more classes clients see often.
SELECT 1 / 0; \echo SQLSTATE :SQLSTATE
SELECT 'x'::int; \echo SQLSTATE :SQLSTATE
SELECT 99999999999::int; \echo SQLSTATE :SQLSTATE
SELECT id FROM emp, dept; \echo SQLSTATE :SQLSTATE
SELECT * FROM emp WHERE age = 'old'; \echo SQLSTATE :SQLSTATE
SELECT count(*) FROM emp GROUP BY nope; \echo SQLSTATE :SQLSTATE
SELECT id, count(*) FROM emp; \echo SQLSTATE :SQLSTATE
-- Nothing above changed the data.
SELECT * FROM dept ORDER BY id;
SELECT * FROM emp ORDER BY id;
DROP TABLE emp, dept;
