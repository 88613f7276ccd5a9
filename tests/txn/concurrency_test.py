#!/usr/bin/python3
"""Concurrency behaviour of a running server, PostgreSQL semantics (run under with_server).

Each check opens its own psycopg2 sessions to PGHOST/PGPORT. Blocking statements run on
threads; the main thread decides when the lock holder commits. Exit status: the number
of failed checks (0 = all passed).

    concurrency_test.py [--seconds N] [CHECK...]
"""
import os
import random
import sys
import threading
import time
import traceback

import psycopg2
import psycopg2.errors
import psycopg2.extensions

CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def connect(autocommit=True):
    conn = psycopg2.connect(host=os.environ["PGHOST"], port=os.environ["PGPORT"],
                            user=os.environ.get("PGUSER", "postgres"), dbname=os.environ.get("PGDATABASE", "postgres"))
    conn.autocommit = autocommit
    return conn


def run(conn, sql, args=None):
    with conn.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchall() if cur.description else cur.rowcount


def sqlstate_of(fn):
    """Runs fn; returns the SQLSTATE of the error it raised, or None."""
    try:
        fn()
        return None
    except psycopg2.Error as e:
        return e.pgcode


class Background:
    """Runs fn on a thread and keeps its result or error."""

    def __init__(self, fn):
        self.result = self.error = None
        self.thread = threading.Thread(target=self._run, args=(fn,), daemon=True)
        self.thread.start()

    def _run(self, fn):
        try:
            self.result = fn()
        except Exception as e:  # noqa: BLE001 - reported by the check
            self.error = e

    def blocked(self, seconds=0.3):
        self.thread.join(seconds)
        return self.thread.is_alive()

    def wait(self, seconds=30):
        self.thread.join(seconds)
        assert not self.thread.is_alive(), "background statement did not finish"
        return self


def fresh_table(name, rows=((1, 0), (2, 0))):
    c = connect()
    run(c, f"DROP TABLE IF EXISTS {name}")
    run(c, f"CREATE TABLE {name} (id int PRIMARY KEY, v int)")
    for r in rows:
        run(c, f"INSERT INTO {name} VALUES (%s, %s)", r)
    c.close()


@check
def read_committed_waits_then_updates_newest_version():
    fresh_table("rc_t")
    a, b = connect(False), connect()
    run(a, "UPDATE rc_t SET v = v + 1 WHERE id = 1")
    bg = Background(lambda: run(b, "UPDATE rc_t SET v = v + 10 WHERE id = 1"))
    assert bg.blocked(), "second writer did not wait for the row lock"
    a.commit()
    bg.wait()
    assert bg.error is None, bg.error
    assert bg.result == 1, bg.result
    assert run(b, "SELECT v FROM rc_t WHERE id = 1") == [(11,)]


@check
def read_committed_rechecks_where_on_new_version():
    fresh_table("rc_where")
    a, b = connect(False), connect()
    run(a, "UPDATE rc_where SET v = 100 WHERE id = 1")
    bg = Background(lambda: run(b, "UPDATE rc_where SET v = -1 WHERE v = 0"))
    assert bg.blocked()
    a.commit()
    bg.wait()
    assert bg.error is None, bg.error
    assert bg.result == 1, f"only row 2 still matches, got {bg.result}"  # row 1 no longer v = 0
    assert run(b, "SELECT id, v FROM rc_where ORDER BY id") == [(1, 100), (2, -1)]


@check
def read_committed_skips_row_deleted_while_waiting():
    fresh_table("rc_del")
    a, b = connect(False), connect()
    run(a, "DELETE FROM rc_del WHERE id = 1")
    bg = Background(lambda: run(b, "UPDATE rc_del SET v = 5 WHERE id = 1"))
    assert bg.blocked()
    a.commit()
    bg.wait()
    assert bg.error is None and bg.result == 0, (bg.error, bg.result)


