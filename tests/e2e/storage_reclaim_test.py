"""Storage freed by DROP TABLE and table rewrites is deleted in the background, also
after a crash (engine/session/storage_reclaimer.h). Counts LMDB's entries directly
(liblmdb through ctypes, a read-only reader beside the running server).
usage: storage_reclaim_test.py PLINTH_BINARY"""
import ctypes, os, shutil, signal, subprocess, sys, tempfile, time

binary = sys.argv[1]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))
from tally import check, finish  # noqa: E402
from ports import free_port, wait_listening  # noqa: E402

lmdb = ctypes.CDLL("liblmdb.so.0")
MDB_RDONLY = 0x20000


class MDBStat(ctypes.Structure):
    _fields_ = [("ms_psize", ctypes.c_uint), ("ms_depth", ctypes.c_uint), ("ms_branch_pages", ctypes.c_size_t),
                ("ms_leaf_pages", ctypes.c_size_t), ("ms_overflow_pages", ctypes.c_size_t),
                ("ms_entries", ctypes.c_size_t)]


def lmdb_entries(path):
    """Entries in the LMDB environment at path, as a separate read-only process sees them."""
    env, txn, dbi, st = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_uint(), MDBStat()
    assert lmdb.mdb_env_create(ctypes.byref(env)) == 0
    try:
        lmdb.mdb_env_set_mapsize(env, ctypes.c_size_t(1 << 36))
        rc = lmdb.mdb_env_open(env, path.encode(), MDB_RDONLY, 0o600)
        assert rc == 0, f"mdb_env_open: {rc}"
        assert lmdb.mdb_txn_begin(env, None, MDB_RDONLY, ctypes.byref(txn)) == 0
        assert lmdb.mdb_dbi_open(txn, None, 0, ctypes.byref(dbi)) == 0
        assert lmdb.mdb_stat(txn, dbi, ctypes.byref(st)) == 0
        lmdb.mdb_txn_abort(txn)
        return st.ms_entries
    finally:
        lmdb.mdb_env_close(env)


