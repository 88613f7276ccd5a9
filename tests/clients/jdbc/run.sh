#!/usr/bin/env bash
# Real-client suite for JDBC: compiles Test.java into a temporary directory against the
# Debian pgjdbc jar and runs it against the server named by PGHOST/PGPORT/PGUSER/PGDATABASE.
set -u
here=$(cd "$(dirname "$0")" && pwd)
jar=${PLINTH_JDBC_JAR:-/usr/share/java/postgresql.jar}

setup_failed() {
    echo "FAIL setup: $1"
    echo "0 passed, 1 failed"
    exit 1
}
command -v javac >/dev/null || setup_failed "javac not found (run tests/clients/install-deps.sh)"
[[ -f $jar ]] || setup_failed "no JDBC driver at $jar (run tests/clients/install-deps.sh)"

classes=$(mktemp -d /tmp/plinth-client-jdbc.XXXXXX)
trap 'rm -rf "$classes"' EXIT
javac -encoding UTF-8 -Xlint:all -Werror -d "$classes" -cp "$jar" "$here/Test.java" >&2 \
    || setup_failed "Test.java did not compile"

url="jdbc:postgresql://${PGHOST:-127.0.0.1}:${PGPORT:-5432}/${PGDATABASE:-postgres}?user=${PGUSER:-postgres}"
java -Dfile.encoding=UTF-8 -cp "$classes:$jar" Test "$url"