@check
def rollback_of_holder_lets_waiter_use_old_version():
    fresh_table("rc_rb")
    a, b = connect(False), connect()
    run(a, "UPDATE rc_rb SET v = 50 WHERE id = 1")
    bg = Background(lambda: run(b, "UPDATE rc_rb SET v = v + 1 WHERE id = 1"))
    assert bg.blocked()
    a.rollback()
    bg.wait()
    assert bg.error is None and bg.result == 1
    assert run(b, "SELECT v FROM rc_rb WHERE id = 1") == [(1,)]


@check
def repeatable_read_concurrent_update_is_40001():
    fresh_table("rr_t")
    a, b = connect(), connect()
    run(a, "BEGIN ISOLATION LEVEL REPEATABLE READ")
    assert run(a, "SHOW transaction_isolation") == [("repeatable read",)]
    assert run(a, "SELECT v FROM rr_t WHERE id = 1") == [(0,)]
    run(b, "UPDATE rr_t SET v = 7 WHERE id = 1")
    assert run(a, "SELECT v FROM rr_t WHERE id = 1") == [(0,)], "snapshot must not move"
    state = sqlstate_of(lambda: run(a, "UPDATE rr_t SET v = v + 1 WHERE id = 1"))
    assert state == "40001", state
    run(a, "ROLLBACK")
    # A row nobody else touched updates fine.
    run(a, "BEGIN ISOLATION LEVEL SERIALIZABLE")
    run(a, "SELECT * FROM rr_t")
    assert run(a, "UPDATE rr_t SET v = 3 WHERE id = 2") == 1
    run(a, "COMMIT")
    assert run(b, "SELECT v FROM rr_t ORDER BY id") == [(7,), (3,)]


@check
def repeatable_read_waiter_fails_when_holder_commits():
    fresh_table("rr_wait")
    a, b = connect(False), connect()
    run(b, "BEGIN ISOLATION LEVEL REPEATABLE READ")
    run(b, "SELECT * FROM rr_wait")
    run(a, "UPDATE rr_wait SET v = 1 WHERE id = 1")
    bg = Background(lambda: run(b, "UPDATE rr_wait SET v = 2 WHERE id = 1"))
    assert bg.blocked()
    a.commit()
    bg.wait()
    assert bg.error is not None and bg.error.pgcode == "40001", bg.error
    assert str(bg.error).startswith("could not serialize access due to concurrent update"), str(bg.error)
    run(b, "ROLLBACK")


@check
def deadlock_fails_one_side_with_40P01():
    fresh_table("dl_t")
    a, b = connect(False), connect(False)
    run(a, "UPDATE dl_t SET v = 1 WHERE id = 1")
    run(b, "UPDATE dl_t SET v = 2 WHERE id = 2")
    bg = Background(lambda: run(a, "UPDATE dl_t SET v = 1 WHERE id = 2"))
    assert bg.blocked()
    state = sqlstate_of(lambda: run(b, "UPDATE dl_t SET v = 2 WHERE id = 1"))
    bg.wait()
    states = sorted([state, bg.error.pgcode if bg.error else None], key=str)
    assert states == ["40P01", None], states
    b.rollback()
    a.commit()
    assert run(connect(), "SELECT v FROM dl_t ORDER BY id") == [(1,), (1,)]


@check
def lock_timeout_gives_55P03():
    fresh_table("lt_t")
    a, b = connect(False), connect()
    run(a, "UPDATE lt_t SET v = 1 WHERE id = 1")
    run(b, "SET lock_timeout = '200ms'")
    start = time.time()
    state = sqlstate_of(lambda: run(b, "UPDATE lt_t SET v = 2 WHERE id = 1"))
    assert state == "55P03", state
    assert time.time() - start >= 0.19
    assert run(b, "UPDATE lt_t SET v = 2 WHERE id = 2") == 1, "other rows stay writable"
    a.rollback()


