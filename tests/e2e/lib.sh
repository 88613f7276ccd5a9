# Shared helpers for the e2e shell tests: counting checks and starting a server.
passed=0
failed=0
check() {  # check NAME COMMAND...: passes when COMMAND succeeds
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok $name"
  else failed=$((failed + 1)); echo "FAIL $name"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [[ $failed == 0 ]]
}
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {  # wait_port PORT PID: until the port accepts or the process died
  for _ in $(seq 1 200); do
    kill -0 "$2" 2>/dev/null || return 1
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}
stop_pid() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null || true; }
