\pset null '(null)'
\copy clients_psql_users FROM 'copy_in.tsv'
SELECT * FROM clients_psql_users WHERE id >= 10 ORDER BY id;
SELECT count(*) AS users FROM clients_psql_users;
