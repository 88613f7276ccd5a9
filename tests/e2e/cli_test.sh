#!/usr/bin/env bash
# The command line and configuration refusals of the plinth executable: every bad input
# ends with one clear line and a non-zero exit, never a stack trace.
set -u
PLINTH=$1
source "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$("$PLINTH" --version); check version_exits_0 test $? = 0
check version_text grep -q "plinth" <<<"$out"
out=$("$PLINTH" --help); check help_mentions_D grep -q -- "-D" <<<"$out"

one_line_error() {  # one_line_error PATTERN ARGS...: exit != 0 and one stderr line matching PATTERN
  local pattern=$1; shift
  local err rc
  err=$("$PLINTH" -D "$tmp/d" "$@" 2>&1 >/dev/null); rc=$?
  [[ $rc != 0 ]] && [[ $(grep -c . <<<"$err") -ge 1 ]] && grep -q -- "$pattern" <<<"$err" && ! grep -qi "terminate called\|Aborted\|what()" <<<"$err"
}
check bad_port_value one_line_error "port" -c port=abc
check port_out_of_range one_line_error "70000" -p 70000
check unknown_setting one_line_error 'unrecognized configuration parameter "no_such_setting"' -c no_such_setting=1
check missing_storage_plugin one_line_error "storage_nope.so" -c plugins.storage=storage_nope -p "$(free_port)"
check auth_plugin_of_wrong_kind one_line_error "storage" -c plugins.auth=storage_memory -p "$(free_port)"
printf 'port = 5432\nmax_connections = "many"\n' >"$tmp/bad.toml"
check bad_toml_value_names_file_and_line one_line_error "bad.toml:2" --config "$tmp/bad.toml"
printf 'port = = 1\n' >"$tmp/syntax.toml"
check bad_toml_syntax_names_file one_line_error "syntax.toml" --config "$tmp/syntax.toml"
check missing_config_file one_line_error "nope.toml" --config "$tmp/nope.toml"
mkdir "$tmp/plugins" && cp "$(dirname "$PLINTH")"/plugins/*.so "$tmp/plugins/"
echo "this is not a shared library" >"$tmp/plugins/fake.so"
check not_a_library one_line_error "fake.so" -c plugins.directory="$tmp/plugins" -c plugins.storage=fake -p "$(free_port)"

# A port already in use is refused with a clear message, and the first server keeps serving.
port=$(free_port)
"$PLINTH" -D "$tmp/a" -p "$port" >"$tmp/a.log" 2>&1 &
pid=$!
check first_server_starts wait_port "$port" "$pid"
check port_in_use_refused one_line_error "could not listen" -p "$port"
check first_server_still_answers bash -c "psql -X -h 127.0.0.1 -p $port -U postgres -Atc 'SELECT 41 + 1' | grep -qx 42"
stop_pid "$pid"
finish
