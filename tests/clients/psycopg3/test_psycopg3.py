#!/usr/bin/python3
"""Real-client suite for psycopg 3 (Debian python3-psycopg).

Unlike psycopg2, psycopg 3 binds parameters on the server (extended query protocol:
Parse/Bind/Execute with $n placeholders), can ask for binary results, pipelines
executemany, streams COPY through cursor.copy() and cancels a running query with a
CancelRequest on a separate connection.
"""
import datetime
import decimal
import os
import sys
import threading
import time
import uuid

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import Suite, expect, expect_equal, expect_raises  # noqa: E402

try:
    import psycopg
    import psycopg.errors
    from psycopg.types.json import Json, Jsonb
except ImportError as e:
    print(f"FAIL setup: {e} (run tests/clients/install-deps.sh)")
    print("0 passed, 1 failed")
    sys.exit(1)

USERS = "clients_psycopg3_users"

UTC = datetime.timezone.utc

# (type name, SQL literal, value psycopg 3 must load from text and from binary results)
TYPED_VALUES = [
    ("int2", "(-32768)::int2", -32768),
    ("int4", "2147483647::int4", 2147483647),
    ("int8", "(-9223372036854775808)::int8", -9223372036854775808),
    ("float4", "1.5::float4", 1.5),
    ("float8", "-0.125::float8", -0.125),
    ("bool_true", "true", True),
    ("bool_false", "false", False),
    ("text", "'Zoë says ''hi'''::text", "Zoë says 'hi'"),
    ("varchar", "'abc'::varchar(10)", "abc"),
    ("bytea", "'\\x00ff10'::bytea", b"\x00\xff\x10"),
    ("numeric", "12345678901234567890.123456789::numeric", decimal.Decimal("12345678901234567890.123456789")),
    ("numeric_negative", "-0.0001::numeric", decimal.Decimal("-0.0001")),
    ("date", "'2024-02-29'::date", datetime.date(2024, 2, 29)),
    ("time", "'13:14:15.123456'::time", datetime.time(13, 14, 15, 123456)),
    ("timestamp", "'2001-02-03 04:05:06.789'::timestamp", datetime.datetime(2001, 2, 3, 4, 5, 6, 789000)),
    ("timestamptz", "'2001-02-03 04:05:06+00'::timestamptz", datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)),
    ("interval", "'1 day 02:03:04'::interval", datetime.timedelta(days=1, hours=2, minutes=3, seconds=4)),
    ("uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
    ("json", "'{\"a\": [1, 2, null]}'::json", {"a": [1, 2, None]}),
    ("jsonb", "'{\"b\": true, \"a\": \"x\"}'::jsonb", {"a": "x", "b": True}),
    ("oid", "4294967295::oid", 4294967295),
    ("int4_array", "ARRAY[1, NULL, -3]::int4[]", [1, None, -3]),
    # Plinth supports one-dimensional arrays (docs/types.md); PostgreSQL's multidimensional
    # arrays are a known gap, so this check uses a one-dimensional literal.
    ("int8_array", "'{1,2,-9223372036854775808}'::int8[]", [1, 2, -9223372036854775808]),
    ("text_array", "ARRAY['a', 'b c', NULL, 'd\"e', '']::text[]", ["a", "b c", None, 'd"e', ""]),
    ("null", "NULL::int4", None),
]

# Values sent as binary parameters (%b) and read back as binary results.
BINARY_PARAMETERS = [
    ("int", 123456789012),
    ("float", 3.25),
    ("text", "binary 'quoted' ✓"),
    ("bytes", b"\x00\x01\xfe\xff"),
    ("decimal", decimal.Decimal("-98765.4321")),
    ("date", datetime.date(1999, 12, 31)),
    ("timestamptz", datetime.datetime(2020, 5, 17, 1, 2, 3, 4000, tzinfo=UTC)),
    ("uuid", uuid.UUID("12345678-1234-5678-1234-567812345678")),
    ("bool", False),
    ("int_list", [5, 6, 7]),
]


def connect(autocommit=True):
    return psycopg.connect("", autocommit=autocommit)


