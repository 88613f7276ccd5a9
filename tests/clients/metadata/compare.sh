#!/usr/bin/env bash
# Client metadata, Plinth against PostgreSQL 15 in the same run: each dump (pgjdbc's
# DatabaseMetaData, SQLAlchemy's inspector) is taken from a throwaway PostgreSQL and
# from a throwaway Plinth over the same schema.sql, and the two must be equal line for
# line. A difference fails the dump and prints the diff.
#
#   compare.sh PLINTH_BIN [jdbc|sqlalchemy|all]
#
# Prints `ok <dump>` or `FAIL <dump>` and the diff, then `N passed, M failed`; exits 1
# when any dump failed. Needs javac and the pgjdbc jar (jdbc), python3-sqlalchemy and
# python3-psycopg2 (sqlalchemy), and PostgreSQL 15's binaries.
set -u
here=$(cd "$(dirname "$0")" && pwd)
with_server="$here/../../harness/with_server"
plinth=${1:?usage: compare.sh PLINTH_BIN [jdbc|sqlalchemy|all]}
selected=${2:-all}
jar=${PLINTH_JDBC_JAR:-/usr/share/java/postgresql.jar}

work=$(mktemp -d /tmp/plinth-metadata.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

fail() { # name why
    echo "FAIL $1: $2"
    failed=$((failed + 1))
}

compare() { # name dump-args...
    local name=$1
    shift
    "$with_server" --postgres -- "$here/dump.sh" "$@" >"$work/$name.postgres" 2>"$work/$name.postgres.err"
    local pg_status=$?
    "$with_server" --plinth "$plinth" -- "$here/dump.sh" "$@" >"$work/$name.plinth" 2>"$work/$name.plinth.err"
    local plinth_status=$?
    if [[ $pg_status != 0 ]]; then
        fail "$name" "the dump failed against PostgreSQL (exit $pg_status)"
        tail -n 20 "$work/$name.postgres" "$work/$name.postgres.err"
        return
    fi
    if diff -u --label postgres --label plinth "$work/$name.postgres" "$work/$name.plinth" >"$work/$name.diff"; then
        if [[ $plinth_status != 0 ]]; then
            fail "$name" "equal output, but the dump exited $plinth_status against Plinth"
            tail -n 20 "$work/$name.plinth.err"
            return
        fi
        echo "ok $name ($(wc -l <"$work/$name.postgres") lines)"
        passed=$((passed + 1))
    else
        fail "$name" "Plinth's answers differ from PostgreSQL's"
        cat "$work/$name.diff"
        tail -n 20 "$work/$name.plinth.err"
    fi
}

if [[ $selected == all || $selected == jdbc ]]; then
    if ! command -v javac >/dev/null || [[ ! -f $jar ]]; then
        fail jdbc "javac or $jar missing (tests/clients/install-deps.sh)"
    elif ! javac -encoding UTF-8 -Xlint:all -Werror -d "$work/classes" -cp "$jar" "$here/MetadataDump.java" >&2; then
        fail jdbc "MetadataDump.java did not compile"
    else
        compare jdbc jdbc "$work/classes"
    fi
fi
if [[ $selected == all || $selected == sqlalchemy ]]; then
    if ! /usr/bin/python3 -c 'import sqlalchemy, psycopg2' 2>/dev/null; then
        fail sqlalchemy "python3-sqlalchemy or python3-psycopg2 missing"
    else
        compare sqlalchemy sqlalchemy
    fi
fi
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
