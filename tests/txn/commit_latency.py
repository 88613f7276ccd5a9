#!/usr/bin/python3
"""Commit latency: a loop of single-row INSERT commits from one psycopg2 session.

    commit_latency.py [COMMITS]     (PGHOST/PGPORT as set by tests/harness/with_server)

Prints the median, 90th and 99th percentile in milliseconds. Not a pass/fail test: it
produced the numbers in docs/transactions.md.
"""
import os
import statistics
import sys
import time

import psycopg2

commits = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
conn = psycopg2.connect(host=os.environ["PGHOST"], port=os.environ["PGPORT"], user="postgres", dbname="postgres")
conn.autocommit = True
cur = conn.cursor()
cur.execute("DROP TABLE IF EXISTS latency_rows")
cur.execute("CREATE TABLE latency_rows (id int PRIMARY KEY, note text)")
samples = []
for i in range(commits):
    start = time.perf_counter()
    cur.execute("INSERT INTO latency_rows VALUES (%s, 'x')", (i,))
    samples.append((time.perf_counter() - start) * 1000)
samples.sort()
q = statistics.quantiles(samples, n=100)
print(f"{commits} commits: median {statistics.median(samples):.3f} ms, p90 {q[89]:.3f} ms, "
      f"p99 {q[98]:.3f} ms, {commits / (sum(samples) / 1000):.0f} commits/s")
