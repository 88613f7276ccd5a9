"""A last-resort loader of the pgbench tables through plain SQL.

`pgbench -i` needs TRUNCATE and COPY (or INSERT … SELECT generate_series), VACUUM and
ALTER TABLE … ADD PRIMARY KEY. Until a server has those, the read and write workloads
can still run on the same data if the tables are created with their primary keys inline
and filled with multi-row INSERTs. The result matches what `pgbench -i -s N` leaves
behind: the same columns, types, keys, row counts, zero balances and blank fillers.
"""
import time

from .processes import StepTimeout

ROWS_PER_INSERT = 1000
TELLERS_PER_BRANCH = 10
ACCOUNTS_PER_BRANCH = 100_000

SCHEMA = [
    "DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers",
    "CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, "
    "filler char(22))",
    "CREATE TABLE pgbench_tellers (tid int NOT NULL PRIMARY KEY, bid int, tbalance int, "
    "filler char(84))",
    "CREATE TABLE pgbench_accounts (aid int NOT NULL PRIMARY KEY, bid int, abalance int, "
    "filler char(84))",
    "CREATE TABLE pgbench_branches (bid int NOT NULL PRIMARY KEY, bbalance int, filler char(88))",
]


def _batched_inserts(table, columns, rows):
    batch = []
    for row in rows:
        batch.append("(" + ",".join(row) + ")")
        if len(batch) == ROWS_PER_INSERT:
            yield f"INSERT INTO {table} ({columns}) VALUES " + ",".join(batch)
            batch = []
    if batch:
        yield f"INSERT INTO {table} ({columns}) VALUES " + ",".join(batch)


def statements(scale):
    """Every statement of the load, in order (a generator: 1 M accounts are never in memory)."""
    yield from SCHEMA
    yield from _batched_inserts("pgbench_branches", "bid, bbalance",
                                ((str(b), "0") for b in range(1, scale + 1)))
    yield from _batched_inserts(
        "pgbench_tellers", "tid, bid, tbalance",
        ((str(t), str((t - 1) // TELLERS_PER_BRANCH + 1), "0")
         for t in range(1, scale * TELLERS_PER_BRANCH + 1)))
    yield from _batched_inserts(
        "pgbench_accounts", "aid, bid, abalance, filler",
        ((str(a), str((a - 1) // ACCOUNTS_PER_BRANCH + 1), "0", "''")
         for a in range(1, scale * ACCOUNTS_PER_BRANCH + 1)))


def load(endpoint, scale, timeout):
    """Runs the load within timeout seconds; ServerError names the first unsupported piece."""
    deadline = time.monotonic() + timeout
    with endpoint.connect(timeout) as conn:
        for sql in statements(scale):
            if time.monotonic() > deadline:
                raise StepTimeout("SQL load of the pgbench tables", timeout)
            conn.query(sql)
