BEGIN;
UPDATE clients_psql_users SET email = 'newemail@example.com' WHERE id = 1;
COMMIT;
SELECT id, email FROM clients_psql_users WHERE id = 1;
