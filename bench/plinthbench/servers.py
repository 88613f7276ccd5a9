"""The two servers under test, each started from nothing in its own directory.

A server object owns one directory under the run's scratch directory and one process.
start_fresh() creates it from nothing (PostgreSQL: initdb; Plinth: an empty data
directory) and returns the seconds until the first `SELECT 1` was answered, which is
also the cold-start measurement. stop() is safe to call any number of times.
"""
import os
import shutil
import signal
import socket
import time
from dataclasses import dataclass

from . import pgwire
from .processes import (StepFailed, StepTimeout, chown_to_server_user, run_bounded,
                        server_user, spawn_server, stop_server, telling_line)

HOST = "127.0.0.1"  # the only address the harness ever uses
USER = "postgres"
DATABASE = "postgres"


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    user: str
    database: str

    def connect(self, timeout):
        return pgwire.Connection(self.host, self.port, self.user, self.database, timeout)


@dataclass(frozen=True)
class Timeouts:
    init: float = 120.0      # initdb
    start: float = 60.0      # process start until SELECT 1 answers
    stop: float = 30.0       # graceful stop before SIGKILL
    query: float = 300.0     # one analytics or check query


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_answers(proc, endpoint, timeout, log_path):
    """Polls with `SELECT 1` until it is answered; fails early if the process exits."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StepFailed(f"server exited with status {proc.returncode} during start: "
                             f"{_log_tail(log_path)}")
        try:
            with endpoint.connect(timeout=max(1.0, deadline - time.monotonic())) as conn:
                conn.query("SELECT 1")
                return
        except (OSError, pgwire.ProtocolError, pgwire.ServerError) as error:
            last_error = error  # refused, or "the database system is starting up"
        time.sleep(0.002)
    raise StepTimeout(f"start (last error: {last_error})", timeout)


def _log_tail(log_path):
    try:
        with open(log_path, errors="replace") as log:
            return telling_line(log.read()[-4000:])
    except OSError:
        return "(no log)"


class Server:
    """What the workloads need from either product."""

    product = "server"

    def __init__(self, directory, timeouts):
        self.directory = directory
        self.timeouts = timeouts
        self.log_path = os.path.join(directory, "server.log")
        self.endpoint = None
        self._proc = None

    def start_fresh(self):
        """Creates the server from nothing and starts it; returns seconds to first answer."""
        began = time.monotonic()
        os.makedirs(self.directory)
        self._create()
        self._launch()
        return time.monotonic() - began

    def restart(self):
        """Starts the server again on the data it has (after a crash, say)."""
        self.stop()
        self._launch()

    def alive(self):
        return self._proc is not None and self._proc.poll() is None

    def died(self):
        """True when the process ended without being stopped."""
        return self._proc is not None and self._proc.poll() is not None

    def exit_description(self):
        if self._proc is None:
            return "not started"
        return f"server exited with status {self._proc.returncode}: {_log_tail(self.log_path)}"

    def stop(self):
        if self._proc is not None:
            stop_server(self._proc, self._stop_signal(), self.timeouts.stop)
            self._proc = None

    def remove(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _launch(self):
        self.endpoint = Endpoint(HOST, free_port(), USER, DATABASE)
        self._proc = spawn_server(self._argv(), self.log_path, self._run_as(),
                                  self._stop_signal())
        try:
            wait_until_answers(self._proc, self.endpoint, self.timeouts.start, self.log_path)
        except BaseException:
            self.stop()
            raise

    # Product specifics.
    def _create(self):
        raise NotImplementedError

    def _argv(self):
        raise NotImplementedError

    def _run_as(self):
        return None

    def _stop_signal(self):
        return signal.SIGTERM


class PostgresServer(Server):
    """A throwaway PostgreSQL 15 cluster with default durability (fsync, synchronous_commit)."""

    product = "postgresql"

    def __init__(self, directory, timeouts, bin_dir):
        super().__init__(directory, timeouts)
        self.bin_dir = bin_dir
        self.data_dir = os.path.join(directory, "data")

    def describe(self):
        return "PostgreSQL 15 (fsync=on, synchronous_commit=on)"

    def cold_start_description(self):
        return "initdb + start"

    def _create(self):
        os.chmod(self.directory, 0o755)
        chown_to_server_user(self.directory)  # the socket and log live here too
        argv = [os.path.join(self.bin_dir, "initdb"), "-D", self.data_dir, "-U", USER,
                "-A", "trust", "-E", "UTF8", "--no-locale"]
        code, output = run_bounded(argv, self.timeouts.init, "initdb", server_user(),
                                   cwd=self.directory)
        if code != 0:
            raise StepFailed(f"initdb failed: {telling_line(output)}")

    def _argv(self):
        return [os.path.join(self.bin_dir, "postgres"), "-D", self.data_dir,
                "-p", str(self.endpoint.port),
                "-c", f"listen_addresses={HOST}",
                "-c", f"unix_socket_directories={self.directory}",
                "-c", "fsync=on", "-c", "synchronous_commit=on"]

    def _run_as(self):
        return server_user()

    def _stop_signal(self):
        return signal.SIGINT  # "fast" shutdown: roll back sessions, checkpoint, exit


class PlinthServer(Server):
    """Plinth on one storage plugin, started on an empty data directory."""

    product = "plinth"

    def __init__(self, directory, timeouts, binary, storage):
        super().__init__(directory, timeouts)
        self.binary = binary
        self.storage = storage
        self.data_dir = os.path.join(directory, "data")

    def describe(self):
        return f"Plinth ({self.storage})"

    def cold_start_description(self):
        return f"start on an empty {self.storage} store"

    def _create(self):
        pass  # Plinth creates its data directory itself: that is part of its cold start

    def _argv(self):
        return [self.binary, "-D", self.data_dir, "-p", str(self.endpoint.port),
                "-c", f"listen_addresses={HOST}",
                "-c", f"plugins.storage={self.storage}",
                "-c", "log_min_messages=warning"]