@check
def cancel_wakes_a_lock_waiter():
    fresh_table("cancel_t")
    a, b = connect(False), connect()
    run(a, "UPDATE cancel_t SET v = 1 WHERE id = 1")
    bg = Background(lambda: run(b, "UPDATE cancel_t SET v = 2 WHERE id = 1"))
    assert bg.blocked()
    b.cancel()
    bg.wait(5)
    assert bg.error is not None and bg.error.pgcode == "57014", bg.error
    a.rollback()
    assert run(b, "UPDATE cancel_t SET v = 2 WHERE id = 1") == 1, "session usable after cancel"


@check
def statement_timeout_ends_a_lock_wait():
    fresh_table("st_t")
    a, b = connect(False), connect()
    run(a, "UPDATE st_t SET v = 1 WHERE id = 1")
    run(b, "SET statement_timeout = '300ms'")
    state = sqlstate_of(lambda: run(b, "DELETE FROM st_t WHERE id = 1"))
    assert state == "57014", state
    a.rollback()


@check
def many_waiters_on_one_row_all_finish():
    fresh_table("hot_t", rows=((1, 0),))
    holder = connect(False)
    run(holder, "UPDATE hot_t SET v = v + 1 WHERE id = 1")
    waiters = []
    for _ in range(12):  # more than cores and than any worker pool
        c = connect()
        waiters.append(Background(lambda c=c: run(c, "UPDATE hot_t SET v = v + 1 WHERE id = 1")))
    time.sleep(0.5)
    assert all(w.thread.is_alive() for w in waiters), "waiters must block on the row lock"
    # The holder's commit still runs while twelve sessions wait.
    holder.commit()
    for w in waiters:
        w.wait(60)
        assert w.error is None, w.error
    assert run(connect(), "SELECT v FROM hot_t") == [(13,)]


@check
def concurrent_insert_of_same_key_waits_then_23505():
    fresh_table("uniq_t", rows=())
    a, b = connect(False), connect()
    run(a, "INSERT INTO uniq_t VALUES (5, 1)")
    bg = Background(lambda: run(b, "INSERT INTO uniq_t VALUES (5, 2)"))
    assert bg.blocked(), "second insert of the key must wait"
    a.commit()
    bg.wait()
    assert bg.error is not None and bg.error.pgcode == "23505", bg.error
    run(a, "INSERT INTO uniq_t VALUES (6, 1)")
    bg = Background(lambda: run(b, "INSERT INTO uniq_t VALUES (6, 2)"))
    assert bg.blocked()
    a.rollback()
    bg.wait()
    assert bg.error is None, bg.error
    assert run(b, "SELECT id, v FROM uniq_t ORDER BY id") == [(5, 1), (6, 2)]


@check
def aborted_block_releases_locks():
    fresh_table("abort_t")
    a, b = connect(False), connect()
    run(a, "UPDATE abort_t SET v = 1 WHERE id = 1")
    assert sqlstate_of(lambda: run(a, "SELECT 1/0")) == "22012"
    assert sqlstate_of(lambda: run(a, "SELECT 1")) == "25P02"
    run(b, "SET lock_timeout = '2s'")
    assert run(b, "UPDATE abort_t SET v = 2 WHERE id = 1") == 1
    a.rollback()


@check
def savepoint_rollback_releases_newer_locks():
    fresh_table("sp_t")
    a, b = connect(False), connect()
    run(a, "UPDATE sp_t SET v = 1 WHERE id = 1")
    run(a, "SAVEPOINT s")
    run(a, "UPDATE sp_t SET v = 1 WHERE id = 2")
    run(a, "ROLLBACK TO SAVEPOINT s")
    run(b, "SET lock_timeout = '300ms'")
    assert run(b, "UPDATE sp_t SET v = 2 WHERE id = 2") == 1, "lock after savepoint released"
    assert sqlstate_of(lambda: run(b, "UPDATE sp_t SET v = 2 WHERE id = 1")) == "55P03", "older lock kept"
    a.commit()


