"""Several databases per server, and ALTER DATABASE/ROLE ... SET defaults (issue #4),
checked with psql against a real plinth process on storage_lmdb (with a restart) and
on storage_memory. Error texts and SQLSTATEs are PostgreSQL 15's.
usage: databases_test.py PLINTH_BINARY"""
import os, shutil, signal, socket, struct, subprocess, sys, tempfile, time

binary = sys.argv[1]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))
from tally import check, finish  # noqa: E402
from ports import free_port, wait_listening  # noqa: E402


class Server:
    def __init__(self, data_dir, storage):
        self.port = free_port()
        self.log = open(os.path.join(os.path.dirname(data_dir), f"server-{self.port}.log"), "w")
        self.proc = subprocess.Popen([binary, "-D", data_dir, "-p", str(self.port), "-c", f"plugins.storage={storage}"],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        wait_listening(self.proc, self.port)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def psql(self, db, *sql, env=None):
        """Runs each statement with -c; returns (returncode, stdout, stderr)."""
        args = ["psql", "-X", "-At", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db,
                "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose"]
        for s in sql: args += ["-c", s]
        e = dict(os.environ)
        for k in ("PGDATESTYLE", "PGOPTIONS", "PGTZ"): e.pop(k, None)
        e.update(env or {})
        r = subprocess.run(args, capture_output=True, text=True, env=e, timeout=30)
        return r.returncode, r.stdout.strip(), r.stderr.strip()

    def value(self, db, sql, env=None):
        rc, out, err = self.psql(db, sql, env=env)
        return out if rc == 0 else f"<error {err}>"

    def raw_session(self, db):
        """A connected, idle session that stays open (protocol v3, trust auth)."""
        s = socket.create_connection(("127.0.0.1", self.port))
        params = b"user\0postgres\0database\0" + db.encode() + b"\0\0"
        s.sendall(struct.pack("!ii", 8 + len(params), 196608) + params)
        buf = b""
        while not buf.endswith(b"Z\0\0\0\x05I"):
            chunk = s.recv(4096)
            if not chunk: raise RuntimeError("session closed during startup")
            buf += chunk
        return s


def expect_error(server, name, db, sql, code, text):
    rc, out, err = server.psql(db, sql)
    check(name, rc != 0 and f"{code}: {text}" in err, err or out)


def multi_database_checks(server, storage):
    s = server
    p = storage + "_"
    rc, _, err = s.psql("postgres", "CREATE DATABASE alpha")
    check(p + "create", rc == 0, err)
    rc, _, err = s.psql("postgres", "CREATE DATABASE beta WITH OWNER postgres TEMPLATE template0 ENCODING 'UTF8' "
                        "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' CONNECTION LIMIT -1")
    check(p + "create_with_pg_dump_options", rc == 0, err)
    # The same table name in both, with different rows.
    s.psql("alpha", "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'alpha')")
    s.psql("beta", "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (2, 'beta'), (3, 'beta')")
    check(p + "alpha_sees_own_rows", s.value("alpha", "SELECT id, v FROM t ORDER BY id") == "1|alpha")
    check(p + "beta_sees_own_rows", s.value("beta", "SELECT id, v FROM t ORDER BY id") == "2|beta\n3|beta")
    expect_error(s, p + "default_database_has_no_t", "postgres", "SELECT * FROM t", "42P01", 'relation "t" does not exist')
    check(p + "current_database", s.value("beta", "SELECT current_database()") == "beta")
    check(p + "pg_database_lists_all",
          s.value("alpha", "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database") ==
          "alpha,beta,postgres,template0,template1")
    rc, out, err = s.psql("postgres", r"\l")
    check(p + "psql_l", rc == 0 and "alpha" in out and "beta" in out, err)
    # Roles are the cluster's: one created in alpha logs in to beta.
    s.psql("alpha", "CREATE ROLE carol LOGIN")
    r = subprocess.run(["psql", "-X", "-At", "-h", "127.0.0.1", "-p", str(s.port), "-U", "carol", "-d", "beta",
                        "-c", "SELECT current_user"], capture_output=True, text=True)
    check(p + "roles_shared", r.returncode == 0 and r.stdout.strip() == "carol", r.stderr)

    rc, _, err = s.psql("nosuch", "SELECT 1")
    check(p + "missing_database_refused", rc != 0 and 'database "nosuch" does not exist' in err, err)
    expect_error(s, p + "duplicate", "postgres", "CREATE DATABASE alpha", "42P04", 'database "alpha" already exists')
    expect_error(s, p + "duplicate_template", "postgres", "CREATE DATABASE template1", "42P04",
                 'database "template1" already exists')
    rc, _, err = s.psql("postgres", "BEGIN", "CREATE DATABASE gamma")
    check(p + "create_in_block", rc != 0 and "25001: CREATE DATABASE cannot run inside a transaction block" in err, err)
    rc, _, err = s.psql("postgres", "BEGIN", "DROP DATABASE alpha")
    check(p + "drop_in_block", rc != 0 and "25001: DROP DATABASE cannot run inside a transaction block" in err, err)
    expect_error(s, p + "drop_missing", "postgres", "DROP DATABASE nosuch", "3D000", 'database "nosuch" does not exist')
    rc, _, err = s.psql("postgres", "DROP DATABASE IF EXISTS nosuch")
    check(p + "drop_if_exists_notice", rc == 0 and 'NOTICE:  00000: database "nosuch" does not exist, skipping' in err, err)
    expect_error(s, p + "drop_current", "alpha", "DROP DATABASE alpha", "55006", "cannot drop the currently open database")
    expect_error(s, p + "drop_template", "postgres", "DROP DATABASE template0", "42809", "cannot drop a template database")
    held = s.raw_session("alpha")
    rc, _, err = s.psql("postgres", "DROP DATABASE alpha")
    check(p + "drop_in_use", rc != 0 and '55006: database "alpha" is being accessed by other users' in err and
          "DETAIL:  There is 1 other session using the database." in err, err)
    held.close()
    time.sleep(0.3)
    # Malformed CREATE DATABASE options, as PostgreSQL reports them.
    expect_error(s, p + "bad_option", "postgres", "CREATE DATABASE d4 WITH badopt 1", "42601",
                 'option "badopt" not recognized')
    expect_error(s, p + "repeated_option", "postgres", "CREATE DATABASE d4 OWNER postgres OWNER postgres", "42601",
                 "conflicting or redundant options")
    expect_error(s, p + "bad_owner", "postgres", "CREATE DATABASE d4 OWNER nosuchrole", "42704",
                 'role "nosuchrole" does not exist')
    expect_error(s, p + "bad_template", "postgres", "CREATE DATABASE d4 TEMPLATE nosuchdb", "3D000",
                 'template database "nosuchdb" does not exist')
    expect_error(s, p + "bad_encoding", "postgres", "CREATE DATABASE d4 ENCODING 'LATIN9'", "22023",
                 'encoding "LATIN9" does not match locale "C.UTF-8"')
    expect_error(s, p + "bad_connection_limit", "postgres", "CREATE DATABASE d4 CONNECTION LIMIT -5", "22023",
                 "invalid connection limit: -5")
    expect_error(s, p + "empty_name", "postgres", 'CREATE DATABASE ""', "42601", "zero-length delimited identifier")
    # Store directories go by oid, so a name that looks like a path is only a name.
    rc, _, err = s.psql("postgres", 'CREATE DATABASE "../x y"')
    check(p + "path_like_name", rc == 0 and s.value("../x y", "SELECT current_database()") == "../x y", err)
    s.psql("postgres", 'DROP DATABASE "../x y"')
    check(p + "failed_creates_leave_nothing", s.value("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'd4'") == "0")

    # Setting defaults: database, role, role in database; startup options over all.
    for sql in ("ALTER DATABASE beta SET DateStyle = 'SQL, DMY'", "ALTER ROLE postgres SET statement_timeout = '5s'",
                "ALTER ROLE postgres IN DATABASE beta SET statement_timeout = '7s'",
                "ALTER ROLE ALL SET extra_float_digits = 2", "ALTER DATABASE alpha SET search_path = a, public"):
        rc, _, err = s.psql("postgres", sql)
        check(p + "alter_set " + sql.split(" SET")[0].lower().replace(" ", "_"), rc == 0, err)
    check(p + "db_default", s.value("beta", "SHOW DateStyle") == "SQL, DMY")
    check(p + "db_default_other_db", s.value("alpha", "SHOW DateStyle") == "ISO, MDY")
    check(p + "role_default", s.value("alpha", "SHOW statement_timeout") == "5s")
    check(p + "role_in_db_default", s.value("beta", "SHOW statement_timeout") == "7s")
    check(p + "all_roles_default", s.value("postgres", "SHOW extra_float_digits") == "2")
    check(p + "list_default_as_written", s.value("alpha", "SHOW search_path") == "a, public")
    check(p + "startup_option_wins", s.value("beta", "SHOW DateStyle", env={"PGDATESTYLE": "Postgres, MDY"}) == "Postgres, MDY")
    check(p + "reset_returns_to_default",
          s.value("beta", "SET DateStyle = 'German'; RESET DateStyle; SHOW DateStyle").splitlines()[-1] == "SQL, DMY")
    check(p + "pg_db_role_setting",
          s.value("postgres", "SELECT count(*) FROM pg_db_role_setting") == "5" and
          s.value("postgres", "SELECT setconfig::text FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
                  "WHERE d.datname = 'beta' AND s.setrole = 0") == '{"DateStyle=SQL, DMY"}')
    expect_error(s, p + "set_unknown_parameter", "postgres", "ALTER DATABASE beta SET foo = 1", "42704",
                 'unrecognized configuration parameter "foo"')
    expect_error(s, p + "set_bad_value", "postgres", "ALTER DATABASE beta SET DateStyle = 'bogus'", "22023",
                 'invalid value for parameter "DateStyle"')
    expect_error(s, p + "set_internal_parameter", "postgres", "ALTER DATABASE beta SET server_version = '1'", "55P02",
                 'parameter "server_version" cannot be changed')
    expect_error(s, p + "set_transaction_isolation", "postgres",
                 "ALTER DATABASE beta SET transaction_isolation = 'serializable'", "25001",
                 "SET TRANSACTION ISOLATION LEVEL must be called before any query")
    expect_error(s, p + "set_missing_db", "postgres", "ALTER DATABASE nosuch SET work_mem = '8MB'", "3D000",
                 'database "nosuch" does not exist')
    expect_error(s, p + "set_missing_role", "postgres", "ALTER ROLE nosuch SET work_mem = '8MB'", "42704",
                 'role "nosuch" does not exist')
    expect_error(s, p + "set_role_missing_db", "postgres", "ALTER ROLE postgres IN DATABASE nosuch SET work_mem = '8MB'",
                 "3D000", 'database "nosuch" does not exist')
    s.psql("postgres", "ALTER ROLE ALL RESET ALL", "ALTER DATABASE alpha RESET search_path")
    check(p + "reset_takes_effect_in_new_sessions",
          s.value("alpha", "SHOW extra_float_digits") == "1" and s.value("alpha", "SHOW search_path") == '"$user", public')

    # A database that nobody uses can be dropped; its name is free again.
    s.psql("postgres", "CREATE DATABASE gamma")
    s.psql("gamma", "CREATE TABLE g (x int)", "INSERT INTO g VALUES (42)")
    rc, _, err = s.psql("postgres", "DROP DATABASE gamma")
    check(p + "drop", rc == 0, err)
    rc, _, err = s.psql("gamma", "SELECT 1")
    check(p + "dropped_is_gone", rc != 0 and 'database "gamma" does not exist' in err, err)
    s.psql("postgres", "CREATE DATABASE gamma")
    check(p + "recreated_is_empty", s.value("gamma", "SELECT count(*) FROM pg_class WHERE relname = 'g'") == "0")
    s.psql("postgres", "DROP DATABASE gamma")

    # RENAME keeps the data and the stored defaults; OWNER TO is recorded.
    s.psql("postgres", "CREATE DATABASE delta", "ALTER DATABASE delta SET IntervalStyle = 'iso_8601'")
    s.psql("delta", "CREATE TABLE d (x int)", "INSERT INTO d VALUES (7)")
    expect_error(s, p + "rename_current", "delta", "ALTER DATABASE delta RENAME TO epsilon", "0A000",
                 "current database cannot be renamed")
    expect_error(s, p + "rename_to_taken", "postgres", "ALTER DATABASE delta RENAME TO alpha", "42P04",
                 'database "alpha" already exists')
    rc, _, err = s.psql("postgres", "ALTER DATABASE delta RENAME TO epsilon")
    check(p + "rename", rc == 0, err)
    check(p + "renamed_keeps_data", s.value("epsilon", "SELECT x FROM d") == "7")
    check(p + "renamed_keeps_defaults", s.value("epsilon", "SHOW IntervalStyle") == "iso_8601")
    check(p + "old_name_gone", s.psql("delta", "SELECT 1")[0] != 0)
    s.psql("postgres", "CREATE ROLE erin LOGIN", "ALTER DATABASE epsilon OWNER TO erin",
           "ALTER ROLE erin SET work_mem = '1MB'")
    check(p + "owner_recorded", s.value("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database "
                                        "WHERE datname = 'epsilon'") == "erin")
    rc, _, err = s.psql("postgres", "DROP ROLE erin")
    check(p + "drop_owner_role_refused", rc != 0 and '2BP01: role "erin" cannot be dropped because some objects '
          "depend on it" in err and "DETAIL:  owner of database epsilon" in err, err)
    s.psql("postgres", "ALTER DATABASE epsilon OWNER TO postgres")
    before = s.value("postgres", "SELECT count(*) FROM pg_db_role_setting")
    rc, _, err = s.psql("postgres", "DROP ROLE erin")
    check(p + "drop_role_forgets_its_defaults",
          rc == 0 and int(s.value("postgres", "SELECT count(*) FROM pg_db_role_setting")) == int(before) - 1, err)


def lmdb_restart_checks(tmp):
    data = os.path.join(tmp, "data")
    server = Server(data, "storage_lmdb")
    try:
        multi_database_checks(server, "lmdb")
        server.psql("postgres", "CREATE DATABASE doomed")
        oid = server.value("postgres", "SELECT oid FROM pg_database WHERE datname = 'doomed'")
    finally:
        server.stop()
    check("lmdb_database_directory", os.path.isdir(os.path.join(data, "databases", oid)), oid)
    server = Server(data, "storage_lmdb")
    try:
        check("restart_keeps_alpha", server.value("alpha", "SELECT id, v FROM t") == "1|alpha")
        check("restart_keeps_beta", server.value("beta", "SELECT count(*) FROM t") == "2")
        check("restart_keeps_db_default", server.value("beta", "SHOW DateStyle") == "SQL, DMY")
        check("restart_keeps_role_in_db_default", server.value("beta", "SHOW statement_timeout") == "7s")
        check("restart_keeps_role_default", server.value("postgres", "SHOW statement_timeout") == "5s")
        check("restart_keeps_rename", server.value("epsilon", "SELECT x FROM d") == "7" and
              server.value("epsilon", "SHOW IntervalStyle") == "iso_8601")
        rc, _, err = server.psql("postgres", "DROP DATABASE doomed")
        check("drop_after_restart", rc == 0, err)
        check("drop_removes_directory", not os.path.exists(os.path.join(data, "databases", oid)))
        rc, _, err = server.psql("postgres", "CREATE DATABASE alpha")
        check("restart_duplicate", rc != 0 and "42P04" in err, err)
    finally:
        server.stop()
    server = Server(data, "storage_lmdb")
    try:
        rc, _, err = server.psql("doomed", "SELECT 1")
        check("dropped_stays_dropped", rc != 0 and 'database "doomed" does not exist' in err, err)
        check("writes_after_restart", server.psql("beta", "INSERT INTO t VALUES (4, 'more')")[0] == 0 and
              server.value("beta", "SELECT count(*) FROM t") == "3")
    finally:
        server.stop()


tmp = tempfile.mkdtemp(prefix="plinth-databases-")
try:
    lmdb_restart_checks(tmp)
    memory = Server(os.path.join(tmp, "memory"), "storage_memory")
    try:
        multi_database_checks(memory, "memory")
    finally:
        memory.stop()
finally:
    shutil.rmtree(tmp, ignore_errors=True)
finish()
