#!/usr/bin/env bash
# Views are catalog objects on storage_lmdb: they survive a restart with their query,
# columns, check option and dependencies; a view dropped in a rolled-back transaction
# is still there; a view dropped and committed is gone after the restart.
set -u
PLINTH=$1
source "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do stop_pid "$p"; done; rm -rf "$tmp"' EXIT
q() { psql -X -h 127.0.0.1 -p "$port" -U postgres -Atq -v ON_ERROR_STOP=1 "$@"; }
start() {
  "$PLINTH" -D "$tmp/data" -p "$port" -c plugins.storage=storage_lmdb >>"$tmp/server.log" 2>&1 &
  pid=$!; pids+=("$pid")
}

port=$(free_port)
start
check server_starts wait_port "$port" "$pid"
q -c "CREATE TABLE orders (id INT PRIMARY KEY, amount INT, status TEXT)" \
  -c "INSERT INTO orders VALUES (1, 10, 'open'), (2, 25, 'paid'), (3, 40, 'paid')" \
  -c "CREATE VIEW paid (order_id, amount) AS SELECT id, amount FROM orders WHERE status = 'paid' WITH CHECK OPTION" \
  -c "CREATE VIEW big_paid AS SELECT order_id FROM paid WHERE amount > 30" \
  -c "CREATE VIEW doomed AS SELECT 1 AS one"
q -c "BEGIN" -c "DROP VIEW doomed" -c "ROLLBACK"
q -c "CREATE VIEW gone AS SELECT 2 AS two" -c "DROP VIEW gone"

stop_pid "$pid"
start
check restarted wait_port "$port" "$pid"
check view_rows_after_restart bash -c "[[ \$(psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT order_id, amount FROM paid ORDER BY order_id' | tr '\n' ' ') == '2|25 3|40 ' ]]"
check view_over_view_after_restart bash -c "[[ \$(psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT * FROM big_paid') == 3 ]]"
check rolled_back_drop_kept bash -c "[[ \$(psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT one FROM doomed') == 1 ]]"
check committed_drop_gone bash -c "! psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT * FROM gone' 2>/dev/null"
check dependency_kept bash -c "psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'DROP TABLE orders' 2>&1 | grep -q 'view paid depends on table orders'"
check check_option_kept bash -c "psql -X -h 127.0.0.1 -p $port -U postgres -Atc \"INSERT INTO paid VALUES (9, 1)\" 2>&1 | grep -q 'violates check option'"
q -c "UPDATE paid SET amount = amount + 1 WHERE order_id = 2"
check update_through_view bash -c "[[ \$(psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT amount FROM orders WHERE id = 2') == 26 ]]"
q -c "DROP TABLE orders CASCADE"
check cascade_dropped_views bash -c "! psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT * FROM paid' 2>/dev/null"
finish
