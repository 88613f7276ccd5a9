\set VERBOSITY sqlstate
BEGIN;
SELECT 1 / 0;
SELECT 'ignored' AS status;
ROLLBACK;
\set VERBOSITY default
INSERT INTO clients_psql_users VALUES (1, 'Duplicate', NULL);
\echo last error sqlstate: :LAST_ERROR_SQLSTATE
SELECT count(*) AS users FROM clients_psql_users;
