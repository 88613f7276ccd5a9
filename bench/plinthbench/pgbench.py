"""Running the stock pgbench against an endpoint and reading its report."""
import os
import re
import time
from dataclasses import dataclass

from .processes import StepFailed, run_bounded, telling_line

# Seconds pgbench may take beyond -T: connecting, the scale query, in-flight transactions.
RUN_GRACE_SECONDS = 30.0


@dataclass(frozen=True)
class RunReport:
    tps: float
    processed: int
    failed: int        # "number of failed transactions" (0 when pgbench does not print it)


_TPS = re.compile(r"^tps = ([0-9.]+)", re.MULTILINE)
_PROCESSED = re.compile(r"^number of transactions actually processed: (\d+)", re.MULTILINE)
_FAILED = re.compile(r"^number of failed transactions: (\d+)", re.MULTILINE)


class SetupFailed(StepFailed):
    """pgbench stopped before any client ran a transaction: with a built-in script it
    first reads the scale (count(*) of pgbench_branches) and pgbench_accounts' partitioning
    from the catalog, which a young server may not answer."""


def parse_run_report(output, exit_code):
    """pgbench's summary -> RunReport. A non-zero exit is a StepFailed even with a summary:
    pgbench exits 2 when a client aborted on an error, and then the numbers are partial."""
    tps = _TPS.search(output)
    processed = _PROCESSED.search(output)
    if exit_code != 0 and "transaction type:" not in output and " aborted " not in output:
        raise SetupFailed(telling_line(output))
    if exit_code != 0 or tps is None or processed is None:
        raise StepFailed(telling_line(output))
    failed = _FAILED.search(output)
    return RunReport(tps=float(tps.group(1)), processed=int(processed.group(1)),
                     failed=int(failed.group(1)) if failed else 0)


class InitFailed(StepFailed):
    """`pgbench -i` failed; failing_query is the SQL it reported (None if it named none)."""

    def __init__(self, message, failing_query):
        super().__init__(message)
        self.failing_query = failing_query


_FAILING_QUERY = re.compile(r"Query was: (.*)")


def _connection_args(endpoint):
    return ["-h", endpoint.host, "-p", str(endpoint.port), "-U", endpoint.user]


def initialize(pgbench, endpoint, scale, timeout, steps=None):
    """`pgbench -i -s scale` (optionally with -I steps); returns wall-clock seconds."""
    argv = [pgbench, "-i", "-s", str(scale), "-q"] + _connection_args(endpoint)
    if steps:
        argv += ["-I", steps]
    began = time.monotonic()
    code, output = run_bounded(argv + [endpoint.database], timeout, "pgbench -i")
    elapsed = time.monotonic() - began
    if code != 0:
        query = _FAILING_QUERY.search(output)
        query = query.group(1).strip() if query else None
        raise InitFailed(telling_line(output) + (f" [query: {query}]" if query else ""), query)
    return elapsed


def run(pgbench, endpoint, options, duration):
    """A timed pgbench run (`-T duration` plus options); -n: the harness did the vacuum."""
    argv = ([pgbench, "-n", "-T", str(duration)] + options + _connection_args(endpoint)
            + [endpoint.database])
    code, output = run_bounded(argv, duration + RUN_GRACE_SECONDS, "pgbench " + " ".join(options))
    return parse_run_report(output, code)


def builtin_script_file(pgbench, name, directory):
    """Writes pgbench's own text of built-in script `name` to a file; returns its path.

    Run with `-f file -s scale`, pgbench executes the very same transactions but skips
    the catalog queries it makes for built-in scripts (see SetupFailed)."""
    path = os.path.join(directory, f"{name}.pgbench")
    if not os.path.exists(path):
        code, output = run_bounded([pgbench, f"--show-script={name}"], 30, "pgbench --show-script")
        if code != 0:
            raise StepFailed(telling_line(output))
        with open(path, "w") as script:
            script.write(output)
    return path