@check
def writes_racing_a_table_rewrite_fail_instead_of_vanishing():
    # ALTER TABLE ... ADD PRIMARY KEY writes the rows into a new storage range and drops
    # the old one at commit. A transaction that wrote the table before that commit and
    # commits after it must not land in the dropped range: PostgreSQL would have made the
    # ALTER wait for it; Plinth has no table locks and fails the late writer (40001).
    c = connect()
    run(c, "DROP TABLE IF EXISTS rw_t")
    run(c, "CREATE TABLE rw_t (id int, v int)")
    run(c, "INSERT INTO rw_t SELECT g, 0 FROM generate_series(1, 100) g")
    late = connect(False)
    run(late, "INSERT INTO rw_t VALUES (101, 1)")
    run(c, "ALTER TABLE rw_t ADD PRIMARY KEY (id)")
    state = sqlstate_of(late.commit)
    assert state == "40001", state
    late.rollback()
    assert run(c, "SELECT count(*), sum(id) FROM rw_t") == [(100, 5050)]
    # Writers that start after the rewrite see the new table and keep their rows.
    run(late, "INSERT INTO rw_t VALUES (101, 1)")
    late.commit()
    assert run(c, "SELECT count(*), max(id) FROM rw_t") == [(101, 101)]
    assert sqlstate_of(lambda: run(c, "INSERT INTO rw_t VALUES (101, 2)")) == "23505"


@check
def truncate_beside_other_ddl_both_commit():
    # TRUNCATE moves a table to a new storage range (a catalog change), but like
    # PostgreSQL it does not conflict with DDL on other tables, in either commit order.
    c = connect()
    for t in ("tr_a", "tr_b", "tr_new1", "tr_new2"):
        run(c, f"DROP TABLE IF EXISTS {t}")
    run(c, "CREATE TABLE tr_a (id int PRIMARY KEY)")
    run(c, "CREATE TABLE tr_b (id int)")
    run(c, "INSERT INTO tr_a SELECT generate_series(1, 10)")
    run(c, "INSERT INTO tr_b SELECT generate_series(1, 10)")
    t, d = connect(False), connect(False)
    run(t, "TRUNCATE tr_a")
    run(d, "CREATE TABLE tr_new1 (x int)")
    run(d, "INSERT INTO tr_new1 VALUES (1)")
    d.commit()
    t.commit()  # the truncate commits second, onto the newer catalog
    run(d, "CREATE TABLE tr_new2 (x int)")
    run(d, "INSERT INTO tr_new2 VALUES (2)")
    run(t, "TRUNCATE tr_b")
    run(t, "INSERT INTO tr_b VALUES (99)")
    t.commit()
    d.commit()  # the DDL commits second, onto the truncate
    assert run(c, "SELECT (SELECT count(*) FROM tr_a), (SELECT array_agg(id) FROM tr_b), "
                  "(SELECT x FROM tr_new1), (SELECT x FROM tr_new2)") == [(0, [99], 1, 2)]
    # One table: a definition change merges (as if the TRUNCATE ran after it, as
    # PostgreSQL's lock would order them) ...
    run(c, "INSERT INTO tr_a VALUES (1), (2)")
    run(t, "TRUNCATE tr_a")
    run(d, "ALTER TABLE tr_a ADD COLUMN note text")
    d.commit()
    t.commit()
    run(c, "INSERT INTO tr_a VALUES (1, 'kept')")
    assert run(c, "SELECT id, note FROM tr_a") == [(1, "kept")]
    # ... but a rewrite of the same table (another new range) cannot: one fails (40001),
    # where PostgreSQL would have made it wait.
    run(t, "TRUNCATE tr_b")
    run(d, "ALTER TABLE tr_b ADD PRIMARY KEY (id)")
    d.commit()
    assert sqlstate_of(t.commit) == "40001"
    t.rollback()
    assert run(c, "SELECT array_agg(id) FROM tr_b") == [([99],)]