class Psycopg3Checks:
    def __init__(self, suite):
        self.suite = suite  # typed_checks reports one check per type itself
        self.conn = None

    def connect(self):
        self.conn = connect()
        # TimeZone fixes how timestamptz comes back in text form; a client setting it is normal.
        self.conn.execute("SET TIME ZONE 'UTC'")
        expect_equal(self.conn.execute("SELECT 1").fetchone(), (1,), "SELECT 1")
        expect(self.conn.info.server_version >= 90000, f"server_version {self.conn.info.server_version}")

    def create_table(self):
        self.conn.execute(f"DROP TABLE IF EXISTS {USERS}")
        self.conn.execute(f"CREATE TABLE {USERS} (id int PRIMARY KEY, name text NOT NULL, email text)")

    def server_side_binding(self):
        cur = self.conn.cursor()
        cur.execute(f"INSERT INTO {USERS} VALUES (%s, %s, %s)", (1, "Alice", "alice@example.com"))
        expect_equal(cur.rowcount, 1, "rowcount")
        payload = f"'; DROP TABLE {USERS}; --"
        cur.execute(f"INSERT INTO {USERS} VALUES (%(id)s, %(name)s, %(email)s)",
                    {"id": 2, "name": payload, "email": None})
        cur.execute(f"SELECT id, name, email FROM {USERS} WHERE id = %s", (2,))
        expect_equal(cur.fetchone(), (2, payload, None), "payload stored verbatim")
        cur.execute("SELECT %s::int + %s::int, %s || %s", (40, 2, "ab", "cd"))
        expect_equal(cur.fetchone(), (42, "abcd"), "computed from parameters")

    def prepared_statement_reused(self):
        cur = self.conn.cursor()
        names = [cur.execute(f"SELECT name FROM {USERS} WHERE id = %s", (1,), prepare=True).fetchone()
                 for _ in range(4)]
        expect_equal(names, [("Alice",)] * 4, "results of the prepare=True statement")
        # The same through libpq directly: Parse a named statement, Describe it, Bind/Execute twice.
        pgconn = self.conn.pgconn
        statement = b"clients_psycopg3_by_id"
        prepared = pgconn.prepare(statement, f"SELECT id, name FROM {USERS} WHERE id = $1".encode(), [23])
        expect_equal(prepared.status, psycopg.pq.ExecStatus.COMMAND_OK, "Parse status")
        described = pgconn.describe_prepared(statement)
        expect_equal((described.nparams, described.nfields), (1, 2), "parameters and columns described")
        expect_equal((described.param_type(0), described.ftype(0), described.ftype(1)), (23, 23, 25),
                     "parameter and column type OIDs")
        for user_id, name in [(b"1", b"Alice"), (b"2", f"'; DROP TABLE {USERS}; --".encode())]:
            result = pgconn.exec_prepared(statement, [user_id])
            expect_equal(result.status, psycopg.pq.ExecStatus.TUPLES_OK, "Execute status")
            expect_equal((result.ntuples, result.get_value(0, 1)), (1, name), f"row for id {user_id!r}")
        self.conn.execute(f"DEALLOCATE {statement.decode()}")

    def executemany_pipelined(self):
        rows = [(1000 + i, f"user-{i}", f"u{i}@example.com") for i in range(200)]
        with self.conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {USERS} VALUES (%s, %s, %s)", rows)
            cur.execute(f"SELECT count(*), sum(id) FROM {USERS} WHERE id >= 1000")
            expect_equal(cur.fetchone(), (200, sum(r[0] for r in rows)), "count and sum of inserted ids")

    def typed_checks(self, binary):
        """One check per type, each its own query, so one unsupported type masks no other."""
        prefix, wanted_format = ("binary", 1) if binary else ("text", 0)
        cur = self.conn.cursor(binary=binary)

        def check_one(literal, expected):
            got = cur.execute(f"SELECT {literal}").fetchone()[0]
            expect_equal(cur.pgresult.fformat(0), wanted_format, "result column format")
            expect_equal(got, expected, "value")
            expect_equal(type(got), type(expected), "Python type")

        for name, literal, expected in TYPED_VALUES:
            self.suite.check(f"{prefix}_{name}", lambda lit=literal, want=expected: check_one(lit, want))

    def binary_parameters_round_trip(self):
        cur = self.conn.cursor(binary=True)
        for name, value in BINARY_PARAMETERS:
            got = cur.execute("SELECT %b", (value,)).fetchone()[0]
            expect_equal(got, value, name)
        got = cur.execute("SELECT %b::json, %b::jsonb", (Json({"k": [1]}), Jsonb({"k": "v"}))).fetchone()
        expect_equal(got, ({"k": [1]}, {"k": "v"}), "json and jsonb parameters")

    def copy_in(self):
        rows = [(200 + i, f"copied {i}", None if i % 2 else f"c{i}@example.com") for i in range(50)]
        rows.append((250, "tab\there, back\\slash, newline\nend", "x"))
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY {USERS} (id, name, email) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            expect_equal(cur.rowcount, len(rows), "rowcount of COPY FROM")
            cur.execute(f"SELECT id, name, email FROM {USERS} WHERE id BETWEEN 200 AND 299 ORDER BY id")
            expect_equal(cur.fetchall(), rows, "copied rows")

    def copy_out(self):
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY (SELECT id, name, email FROM {USERS} WHERE id IN (1, 201, 250) ORDER BY id) "
                          "TO STDOUT") as copy:
                copy.set_types(["int4", "text", "text"])
                rows = list(copy.rows())
        expect_equal(rows, [(1, "Alice", "alice@example.com"), (201, "copied 1", None),
                            (250, "tab\there, back\\slash, newline\nend", "x")], "rows")
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY (SELECT id, email FROM {USERS} WHERE id IN (1, 201) ORDER BY id) "
                          "TO STDOUT WITH (FORMAT csv)") as copy:
                data = b"".join(bytes(block) for block in copy)
        expect_equal(data, b"1,alice@example.com\n201,\n", "raw CSV blocks")

    def cancel_long_query(self):
        conn = connect()
        try:
            timer = threading.Timer(0.5, conn.cancel)
            started = time.monotonic()
            timer.start()
            try:
                e = expect_raises(psycopg.errors.QueryCanceled,
                                  lambda: conn.execute("SELECT pg_sleep(10)"), "pg_sleep(10)")
            finally:
                timer.cancel()
            elapsed = time.monotonic() - started
            expect_equal(e.sqlstate, "57014", "sqlstate")
            expect(elapsed < 5, f"cancelled after {elapsed:.1f} s")
            expect_equal(conn.execute("SELECT 'alive'").fetchone(), ("alive",), "query after the cancel")
        finally:
            conn.close()

    def error_has_sqlstate(self):
        e = expect_raises(psycopg.errors.SyntaxError, lambda: self.conn.execute("SELEC 1"), "syntax error")
        expect_equal(e.sqlstate, "42601", "sqlstate")
        expect('"SELEC"' in e.diag.message_primary, f"message {e.diag.message_primary!r}")
        e = expect_raises(psycopg.errors.UniqueViolation,
                          lambda: self.conn.execute(f"INSERT INTO {USERS} VALUES (%s, 'x', NULL)", (1,)),
                          "duplicate key")
        expect_equal(e.sqlstate, "23505", "sqlstate of the duplicate key")
        e = expect_raises(psycopg.errors.DataError,
                          lambda: self.conn.execute("SELECT %s::int", ("not a number",)),
                          "invalid integer parameter")
        expect_equal(e.sqlstate, "22P02", "sqlstate of the bad parameter")
        expect_equal(self.conn.execute("SELECT 'usable'").fetchone(), ("usable",), "query after errors")

    def transaction_blocks(self):
        conn = connect(autocommit=False)
        try:
            with conn.transaction():
                conn.execute(f"INSERT INTO {USERS} VALUES (300, 'committed', NULL)")

            def failing_block():
                with conn.transaction():
                    conn.execute(f"INSERT INTO {USERS} VALUES (301, 'rolled back', NULL)")
                    conn.execute("SELECT 1 / 0")
            expect_raises(psycopg.errors.DivisionByZero, failing_block, "division by zero in a block")
            conn.commit()
        finally:
            conn.close()
        got = self.conn.execute(f"SELECT id FROM {USERS} WHERE id IN (300, 301) ORDER BY id").fetchall()
        expect_equal(got, [(300,)], "ids visible after the two blocks")

    def type_info_fetch(self):
        # TypeInfo.fetch looks a type up with `%s::regtype` and reads oid::regtype::text
        # back: regtype input and output by name, and pg_type's row for the type.
        from psycopg.types import TypeInfo
        for name, oid, array_oid, regtype in [("jsonb", 3802, 3807, "jsonb"), ("int4", 23, 1007, "integer"),
                                              ("text", 25, 1009, "text"),
                                              ("character varying", 1043, 1015, "character varying")]:
            info = TypeInfo.fetch(self.conn, name)
            expect(info is not None, f"TypeInfo.fetch({name!r}) found nothing")
            expect_equal((info.name, info.oid, info.array_oid, info.regtype), (info.name, oid, array_oid, regtype),
                         f"TypeInfo of {name}")
        expect_equal(TypeInfo.fetch(self.conn, "no_such_type"), None, "TypeInfo of an unknown type")

    def drop_table(self):
        self.conn.execute(f"DROP TABLE {USERS}")
        self.conn.close()


def main():
    suite = Suite()
    checks = Psycopg3Checks(suite)
    if not suite.check("connect", checks.connect):
        return suite.finish()
    for name in ["create_table", "server_side_binding", "prepared_statement_reused", "executemany_pipelined"]:
        suite.check(name, getattr(checks, name))
    checks.typed_checks(binary=False)
    checks.typed_checks(binary=True)
    for name in ["binary_parameters_round_trip", "copy_in", "copy_out", "cancel_long_query",
                 "error_has_sqlstate", "transaction_blocks", "type_info_fetch", "drop_table"]:
        suite.check(name, getattr(checks, name))
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
