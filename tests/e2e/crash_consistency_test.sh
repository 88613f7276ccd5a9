#!/usr/bin/env bash
# storage_lmdb under concurrent TPC-B load, killed with SIGKILL mid-run: after the
# restart (which replays the write-ahead log) every committed transaction is whole —
# the balances of accounts, tellers and branches and the history's deltas still add up
# to the same sum — and the data keeps taking writes. pgbench comes with PostgreSQL.
set -u
PLINTH=$1
source "$(dirname "$0")/lib.sh"
PGBENCH=$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)
if [[ ! -x $PGBENCH ]]; then echo "pgbench not found: skipping"; exit 0; fi
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do stop_pid "$p"; done; rm -rf "$tmp"' EXIT
port=$(free_port)
start() {
  "$PLINTH" -D "$tmp/data" -p "$port" -c plugins.storage=storage_lmdb >>"$tmp/server.log" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_port "$port" "$pid"
}
sums() {
  psql -X -h 127.0.0.1 -p "$port" -U postgres -Atc "SELECT (SELECT sum(abalance) FROM pgbench_accounts),
    (SELECT sum(bbalance) FROM pgbench_branches), (SELECT sum(tbalance) FROM pgbench_tellers),
    (SELECT coalesce(sum(delta), 0) FROM pgbench_history)"
}
all_equal() {  # four numbers, all the same
  local s; s=$(sums); echo "sums: $s"
  awk -F'|' 'NF == 4 && $1 ~ /^-?[0-9]+$/ && $1 == $2 && $2 == $3 && $3 == $4 { ok = 1 } END { exit !ok }' <<<"$s"
}

check started start
check loaded bash -c "'$PGBENCH' -q -i -s 1 -h 127.0.0.1 -p $port -U postgres postgres >'$tmp/load.log' 2>&1"
"$PGBENCH" -n -M prepared -c 4 -j 2 -T 8 -h 127.0.0.1 -p "$port" -U postgres postgres >"$tmp/run.log" 2>&1 &
bench=$!
sleep 3
kill -KILL "$pid"
wait "$bench" 2>/dev/null
check restarted_after_kill start
check log_replayed grep -q "recovered [0-9]* logged commits" "$tmp/server.log"
check history_not_empty bash -c "(( \$(psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT count(*) FROM pgbench_history') > 0 ))"
check balances_consistent all_equal
check runs_again bash -c "'$PGBENCH' -n -M prepared -c 2 -j 2 -T 1 -h 127.0.0.1 -p $port -U postgres postgres >'$tmp/again.log' 2>&1"
check still_consistent all_equal
stop_pid "$pid"
check restarted_clean start
check consistent_after_clean_restart all_equal
finish
