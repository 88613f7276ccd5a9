#!/usr/bin/env bash
# storage_lmdb keeps committed data across a restart, loses uncommitted data, and a
# second server on the same data directory is refused with a clear message.
set -u
PLINTH=$1
source "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do stop_pid "$p"; done; rm -rf "$tmp"' EXIT
q() { psql -X -h 127.0.0.1 -p "$port" -U postgres -Atq -v ON_ERROR_STOP=1 "$@"; }

port=$(free_port)
"$PLINTH" -D "$tmp/data" -p "$port" -c plugins.storage=storage_lmdb >"$tmp/1.log" 2>&1 &
pid=$!; pids+=("$pid")
check lmdb_server_starts wait_port "$port" "$pid"
q -c "CREATE TABLE kept (id INT PRIMARY KEY, note TEXT)" -c "INSERT INTO kept VALUES (1, 'one'), (2, 'two')"
q -c "BEGIN" -c "INSERT INTO kept VALUES (3, 'uncommitted')" -c "ROLLBACK"
check rollback_discards bash -c "[[ \$(psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT count(*) FROM kept' 2>/dev/null || psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT id FROM kept' | wc -l) == 2 ]]"

port2=$(free_port)
err=$("$PLINTH" -D "$tmp/data" -p "$port2" -c plugins.storage=storage_lmdb 2>&1); rc=$?
check second_server_refused test "$rc" != 0
check second_server_message grep -q "in use" <<<"$err"

stop_pid "$pid"
"$PLINTH" -D "$tmp/data" -p "$port" -c plugins.storage=storage_lmdb >"$tmp/2.log" 2>&1 &
pid=$!; pids+=("$pid")
check restarted wait_port "$port" "$pid"
check committed_rows_survive bash -c "[[ \$(psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT id, note FROM kept ORDER BY id' | tr '\n' ' ') == '1|one 2|two ' ]]"
q -c "INSERT INTO kept VALUES (3, 'three')"
check writes_after_restart bash -c "[[ \$(psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT note FROM kept WHERE id = 3') == three ]]"

# A crash (SIGKILL) right after commits that are only in the write-ahead log (with
# flush_interval_ms an hour nothing reaches LMDB before the kill): the restart replays
# them, and the rolled-back transaction stays gone.
stop_pid "$pid"
lazy=(-c plugins.storage=storage_lmdb -c storage_lmdb.flush_interval_ms=3600000)
"$PLINTH" -D "$tmp/data" -p "$port" "${lazy[@]}" >"$tmp/3.log" 2>&1 &
pid=$!; pids+=("$pid")
check restarted_lazy wait_port "$port" "$pid"
q -c "INSERT INTO kept SELECT g, 'row ' || g FROM generate_series(4, 500) g" \
  -c "UPDATE kept SET note = 'updated' WHERE id = 1" -c "DELETE FROM kept WHERE id = 2" \
  -c "BEGIN" -c "INSERT INTO kept VALUES (501, 'rolled back')" -c "ROLLBACK"
kill -KILL "$pid"; wait "$pid" 2>/dev/null
"$PLINTH" -D "$tmp/data" -p "$port" -c plugins.storage=storage_lmdb >"$tmp/4.log" 2>&1 &
pid=$!; pids+=("$pid")
check restarted_after_kill wait_port "$port" "$pid"
check log_replayed grep -q "recovered [0-9]* logged commits" "$tmp/4.log"
check logged_commits_survive_kill bash -c "[[ \$(psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT count(*), sum(id) FROM kept') == '499|125248' ]]"
check logged_update_survives_kill bash -c "[[ \$(psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT note FROM kept WHERE id = 1') == updated ]]"
finish
