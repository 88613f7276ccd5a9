"""One side of the comparison: its label, its long-lived server, and how it fails."""
import os

from . import pgwire
from .processes import StepTimeout
from .report import Outcome

MAX_RESTARTS = 3  # a server that keeps dying is left down rather than restarted forever


def short_reason(error):
    if isinstance(error, pgwire.ServerError):
        text = f"{error.sqlstate} {error.message}"
    else:
        text = str(error) or type(error).__name__
    return " ".join(text.split())


class Side:
    def __init__(self, label, is_reference, make_server, scratch, main_storage):
        self.label = label
        self.is_reference = is_reference
        self._make_server = make_server      # (directory, storage) -> servers.Server
        self._scratch = scratch
        self._main_storage = main_storage
        self.server = None
        self.loaded = False
        self.load_error = None  # why the pgbench tables could not be created
        self.stock_load_tried = False
        self.embedded_program = None  # in-process point reads (Plinth's embedding API)
        self._down_reason = "not started"
        self._restarts = 0

    # The long-lived server the workloads run against.
    def start(self, say):
        self.server = self._make_server(os.path.join(self._scratch, self.label), self._main_storage)
        say(f"[{self.label}] starting {self.server.describe()}")
        try:
            seconds = self.server.start_fresh()
        except Exception as error:
            self._down_reason = self.failure(error).reason
            say(f"[{self.label}] could not start: {self._down_reason}")
            return False
        say(f"[{self.label}] ready on {self.server.endpoint.host}:{self.server.endpoint.port} "
            f"after {seconds:.2f} s")
        return True

    def stop(self):
        if self.server is not None:
            self.server.remove()

    def ready(self):
        return self.server is not None and self.server.alive()

    def unavailable_reason(self):
        return f"server down ({self._down_reason})"

    def endpoint(self):
        return self.server.endpoint

    def failure(self, error):
        """The cell for a step that failed on this side."""
        reason = short_reason(error)
        if self.server is not None and self.server.died():
            reason += f"; {self.server.exit_description()}"
        if isinstance(error, StepTimeout):
            return Outcome.missing(reason)
        return Outcome.missing(("error: " if self.is_reference else "not supported yet: ") + reason)

    def recover(self, say, hung=False):
        """After a failure: restart the server if it died (or hung), on the data it has."""
        if self.server is None or (self.server.alive() and not hung):
            return
        if self._restarts >= MAX_RESTARTS:
            self._down_reason = f"gave up after {MAX_RESTARTS} restarts"
            self.server.stop()
            return
        self._restarts += 1
        cause = "hung" if hung and self.server.alive() else self.server.exit_description()
        say(f"[{self.label}] restarting the server ({cause})")
        try:
            self.server.restart()
        except Exception as error:
            self._down_reason = f"restart failed: {short_reason(error)}"
            say(f"[{self.label}] {self._down_reason}")

    # Throwaway servers (cold start).
    def throwaway_server(self, name, storage):
        return self._make_server(os.path.join(self._scratch, f"{self.label}-{name}"), storage)

    def cold_start_description(self, storage):
        return self._make_server("/nonexistent", storage).cold_start_description()
