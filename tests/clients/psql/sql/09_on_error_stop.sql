SELECT 'before the error' AS status;
SELECT * FROM clients_psql_no_such_table;
SELECT 'must not run' AS status;
