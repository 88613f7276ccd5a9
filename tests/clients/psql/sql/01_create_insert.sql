CREATE TABLE clients_psql_users (id int PRIMARY KEY, name text NOT NULL, email text);
INSERT INTO clients_psql_users VALUES (1, 'Alice', 'alice@example.com');
INSERT INTO clients_psql_users VALUES (2, 'Bob', 'bob@example.com'), (3, 'Carol', 'carol@example.com');
SELECT * FROM clients_psql_users ORDER BY id;
