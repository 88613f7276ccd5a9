#!/usr/bin/env bash
# Installs what the real-client suites need, only what is missing, quietly:
# psql, psycopg2, psycopg 3, SQLAlchemy, JDK + pgjdbc, Go + lib/pq (Debian packages) and the npm `pg`
# package (into tests/clients/node/node_modules, from package-lock.json).
set -eu
here=$(cd "$(dirname "$0")" && pwd)

missing=()
need_command() { command -v "$1" >/dev/null || missing+=("$2"); }  # any package providing it will do
need_package() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || missing+=("$1"); }
need_command psql postgresql-client
need_command node nodejs
need_command javac default-jdk-headless
need_command go golang-go
need_package python3-psycopg2
need_package python3-psycopg
need_package python3-sqlalchemy  # metadata/compare.sh: SQLAlchemy 1.4's inspector
need_package libpostgresql-jdbc-java
need_package golang-github-lib-pq-dev
if ((${#missing[@]})); then
    echo "install-deps: apt-get install ${missing[*]}"
    [[ $(id -u) == 0 ]] || { echo "install-deps: run as root to install packages" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# npm ships inside NodeSource's nodejs package; Debian's own nodejs needs the npm package.
if ! command -v npm >/dev/null; then
    echo "install-deps: apt-get install npm"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
fi

if [[ ! -d $here/node/node_modules/pg ]]; then
    echo "install-deps: npm ci in tests/clients/node"
    (cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
