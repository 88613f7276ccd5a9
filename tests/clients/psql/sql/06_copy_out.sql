\copy (SELECT id, name, email FROM clients_psql_users ORDER BY id) TO 'users_out.csv' WITH (FORMAT csv, HEADER)
