#!/usr/bin/python3
"""Crash safety of commits on storage_lmdb: SIGKILL at random moments while committing.

    crash_test.py PLINTH_BINARY [CYCLES]

A writer commits numbered batches (BATCH rows each, one transaction per batch) while
the test kills the server -- only the PID it started -- after a random delay. After
every restart, on the same data directory and without any repair step:
  * every batch whose COMMIT was acknowledged is present,
  * no batch is partly present (atomicity),
  * at most the one batch whose COMMIT was in flight is present without an ack.
"""
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import psycopg2

BATCH = 4


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary, data, log):
    port = free_port()
    proc = subprocess.Popen([binary, "-D", data, "-p", str(port), "-c", "listen_addresses=127.0.0.1",
                             "-c", "plugins.storage=storage_lmdb"], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} at start (see log)")
        try:
            return proc, psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
        except psycopg2.OperationalError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server did not answer")


def verify(conn, acked, in_flight):
    with conn.cursor() as cur:
        cur.execute("SELECT batch, count(*) FROM crash_rows GROUP BY batch")
        present = dict(cur.fetchall())
    problems = []
    for b in acked:
        if present.get(b) != BATCH:
            problems.append(f"acknowledged batch {b} has {present.get(b, 0)} rows")
    for b, n in present.items():
        if n != BATCH:
            problems.append(f"batch {b} is partial: {n} rows")
        elif b not in acked and b not in in_flight:
            problems.append(f"batch {b} present but never committed")
    return problems, set(present)


def main():
    binary = sys.argv[1]
    cycles = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    tmp = tempfile.mkdtemp(prefix="plinth-crash-")
    data = os.path.join(tmp, "data")
    log = open(os.path.join(tmp, "server.log"), "ab")
    acked, in_flight, next_batch = set(), set(), 1
    failures = []
    rng = random.Random(int(os.environ.get("CRASH_SEED", time.time())))
    try:
        for cycle in range(cycles + 1):
            proc, conn = start(binary, data, log)
            try:
                with conn.cursor() as cur:
                    cur.execute("CREATE TABLE IF NOT EXISTS crash_rows (batch int, n int, PRIMARY KEY (batch, n))")
                conn.commit()
                problems, present = verify(conn, acked, in_flight)
                failures += [f"cycle {cycle}: {p}" for p in problems]
                # The in-flight batch is settled now: present (committed) or not.
                acked |= in_flight & present
                in_flight.clear()
                next_batch = max([next_batch] + [b + 1 for b in present])
                if cycle == cycles:
                    break
                stop = threading.Event()
                state = {"next": next_batch}

                def writer():
                    b = state["next"]
                    try:
                        while not stop.is_set():
                            with conn.cursor() as cur:
                                for n in range(BATCH):
                                    cur.execute("INSERT INTO crash_rows VALUES (%s, %s)", (b, n))
                            in_flight.add(b)
                            conn.commit()
                            acked.add(b)
                            in_flight.discard(b)
                            b += 1
                    except psycopg2.Error:
                        pass  # the server died under us
                    state["next"] = b + 1

                t = threading.Thread(target=writer)
                t.start()
                time.sleep(rng.uniform(0.2, 1.2))
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                stop.set()
                t.join(30)
                next_batch = state["next"]
                print(f"cycle {cycle}: killed with {len(acked)} acknowledged batches", flush=True)
            finally:
                conn.close()
                if proc.poll() is None:
                    proc.terminate()
                    proc.wait()
        print(f"{len(acked)} batches acknowledged over {cycles} crashes")
        if len(acked) < cycles:
            failures.append("too few commits to mean anything")
    finally:
        log.close()
        if failures:
            print(open(os.path.join(tmp, "server.log"), errors="replace").read()[-3000:])
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    print("ok crash_recovery" if not failures else f"{len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
