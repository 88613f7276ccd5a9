#!/usr/bin/env bash
# Real-client suite for Go lib/pq: builds main.go offline in GOPATH mode against the Debian
# source tree (/usr/share/gocode) into a temporary directory, then runs it against the
# server named by PGHOST/PGPORT/PGUSER/PGDATABASE.
set -u
here=$(cd "$(dirname "$0")" && pwd)
gopath=${PLINTH_GOPATH:-/usr/share/gocode}

setup_failed() {
    echo "FAIL setup: $1"
    echo "0 passed, 1 failed"
    exit 1
}
command -v go >/dev/null || setup_failed "go not found (run tests/clients/install-deps.sh)"
[[ -d $gopath/src/github.com/lib/pq ]] || setup_failed "no lib/pq under $gopath (run tests/clients/install-deps.sh)"

build=$(mktemp -d /tmp/plinth-client-go.XXXXXX)
trap 'rm -rf "$build"' EXIT
# GOPATH mode needs no network; the build cache stays in the temp dir when HOME has none.
export GO111MODULE=off GOPATH=$gopath GOFLAGS=''
[[ -n ${GOCACHE:-} || -w ${HOME:-/nonexistent} ]] || export GOCACHE=$build/cache
(cd "$here" && go vet . >&2 && go build -o "$build/clients-go" .) || setup_failed "main.go did not build"
"$build/clients-go"