@check
def truncate_then_copy_in_one_transaction():
    # pgbench's load: TRUNCATE, then COPY into the emptied table, in one transaction.
    # The rows are visible to the transaction at once, to others after COMMIT, and gone
    # again after a ROLLBACK (with the old rows back).
    import io
    c = connect()
    run(c, "DROP TABLE IF EXISTS tc_t")
    run(c, "CREATE TABLE tc_t (id int, v text)")
    run(c, "INSERT INTO tc_t VALUES (-1, 'old')")
    w = connect(False)
    run(w, "TRUNCATE tc_t")
    data = "".join(f"{i}\tv{i}\n" for i in range(1, 200001))
    with w.cursor() as cur:
        cur.copy_expert("COPY tc_t FROM STDIN", io.StringIO(data))
    assert run(w, "SELECT count(*), sum(id) FROM tc_t") == [(200000, 200000 * 200001 // 2)]
    run(w, "INSERT INTO tc_t VALUES (0, 'inserted')")
    run(w, "UPDATE tc_t SET v = 'changed' WHERE id = 5")
    run(w, "DELETE FROM tc_t WHERE id = 6")
    assert run(c, "SELECT id, v FROM tc_t") == [(-1, "old")], "uncommitted rows leaked"
    w.rollback()
    assert run(c, "SELECT id, v FROM tc_t") == [(-1, "old")]
    run(w, "TRUNCATE tc_t")
    with w.cursor() as cur:
        cur.copy_expert("COPY tc_t FROM STDIN", io.StringIO(data))
    run(w, "UPDATE tc_t SET v = 'changed' WHERE id = 5")
    run(w, "DELETE FROM tc_t WHERE id = 6")
    w.commit()
    assert run(c, "SELECT count(*), sum(id) FROM tc_t") == [(199999, 200000 * 200001 // 2 - 6)]
    assert run(c, "SELECT v FROM tc_t WHERE id IN (5, 7) ORDER BY id") == [("changed",), ("v7",)]
    run(c, "INSERT INTO tc_t VALUES (300000, 'after')")
    assert run(c, "SELECT count(*), max(id) FROM tc_t") == [(200000, 300000)]
    # A COPY that fails after whole chunks went to storage: the transaction is over, and
    # ROLLBACK brings back the rows from before the TRUNCATE.
    bad = "".join(f"{i}\t{'z' * 120}\n" for i in range(1, 200001)) + "not a number\tx\n"
    run(w, "TRUNCATE tc_t")
    with w.cursor() as cur:
        assert sqlstate_of(lambda: cur.copy_expert("COPY tc_t FROM STDIN", io.StringIO(bad))) == "22P02"
    w.rollback()
    assert run(c, "SELECT count(*), max(id) FROM tc_t") == [(200000, 300000)]
    # Under a savepoint the rows go through the write buffer, so ROLLBACK TO takes them back.
    run(w, "TRUNCATE tc_t")
    run(w, "SAVEPOINT s")
    with w.cursor() as cur:
        cur.copy_expert("COPY tc_t FROM STDIN", io.StringIO(data))
    assert run(w, "SELECT count(*) FROM tc_t") == [(200000,)]
    run(w, "ROLLBACK TO SAVEPOINT s")
    assert run(w, "SELECT count(*) FROM tc_t") == [(0,)]
    w.commit()
    assert run(c, "SELECT count(*) FROM tc_t") == [(0,)]


@check
def transaction_characteristics():
    fresh_table("ro_t")
    a = connect()
    run(a, "BEGIN READ ONLY")
    assert run(a, "SHOW transaction_read_only") == [("on",)]
    assert sqlstate_of(lambda: run(a, "INSERT INTO ro_t VALUES (9, 9)")) == "25006"
    run(a, "ROLLBACK")
    run(a, "BEGIN")
    run(a, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
    assert run(a, "SHOW transaction_isolation") == [("serializable",)]
    run(a, "SELECT 1")
    assert sqlstate_of(lambda: run(a, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED")) == "25001"
    run(a, "ROLLBACK")
    run(a, "BEGIN")
    assert run(a, "SHOW transaction_isolation") == [("read committed",)], "reverts after the block"
    run(a, "ROLLBACK")
    run(a, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    run(a, "BEGIN")
    assert run(a, "SHOW transaction_isolation") == [("repeatable read",)]
    run(a, "ROLLBACK")


def tpcb(seconds, sessions=8, accounts=1000, tellers=10, branches=2):
    """pgbench's TPC-B transaction from `sessions` sessions; then checks the balances."""
    c = connect()
    for t in ("pgb_accounts", "pgb_tellers", "pgb_branches", "pgb_history"):
        run(c, f"DROP TABLE IF EXISTS {t}")
    run(c, "CREATE TABLE pgb_branches (bid int PRIMARY KEY, bbalance int)")
    run(c, "CREATE TABLE pgb_tellers (tid int PRIMARY KEY, bid int, tbalance int)")
    run(c, "CREATE TABLE pgb_accounts (aid int PRIMARY KEY, bid int, abalance int)")
    run(c, "CREATE TABLE pgb_history (tid int, bid int, aid int, delta int)")
    for b in range(1, branches + 1):
        run(c, "INSERT INTO pgb_branches VALUES (%s, 0)", (b,))
    for t in range(1, tellers + 1):
        run(c, "INSERT INTO pgb_tellers VALUES (%s, %s, 0)", (t, (t - 1) % branches + 1))
    run(c, "INSERT INTO pgb_accounts SELECT g, (g - 1) %% %s + 1, 0 FROM generate_series(1, %s) g",
        (branches, accounts))
    stop = time.time() + seconds
    errors, counts = [], [0] * sessions

    def worker(i):
        conn = connect(False)
        rng = random.Random(i)
        while time.time() < stop:
            aid, tid = rng.randint(1, accounts), rng.randint(1, tellers)
            bid, delta = (tid - 1) % branches + 1, rng.randint(-5000, 5000)
            try:
                run(conn, "UPDATE pgb_accounts SET abalance = abalance + %s WHERE aid = %s", (delta, aid))
                run(conn, "SELECT abalance FROM pgb_accounts WHERE aid = %s", (aid,))
                run(conn, "UPDATE pgb_tellers SET tbalance = tbalance + %s WHERE tid = %s", (delta, tid))
                run(conn, "UPDATE pgb_branches SET bbalance = bbalance + %s WHERE bid = %s", (delta, bid))
                run(conn, "INSERT INTO pgb_history VALUES (%s, %s, %s, %s)", (tid, bid, aid, delta))
                conn.commit()
                counts[i] += 1
            except psycopg2.Error as e:
                errors.append(f"session {i}: {e.pgcode} {e}")
                conn.rollback()
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sums = [run(c, f"SELECT coalesce(sum({col}), 0) FROM {t}")[0][0]
            for t, col in (("pgb_accounts", "abalance"), ("pgb_branches", "bbalance"),
                           ("pgb_tellers", "tbalance"), ("pgb_history", "delta"))]
    history = run(c, "SELECT count(*) FROM pgb_history")[0][0]
    print(f"  tpcb: {sum(counts)} transactions in {seconds}s from {sessions} sessions, sums {sums}")
    assert not errors, errors[:5]
    assert len(set(sums)) == 1, f"balances disagree: accounts, branches, tellers, history = {sums}"
    assert history == sum(counts), (history, sum(counts))
    assert min(counts) > 0, f"a session never committed: {counts}"


def main(argv):
    seconds = 10
    if len(argv) > 1 and argv[1] == "--seconds":
        seconds = float(argv[2])
        argv = argv[2:]
    wanted = set(argv[1:])
    failed = 0
    tests = [(f.__name__, f) for f in CHECKS] + [("tpcb_transfers_keep_balances", lambda: tpcb(seconds))]
    for name, fn in tests:
        if wanted and name not in wanted:
            continue
        try:
            fn()
            print(f"ok {name}")
        except Exception:  # noqa: BLE001 - report every failing check
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"{len(tests) - failed if not wanted else len(wanted) - failed} passed, {failed} failed")
    return min(failed, 100)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
