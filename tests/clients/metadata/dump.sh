#!/usr/bin/env bash
# Runs one metadata dump against the server named by PGHOST/PGPORT/PGUSER/PGDATABASE
# (compare.sh runs it under tests/harness/with_server) and prints it to stdout.
#
#   dump.sh jdbc CLASSES_DIR     pgjdbc DatabaseMetaData (MetadataDump.java, compiled)
#   dump.sh sqlalchemy           SQLAlchemy's inspector (sqlalchemy_dump.py)
set -u
here=$(cd "$(dirname "$0")" && pwd)
jar=${PLINTH_JDBC_JAR:-/usr/share/java/postgresql.jar}
case ${1:-} in
    jdbc)
        url="jdbc:postgresql://${PGHOST}:${PGPORT}/${PGDATABASE}?user=${PGUSER}"
        exec java -Dfile.encoding=UTF-8 -cp "$2:$jar" MetadataDump "$url" "$here/schema.sql" ;;
    sqlalchemy)
        exec /usr/bin/python3 "$here/sqlalchemy_dump.py" "$here/schema.sql" ;;
    *)
        echo "usage: dump.sh jdbc CLASSES_DIR | sqlalchemy" >&2
        exit 2 ;;
esac
