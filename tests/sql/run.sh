#!/usr/bin/env bash
# The SQL golden-file suite: runs each tests/sql/<name>.sql through psql against a fresh
# server and diffs psql's output byte for byte with tests/sql/expected/<name>.out, which
# was produced by a real PostgreSQL 15 (`run.sh --regen`).
#
#   run.sh [--postgres | --plinth BIN] [--regen] [--schedule FILE | --all] [--results DIR] [names...]
#
#   --postgres       run against a throwaway PostgreSQL 15 instead of Plinth
#   --plinth BIN     the Plinth binary to start (default: with_server's default)
#   --regen          rewrite expected/<name>.out from a PostgreSQL run (implies --postgres)
#   --schedule FILE  the list of names to run when none are given (default: ./schedule)
#   --all            run every tests/sql/*.sql instead of the schedule
#   --results DIR    where <name>.out and <name>.diff go (default: ./results)
#   names...         run these files (without .sql) instead of the schedule
#
# Prints `ok <name>` or `FAIL <name>` plus the head of the diff for each file, then a last
# line `N passed, M failed`. Exits 1 when anything failed, 2 on a usage error.
set -u

SQL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WITH_SERVER="$SQL_DIR/../harness/with_server"
DIFF_LINES=30

usage() {
  sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

server_args=()
regen=0
all=0
schedule="$SQL_DIR/schedule"
results="$SQL_DIR/results"
names=()
while (($#)); do
  case "$1" in
    --postgres) server_args=(--postgres) ;;
    --plinth) (($# >= 2)) || usage; server_args=(--plinth "$2"); shift ;;
    --plinth=*) server_args=(--plinth "${1#*=}") ;;
    --regen) regen=1 ;;
    --all) all=1 ;;
    --schedule) (($# >= 2)) || usage; schedule=$2; shift ;;
    --schedule=*) schedule=${1#*=} ;;
    --results) (($# >= 2)) || usage; results=$2; shift ;;
    --results=*) results=${1#*=} ;;
    -h|--help) usage ;;
    -*) echo "run.sh: unknown option $1" >&2; usage ;;
    *) names+=("${1%.sql}") ;;
  esac
  shift
done

# Golden output always comes from the reference server, never from Plinth.
if ((regen)); then
  server_args=(--postgres)
fi

if ((${#names[@]} == 0 && all)); then
  for sql in "$SQL_DIR"/*.sql; do
    names+=("$(basename "$sql" .sql)")
  done
elif ((${#names[@]} == 0)); then
  if [[ ! -r $schedule ]]; then
    echo "run.sh: cannot read schedule $schedule" >&2
    exit 2
  fi
  # One name a line; '#' starts a comment; blank lines are ignored.
  while read -r line; do
    line=${line%%#*}
    line=${line//[[:space:]]/}
    [[ -n $line ]] && names+=("$line")
  done <"$schedule"
fi

mkdir -p "$results" || exit 2

# psql settings that are part of the golden format. The script arrives on stdin (not -f)
# so error lines read "ERROR:  ..." without a "psql:<file>:<line>:" prefix; -a echoes
# every input line so statements and their output interleave; -q drops command tags;
# NULL prints as "(null)" so it can never be mistaken for an empty string.
psql_cmd=(psql -X -a -q -v ON_ERROR_STOP=0 -v VERBOSITY=default -v SHOW_CONTEXT=errors
          -P pager=off -P 'null=(null)')

# Keep the caller's environment from leaking into the session or psql's formatting.
unset PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PGCONNECT_TIMEOUT PSQLRC PSQL_PAGER PAGER
export LC_ALL=C.UTF-8

run_one() {
  local name=$1 sql=$SQL_DIR/$1.sql out=$results/$1.out log=$results/$1.log
  local expected=$SQL_DIR/expected/$1.out
  rm -f "$out" "$log" "$results/$name.diff"
  if [[ ! -r $sql ]]; then
    echo "FAIL $name (no such file: $sql)"
    return 1
  fi
  # with_server prints the server's log to stderr when the command fails; that goes to
  # <name>.log so psql's own output stays exactly what the client saw.
  "$WITH_SERVER" "${server_args[@]}" -- \
    bash -c 'exec "${@:3}" <"$1" >"$2" 2>&1' _ "$sql" "$out" "${psql_cmd[@]}" 2>"$log"
  local rc=$?
  if ((rc != 0)) || [[ ! -s $out ]]; then
    echo "FAIL $name (server or psql failed, exit $rc; see $log)"
    sed -n "1,${DIFF_LINES}p" "$log" | sed 's/^/    /'
    return 1
  fi
  rm -f "$log"
  if ((regen)); then
    mkdir -p "$SQL_DIR/expected" && cp "$out" "$expected" || return 1
    echo "ok $name (expected output regenerated)"
    return 0
  fi
  if [[ ! -r $expected ]]; then
    echo "FAIL $name (no expected output: $expected; make it with run.sh --regen $name)"
    return 1
  fi
  if diff -u --label "expected/$name.out" --label "results/$name.out" \
       "$expected" "$out" >"$results/$name.diff"; then
    rm -f "$results/$name.diff"
    echo "ok $name"
    return 0
  fi
  echo "FAIL $name (full diff: $results/$name.diff)"
  sed -n "1,${DIFF_LINES}p" "$results/$name.diff" | sed 's/^/    /'
  return 1
}

passed=0
failed=0
for name in "${names[@]}"; do
  if run_one "$name"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
((failed == 0))
