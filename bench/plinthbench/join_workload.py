"""Issue #5's join benchmark: a 3-table join with GROUP BY over a fact table, a middle
dimension and a small dimension (1 M / 100 k / 1 k rows at scale 10), median of N runs.

The tables are the benchmark's own (not pgbench's) so the sizes match what the issue asks
for at any scale: facts = scale × 100 k, middle = scale × 10 k, small = 1 k. Both sides
load them with the same INSERT … SELECT generate_series statements and ANALYZE them.
"""
import statistics
import time

from .processes import StepFailed
from .report import LOWER, Metric, Outcome, Target

SMALL_ROWS = 1000
CATEGORIES = 10


def sizes(scale):
    return scale * 100_000, scale * 10_000, SMALL_ROWS


def load_statements(scale):
    facts, middle, small = sizes(scale)
    return [
        "DROP TABLE IF EXISTS join_facts, join_middle, join_small",
        "CREATE TABLE join_small (id int PRIMARY KEY, category text NOT NULL)",
        "CREATE TABLE join_middle (id int PRIMARY KEY, small_id int NOT NULL, weight int)",
        "CREATE TABLE join_facts (id int PRIMARY KEY, middle_id int NOT NULL, amount int)",
        f"INSERT INTO join_small SELECT i, 'c' || (i % {CATEGORIES}) "
        f"FROM generate_series(1, {small}) i",
        f"INSERT INTO join_middle SELECT i, i % {small} + 1, i % 7 "
        f"FROM generate_series(1, {middle}) i",
        f"INSERT INTO join_facts SELECT i, i % {middle} + 1, i % 100 "
        f"FROM generate_series(1, {facts}) i",
        "ANALYZE join_small",
        "ANALYZE join_middle",
        "ANALYZE join_facts",
    ]


QUERY = ("SELECT s.category, count(*), sum(f.amount) "
         "FROM join_facts f JOIN join_middle m ON m.id = f.middle_id "
         "JOIN join_small s ON s.id = m.small_id "
         "GROUP BY s.category ORDER BY s.category")


def check_result(rows, scale):
    """Every category gets the same share of facts (the keys are spread evenly)."""
    facts, _, _ = sizes(scale)
    per_category = facts // CATEGORIES
    expected_names = sorted(f"c{i}" for i in range(CATEGORIES))
    if [r[0] for r in rows] != expected_names or any(r[1] != str(per_category) for r in rows):
        raise StepFailed(f"wrong result: {rows[:3]}… (expected {CATEGORIES} categories of "
                         f"{per_category} facts)")


def three_table_join(ctx):
    s = ctx.settings
    metric = ctx.report.add(Metric("join3_group_by", "ms", LOWER,
                                   Target("≤ 2.0×", max_ratio=2.0)))
    facts, middle, small = sizes(s.scale)
    for side in ctx.in_turn():

        def load():
            began = time.perf_counter()
            with side.endpoint().connect(s.load_timeout) as conn:
                for sql in load_statements(s.scale):
                    conn.query(sql)
            return time.perf_counter() - began

        outcome = ctx.measure(side, f"load join tables {facts}/{middle}/{small} rows", load)
        if outcome.value is None:
            metric.outcomes[side.label] = outcome
    samples = {side.label: [] for side in ctx.sides}
    for _ in range(s.analytics_runs):
        for side in ctx.in_turn():
            if side.label in metric.outcomes:
                continue

            def timed_query():
                with side.endpoint().connect(s.query_timeout) as conn:
                    began = time.perf_counter()
                    rows = conn.query(QUERY)
                    elapsed_ms = (time.perf_counter() - began) * 1000
                check_result(rows, s.scale)
                return elapsed_ms

            outcome = ctx.measure(side, "join3_group_by", timed_query, quiet=True)
            if outcome.value is None:
                metric.outcomes[side.label] = outcome
            else:
                samples[side.label].append(outcome.value)
    for label, values in samples.items():
        if label not in metric.outcomes and values:
            metric.outcomes[label] = Outcome.number(statistics.median(values))
            ctx.say(f"[{label}] join3_group_by: median {metric.outcomes[label].value:.4g} ms "
                    "of " + ", ".join(f"{v:.4g}" for v in values))
    for side in ctx.sides:  # the tables are big; the later workloads do not need them
        if side.ready():
            try:
                with side.endpoint().connect(s.query_timeout) as conn:
                    conn.query("DROP TABLE IF EXISTS join_facts, join_middle, join_small")
            except Exception as error:  # a leftover table costs nothing but disk
                ctx.say(f"[{side.label}] dropping the join tables: {error}")
