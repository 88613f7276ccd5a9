-- client_min_messages decides which notices reach the client (INFO always does).
SHOW client_min_messages;
DROP TABLE IF EXISTS no_such_table;
SET client_min_messages = warning;
DROP TABLE IF EXISTS no_such_table;
SET LOCAL search_path = public;
SET client_min_messages = ERROR;
SHOW client_min_messages;
SET LOCAL search_path = public;
COMMIT;
SET client_min_messages = 'Debug';
SHOW client_min_messages;
SET client_min_messages = loud;
RESET client_min_messages;
BEGIN;
SET LOCAL client_min_messages = warning;
DROP VIEW IF EXISTS no_such_view;
COMMIT;
DROP VIEW IF EXISTS no_such_view;
