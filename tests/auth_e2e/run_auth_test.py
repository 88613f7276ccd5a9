#!/usr/bin/python3
"""Authentication with real clients: every hba method (scram-sha-256, md5, password,
trust, reject) through psql, psycopg2, node-pg, JDBC and Go lib/pq, right and wrong
passwords, per-user passwords (alice/bob), CREATE ROLE ... PASSWORD, and a server log
that never contains a password.   usage: run_auth_test.py PLINTH_BINARY"""
import os, shutil, socket, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PLINTH = os.path.abspath(sys.argv[1])
PASSWORDS = {"alice": "alice-Secret-1", "bob": "bob-Secret-2", "carol": "carol-Secret-3", "frank": "frank-Secret-4"}


sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))
from tally import check, finish  # noqa: E402


def verifier(method, user, password):
    args = [PLINTH, "make-verifier", method] + ([user] if method == "md5" else [])
    r = subprocess.run(args, input=password + "\n", capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


tmp = tempfile.mkdtemp(prefix="plinth-auth-")
probes = {}
try:
    # Client probes, built once.
    subprocess.run(["javac", "-d", tmp, os.path.join(HERE, "Probe.java")], check=True, timeout=120)
    env_go = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOCACHE=os.path.join(tmp, "gocache"))
    subprocess.run(["go", "build", "-o", os.path.join(tmp, "probe_go"), os.path.join(HERE, "probe.go")],
                   check=True, env=env_go, timeout=300)
    node_path = os.path.join(REPO, "tests", "clients", "node", "node_modules")

    scram_alice = verifier("scram-sha-256", "alice", PASSWORDS["alice"])
    md5_bob = verifier("md5", "bob", PASSWORDS["bob"])
    scram_carol = verifier("scram-sha-256", "carol", PASSWORDS["carol"])
    check("make_verifier_scram_format", scram_alice.startswith("SCRAM-SHA-256$4096:"), scram_alice)
    check("make_verifier_md5_format", md5_bob.startswith("md5") and len(md5_bob) == 35, md5_bob)

    config = os.path.join(tmp, "plinth.toml")
    with open(config, "w") as f:
        f.write(f"""
[[roles]]
name = "alice"
verifier = "{scram_alice}"
[[roles]]
name = "bob"
verifier = "{md5_bob}"
[[roles]]
name = "carol"
verifier = "{scram_carol}"
[[roles]]
name = "dave"
[[roles]]
name = "eve"

[[hba]]
type = "host"
database = "all"
user = "postgres"
address = "127.0.0.1/32"
method = "trust"
[[hba]]
type = "host"
database = "all"
user = "bob"
address = "127.0.0.1/32"
method = "md5"
[[hba]]
type = "host"
database = "all"
user = "carol"
address = "127.0.0.1/32"
method = "password"
[[hba]]
type = "host"
database = "all"
user = "dave"
address = "127.0.0.1/32"
method = "trust"
[[hba]]
type = "host"
database = "all"
user = "eve"
address = "127.0.0.1/32"
method = "reject"
[[hba]]
type = "host"
database = "all"
user = "all"
address = "127.0.0.1/32"
method = "scram-sha-256"
""")
    port = free_port()
    log_path = os.path.join(tmp, "server.log")
    log = open(log_path, "wb")
    server = subprocess.Popen([PLINTH, "-D", os.path.join(tmp, "data"), "-p", str(port), "--config", config,
                               "-c", "listen_addresses=127.0.0.1", "-c", "plugins.catalog="], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None: break
            time.sleep(0.05)

    def psql(user, password):
        env = dict(os.environ, PGPASSWORD=password, PGCONNECT_TIMEOUT="10")
        r = subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-p", str(port), "-U", user, "-d", "postgres",
                            "-v", "VERBOSITY=verbose", "-Atc", "SELECT 1"], capture_output=True, text=True, env=env, timeout=30)
        if r.returncode == 0 and r.stdout.strip() == "1": return "ok"
        # psql prints connection failures as text without the SQLSTATE.
        if "password authentication failed" in r.stderr: return "ERR 28P01"
        if "rejects connection" in r.stderr or "no pg_hba.conf entry" in r.stderr: return "ERR 28000"
        return "ERR " + r.stderr.strip()[:120]

    def psycopg2_probe(user, password):
        import psycopg2
        try:
            c = psycopg2.connect(host="127.0.0.1", port=port, user=user, password=password, dbname="postgres",
                                 sslmode="disable", connect_timeout=10)
            cur = c.cursor(); cur.execute("SELECT 1"); one = cur.fetchone()[0]; c.close()
            return "ok" if one == 1 else "ERR wrong-result"
        except psycopg2.OperationalError as e:
            # libpq reports authentication failures as text; the SQLSTATE is not exposed here.
            msg = str(e)
            if "password authentication failed" in msg: return "ERR 28P01"
            if "rejects connection" in msg or "no pg_hba.conf entry" in msg: return "ERR 28000"
            return "ERR " + msg.strip()[:120]

    def node_probe(user, password):
        r = subprocess.run(["node", os.path.join(HERE, "probe.js"), "127.0.0.1", str(port), user, password],
                           capture_output=True, text=True, timeout=30, env=dict(os.environ, NODE_PATH=node_path))
        return r.stdout.strip() or r.stderr.strip()[:120]

    def jdbc_probe(user, password):
        r = subprocess.run(["java", "-cp", tmp + ":/usr/share/java/postgresql.jar", "Probe", "127.0.0.1", str(port),
                            user, password], capture_output=True, text=True, timeout=60)
        return r.stdout.strip() or r.stderr.strip()[:120]

    def go_probe(user, password):
        r = subprocess.run([os.path.join(tmp, "probe_go"), "127.0.0.1", str(port), user, password],
                           capture_output=True, text=True, timeout=30)
        return r.stdout.strip() or r.stderr.strip()[:120]

    clients = {"psql": psql, "psycopg2": psycopg2_probe, "node": node_probe, "jdbc": jdbc_probe, "go": go_probe}
    cases = [  # user, password, expected outcome
        ("alice", PASSWORDS["alice"], "ok"),               # scram-sha-256
        ("alice", "wrong-password", "ERR 28P01"),
        ("alice", PASSWORDS["bob"], "ERR 28P01"),          # someone else's password
        ("bob", PASSWORDS["bob"], "ok"),                   # md5
        ("bob", PASSWORDS["alice"], "ERR 28P01"),
        ("carol", PASSWORDS["carol"], "ok"),               # password (cleartext) against a SCRAM verifier
        ("carol", "wrong-password", "ERR 28P01"),
        ("dave", "anything", "ok"),                        # trust
        ("eve", "anything", "ERR 28000"),                  # reject
        ("mallory", "guess", "ERR 28P01"),                 # unknown user: same error as a wrong password
    ]
    for cname, probe in clients.items():
        for user, password, want in cases:
            got = probe(user, password)
            check(f"{cname}_{user}_{'right' if want == 'ok' else 'wrong'}_{password[:5]}", got == want, f"got {got!r}, want {want!r}")

    # CREATE ROLE ... PASSWORD stores a verifier; the new role logs in through scram.
    r = subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-Atc",
                        f"CREATE ROLE frank LOGIN PASSWORD '{PASSWORDS['frank']}'"], capture_output=True, text=True, timeout=30)
    check("create_role_with_password", r.returncode == 0, r.stderr)
    check("created_role_logs_in", psql("frank", PASSWORDS["frank"]) == "ok")
    check("created_role_wrong_password", psql("frank", "nope") == "ERR 28P01")
    r = subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-Atc",
                        "ALTER ROLE frank PASSWORD 'changed-Pw-5'"], capture_output=True, text=True, timeout=30)
    check("alter_role_password", r.returncode == 0 and psql("frank", "changed-Pw-5") == "ok"
          and psql("frank", PASSWORDS["frank"]) == "ERR 28P01")
    r = subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-Atc", "DROP ROLE frank"],
                       capture_output=True, text=True, timeout=30)
    check("drop_role", r.returncode == 0 and psql("frank", "changed-Pw-5") == "ERR 28P01")

    # hba_file: the same server binary with a pg_hba.conf-format file given by -c.
    hba = os.path.join(tmp, "pg_hba.conf")
    with open(hba, "w") as f:
        f.write("# comment line\nhost  all  postgres  127.0.0.1/32  trust\nhost  all  all  127.0.0.1/32  reject\n")
    port2 = free_port()
    server2 = subprocess.Popen([PLINTH, "-D", os.path.join(tmp, "data2"), "-p", str(port2), "-c", f"hba_file={hba}",
                                "-c", "listen_addresses=127.0.0.1", "-c", "plugins.catalog="],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port2), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    r1 = subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-p", str(port2), "-U", "postgres", "-Atc", "SELECT 1"],
                        capture_output=True, text=True, timeout=30)
    r2 = subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-p", str(port2), "-U", "dave", "-Atc", "SELECT 1"],
                        capture_output=True, text=True, timeout=30)
    server2.terminate(); server2.wait(timeout=10)
    check("hba_file_trust_line", r1.stdout.strip() == "1", r1.stderr)
    check("hba_file_reject_line", "rejects connection" in r2.stderr, r2.stderr)

    server.terminate(); server.wait(timeout=10)
    log.close()
    text = open(log_path, errors="replace").read()
    leaked = [p for p in list(PASSWORDS.values()) + ["changed-Pw-5", "wrong-password"] if p in text]
    check("log_has_failed_logins", "authentication failed" in text, "no failure lines logged")
    check("log_never_contains_passwords", not leaked, f"found {leaked}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

finish()
