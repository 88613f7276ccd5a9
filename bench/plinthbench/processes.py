"""Starting, bounding and stopping child processes.

Every child the harness starts is bounded: one-shot commands by a timeout, servers by
an explicit stop (signal, bounded wait, then SIGKILL) and, should the harness itself be
killed with SIGKILL, by PR_SET_PDEATHSIG so that no server outlives it.
"""
import ctypes
import os
import pwd
import signal
import subprocess

_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


class StepTimeout(Exception):
    def __init__(self, what, seconds):
        super().__init__(f"{what} timed out after {seconds:g} s")


class StepFailed(Exception):
    """A command exited non-zero; the message carries its most telling output line."""


def _die_with_parent(parent_pid, sig):
    def preexec():
        _libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)
    return preexec


def server_user():
    """Whom PostgreSQL runs as: it refuses root, so root hands it to 'postgres'."""
    return "postgres" if os.geteuid() == 0 else None


def chown_to_server_user(path):
    user = server_user()
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _user_kwargs(user):
    if user is None:
        return {}
    entry = pwd.getpwnam(user)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def clean_env():
    """The environment without PG* variables, so nothing but our arguments picks a server."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def spawn_server(argv, log_path, user=None, stop_signal=signal.SIGTERM):
    """Starts a long-running server in its own session, output to log_path."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, env=clean_env(), cwd=os.path.dirname(log_path),
            preexec_fn=_die_with_parent(os.getpid(), stop_signal), **_user_kwargs(user))


def stop_server(proc, stop_signal, timeout):
    """Stops one server by its PID; escalates to SIGKILL after timeout seconds."""
    if proc.poll() is None:
        proc.send_signal(stop_signal)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    return proc.returncode


def run_bounded(argv, timeout, what, user=None, cwd=None):
    """Runs a command to completion within timeout; returns (exit code, combined output)."""
    try:
        done = subprocess.run(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            timeout=timeout, env=clean_env(), cwd=cwd, **_user_kwargs(user))
    except subprocess.TimeoutExpired:
        raise StepTimeout(what, timeout) from None
    return done.returncode, done.stdout.decode("utf-8", "replace")


def telling_line(output):
    """The line of a command's output most likely to explain a failure."""
    lines = [_strip_program_prefix(line.strip()) for line in output.splitlines() if line.strip()]
    for marker in ("ERROR", "FATAL", "error", "fatal", "failed", "could not"):
        for line in lines:
            if marker in line:
                return line
    return lines[-1] if lines else "(no output)"


def _strip_program_prefix(line):
    """'pgbench: error: query failed: ERROR: …' -> 'query failed: ERROR: …'."""
    for prefix in ("error: ", "detail: ", "fatal: "):
        program_prefix = line.find(": " + prefix)
        if 0 < program_prefix < 20 and " " not in line[:program_prefix]:
            return line[program_prefix + 2 + len(prefix):]
    return line
