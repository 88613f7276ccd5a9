-- The first thing any client does: a table, a few rows, and reading them back.
CREATE TABLE users (id INT, name TEXT, email TEXT);
INSERT INTO users VALUES (1, 'Alice', 'alice@example.com');
INSERT INTO users VALUES (2, 'Bob', 'bob@example.com');
INSERT INTO users VALUES (3, 'Carol', NULL);
SELECT * FROM users ORDER BY id;
SELECT * FROM users WHERE id = 1;
SELECT name, email FROM users WHERE id = 3;
SELECT * FROM users WHERE id = 42;
SELECT 1;
SELECT 1 AS one, 'two' AS two, NULL AS nothing;
SELECT count(*) FROM users;
-- A syntax error must be reported with its position, and the session must go on.
SELEC * FROM users;
SELECT * FROM users WHERE;
SELECT 'still alive' AS status;
DROP TABLE users;
