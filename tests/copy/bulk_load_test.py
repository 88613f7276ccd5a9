#!/usr/bin/python3
"""Bulk load through a running server (run under tests/harness/with_server), the way
`pgbench -i` does it: one transaction COPYing into several tables, the later-created
tables first, then ALTER TABLE ... ADD PRIMARY KEY over the loaded rows. Checks what a
reader sees inside and after the transaction, that the new key is enforced, that a
duplicate makes ADD PRIMARY KEY fail and leaves the table as it was, and that
INSERT ... SELECT from its own table does not read its own new rows.
Exits 0 on success, 1 with a message otherwise."""
import os
import subprocess
import sys

ROWS = 20000


def psql(script, expect_error=None):
    """Runs a psql script (stdin) in one session; returns stdout, or stderr if the
    expected error happened."""
    proc = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"], input=script,
                          capture_output=True, text=True, timeout=120, env=os.environ)
    if expect_error is not None:
        if proc.returncode == 0 or expect_error not in proc.stderr:
            fail(f"expected error containing {expect_error!r}, got rc={proc.returncode} stderr={proc.stderr!r}")
        return proc.stderr
    if proc.returncode != 0:
        fail(f"psql failed: {proc.stderr}\nscript head: {script[:300]!r}")
    return proc.stdout


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def expect(got, want, what):
    if got != want:
        fail(f"{what}: got {got!r}, want {want!r}")


def copy_block(table, lines):
    return f"COPY {table} FROM STDIN;\n" + "".join(line + "\n" for line in lines) + "\\.\n"


def main():
    psql("DROP TABLE IF EXISTS bl_history, bl_accounts, bl_branches;\n"
         "CREATE TABLE bl_history (id int, note text);\n"
         "CREATE TABLE bl_accounts (aid int NOT NULL, bid int, abalance int, filler char(40));\n"
         "CREATE TABLE bl_branches (bid int NOT NULL, bbalance int, filler char(20));\n")
    # The last-created table first, as pgbench loads branches before accounts; text
    # with escapes and NULLs on the way.
    branches = [f"{b}\t0\t\\N" for b in range(1, 11)]
    accounts = [f"{a}\t{(a - 1) // 2000 + 1}\t0\tx\\ty" for a in range(1, ROWS + 1)]
    history = ["1\tone\\\\two", "2\t\\N"]
    out = psql("BEGIN;\n" + copy_block("bl_branches", branches) + copy_block("bl_accounts", accounts) +
               copy_block("bl_history", history) +
               "SELECT count(*), min(aid), max(aid), sum(bid) FROM bl_accounts;\n"
               "SELECT count(*) FROM bl_branches WHERE filler IS NULL;\n"
               "COMMIT;\n")
    want_sum = sum((a - 1) // 2000 + 1 for a in range(1, ROWS + 1))
    expect(out.split(), [f"{ROWS}|1|{ROWS}|{want_sum}", "10"], "rows seen inside the loading transaction")
    out = psql("SELECT count(*), sum(aid) FROM bl_accounts;\n"
               "SELECT filler FROM bl_accounts WHERE aid = 777;\n"
               "SELECT note FROM bl_history ORDER BY id;\n")
    expect(out.split("\n")[:4], [f"{ROWS}|{ROWS * (ROWS + 1) // 2}", "x\ty" + " " * 37, "one\\two", ""],
           "rows after commit")

    psql("VACUUM bl_accounts;\n"
         "ALTER TABLE bl_branches ADD PRIMARY KEY (bid);\n"
         "ALTER TABLE bl_accounts ADD PRIMARY KEY (aid);\n")
    out = psql("SELECT bid, abalance FROM bl_accounts WHERE aid = 12345;\n"
               "SELECT count(*), sum(aid) FROM bl_accounts;\n"
               "SELECT count(*) FROM bl_accounts WHERE aid BETWEEN 100 AND 199;\n")
    expect(out.split(), ["7|0", f"{ROWS}|{ROWS * (ROWS + 1) // 2}", "100"], "rows under the new primary key")
    err = psql("INSERT INTO bl_accounts VALUES (5, 1, 0, 'dup');\n", expect_error="duplicate key value violates unique constraint")
    if "bl_accounts_pkey" not in err:
        fail(f"duplicate insert names the wrong constraint: {err!r}")

    # A duplicate among loaded rows: ADD PRIMARY KEY fails, the table stays as it was.
    psql("CREATE TABLE bl_dups (k int, v text);\n" +
         copy_block("bl_dups", [f"{k}\tv{k}" for k in list(range(1, 1001)) + [500]]))
    err = psql("ALTER TABLE bl_dups ADD PRIMARY KEY (k);\n", expect_error="could not create unique index")
    if "Key (k)=(500) is duplicated" not in err:
        fail(f"duplicate key detail: {err!r}")
    out = psql("SELECT count(*), count(DISTINCT k) FROM bl_dups;\n"
               "INSERT INTO bl_dups VALUES (500, 'third');\n"
               "SELECT count(*) FROM bl_dups WHERE k = 500;\n")
    expect(out.split(), ["1001|1000", "3"], "table after the failed ADD PRIMARY KEY")

    # INSERT ... SELECT from the table it writes reads only the rows from before.
    out = psql("SET statement_timeout = '10s';\n"
               "CREATE TABLE bl_self (a int PRIMARY KEY);\n"
               "INSERT INTO bl_self SELECT generate_series(1, 100);\n"
               "BEGIN;\n"
               "INSERT INTO bl_self SELECT a + 1000 FROM bl_self;\n"
               "INSERT INTO bl_self SELECT a + 10000 FROM bl_self;\n"
               "SELECT count(*), max(a) FROM bl_self;\n"
               "COMMIT;\n")
    expect(out.split(), ["400|11100"], "INSERT ... SELECT from itself")

    psql("DROP TABLE bl_history, bl_accounts, bl_branches, bl_dups, bl_self;\n")
    print("ok")


if __name__ == "__main__":
    main()
