"""max_connections, statement_timeout and CancelRequest against a running Plinth started
with max_connections=3 (PGHOST/PGPORT from with_server)."""
import os, subprocess, sys, threading, time

import psycopg2
import psycopg2.extensions

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))
from tally import check, finish  # noqa: E402


def connect():
    return psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1", port=int(__import__("os").environ["PGPORT"]))


# max_connections = 3: the fourth concurrent session is refused with 53300; closing one frees a slot.
conns = [connect() for _ in range(3)]
try:
    connect()
    check("fourth_connection_refused", False, "connected")
except psycopg2.OperationalError as e:
    check("fourth_connection_refused", "sorry, too many clients already" in str(e), str(e))
conns.pop().close()
time.sleep(0.2)
extra = connect()
cur = extra.cursor(); cur.execute("SELECT 1")
check("slot_freed_after_close", cur.fetchone() == (1,))
extra.close()

# statement_timeout cancels a long statement with 57014 and the session stays usable.
c = conns[0]
c.autocommit = True
cur = c.cursor()
cur.execute("SET statement_timeout = 200")
start = time.time()
try:
    cur.execute("SELECT pg_sleep(5)")
    check("statement_timeout_fires", False, "no error")
except psycopg2.Error as e:
    check("statement_timeout_fires", e.pgcode == "57014" and "statement timeout" in str(e), f"{e.pgcode} {e}")
check("statement_timeout_is_prompt", time.time() - start < 2.0, f"{time.time() - start:.2f}s")
cur.execute("SET statement_timeout = 0")
cur.execute("SELECT 2")
check("usable_after_timeout", cur.fetchone() == (2,))

# CancelRequest with the right secret cancels; the session goes on.
c2 = conns[1]
c2.autocommit = True
threading.Timer(0.3, c2.cancel).start()
start = time.time()
try:
    c2.cursor().execute("SELECT pg_sleep(5)")
    check("cancel_request_cancels", False, "no error")
except psycopg2.Error as e:
    check("cancel_request_cancels", e.pgcode == "57014" and "user request" in str(e), f"{e.pgcode} {e}")
check("cancel_is_prompt", time.time() - start < 2.0, f"{time.time() - start:.2f}s")
cur2 = c2.cursor(); cur2.execute("SELECT 3")
check("usable_after_cancel", cur2.fetchone() == (3,))

# A bad row aborts COPY FROM with its SQLSTATE and line number, and nothing of it stays.
import io
c3 = connect()
conns.append(c3)
c3.autocommit = True
cur3 = c3.cursor()
cur3.execute("CREATE TABLE copy_target (id int PRIMARY KEY, note text)")
try:
    cur3.copy_expert("COPY copy_target FROM STDIN", io.StringIO("1\tone\nx\ttwo\n3\tthree\n"))
    check("copy_bad_row_fails", False, "no error")
except psycopg2.Error as e:
    check("copy_bad_row_fails", e.pgcode == "22P02" and "line 2" in (e.diag.context or ""), f"{e.pgcode} {e.diag.context}")
cur3.execute("SELECT count(*) FROM copy_target")
check("copy_bad_row_keeps_nothing", cur3.fetchone() == (0,))
cur3.copy_expert("COPY copy_target FROM STDIN WITH (FORMAT csv)", io.StringIO('1,"one, quoted"\n2,\n'))
cur3.execute("SELECT id, note FROM copy_target ORDER BY id")
check("copy_csv_after_failure", cur3.fetchall() == [(1, "one, quoted"), (2, None)])

for x in conns:
    x.close()

# authentication_timeout = 1 s: a client that connects and says nothing is dropped.
import os, socket
s = socket.create_connection(("127.0.0.1", int(os.environ["PGPORT"])), timeout=10)
start = time.time()
try:
    data = s.recv(1)
except OSError:
    data = b""
check("stalled_client_dropped", data == b"" and time.time() - start < 5, f"{data!r} after {time.time() - start:.1f}s")
s.close()
time.sleep(0.2)
check("server_serves_after_drop", connect() is not None)
finish()
