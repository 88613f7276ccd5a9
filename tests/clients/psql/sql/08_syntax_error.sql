\set VERBOSITY verbose
SELEC id FROM clients_psql_users;
\echo last error sqlstate: :LAST_ERROR_SQLSTATE
SELECT 'still connected' AS status;
