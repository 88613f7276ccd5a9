"""The protocol's share of a point read: pgbench select-only with one client over TCP on
both sides, beside the same transaction run in-process through Plinth's embedding API
(bench/embedded/point_reads.cc: same table shape, same query, random aid, one session).
PostgreSQL has no in-process API, so its cell in the embedded row says so.
"""
import re
import subprocess

from .report import HIGHER, Metric, Outcome
from .workloads import _pgbench_tps


def embedded_point_reads(ctx):
    s = ctx.settings
    network = ctx.report.add(Metric("point_reads_prepared_1client", "tps", HIGHER))
    _pgbench_tps(ctx, network, "select-only -M prepared -c 1", "select-only",
                 ["-M", "prepared", "-c", "1", "-j", "1"], s.duration)
    embedded = ctx.report.add(Metric("point_reads_embedded_1session", "tps", HIGHER))
    for side in ctx.sides:
        program = getattr(side, "embedded_program", None)
        if side.is_reference or not program:
            embedded.outcomes[side.label] = Outcome.missing(
                "no in-process API" if side.is_reference else "bench/embedded_point_reads not built")
            continue
        rows = s.scale * 100_000

        def run():
            done = subprocess.run([program, "--rows", str(rows), "--seconds", str(s.duration)],
                                  capture_output=True, text=True, timeout=s.load_timeout + s.duration + 30)
            found = re.search(r"tps=([0-9.]+)", done.stdout)
            if done.returncode != 0 or not found:
                raise RuntimeError(f"embedded_point_reads failed: {done.stderr.strip()[:200]}")
            return float(found.group(1))

        embedded.outcomes[side.label] = ctx.measure(side, "in-process point reads", run, needs_server=False)
    ctx.note("point_reads_embedded_1session: bench/embedded_point_reads (Plinth's embedding API, "
             "in-memory store, no network, one session); compare with point_reads_prepared_1client")
