BEGIN;
DELETE FROM clients_psql_users WHERE id >= 2;
SELECT count(*) AS inside_transaction FROM clients_psql_users;
ROLLBACK;
SELECT count(*) AS after_rollback FROM clients_psql_users;
