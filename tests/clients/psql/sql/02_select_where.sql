SELECT name, email FROM clients_psql_users WHERE id = 2;
SELECT count(*) AS users FROM clients_psql_users;
SELECT id FROM clients_psql_users WHERE name = 'Nobody';
