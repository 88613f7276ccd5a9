#!/usr/bin/python3
"""psycopg 3's CompositeInfo over a table's row type.

CREATE TABLE gives every table a row type in pg_type (typtype 'c', typrelid the table,
an array type beside it, pg_class.reltype pointing at it); psycopg 3's
CompositeInfo.fetch(conn, "table") finds it through '<name>'::regtype and reads the
field names and types from pg_attribute.
"""
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import Suite, expect, expect_equal  # noqa: E402

try:
    import psycopg
    from psycopg.types.composite import CompositeInfo
except ImportError as e:
    print(f"FAIL setup: {e} (run tests/clients/install-deps.sh)")
    print("0 passed, 1 failed")
    sys.exit(1)

TABLE = "clients_composite_items"
SCHEMA = "clients_composite"


class CompositeChecks:
    def __init__(self):
        self.conn = None

    def connect(self):
        self.conn = psycopg.connect("", autocommit=True)

    def create_tables(self):
        self.conn.execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, name text, price numeric(10,2), "
                          "code varchar(8), seen timestamptz)")
        self.conn.execute(f"CREATE SCHEMA {SCHEMA}")
        self.conn.execute(f"CREATE TABLE {SCHEMA}.pair (a bigint, b boolean)")

    def fetch_table_row_type(self):
        info = CompositeInfo.fetch(self.conn, TABLE)
        expect(info is not None, f"CompositeInfo.fetch({TABLE!r}) found nothing")
        expect_equal(info.field_names, ["id", "name", "price", "code", "seen"], "field names")
        expect_equal(info.field_types, [23, 25, 1700, 1043, 1184], "field type oids")
        expect_equal(info.name, TABLE, "type name")
        expect_equal(info.regtype, TABLE, "regtype text")
        reltype, relid = self.conn.execute("SELECT reltype, oid FROM pg_class WHERE relname = %s",
                                           (TABLE,)).fetchone()
        expect_equal(info.oid, reltype, "row type oid is pg_class.reltype")
        row = self.conn.execute("SELECT typtype, typrelid, typcategory, typarray FROM pg_type WHERE oid = %s",
                                (info.oid,)).fetchone()
        expect_equal(row, ("c", relid, "C", info.array_oid), "pg_type row of the row type")
        array = self.conn.execute("SELECT typname, typelem, typcategory FROM pg_type WHERE oid = %s",
                                  (info.array_oid,)).fetchone()
        expect_equal(array, ("_" + TABLE, info.oid, "A"), "pg_type row of its array type")

    def fetch_qualified_name(self):
        info = CompositeInfo.fetch(self.conn, f"{SCHEMA}.pair")
        expect(info is not None, "CompositeInfo.fetch of a schema-qualified table found nothing")
        expect_equal(info.field_names, ["a", "b"], "field names")
        expect_equal(info.field_types, [20, 16], "field type oids")
        expect_equal(info.regtype, f"{SCHEMA}.pair", "regtype text of a table off the search_path")

    def unknown_name_finds_nothing(self):
        expect_equal(CompositeInfo.fetch(self.conn, "clients_composite_missing"), None, "unknown table")

    def row_types_follow_the_table(self):
        before = CompositeInfo.fetch(self.conn, TABLE).oid
        self.conn.execute(f"DROP TABLE {TABLE}")
        expect_equal(CompositeInfo.fetch(self.conn, TABLE), None, "row type of a dropped table")
        left = self.conn.execute("SELECT count(*) FROM pg_type WHERE oid = %s", (before,)).fetchone()[0]
        expect_equal(left, 0, "pg_type rows left behind by DROP TABLE")

    def drop_schema(self):
        self.conn.execute(f"DROP TABLE {SCHEMA}.pair")
        self.conn.execute(f"DROP SCHEMA {SCHEMA}")
        self.conn.close()


def main():
    suite = Suite()
    checks = CompositeChecks()
    if not suite.check("connect", checks.connect):
        return suite.finish()
    for name in ["create_tables", "fetch_table_row_type", "fetch_qualified_name", "unknown_name_finds_nothing",
                 "row_types_follow_the_table", "drop_schema"]:
        suite.check(name, getattr(checks, name))
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
