#!/usr/bin/env bash
# The side-by-side benchmark, PostgreSQL 15 vs Plinth, in one command:
#   bench/run.sh                     full run (scale 10, 20 s runs)
#   bench/run.sh --quick             smoke run (scale 1, 3 s runs)
#   bench/run.sh --quick --self-test harness check: PostgreSQL against itself
#   bench/run.sh --help              all options
# See docs/performance.md. (-B: no __pycache__ in the source tree.)
exec /usr/bin/python3 -B "$(dirname "$(readlink -f "$0")")/bench.py" "$@"
