#!/usr/bin/python3
"""Prints what SQLAlchemy 1.4's PostgreSQL inspector reflects from the schema in
schema.sql, then reflects that schema into a MetaData, creates a copy of it in a second
schema with create_all() and prints the copy's reflection too. compare.sh diffs this
output between PostgreSQL 15 and Plinth.

    sqlalchemy_dump.py SCHEMA_SQL     (connects to PGHOST/PGPORT/PGUSER/PGDATABASE)

Exits 1 when a call fails; the failure is printed in place of its result.
"""
import os
import sys

import sqlalchemy as sa

SCHEMA = "meta"
COPY = "meta_copy"
failed = False


def show(title, call):
    global failed
    print("== " + title)
    try:
        result = call()
    except Exception as e:  # a failing call is part of the output, not the end of it
        print("FAILED " + type(e).__name__ + ": " + str(e).splitlines()[0])
        failed = True
        return None
    for line in render(result):
        print(line)
    return result


def render(value):
    """Stable text: dicts with sorted keys, types by their DDL spelling."""
    if isinstance(value, list):
        return [" ".join(render(v)) for v in value] or ["(none)"]
    if isinstance(value, dict):
        parts = []
        for k in sorted(value):
            v = value[k]
            if isinstance(v, sa.types.TypeEngine):
                v = repr(v)
            elif isinstance(v, (list, dict)):
                v = " ".join(render(v))
            parts.append("%s=%s" % (k, v))
        return ["{" + ", ".join(parts) + "}"]
    return [repr(value)]


def dump_schema(engine, schema):
    insp = sa.inspect(engine)
    # Sorted: without ORDER BY, the catalog order is unspecified in PostgreSQL too.
    tables = show("get_table_names " + schema, lambda: sorted(insp.get_table_names(schema=schema))) or []
    show("get_view_names " + schema, lambda: insp.get_view_names(schema=schema))
    show("get_sequence_names " + schema, lambda: insp.get_sequence_names(schema=schema))
    for t in tables:
        show("get_columns " + t, lambda: insp.get_columns(t, schema=schema))
        show("get_pk_constraint " + t, lambda: insp.get_pk_constraint(t, schema=schema))
        show("get_foreign_keys " + t, lambda: insp.get_foreign_keys(t, schema=schema))
        show("get_indexes " + t, lambda: sorted(insp.get_indexes(t, schema=schema), key=lambda i: i["name"]))
        show("get_unique_constraints " + t, lambda: insp.get_unique_constraints(t, schema=schema))
        show("get_check_constraints " + t, lambda: insp.get_check_constraints(t, schema=schema))


def copy_schema(engine):
    """MetaData.reflect() the schema, then create_all() the same tables in COPY."""
    source = sa.MetaData()
    source.reflect(bind=engine, schema=SCHEMA)
    target = sa.MetaData()
    for table in source.sorted_tables:
        table.to_metadata(target, schema=COPY)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE SCHEMA " + COPY))
        target.create_all(conn)
    return sorted(t.name for t in target.sorted_tables)


def main():
    url = "postgresql+psycopg2://%s@%s:%s/%s" % (
        os.environ["PGUSER"], os.environ["PGHOST"], os.environ["PGPORT"], os.environ["PGDATABASE"])
    engine = sa.create_engine(url)
    script = open(sys.argv[1]).read()
    statements = "\n".join(l for l in script.splitlines() if not l.strip().startswith("--")).split(";\n")
    with engine.begin() as conn:
        for statement in statements:
            if statement.strip():
                conn.execute(sa.text(statement))
    dump_schema(engine, SCHEMA)
    if show("MetaData.reflect + create_all into " + COPY, lambda: copy_schema(engine)) is not None:
        dump_schema(engine, COPY)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
