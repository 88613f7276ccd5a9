#!/bin/bash
# Builds tests/out_of_tree/auth_custom against an *installed* Plinth SDK (nothing from
# the source tree) and loads the result with the unmodified host loader.
#
#   run_out_of_tree_test.sh <main build dir> <auth_custom source dir> <plinth_plugin_check>
#
# Steps are functions so the test can grow (e.g. start the real server with
# -c plugins.directory=<dir> and log in through psql) without rewriting it.
set -euo pipefail

BUILD_DIR=$1
PLUGIN_SRC=$2
CHECK=$3

WORK=$(mktemp -d "${TMPDIR:-/tmp}/plinth-oot-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PREFIX=$WORK/prefix
PLUGIN_BUILD=$WORK/build

fail() { echo "FAIL: $*" >&2; exit 1; }

install_sdk() {
  cmake --install "$BUILD_DIR" --prefix "$PREFIX" >"$WORK/install.log" 2>&1 ||
    { cat "$WORK/install.log" >&2; fail "cmake --install of $BUILD_DIR"; }
  [ -f "$PREFIX/include/plinth/plugin.h" ] || fail "SDK headers not installed under $PREFIX"
}

build_plugin() {
  # Only the install prefix is given: find_package(PlinthSDK) must find everything there.
  cmake -S "$PLUGIN_SRC" -B "$PLUGIN_BUILD" -DCMAKE_PREFIX_PATH="$PREFIX" \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$WORK/configure.log" 2>&1 ||
    { cat "$WORK/configure.log" >&2; fail "configuring $PLUGIN_SRC"; }
  cmake --build "$PLUGIN_BUILD" >"$WORK/build.log" 2>&1 ||
    { cat "$WORK/build.log" >&2; fail "building $PLUGIN_SRC"; }
  [ -f "$PLUGIN_BUILD/auth_custom.so" ] || fail "auth_custom.so was not produced"
  if grep -q "$(cd "$(dirname "$0")/../.." && pwd)/sdk/include" "$PLUGIN_BUILD/compile_commands.json" 2>/dev/null; then
    fail "the out-of-tree build used the source tree's SDK headers"
  fi
}

load_plugin() {
  local out
  out=$("$CHECK" "$PLUGIN_BUILD" auth auth_custom alice 2>&1) || { echo "$out" >&2; fail "loader refused auth_custom"; }
  echo "$out"
  grep -q "ok: auth plugin auth_custom 1.0.0" <<<"$out" || fail "plugin not reported as loaded"
  grep -q "methods: custom-trust" <<<"$out" || fail "method custom-trust not offered"
  grep -q "\[auth_custom\] auth_custom accepted alice" <<<"$out" || fail "no log line from the plugin"
  grep -q "request kind 0 (ok)" <<<"$out" || fail "login was not accepted"
}

# The installed, unmodified plinth serves a login through the out-of-tree plugin.
serve_with_plugin() {
  local plugdir=$WORK/plugins port pid cfg
  mkdir -p "$plugdir"
  find "$PREFIX" -path '*/plinth/*.so' -exec cp {} "$plugdir/" \;
  cp "$PLUGIN_BUILD/auth_custom.so" "$plugdir/"
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cfg=$WORK/plinth.toml
  cat >"$cfg" <<TOML
[plugins]
directory = "$plugdir"
auth = ["auth_trust", "auth_custom"]

[[roles]]
name = "alice"

[[hba]]
type = "host"
database = "all"
user = "alice"
address = "127.0.0.1/32"
method = "custom-trust"
[[hba]]
type = "host"
database = "all"
user = "all"
address = "127.0.0.1/32"
method = "trust"
TOML
  "$PREFIX/bin/plinth" -D "$WORK/data" -p "$port" --config "$cfg" >"$WORK/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  local out
  out=$(psql -X -h 127.0.0.1 -p "$port" -U alice -d postgres -Atc "SELECT 40 + 2" 2>&1) || true
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  [[ $out == 42 ]] || { cat "$WORK/server.log" >&2; fail "psql login through auth_custom: $out"; }
  grep -q "auth_custom accepted alice" "$WORK/server.log" || fail "the server log has no line from auth_custom"
}

install_sdk
build_plugin
load_plugin
serve_with_plugin
echo "PASS: out-of-tree plugin built from $PREFIX, loaded, and used by the installed plinth for a psql login"
