"""SELECT ... FOR UPDATE / FOR SHARE against a running Plinth (PGHOST/PGPORT from
with_server): a locked row makes a concurrent writer wait until the locker commits;
under READ COMMITTED the locker sees the newest version after waiting; under REPEATABLE
READ a row changed since the snapshot gives 40001; FOR SHARE lets readers share."""
import os, sys, threading, time

import psycopg2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))
from tally import check, finish  # noqa: E402


def connect(autocommit=False):
    c = psycopg2.connect(host=os.environ["PGHOST"], port=int(os.environ["PGPORT"]), user="postgres", dbname="postgres")
    c.autocommit = autocommit
    return c


setup = connect(True)
setup.cursor().execute("CREATE TABLE jobs (id int PRIMARY KEY, state text, n int)")
setup.cursor().execute("INSERT INTO jobs VALUES (1, 'new', 0), (2, 'new', 0), (3, 'done', 0)")

# 1. A writer waits for the row locked FOR UPDATE, and proceeds after COMMIT.
a, b = connect(), connect()
a.cursor().execute("SELECT id FROM jobs WHERE id = 1 FOR UPDATE")
done = {}
def writer():
    t0 = time.time()
    b.cursor().execute("UPDATE jobs SET n = n + 1 WHERE id = 1")
    b.commit()
    done["waited"] = time.time() - t0
t = threading.Thread(target=writer); t.start()
time.sleep(0.5)
check("writer_waits_for_row_lock", "waited" not in done, done)
a.cursor().execute("UPDATE jobs SET n = n + 10 WHERE id = 1")
a.commit()
t.join(10)
check("writer_proceeds_after_commit", done.get("waited", 0) >= 0.4, done)
cur = setup.cursor(); cur.execute("SELECT n FROM jobs WHERE id = 1")
check("no_lost_update", cur.fetchone() == (11,))

# 2. READ COMMITTED: a locker that waited sees the version committed meanwhile.
a, b = connect(), connect()
a.cursor().execute("UPDATE jobs SET state = 'taken' WHERE id = 2")
res = {}
def locker():
    cur = b.cursor()
    cur.execute("SELECT id, state FROM jobs WHERE state = 'new' ORDER BY id FOR UPDATE")
    res["rows"] = cur.fetchall()
    b.commit()
t = threading.Thread(target=locker); t.start()
time.sleep(0.4)
a.commit()
t.join(10)
check("rc_locker_sees_latest_versions", res.get("rows") == [(1, "new")], res)

# 3. REPEATABLE READ: a row changed since the snapshot gives 40001.
a, b = connect(), connect()
b.set_session(isolation_level="REPEATABLE READ")
b.cursor().execute("SELECT count(*) FROM jobs")  # takes the snapshot
a.cursor().execute("UPDATE jobs SET n = n + 1 WHERE id = 3"); a.commit()
try:
    b.cursor().execute("SELECT * FROM jobs WHERE id = 3 FOR UPDATE")
    check("rr_conflict_40001", False, "no error")
except psycopg2.Error as e:
    check("rr_conflict_40001", e.pgcode == "40001", e.pgcode)
b.rollback()

# 4. FOR SHARE: two readers share; a writer waits for both.
a, b, c = connect(), connect(), connect()
a.cursor().execute("SELECT * FROM jobs WHERE id = 3 FOR SHARE")
t0 = time.time(); b.cursor().execute("SELECT * FROM jobs WHERE id = 3 FOR SHARE")
check("share_locks_share", time.time() - t0 < 0.5)
done = {}
def share_writer():
    c.cursor().execute("UPDATE jobs SET n = 0 WHERE id = 3"); c.commit(); done["ok"] = True
t = threading.Thread(target=share_writer); t.start()
time.sleep(0.4)
check("writer_waits_for_share_locks", "ok" not in done)
a.commit(); b.commit(); t.join(10)
check("writer_done_after_readers", done.get("ok") is True)

# 5. Two concurrent inserts of one UNIQUE (secondary index) value: the second waits for
#    the first and gets 23505 when it commits, or goes ahead when it rolls back.
setup.cursor().execute("CREATE TABLE accounts (id int PRIMARY KEY, email text UNIQUE)")
for outcome in ("commit", "rollback"):
    a, b = connect(), connect()
    email = f"x-{outcome}@example.com"
    a.cursor().execute("INSERT INTO accounts VALUES (%s, %s)", (10 if outcome == "commit" else 20, email))
    res = {}
    def second():
        try:
            b.cursor().execute("INSERT INTO accounts VALUES (%s, %s)", (11 if outcome == "commit" else 21, email))
            b.commit(); res["result"] = "inserted"
        except psycopg2.Error as e:
            b.rollback(); res["result"] = e.pgcode
    t = threading.Thread(target=second); t.start()
    time.sleep(0.4)
    check(f"unique_insert_waits_{outcome}", "result" not in res, res)
    getattr(a, outcome)()
    t.join(10)
    check(f"unique_insert_after_{outcome}", res.get("result") == ("23505" if outcome == "commit" else "inserted"), res)
cur = setup.cursor(); cur.execute("SELECT count(*) FROM accounts")
check("unique_values_kept_unique", cur.fetchone() == (2,))

# 6. Not supported shapes are refused clearly.
try:
    setup.cursor().execute("SELECT count(*) FROM jobs GROUP BY state FOR UPDATE")
    check("group_by_for_update_refused", False, "no error")
except psycopg2.Error as e:
    check("group_by_for_update_refused", e.pgcode == "0A000", e.pgcode)

finish()
