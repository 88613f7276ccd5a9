#!/usr/bin/env bash
# Regenerates the committed inputs of the migration test from real PostgreSQL 15:
#
#   dump.sql          pg_dump (plain format, default options) of fixture.sql
#   dump_inserts.sql  the same with --inserts (INSERT statements instead of COPY)
#   roles.sql         the roles the dump's GRANT lines name (pg_dumpall --roles-only,
#                     minus the bootstrap superuser, which every server already has)
#   expected.out      psql's output of queries.sql on a PostgreSQL that restored dump.sql
#
# Run it after changing fixture.sql or queries.sql, then commit all four files. The test
# itself (run.sh) needs no PostgreSQL server, only these files and psql.
set -euo pipefail

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WITH_SERVER="$DIR/../harness/with_server"
source "$DIR/psql_format.sh"

# Inside with_server: the throwaway PostgreSQL's PGHOST/PGPORT are set.
generate() {
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'CREATE DATABASE shop' -c 'CREATE DATABASE restored'
  psql -X -q -v ON_ERROR_STOP=1 -d shop -f "$DIR/fixture.sql" >/dev/null
  pg_dump -d shop >"$DIR/dump.sql"
  pg_dump --inserts -d shop >"$DIR/dump_inserts.sql"
  # The bootstrap superuser's own lines would fail on any server that has it already.
  pg_dumpall --roles-only | grep -v -E '^(CREATE ROLE postgres;|ALTER ROLE postgres )' >"$DIR/roles.sql"
  # Expected output comes from a restore of the dump, not from the original database, so
  # it is exactly what a faithful restore must produce. (Roles are cluster-wide: the
  # fixture made them already, so roles.sql is not replayed here.)
  psql -X -q -v ON_ERROR_STOP=1 -d restored -f "$DIR/dump.sql" >/dev/null
  run_queries restored <"$DIR/queries.sql" >"$DIR/expected.out" 2>&1
}

if [[ ${1:-} == --inside ]]; then
  generate
else
  # The server runs as the postgres user; the files are written by this shell.
  "$WITH_SERVER" --postgres -- "${BASH_SOURCE[0]}" --inside
  echo "regenerated dump.sql, dump_inserts.sql, roles.sql and expected.out in $DIR"
fi
