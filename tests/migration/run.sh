#!/usr/bin/env bash
# The migration test: restores a plain pg_dump of a PostgreSQL 15 database (dump.sql,
# made by make_dump.sh from fixture.sql) into a fresh server with
# `psql -v ON_ERROR_STOP=1 -f`, exactly as a user would, without editing the file; then
# runs queries.sql and diffs psql's output byte for byte with expected.out, which is the
# same queries' output on a PostgreSQL that restored the same dump.
#
#   run.sh [--plinth BIN | --postgres] [--dump FILE] [--results DIR] [--arg SERVER_ARG]...
#
#   --plinth BIN   the Plinth binary to start (default: with_server's default)
#   --postgres     restore into a throwaway PostgreSQL 15 instead (checks expected.out)
#   --dump FILE    the dump to restore (default: dump.sql; dump_inserts.sql is the
#                  --inserts variant); a relative name is taken from this directory
#   --results DIR  where restore.log (psql's), server.log (on failure), queries.out and
#                  queries.diff go (default: ./results)
#   --arg ARG      extra server flag, repeatable (e.g. --arg=-c --arg=plugins.storage=storage_lmdb)
#
# Exits 0 when the restore succeeded and the outputs match, 1 otherwise, 2 on misuse.
# Every WARNING the restore printed (statements accepted but not honoured yet) is listed.
set -u

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WITH_SERVER="$DIR/../harness/with_server"
source "$DIR/psql_format.sh"

usage() {
  sed -n '2,19s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

server_args=()
dump=dump.sql
results=$DIR/results
while (($#)); do
  case "$1" in
    --plinth) (($# >= 2)) || usage; server_args+=(--plinth "$2"); shift ;;
    --plinth=*) server_args+=(--plinth "${1#*=}") ;;
    --postgres) server_args+=(--postgres) ;;
    --dump) (($# >= 2)) || usage; dump=$2; shift ;;
    --dump=*) dump=${1#*=} ;;
    --results) (($# >= 2)) || usage; results=$2; shift ;;
    --results=*) results=${1#*=} ;;
    --arg) (($# >= 2)) || usage; server_args+=(--arg "$2"); shift ;;
    --arg=*) server_args+=("$1") ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown argument $1" >&2; usage ;;
  esac
  shift
done
[[ $dump == /* ]] || dump=$DIR/$dump
if [[ ! -r $dump ]]; then
  echo "run.sh: cannot read dump $dump" >&2
  exit 2
fi
mkdir -p "$results" || exit 2
log=$results/restore.log out=$results/queries.out diff_file=$results/queries.diff
server_log=$results/server.log
rm -f "$log" "$out" "$diff_file" "$server_log"

# Inside with_server. Roles first, as with pg_dumpall --roles-only before pg_restore:
# the dump's GRANT lines name them. Both must restore with no error at all.
restore_and_query() {
  psql -X -v ON_ERROR_STOP=1 -f "$DIR/roles.sql" -d postgres >>"$log" 2>&1 || return 10
  psql -X -v ON_ERROR_STOP=1 -f "$dump" -d postgres >>"$log" 2>&1 || return 11
  run_queries postgres <"$DIR/queries.sql" >"$out" 2>&1
}

export -f restore_and_query run_queries
export DIR dump log out
# with_server prints the server's log tail to stderr when the command fails.
"$WITH_SERVER" "${server_args[@]}" -- bash -c restore_and_query 2>"$server_log"
rc=$?

warnings=$(grep -c 'WARNING:' "$log")
if ((warnings)); then
  echo "the restore printed $warnings warning(s) for statements accepted but not honoured:"
  grep -o 'WARNING:.*' "$log" | sort | uniq -c | sed 's/^/    /'
fi
case $rc in
  0) ;;
  10|11)
    echo "FAIL restoring $( ((rc == 10)) && echo roles.sql || basename "$dump") stopped at the first error (full log: $log):"
    grep -E -B2 -A3 'ERROR:' "$log" | head -30 | sed 's/^/    /'
    exit 1 ;;
  *)
    echo "FAIL server or psql failed (exit $rc; see $log and $server_log)"
    tail -30 "$server_log" | sed 's/^/    /'
    exit 1 ;;
esac

if diff -u --label expected.out --label "results/queries.out" "$DIR/expected.out" "$out" >"$diff_file"; then
  rm -f "$diff_file"
  echo "ok $(basename "$dump") restored; queries.sql output matches PostgreSQL's"
  exit 0
fi
echo "FAIL queries.sql output differs from PostgreSQL's (full diff: $diff_file)"
head -60 "$diff_file" | sed 's/^/    /'
exit 1
