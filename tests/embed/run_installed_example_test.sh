#!/bin/bash
# Installs the build into a temporary prefix, configures examples/ against that prefix
# alone (find_package(Plinth)), builds it, and runs the embedded_network example: the
# installed libplinth must find the installed plugins by itself.
#
#   run_installed_example_test.sh <main build dir> <examples source dir>
set -euo pipefail

BUILD_DIR=$1
EXAMPLES_SRC=$2
SOURCE_ROOT=$(cd "$EXAMPLES_SRC/.." && pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/plinth-embed-install-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PREFIX=$WORK/prefix
EXAMPLES_BUILD=$WORK/build

fail() { echo "FAIL: $*" >&2; exit 1; }

install_plinth() {
  cmake --install "$BUILD_DIR" --prefix "$PREFIX" >"$WORK/install.log" 2>&1 ||
    { cat "$WORK/install.log" >&2; fail "cmake --install of $BUILD_DIR"; }
  [ -f "$PREFIX/include/plinth/embedded.h" ] || fail "embedding headers not installed under $PREFIX"
  ls "$PREFIX"/lib*/cmake/Plinth/PlinthConfig.cmake >/dev/null 2>&1 || fail "no PlinthConfig.cmake under $PREFIX"
}

build_examples() {
  cmake -S "$EXAMPLES_SRC" -B "$EXAMPLES_BUILD" -DCMAKE_PREFIX_PATH="$PREFIX" \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$WORK/configure.log" 2>&1 ||
    { cat "$WORK/configure.log" >&2; fail "configuring $EXAMPLES_SRC against $PREFIX"; }
  cmake --build "$EXAMPLES_BUILD" -j2 --target embedded_network >"$WORK/build.log" 2>&1 ||
    { cat "$WORK/build.log" >&2; fail "building embedded_network against $PREFIX"; }
  # Headers must come from the prefix, never from the source tree.
  if grep -q -e "$SOURCE_ROOT/host" -e "$SOURCE_ROOT/engine" "$EXAMPLES_BUILD/compile_commands.json"; then
    fail "the out-of-tree build used headers of the source tree"
  fi
  # (ldd's output is captured first: with pipefail, `ldd | grep -q` fails whenever grep
  # exits early and ldd dies of SIGPIPE.)
  local libs
  libs=$(ldd "$EXAMPLES_BUILD/embedded_network")
  grep -q "$PREFIX/.*libplinth.so" <<<"$libs" ||
    fail "embedded_network is not linked against the installed libplinth: $(grep plinth <<<"$libs")"
}

run_example() {
  local out
  out=$("$EXAMPLES_BUILD/embedded_network" 2>&1) || { echo "$out" >&2; fail "embedded_network failed"; }
  echo "$out"
  grep -q "^PASSED" <<<"$out" || fail "embedded_network did not pass"
}

install_plinth
build_examples
run_example
echo "PASS: examples built from $PREFIX with find_package(Plinth), and embedded_network ran on the installed plugins"
