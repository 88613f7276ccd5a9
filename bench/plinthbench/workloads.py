"""The workloads. Each adds its metrics to the report and never raises for one
side's failure: a failure becomes that side's cell ("not supported yet: …" for Plinth,
"error: …" for PostgreSQL), so one missing feature costs one row, not the run.
"""
import statistics
import time

from . import pgbench
from .join_workload import three_table_join
from .consistency import balance_check, history_rows
from .loading import needs_tables
from .processes import StepFailed
from .report import HIGHER, LOWER, Metric, Outcome, Target

ACCOUNTS_PER_SCALE = 100_000


def bulk_load(ctx):
    s = ctx.settings
    metric = ctx.report.add(Metric(f"bulk_load_scale_{s.scale}", "s", LOWER,
                                   Target("≤ 1.5×", max_ratio=1.5)))
    for side in ctx.in_turn():
        outcome = ctx.measure(side, f"pgbench -i -s {s.scale}", lambda: pgbench.initialize(
            s.pgbench, side.endpoint(), s.scale, s.load_timeout))
        metric.outcomes[side.label] = outcome
        side.loaded = outcome.value is not None
        side.stock_load_tried = True


def run_builtin(ctx, side, script, options, duration):
    """pgbench with built-in script `script`; if pgbench's own setup queries fail on this
    side, the same script again from a file (identical transactions, see SetupFailed)."""
    s = ctx.settings
    try:
        return pgbench.run(s.pgbench, side.endpoint(), ["-b", script] + options, duration)
    except pgbench.SetupFailed as error:
        ctx.say(f"[{side.label}] built-in {script} setup failed ({error}); retrying with -f")
        path = pgbench.builtin_script_file(s.pgbench, script, ctx.scratch)
        report = pgbench.run(s.pgbench, side.endpoint(),
                             ["-f", path, "-s", str(s.scale)] + options, duration)
        ctx.note(f"{side.label}: ran the {script} script with -f (the same transactions): "
                 f"pgbench's setup queries for built-in scripts failed: {error}")
        return report


def _pgbench_tps(ctx, metric, label, script, options, duration):
    for side in ctx.in_turn():
        missing = needs_tables(ctx, side)
        if missing:
            metric.outcomes[side.label] = missing
            continue
        metric.outcomes[side.label] = ctx.measure(side, label, lambda: run_builtin(
            ctx, side, script, options, duration).tps)


def point_reads(ctx):
    d = ctx.settings.duration
    for mode, target in (("prepared", Target("≥ 1.0×", min_ratio=1.0)),
                         ("simple", Target("≥ 0.8×", min_ratio=0.8))):
        metric = ctx.report.add(Metric(f"point_reads_{mode}", "tps", HIGHER, target))
        _pgbench_tps(ctx, metric, f"select-only -M {mode}", "select-only",
                     ["-M", mode, "-c", "4", "-j", "2"], d)


def write_transactions(ctx):
    s = ctx.settings
    tps = ctx.report.add(Metric("tpcb_prepared", "tps", HIGHER, Target("≥ 0.7×", min_ratio=0.7)))
    failed = ctx.report.add(Metric("tpcb_failed_transactions", "count", LOWER,
                                   Target("= 0", max_value=0)))
    check = ctx.report.add(Metric("tpcb_balance_check", "", HIGHER, Target("pass", must_pass=True)))
    for side in ctx.in_turn():
        missing = needs_tables(ctx, side)
        if missing:
            tps.outcomes[side.label] = failed.outcomes[side.label] = missing
            check.outcomes[side.label] = missing
            continue
        reports = []
        history_before = history_rows(side, s)

        def run_tpcb():
            reports.append(run_builtin(ctx, side, "tpcb-like",
                                       ["-M", "prepared", "-c", "4", "-j", "2"], s.duration))
            return reports[-1].tps

        tps.outcomes[side.label] = ctx.measure(side, "TPC-B -M prepared", run_tpcb)
        if not reports:
            failed.outcomes[side.label] = check.outcomes[side.label] = tps.outcomes[side.label]
            continue
        failed.outcomes[side.label] = Outcome.number(reports[-1].failed)
        check.outcomes[side.label] = balance_check(
            side, s, reports[-1].processed, history_before, ctx.say)

