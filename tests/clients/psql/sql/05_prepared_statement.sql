PREPARE my_stmt AS SELECT id, name FROM clients_psql_users WHERE id = $1;
EXECUTE my_stmt(1);
EXECUTE my_stmt(3);
EXECUTE my_stmt(42);
DEALLOCATE my_stmt;
