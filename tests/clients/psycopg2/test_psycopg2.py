#!/usr/bin/python3
"""Real-client suite for psycopg2 (Debian python3-psycopg2), the first client of the quick start.

Connects with libpq's environment (PGHOST, PGPORT, PGUSER, PGDATABASE), as set by
tests/harness/with_server. psycopg2 interpolates %s parameters on the client and sends
everything through the simple query protocol, plus COPY for copy_expert.
"""
import datetime
import decimal
import io
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import Suite, expect, expect_equal, expect_raises  # noqa: E402

try:
    import psycopg2
    import psycopg2.errors
    import psycopg2.pool
except ImportError as e:
    print(f"FAIL setup: {e} (run tests/clients/install-deps.sh)")
    print("0 passed, 1 failed")
    sys.exit(1)

USERS = "clients_psycopg2_users"
BULK = "clients_psycopg2_bulk"
DSN = ""  # everything comes from the PG* environment variables


def connect(autocommit):
    conn = psycopg2.connect(DSN)
    conn.autocommit = autocommit
    return conn


def fetch_user(cur, user_id):
    cur.execute(f"SELECT id, name, email FROM {USERS} WHERE id = %s", (user_id,))
    return cur.fetchone()


class Psycopg2Checks:
    def __init__(self):
        self.conn = None   # autocommit: observes what the transactional connection did
        self.tx = None     # autocommit off, as in the quick start

    def connect(self):
        self.conn = connect(autocommit=True)
        self.tx = connect(autocommit=False)
        with self.conn.cursor() as cur:
            cur.execute("SELECT 1")
            expect_equal(cur.fetchone(), (1,), "SELECT 1")
        expect(self.conn.server_version >= 90000, f"server_version {self.conn.server_version}")

    def create_tables(self):
        with self.conn.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {USERS}, {BULK}")
            cur.execute(f"CREATE TABLE {USERS} (id int PRIMARY KEY, name text NOT NULL, email text)")
            cur.execute(f"CREATE TABLE {BULK} (id int, label text)")
            cur.execute(f"SELECT count(*) FROM {USERS}")
            expect_equal(cur.fetchone(), (0,), "rows in the new table")

    def insert_with_parameters(self):
        with self.conn.cursor() as cur:
            cur.execute(f"INSERT INTO {USERS} VALUES (%s, %s, %s)", (1, "Alice", "alice@example.com"))
            expect_equal(cur.rowcount, 1, "rowcount")
            cur.execute(f"INSERT INTO {USERS} (id, name, email) VALUES (%(id)s, %(name)s, %(email)s)",
                        {"id": 2, "name": "Bob", "email": "bob@example.com"})
            expect_equal(cur.rowcount, 1, "rowcount of the named-parameter insert")

    def select_with_parameters(self):
        with self.conn.cursor() as cur:
            expect_equal(fetch_user(cur, 1), (1, "Alice", "alice@example.com"), "user 1")
            expect_equal([c.name for c in cur.description], ["id", "name", "email"], "column names")
            cur.execute(f"SELECT name FROM {USERS} WHERE id > %s ORDER BY id", (0,))
            expect_equal(cur.fetchall(), [("Alice",), ("Bob",)], "all names")
            expect_equal(fetch_user(cur, 99), None, "missing user")

    def strings_stored_verbatim(self):
        names = {
            10: "O'Reilly",
            11: 'say "hi"',
            12: "back\\slash and \\x00 text",
            13: f"'; DROP TABLE {USERS}; --",
            14: "Zoë ✓ 日本",
            15: "multi\nline\ttabbed",
        }
        with self.conn.cursor() as cur:
            for user_id, name in names.items():
                cur.execute(f"INSERT INTO {USERS} VALUES (%s, %s, NULL)", (user_id, name))
            for user_id, name in names.items():
                expect_equal(fetch_user(cur, user_id), (user_id, name, None), f"user {user_id}")
            cur.execute(f"SELECT count(*) FROM {USERS}")
            expect_equal(cur.fetchone(), (2 + len(names),), "rows after the injection payload")

    def typed_values_round_trip(self):
        values = (9007199254740993, 2.5, decimal.Decimal("12345.678900"), True, None,
                  datetime.date(2024, 2, 29))
        with self.conn.cursor() as cur:
            cur.execute("SELECT %s::int8, %s::float8, %s::numeric, %s::bool, %s::text, %s::date", values)
            row = cur.fetchone()
            expect_equal(row, values, "row")
            expect_equal([type(v) for v in row], [type(v) for v in values], "Python types")

    def commit_makes_rows_visible(self):
        with self.tx.cursor() as cur:
            cur.execute(f"INSERT INTO {USERS} VALUES (%s, %s, %s)", (20, "David", "david@example.com"))
        with self.conn.cursor() as observer:
            expect_equal(fetch_user(observer, 20), None, "row seen by another session before COMMIT")
            self.tx.commit()
            expect_equal(fetch_user(observer, 20), (20, "David", "david@example.com"),
                         "row seen by another session after COMMIT")

    def rollback_discards_rows(self):
        with self.tx.cursor() as cur:
            cur.execute(f"INSERT INTO {USERS} VALUES (%s, %s, NULL)", (21, "Ghost"))
            cur.execute(f"UPDATE {USERS} SET email = %s WHERE id = %s", ("changed@example.com", 1))
            expect_equal(fetch_user(cur, 21), (21, "Ghost", None), "own uncommitted insert")
        self.tx.rollback()
        with self.tx.cursor() as cur:
            expect_equal(fetch_user(cur, 21), None, "rolled-back insert")
            expect_equal(fetch_user(cur, 1), (1, "Alice", "alice@example.com"), "rolled-back update")
        self.tx.rollback()

    def update_and_delete_rowcount(self):
        with self.conn.cursor() as cur:
            cur.execute(f"UPDATE {USERS} SET email = %s WHERE id IN (10, 11, 12)", ("x@example.com",))
            expect_equal(cur.rowcount, 3, "UPDATE rowcount")
            cur.execute(f"DELETE FROM {USERS} WHERE id = %s", (15,))
            expect_equal(cur.rowcount, 1, "DELETE rowcount")
            cur.execute(f"DELETE FROM {USERS} WHERE id = %s", (15,))
            expect_equal(cur.rowcount, 0, "rowcount of a DELETE that matched nothing")

    def executemany_1000_rows(self):
        rows = [(i, f"row-{i}") for i in range(1, 1001)]
        with self.tx.cursor() as cur:
            cur.executemany(f"INSERT INTO {BULK} (id, label) VALUES (%s, %s)", rows)
        self.tx.commit()
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT count(*), sum(id), min(label), max(id) FROM {BULK}")
            expect_equal(cur.fetchone(), (1000, 500500, "row-1", 1000), "count, sum, min, max")
            cur.execute(f"SELECT label FROM {BULK} WHERE id = %s", (777,))
            expect_equal(cur.fetchall(), [("row-777",)], "row 777")

    def named_cursor_fetches_in_batches(self):
        # A named cursor is DECLARE ... CURSOR plus FETCH FORWARD itersize, inside a transaction.
        with self.tx.cursor(name="clients_psycopg2_cursor") as cur:
            cur.itersize = 128
            cur.execute(f"SELECT id FROM {BULK} ORDER BY id")
            ids = [row[0] for row in cur]
        self.tx.commit()
        expect_equal(ids, list(range(1, 1001)), "ids fetched through the named cursor")

    def simple_connection_pool(self):
        pool = psycopg2.pool.SimpleConnectionPool(1, 3, DSN)
        try:
            conns = [pool.getconn() for _ in range(3)]
            expect_equal(len({id(c) for c in conns}), 3, "distinct pooled connections")
            pids = {c.get_backend_pid() for c in conns}
            expect_equal(len(pids), 3, "distinct backend process ids")
            for i, c in enumerate(conns):
                with c.cursor() as cur:
                    cur.execute("SELECT %s + 1", (i,))
                    expect_equal(cur.fetchone(), (i + 1,), f"query on pooled connection {i}")
                c.rollback()
            expect_raises(psycopg2.pool.PoolError, pool.getconn, "getconn beyond maxconn")
            pool.putconn(conns[0])
            again = pool.getconn()
            with again.cursor() as cur:
                cur.execute(f"SELECT name FROM {USERS} WHERE id = %s", (2,))
                expect_equal(cur.fetchone(), ("Bob",), "query on a returned-and-reused connection")
            again.rollback()
        finally:
            pool.closeall()

    def copy_expert_in(self):
        csv = ('30,"Smith, ""Jay""",jay@example.com\n'
               '31,Plain,\n'
               '32,"two\nlines",""\n')
        with self.conn.cursor() as cur:
            cur.copy_expert(f"COPY {USERS} (id, name, email) FROM STDIN WITH (FORMAT csv)", io.StringIO(csv))
            expect_equal(cur.rowcount, 3, "rowcount of COPY FROM")
            cur.execute(f"SELECT id, name, email FROM {USERS} WHERE id >= 30 ORDER BY id")
            expect_equal(cur.fetchall(), [(30, 'Smith, "Jay"', "jay@example.com"),
                                          (31, "Plain", None),
                                          (32, "two\nlines", "")], "copied rows")

    def copy_expert_out(self):
        out = io.StringIO()
        with self.conn.cursor() as cur:
            cur.copy_expert(f"COPY (SELECT id, name, email FROM {USERS} WHERE id >= 30 ORDER BY id) "
                            "TO STDOUT WITH (FORMAT csv, HEADER)", out)
            expect_equal(cur.rowcount, 3, "rowcount of COPY TO")
        expect_equal(out.getvalue(),
                     'id,name,email\n30,"Smith, ""Jay""",jay@example.com\n31,Plain,\n32,"two\nlines",""\n',
                     "CSV")
        out = io.StringIO()
        with self.conn.cursor() as cur:
            cur.copy_expert(f"COPY (SELECT id, name FROM {USERS} WHERE id IN (10, 15, 31) ORDER BY id) TO STDOUT", out)
        expect_equal(out.getvalue(), "10\tO'Reilly\n31\tPlain\n", "text format")

    def syntax_error_has_pgcode(self):
        with self.conn.cursor() as cur:
            e = expect_raises(psycopg2.Error, lambda: cur.execute("SELEC 1"), "syntax error")
        expect_equal(e.pgcode, "42601", "pgcode")
        expect(isinstance(e, psycopg2.errors.SyntaxError), f"exception class {type(e).__name__}")
        expect_equal(e.diag.sqlstate, "42601", "diag.sqlstate")
        expect_equal(e.diag.severity, "ERROR", "diag.severity")
        expect('"SELEC"' in e.pgerror, f"message names the bad token: {e.pgerror!r}")

    def undefined_table_has_pgcode(self):
        with self.conn.cursor() as cur:
            e = expect_raises(psycopg2.Error, lambda: cur.execute("SELECT * FROM clients_psycopg2_missing"),
                              "undefined table")
        expect_equal(e.pgcode, "42P01", "pgcode")
        expect(isinstance(e, psycopg2.errors.UndefinedTable), f"exception class {type(e).__name__}")

    def unique_violation_has_pgcode(self):
        with self.conn.cursor() as cur:
            e = expect_raises(psycopg2.IntegrityError,
                              lambda: cur.execute(f"INSERT INTO {USERS} VALUES (1, 'Again', NULL)"),
                              "duplicate primary key")
        expect_equal(e.pgcode, "23505", "pgcode")
        expect(isinstance(e, psycopg2.errors.UniqueViolation), f"exception class {type(e).__name__}")

    def connection_usable_after_rollback(self):
        with self.tx.cursor() as cur:
            e = expect_raises(psycopg2.Error, lambda: cur.execute("SELECT 1 / 0"), "division by zero")
            expect_equal(e.pgcode, "22012", "pgcode of the division by zero")
            e = expect_raises(psycopg2.Error, lambda: cur.execute("SELECT 1"), "statement in a failed transaction")
            expect_equal(e.pgcode, "25P02", "pgcode in the failed transaction")
        expect_equal(self.tx.get_transaction_status(), psycopg2.extensions.TRANSACTION_STATUS_INERROR,
                     "transaction status after the error")
        self.tx.rollback()
        expect_equal(self.tx.get_transaction_status(), psycopg2.extensions.TRANSACTION_STATUS_IDLE,
                     "transaction status after rollback")
        with self.tx.cursor() as cur:
            expect_equal(fetch_user(cur, 2), (2, "Bob", "bob@example.com"), "query after rollback")
        self.tx.commit()

    def end_open_transaction(self):
        """After a failed check: roll back, so its aborted transaction does not fail the next one."""
        if self.tx is not None and not self.tx.closed:
            self.tx.rollback()

    def drop_tables(self):
        with self.conn.cursor() as cur:
            cur.execute(f"DROP TABLE {USERS}, {BULK}")
        self.conn.close()
        self.tx.close()


def main():
    suite = Suite()
    checks = Psycopg2Checks()
    if not suite.check("connect", checks.connect):
        return suite.finish()  # nothing else can run
    for name in ["create_tables", "insert_with_parameters", "select_with_parameters",
                 "strings_stored_verbatim", "typed_values_round_trip", "commit_makes_rows_visible",
                 "rollback_discards_rows", "update_and_delete_rowcount", "executemany_1000_rows",
                 "named_cursor_fetches_in_batches", "simple_connection_pool", "copy_expert_in",
                 "copy_expert_out", "syntax_error_has_pgcode", "undefined_table_has_pgcode",
                 "unique_violation_has_pgcode", "connection_usable_after_rollback", "drop_tables"]:
        if not suite.check(name, getattr(checks, name)):
            checks.end_open_transaction()
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
