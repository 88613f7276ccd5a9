#!/usr/bin/env bash
# Runs the real-client suites, each against its own freshly started server.
#
#   run_all.sh [SUITE|all] [with_server options...]
#
#   SUITE is one of: psql psycopg2 psycopg3 node jdbc go (default: all).
#   The options go to tests/harness/with_server unchanged, e.g.
#     run_all.sh all --postgres           validate the suites against PostgreSQL 15
#     run_all.sh node --plinth build/plinth
#
# Prints each suite's output, then one summary line per suite; exits 1 when any suite failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
all_suites=(psql psycopg2 psycopg3 node jdbc go)
suite_timeout=${PLINTH_CLIENT_TIMEOUT:-120}  # seconds; a hung server must not hang the run

suite_command() { # suite -> the executable that runs it
    case $1 in
        psql) echo "$here/psql/run.sh" ;;
        psycopg2) echo "$here/psycopg2/test_psycopg2.py" ;;
        psycopg3) echo "$here/psycopg3/test_psycopg3.py" ;;
        node) echo "$here/node/test.js" ;;
        jdbc) echo "$here/jdbc/run.sh" ;;
        go) echo "$here/go/run.sh" ;;
        *) return 1 ;;
    esac
}

selected=${1:-all}
shift $(($# > 0 ? 1 : 0))
if [[ $selected == all ]]; then
    suites=("${all_suites[@]}")
elif suite_command "$selected" >/dev/null; then
    suites=("$selected")
else
    echo "run_all.sh: unknown suite '$selected' (one of: ${all_suites[*]} all)" >&2
    exit 2
fi

summary=()
failures=0
for suite in "${suites[@]}"; do
    echo "=== $suite"
    output=$(mktemp)
    # timeout runs inside with_server, so that with_server still stops its server.
    "$repo/tests/harness/with_server" "$@" -- timeout "$suite_timeout" "$(suite_command "$suite")" | tee "$output"
    status=${PIPESTATUS[0]}
    counts=$(tail -n 1 "$output" | grep -E '^[0-9]+ passed, [0-9]+ failed$' || echo "no summary line")
    rm -f "$output"
    if [[ $status == 0 ]]; then
        summary+=("ok   $suite: $counts")
    else
        [[ $status == 124 ]] && counts="timed out after ${suite_timeout} s; $counts"
        summary+=("FAIL $suite: $counts (exit status $status)")
        failures=$((failures + 1))
    fi
done

echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "${#suites[@]} suites, $failures failed"
[[ $failures == 0 ]]