class Server:
    def __init__(self, data_dir):
        self.port = free_port()
        # Flush the write-ahead log often, so that LMDB's entry count follows soon.
        self.proc = subprocess.Popen([binary, "-D", data_dir, "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                                      "-c", "plugins.storage=storage_lmdb", "-c", "storage_lmdb.flush_interval_ms=20",
                                      "-c", "log_min_messages=warning"])
        wait_listening(self.proc, self.port)

    def sql(self, *statements):
        args = ["psql", "-X", "-At", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
        for s in statements: args += ["-c", s]
        r = subprocess.run(args, capture_output=True, text=True, timeout=60)
        return r.stdout.strip() if r.returncode == 0 else f"<error {r.stderr.strip()}>"

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(20)


def settles(path, wanted, seconds=30):
    """Polls LMDB's entry count until wanted(count) holds; returns (ok, last count)."""
    deadline = time.time() + seconds
    count = lmdb_entries(path)
    while not wanted(count) and time.time() < deadline:
        time.sleep(0.1)
        count = lmdb_entries(path)
    return wanted(count), count


tmp = tempfile.mkdtemp()
data = os.path.join(tmp, "data")
env_path = os.path.join(data, "lmdb")
server = Server(data)
try:
    server.sql("CREATE TABLE anchor (id int PRIMARY KEY)", "INSERT INTO anchor VALUES (1)")
    ok, base = settles(env_path, lambda n: n > 0)
    time.sleep(0.3)
    base = lmdb_entries(env_path)
    rows = 100000
    server.sql("CREATE TABLE t (a int, b text)", f"INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, {rows}) g")
    ok, n = settles(env_path, lambda n: n >= base + rows)
    check("rows_reach_lmdb", ok, f"{n} entries, base {base}")

    # The rewrite writes 100 000 rows under the new key; the old 100 000 go afterwards.
    server.sql("ALTER TABLE t ADD PRIMARY KEY (a)")
    got = server.sql("SELECT count(*), sum(a) FROM t")
    check("rewrite_answers", got == f"{rows}|{rows * (rows + 1) // 2}", got)
    ok, n = settles(env_path, lambda n: base + rows <= n <= base + rows + 20)
    check("rewrite_frees_old_rows", ok, f"{n} entries, expected about {base + rows}")

    server.sql("DROP TABLE t")
    ok, n = settles(env_path, lambda n: n <= base + 20)
    check("drop_frees_rows", ok, f"{n} entries, base {base}")

    # Rows written into a table created and dropped in the same committed transaction,
    # and rows inserted before a TRUNCATE in it, leave nothing behind either.
    server.sql("CREATE TABLE keep (a int)")
    server.sql("BEGIN", "CREATE TABLE brief (a int)", "INSERT INTO brief SELECT generate_series(1, 50000)",
               "DROP TABLE brief", "INSERT INTO keep SELECT generate_series(1, 50000)", "TRUNCATE keep",
               "INSERT INTO keep VALUES (1)", "COMMIT")
    got = server.sql("SELECT count(*) FROM keep")
    check("truncate_in_transaction_answers", got == "1", got)
    ok, n = settles(env_path, lambda n: n <= base + 21)
    check("created_and_dropped_in_one_transaction_leaves_nothing", ok, f"{n} entries, base {base}")
    server.sql("DROP TABLE keep")

    # ADD PRIMARY KEY writes its new range straight to storage while keys ascend; a key
    # out of order (here after more than one 16 MiB chunk) makes it start over through
    # the write buffer, and the abandoned range must go too. A failed ALTER leaves none.
    many = 300000
    server.sql("CREATE TABLE v (a int, b text)",
               f"INSERT INTO v SELECT g, repeat('x', 60) FROM generate_series(1, {many}) g",
               "INSERT INTO v VALUES (0, 'first by key, last by row id')")
    ok, n = settles(env_path, lambda n: n >= base + many + 1)
    check("unordered_rows_reach_lmdb", ok, f"{n} entries")
    server.sql("ALTER TABLE v ADD PRIMARY KEY (a)")
    got = server.sql("SELECT count(*), min(a), max(a) FROM v")
    check("unordered_rewrite_answers", got == f"{many + 1}|0|{many}", got)
    ok, n = settles(env_path, lambda n: base + many + 1 <= n <= base + many + 20)
    check("unordered_rewrite_frees_abandoned_range", ok, f"{n} entries, expected about {base + many + 1}")
    server.sql("ALTER TABLE v DROP CONSTRAINT v_pkey", "INSERT INTO v VALUES (7, 'again')")
    ok, n = settles(env_path, lambda n: base + many + 2 <= n <= base + many + 20)
    got = server.sql("ALTER TABLE v ADD PRIMARY KEY (a)")
    check("duplicate_refused", "is duplicated" in got, got)
    ok, n = settles(env_path, lambda n: base + many + 2 <= n <= base + many + 20)
    check("failed_rewrite_leaves_nothing", ok, f"{n} entries, expected about {base + many + 2}")
    server.sql("DROP TABLE v")
    ok, n = settles(env_path, lambda n: n <= base + 20)
    check("drop_after_rewrites_frees_rows", ok, f"{n} entries, base {base}")

    # A crash right after DROP: the range is recorded as dead in the DROP's commit, so
    # the restarted server finishes deleting it.
    big = 300000
    server.sql("CREATE TABLE u (a int, b text)", f"INSERT INTO u SELECT g, repeat('x', 50) FROM generate_series(1, {big}) g")
    ok, n = settles(env_path, lambda n: n >= base + big)
    check("big_rows_reach_lmdb", ok, f"{n} entries")
    server.sql("DROP TABLE u")
    server.stop(signal.SIGKILL)
    after_kill = lmdb_entries(env_path)
    server = Server(data)
    ok, n = settles(env_path, lambda n: n <= base + 20)
    check("drop_resumes_after_crash", ok, f"{n} entries after restart ({after_kill} at the kill), base {base}")
    got = server.sql("SELECT count(*) FROM anchor")
    check("data_intact_after_restart", got == "1", got)

    # A crash in the middle of ADD PRIMARY KEY: the chunks it wrote belong to no table;
    # the restarted server finds and deletes them, and the table is as before or after.
    rows_w = 600000
    server.sql("CREATE TABLE w (a int, b text)", f"INSERT INTO w SELECT g, repeat('y', 60) FROM generate_series(1, {rows_w}) g")
    ok, n = settles(env_path, lambda n: n >= base + rows_w)
    alter = subprocess.Popen(["psql", "-X", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres",
                              "-c", "ALTER TABLE w ADD PRIMARY KEY (a)"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.25)
    server.stop(signal.SIGKILL)
    alter.wait(20)
    at_kill = lmdb_entries(env_path)
    server = Server(data)
    ok, n = settles(env_path, lambda n: base + rows_w <= n <= base + rows_w + 20)
    check("crashed_rewrite_leaves_nothing", ok, f"{n} entries after restart ({at_kill} at the kill), expected about {base + rows_w}")
    got = server.sql("SELECT count(*), sum(a) FROM w")
    check("crashed_rewrite_table_intact", got == f"{rows_w}|{rows_w * (rows_w + 1) // 2}", got)
    server.sql("DROP TABLE w")
    got = server.sql("SELECT count(*) FROM pg_class WHERE relname = 'u'")
    check("dropped_table_gone", got == "0", got)
    print(f"  (entries at the kills: {after_kill} after DROP, {at_kill} during ALTER; base {base})")
finally:
    server.stop()
    shutil.rmtree(tmp, ignore_errors=True)
finish()
