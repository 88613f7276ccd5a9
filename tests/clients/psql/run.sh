#!/usr/bin/env bash
# Real-client suite for psql: drives `psql -X` through the quick start (CREATE, INSERT,
# SELECT, a transaction, a prepared statement, \copy in and out, errors) and compares what
# psql prints with the expected files under expected/, which were recorded once against a
# real PostgreSQL 15.
#
#   run.sh            run against the server named by PGHOST/PGPORT/PGUSER/PGDATABASE
#   run.sh --record   rewrite expected/ from the actual output (ONLY against PostgreSQL:
#                     `with_server --postgres -- run.sh --record`, then review the diff)
#
# Prints `ok <check>` / `FAIL <check>: <why>` per check and `N passed, M failed` last;
# diffs of failing checks go to stderr. Exits 1 when any check failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
record=false
[[ ${1:-} == --record ]] && record=true

command -v psql >/dev/null || { echo "FAIL setup: psql not found (run tests/clients/install-deps.sh)"; echo "0 passed, 1 failed"; exit 1; }

work=$(mktemp -d /tmp/plinth-client-psql.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Fixed client settings, so that the output does not depend on the caller's environment.
export PGCLIENTENCODING=UTF8
unset PGOPTIONS PGTZ PGDATESTYLE PSQLRC PGSERVICE

passed=0
failed=0
pass() { echo "ok $1"; passed=$((passed + 1)); }
fail() { # check, why (squeezed onto the one line)
    local why
    why=$(tr -s '\n\t ' '   ' <<<"$2")
    echo "FAIL $1: ${why% }"
    failed=$((failed + 1))
}
finish() { echo "$passed passed, $failed failed"; [[ $failed == 0 ]]; exit; }

# Compares an actual output file with the recorded one (or records it).
compare_with_expected() { # check, expected file, actual file
    local check=$1 expected=$2 actual=$3
    if $record; then
        cp "$actual" "$expected"
        pass "$check (recorded)"
    elif [[ ! -f $expected ]]; then
        fail "$check" "no expected file ${expected#"$here"/}"
    elif diff -u "$expected" "$actual" >"$work/diff"; then
        pass "$check"
    else
        fail "$check" "output differs from ${expected#"$here"/} (diff on stderr)"
        sed 's/^/    /' "$work/diff" >&2
    fi
}

# Runs sql/<name>.sql through psql from inside the work directory (so \copy's relative
# file names land there), with every statement echoed and errors interleaved with results
# in order, then compares the output and psql's exit status with the expectation.
run_script() { # name, ON_ERROR_STOP (0/1), expected psql exit status
    local name=$1 stop=$2 want_status=$3 status
    (cd "$work" && psql -X -a -v ON_ERROR_STOP="$stop" <"$here/sql/$name.sql" >"$work/$name.raw" 2>&1)
    status=$?
    # LOCATION (the server's own source file and line) is an optional protocol field that
    # only PostgreSQL itself sends; it is no part of the behaviour under test.
    grep -v '^LOCATION:  ' "$work/$name.raw" >"$work/$name.out"
    if [[ $status != "$want_status" ]]; then
        fail "$name" "psql exited with $status, expected $want_status; output:"
        sed 's/^/    /' "$work/$name.out" >&2
        return
    fi
    compare_with_expected "$name" "$here/expected/$name.out" "$work/$name.out"
}

check_simple_query() {
    local out
    out=$(psql -X -At -c 'SELECT 1 + 1' 2>&1)
    if [[ $out == 2 ]]; then pass simple_query; else fail simple_query "expected '2', got '$out'"; return 1; fi
}

check_multi_statement_query() {
    # One simple-protocol Query message holding two statements; psql 15 shows both results.
    psql -X -c "SELECT 'first' AS a; SELECT 'second' AS b" >"$work/multi.out" 2>&1
    compare_with_expected multi_statement_query "$here/expected/multi_statement_query.out" "$work/multi.out"
}

drop_table() { # check name
    local out
    if out=$(psql -X -q -v ON_ERROR_STOP=1 -c 'DROP TABLE IF EXISTS clients_psql_users' 2>&1); then
        pass "$1"
    else
        fail "$1" "DROP TABLE failed: $out"
    fi
}

check_copy_out_file() {
    if [[ -f $work/users_out.csv ]]; then
        compare_with_expected copy_out_file "$here/expected/users_out.csv" "$work/users_out.csv"
    else
        fail copy_out_file "\\copy wrote no users_out.csv"
    fi
}

check_simple_query || finish  # no server, nothing else can run
check_multi_statement_query
drop_table setup_drop_table
run_script 01_create_insert 1 0
run_script 02_select_where 1 0
run_script 03_transaction_commit 1 0
run_script 04_transaction_rollback 1 0
run_script 05_prepared_statement 1 0
run_script 06_copy_out 1 0
check_copy_out_file
cp "$here/copy_in.tsv" "$work/"
run_script 07_copy_in 1 0
run_script 08_syntax_error 0 0
run_script 09_on_error_stop 1 3
run_script 10_error_in_transaction 0 0
drop_table cleanup_drop_table

finish