def connection_churn(ctx):
    metric = ctx.report.add(Metric("connection_churn", "tps", HIGHER,
                                   Target("≥ 1.0×", min_ratio=1.0)))
    _pgbench_tps(ctx, metric, "select-only -C -c 1", "select-only",
                 ["-C", "-c", "1", "-j", "1"], ctx.settings.churn_duration)


ANALYTICS_QUERIES = {
    "analytics_aggregate": "SELECT count(*), sum(abalance), avg(aid) FROM pgbench_accounts",
    "analytics_group_by": "SELECT bid, count(*), sum(abalance) FROM pgbench_accounts GROUP BY bid",
}


def check_analytics_result(name, rows, scale):
    """A fast wrong answer is not a result: the shape and counts must be right."""
    accounts = scale * ACCOUNTS_PER_SCALE
    if name == "analytics_aggregate":
        if len(rows) != 1 or len(rows[0]) != 3 or rows[0][0] != str(accounts):
            raise StepFailed(f"wrong result {rows[:1]} (expected count {accounts})")
    elif len(rows) != scale or any(len(r) != 3 or r[1] != str(ACCOUNTS_PER_SCALE) for r in rows):
        raise StepFailed(f"wrong result: {len(rows)} groups (expected {scale} of "
                         f"{ACCOUNTS_PER_SCALE} rows)")


def analytics(ctx):
    s = ctx.settings
    for name, sql in ANALYTICS_QUERIES.items():
        metric = ctx.report.add(Metric(name, "ms", LOWER))
        samples = {side.label: [] for side in ctx.sides}
        for side in ctx.sides:
            missing = needs_tables(ctx, side)
            if missing:
                metric.outcomes[side.label] = missing
        for _ in range(s.analytics_runs):
            for side in ctx.in_turn():
                if side.label in metric.outcomes:
                    continue  # failed or unsupported: no more samples from this side

                def timed_query():
                    with side.endpoint().connect(s.query_timeout) as conn:
                        began = time.perf_counter()
                        rows = conn.query(sql)
                        elapsed_ms = (time.perf_counter() - began) * 1000
                    check_analytics_result(name, rows, s.scale)
                    return elapsed_ms

                outcome = ctx.measure(side, name, timed_query, quiet=True)
                if outcome.value is None:
                    metric.outcomes[side.label] = outcome
                else:
                    samples[side.label].append(outcome.value)
        for label, values in samples.items():
            if label not in metric.outcomes and values:
                metric.outcomes[label] = Outcome.number(statistics.median(values))
                ctx.say(f"[{label}] {name}: median {metric.outcomes[label].value:.4g} ms of "
                        + ", ".join(f"{v:.4g}" for v in values))


def cold_start(ctx):
    """From nothing to the first answered SELECT 1, each on a brand-new directory."""
    s = ctx.settings
    for storage in ("memory", "lmdb"):
        metric = ctx.report.add(Metric(f"cold_start_{storage}", "s", LOWER,
                                       Target("≤ 0.05×", max_ratio=0.05)))
        samples = {side.label: [] for side in ctx.sides}
        for run in range(s.cold_runs):
            for side in ctx.in_turn():
                if side.label in metric.outcomes:
                    continue
                server = side.throwaway_server(f"cold-{storage}-{run}", f"storage_{storage}")
                try:
                    outcome = ctx.measure(side, f"cold start ({server.cold_start_description()})",
                                          server.start_fresh, needs_server=False)
                finally:
                    server.remove()
                if outcome.value is None:
                    metric.outcomes[side.label] = outcome
                else:
                    samples[side.label].append(outcome.value)
        for label, values in samples.items():
            if label not in metric.outcomes and values:
                metric.outcomes[label] = Outcome.number(statistics.median(values))
        ctx.note(f"cold_start_{storage}: " + "; ".join(
            f"{side.label} = {side.cold_start_description(f'storage_{storage}')}"
            for side in ctx.sides))


# Name -> workload, in the order they run. Cold start runs first, on a quiet machine,
# before the long-lived servers exist.
WORKLOADS = {
    "coldstart": cold_start,
    "load": bulk_load,
    "reads": point_reads,
    "writes": write_transactions,
    "churn": connection_churn,
    "analytics": analytics,
    "join3": three_table_join,
}


def _embedded(ctx):  # imported late: embedded_workload uses this module's helpers
    from .embedded_workload import embedded_point_reads
    embedded_point_reads(ctx)


WORKLOADS["embedded"] = _embedded
