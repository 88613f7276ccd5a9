"""The TPC-B balance check, with client-side sums for servers that lack aggregates."""
from . import pgwire
from .report import Outcome


def history_rows(side, settings):
    try:
        with side.endpoint().connect(settings.query_timeout) as conn:
            return count_rows(conn, "pgbench_history")
    except Exception:
        return None  # the check will report the failure itself


# Whether a server lacks what a query needs (feature_not_supported, or syntax/undefined
# object errors: class 42), as opposed to failing.
def _unsupported(error):
    return isinstance(error, pgwire.ServerError) and error.sqlstate.startswith(("0A", "42"))


def sum_column(conn, table, column):
    """sum(column); summed here from the non-zero values if the server has no sum()."""
    try:
        return int(conn.query(f"SELECT sum({column}) FROM {table}")[0][0] or 0)
    except pgwire.ServerError as error:
        if not _unsupported(error):
            raise
    return sum(int(r[0]) for r in conn.query(f"SELECT {column} FROM {table} WHERE {column} <> 0"))


def count_rows(conn, table):
    """count(*); counted here if the server has no count()."""
    try:
        return int(conn.query(f"SELECT count(*) FROM {table}")[0][0])
    except pgwire.ServerError as error:
        if not _unsupported(error):
            raise
    return len(conn.query(f"SELECT 1 FROM {table}"))


BALANCE_COLUMNS = {
    "accounts": ("pgbench_accounts", "abalance"),
    "branches": ("pgbench_branches", "bbalance"),
    "tellers": ("pgbench_tellers", "tbalance"),
    "history": ("pgbench_history", "delta"),
}


def balance_check(side, settings, processed, history_before, say):
    """Every committed TPC-B transaction moved the same delta through all four tables:
    the four sums agree, and history gained one row per committed transaction."""
    try:
        with side.endpoint().connect(settings.query_timeout) as conn:
            sums = {name: sum_column(conn, table, column)
                    for name, (table, column) in BALANCE_COLUMNS.items()}
            history_after = count_rows(conn, "pgbench_history")
    except Exception as error:
        return side.failure(error)
    problems = []
    if len(set(sums.values())) != 1:
        problems.append("sums differ: " + ", ".join(f"{k}={v}" for k, v in sums.items()))
    if history_before is not None and history_after - history_before != processed:
        problems.append(f"history gained {history_after - history_before} rows "
                        f"for {processed} committed transactions")
    say(f"[{side.label}] balance check: {'; '.join(problems) or 'pass'} "
        f"(sum {sums['history']}, {history_after} history rows)")
    return Outcome.verdict(not problems, "; ".join(problems))
