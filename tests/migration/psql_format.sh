# Shared by make_dump.sh and run.sh: how queries.sql is run, so that PostgreSQL's and
# Plinth's outputs are comparable byte for byte. Sourced, not executed.

# Keep the caller's environment out of the session and out of psql's formatting.
unset PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PSQLRC PSQL_PAGER PAGER
export LC_ALL=C.UTF-8

# run_queries DATABASE <queries.sql: echo each statement (-a) next to its output, quiet
# command tags (-q), NULL shown as "(null)" so it never looks like an empty string.
run_queries() {
  psql -X -a -q -v ON_ERROR_STOP=0 -v VERBOSITY=default -P pager=off -P 'null=(null)' -d "$1"
}
