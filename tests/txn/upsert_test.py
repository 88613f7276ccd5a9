"""INSERT ... ON CONFLICT under concurrency, against a running Plinth (PGHOST/PGPORT from
with_server). Under READ COMMITTED two sessions upserting one key never get 23505: the
second waits for the first's key lock and then updates (DO UPDATE) or skips (DO
NOTHING) the row it committed, or inserts if it rolled back; the same holds for a
unique secondary index as arbiter; many autocommit upserts of a few hot keys lose no
increment. Under REPEATABLE READ a conflicting row committed after the snapshot is a
serialization failure (40001), as in PostgreSQL."""
import os, sys, threading, time

import psycopg2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))
from tally import check, finish  # noqa: E402


def connect(autocommit=False):
    c = psycopg2.connect(host=os.environ["PGHOST"], port=int(os.environ["PGPORT"]), user="postgres", dbname="postgres")
    c.autocommit = autocommit
    return c


def query(sql, *args):
    cur = setup.cursor()
    cur.execute(sql, args)
    return cur.fetchall()


def in_thread(fn):
    """Runs fn in a thread; returns (thread, result dict with 'value', 'error', 'secs')."""
    res = {}
    def run():
        t0 = time.time()
        try:
            res["value"] = fn()
        except psycopg2.Error as e:
            res["error"] = e.pgcode
        res["secs"] = time.time() - t0
    t = threading.Thread(target=run)
    t.start()
    return t, res


setup = connect(True)
setup.cursor().execute("CREATE TABLE counters (k int PRIMARY KEY, n int NOT NULL, tag text UNIQUE)")

UPSERT = "INSERT INTO counters VALUES (%s, 1, %s) ON CONFLICT (k) DO UPDATE SET n = counters.n + 1 RETURNING n"

# 1. Primary key: the second upsert waits for the first, then updates its row.
a, b = connect(), connect()
a.cursor().execute(UPSERT, (1, "one"))
def second_upsert():
    cur = b.cursor()
    cur.execute(UPSERT, (1, "one"))
    n = cur.fetchone()[0]
    b.commit()
    return n
t, res = in_thread(second_upsert)
time.sleep(0.5)
check("pk_second_upsert_waits", "secs" not in res, res)
a.commit()
t.join(10)
check("pk_second_upsert_updates_not_23505", res.get("value") == 2, res)
check("pk_one_row_counted_twice", query("SELECT k, n FROM counters") == [(1, 2)])

# 2. A unique secondary index as arbiter: same guarantee through its key lock.
a, b = connect(), connect()
BY_TAG = "INSERT INTO counters VALUES (%s, 1, 'shared') ON CONFLICT (tag) DO UPDATE SET n = counters.n + 10 RETURNING k, n"
a.cursor().execute(BY_TAG, (2,))
def second_by_tag():
    cur = b.cursor()
    cur.execute(BY_TAG, (3,))
    row = cur.fetchone()
    b.commit()
    return row
t, res = in_thread(second_by_tag)
time.sleep(0.5)
check("unique_index_second_upsert_waits", "secs" not in res, res)
a.commit()
t.join(10)
check("unique_index_second_upsert_updates_first_row", res.get("value") == (2, 11), res)
check("unique_index_no_second_row", query("SELECT count(*) FROM counters WHERE tag = 'shared'") == [(1,)])

# 3. DO NOTHING: waits; inserts after the first rolls back, skips after it commits.
for outcome, expected_rows, expected_n in (("rollback", 1, 6), ("commit", 0, 5)):
    a, b = connect(), connect()
    a.cursor().execute("INSERT INTO counters VALUES (50, 5, NULL)")
    def do_nothing():
        cur = b.cursor()
        cur.execute("INSERT INTO counters VALUES (50, 6, NULL) ON CONFLICT DO NOTHING")
        n = cur.rowcount
        b.commit()
        return n
    t, res = in_thread(do_nothing)
    time.sleep(0.4)
    check(f"do_nothing_waits_then_{outcome}", "secs" not in res, res)
    getattr(a, outcome)()
    t.join(10)
    check(f"do_nothing_after_{outcome}", res.get("value") == expected_rows, res)
    check(f"do_nothing_after_{outcome}_value", query("SELECT n FROM counters WHERE k = 50") == [(expected_n,)])
    setup.cursor().execute("DELETE FROM counters WHERE k = 50")

# 4. Many sessions, autocommit, a few hot keys: no error, no lost increment.
THREADS, ROUNDS, KEYS = 6, 40, 3
errors = []
def hammer(worker):
    c = connect(True)
    cur = c.cursor()
    for i in range(ROUNDS):
        key = 100 + (worker + i) % KEYS
        try:
            cur.execute("INSERT INTO counters VALUES (%s, 1, NULL) ON CONFLICT (k) DO UPDATE SET n = counters.n + 1",
                        (key,))
        except psycopg2.Error as e:
            errors.append(e.pgcode)
    c.close()
threads = [threading.Thread(target=hammer, args=(w,)) for w in range(THREADS)]
for th in threads: th.start()
for th in threads: th.join(120)
check("hot_keys_no_errors", errors == [], errors[:5])
check("hot_keys_no_lost_increment",
      query("SELECT sum(n), count(*) FROM counters WHERE k >= 100") == [(THREADS * ROUNDS, KEYS)])

# 5. REPEATABLE READ: a conflicting row committed after the snapshot is 40001.
a, b = connect(), connect(True)
a.set_session(isolation_level="REPEATABLE READ")
for key, action in ((7, "DO NOTHING"), (8, "DO UPDATE SET n = 0")):
    a.cursor().execute("SELECT count(*) FROM counters")  # takes the snapshot
    b.cursor().execute("INSERT INTO counters VALUES (%s, 1, NULL)", (key,))
    try:
        a.cursor().execute(f"INSERT INTO counters VALUES ({key}, 1, NULL) ON CONFLICT (k) {action}")
        check(f"rr_conflict_40001 ({action})", False, "no error")
    except psycopg2.Error as e:
        check(f"rr_conflict_40001 ({action})", e.pgcode == "40001", e.pgcode)
    a.rollback()
# A row the snapshot already shows is upserted normally.
a.cursor().execute("INSERT INTO counters VALUES (7, 1, NULL) ON CONFLICT (k) DO UPDATE SET n = counters.n + 1")
a.commit()
check("rr_visible_conflict_updates", query("SELECT n FROM counters WHERE k = 7") == [(2,)])

finish()
