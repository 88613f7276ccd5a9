-- Several databases per server: CREATE/DROP/ALTER DATABASE, each database with its own
-- objects, and ALTER DATABASE/ROLE ... SET defaults that new sessions start with.
CREATE DATABASE golden_shop;
CREATE DATABASE golden_shop;
CREATE DATABASE golden_crm WITH OWNER postgres TEMPLATE template0 ENCODING 'UTF8';
CREATE DATABASE golden_bad WITH bogus_option = 1;
BEGIN;
CREATE DATABASE golden_in_txn;
ROLLBACK;
SELECT datname FROM pg_database WHERE datname LIKE 'golden%' ORDER BY datname;
CREATE TABLE items (id int PRIMARY KEY, what text);
INSERT INTO items VALUES (1, 'from postgres');
\c golden_shop
SELECT current_database();
SELECT * FROM items;
CREATE TABLE items (id int PRIMARY KEY, what text);
INSERT INTO items VALUES (1, 'from golden_shop'), (2, 'second');
SELECT * FROM items ORDER BY id;
DROP DATABASE golden_shop;
\c golden_crm
SELECT count(*) FROM pg_tables WHERE tablename = 'items';
\c postgres
SELECT * FROM items;
ALTER DATABASE golden_shop SET datestyle = 'SQL, DMY';
ALTER DATABASE golden_shop SET no_such_setting = 1;
ALTER DATABASE golden_shop SET extra_float_digits = 'many';
ALTER DATABASE no_such_db SET datestyle = 'ISO';
CREATE ROLE golden_role LOGIN;
ALTER ROLE golden_role SET timezone = 'Asia/Tokyo';
ALTER ROLE golden_role IN DATABASE golden_shop SET search_path = 'shop, public';
SELECT d.datname, r.rolname, s.setconfig
  FROM pg_db_role_setting s
  LEFT JOIN pg_database d ON d.oid = s.setdatabase
  LEFT JOIN pg_roles r ON r.oid = s.setrole
 WHERE d.datname LIKE 'golden%' OR r.rolname LIKE 'golden%'
 ORDER BY 1, 2;
\c golden_shop golden_role
SHOW datestyle;
SHOW timezone;
SHOW search_path;
SELECT '2024-03-01'::date;
\c postgres postgres
SHOW datestyle;
ALTER DATABASE golden_shop RESET datestyle;
ALTER ROLE golden_role RESET ALL;
ALTER ROLE golden_role IN DATABASE golden_shop RESET ALL;
SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'golden_role';
DROP DATABASE golden_shop;
DROP DATABASE golden_shop;
DROP DATABASE IF EXISTS golden_shop;
DROP DATABASE postgres_missing;
DROP DATABASE golden_crm;
DROP ROLE golden_role;
