"""EXPLAIN and EXPLAIN ANALYZE against a running Plinth (PGHOST/PGPORT from with_server).

Plinth's plans are not PostgreSQL's byte for byte, so this checks what must hold: the
node kinds chosen for point lookups, range scans, secondary indexes, joins, sorts,
limits and aggregates; the option forms; and that ANALYZE's actual row counts are the
rows the query really produces."""
import os
import re
import sys

import psycopg2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))
from tally import check, finish  # noqa: E402


conn = psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1", port=int(os.environ["PGPORT"]))
conn.autocommit = True
cur = conn.cursor()


def plan(sql):
    cur.execute(sql)
    cols = [d[0] for d in cur.description]
    assert cols == ["QUERY PLAN"], cols
    return [r[0] for r in cur.fetchall()]


def actual_rows(lines, node_prefix):
    """rows=N of the first line whose node text starts with node_prefix."""
    for line in lines:
        text = line.strip()
        if text.startswith("->  "):
            text = text[4:]
        if text.startswith(node_prefix):
            m = re.search(r"actual (?:time=[0-9.]+\.\.[0-9.]+ )?rows=(\d+) loops=(\d+)", text)
            return int(m.group(1)) if m else None
    return None


cur.execute("CREATE TABLE t (id INT PRIMARY KEY, grp INT, note TEXT)")
cur.execute("INSERT INTO t SELECT g, g % 7, 'n' || g FROM generate_series(1, 200) AS g")
cur.execute("CREATE INDEX t_grp_idx ON t (grp)")
cur.execute("CREATE TABLE u (id INT PRIMARY KEY, t_id INT, label TEXT)")
cur.execute("INSERT INTO u SELECT g, g % 50 + 1, 'l' || g FROM generate_series(1, 120) AS g")

# Node kinds.
p = plan("EXPLAIN SELECT * FROM t WHERE id = 1")
check("point_lookup_uses_pkey", p[0].startswith("Index Scan using t_pkey on t"), p)
check("point_lookup_index_cond", any("Index Cond: (id = 1)" in l for l in p), p)
check("costs_shown_by_default", "(cost=" in p[0] and "width=" in p[0], p)

p = plan("EXPLAIN (COSTS OFF) SELECT * FROM t WHERE id BETWEEN 10 AND 20")
check("range_scan_uses_pkey", p[0] == "Index Scan using t_pkey on t", p)
check("range_index_cond", any("Index Cond:" in l and ">=" in l and "<=" in l for l in p), p)
check("costs_off_hides_costs", all("cost=" not in l for l in p), p)

p = plan("EXPLAIN (COSTS OFF) SELECT * FROM t WHERE note = 'n5'")
check("seq_scan_with_filter", p[0] == "Seq Scan on t" and any(l.strip().startswith("Filter:") for l in p), p)

p = plan("EXPLAIN (COSTS OFF) SELECT * FROM t WHERE grp = 3")
check("secondary_index_scan", p[0].startswith("Index Scan using t_grp_idx on t"), p)

p = plan("EXPLAIN (COSTS OFF) SELECT t.note, u.label FROM t JOIN u ON u.t_id = t.id")
check("equi_join_is_hash_join", p[0] == "Hash Join", p)
check("hash_join_cond", any(l.strip().startswith("Hash Cond:") for l in p), p)
check("hash_node_under_join", any(l.strip() == "->  Hash" for l in p), p)
check("join_children_indented", any(l.startswith("  ->  Seq Scan on") for l in p), p)

p = plan("EXPLAIN (COSTS OFF) SELECT * FROM t ORDER BY note LIMIT 5")
check("limit_over_sort", p[0] == "Limit" and any("Sort" in l for l in p[1:]), p)
check("sort_key", any("Sort Key: note" in l for l in p), p)

p = plan("EXPLAIN (COSTS OFF) SELECT grp, count(*) FROM t GROUP BY grp")
check("group_by_hash_aggregate", p[0] == "HashAggregate" and any("Group Key: grp" in l for l in p), p)
p = plan("EXPLAIN (COSTS OFF) SELECT count(*) FROM t")
check("plain_aggregate", p[0] == "Aggregate", p)

p = plan("EXPLAIN (COSTS OFF) UPDATE t SET note = 'x' WHERE id = 3")
check("explain_update", p[0] == "Update on t" and "Index Scan using t_pkey on t" in p[1], p)

# ANALYZE: actual rows match reality.
p = plan("EXPLAIN ANALYZE SELECT * FROM t WHERE grp = 3")
cur.execute("SELECT count(*) FROM t WHERE grp = 3")
real = cur.fetchone()[0]
check("analyze_rows_match", actual_rows(p, "Index Scan using t_grp_idx") == real, (real, p))
check("analyze_has_time", "actual time=" in p[0], p)
check("analyze_summary", p[-1].startswith("Execution Time:") and p[-2].startswith("Planning Time:"), p)

p = plan("EXPLAIN (ANALYZE, TIMING OFF) SELECT * FROM t WHERE note LIKE 'n1%'")
cur.execute("SELECT count(*) FROM t WHERE note LIKE 'n1%'")
real = cur.fetchone()[0]
check("timing_off_rows_only", re.search(r"\(actual rows=\d+ loops=1\)", p[0]) is not None, p)
check("timing_off_rows_match", actual_rows(p, "Seq Scan on t") == real, (real, p))
check("rows_removed_by_filter", any(l.strip() == f"Rows Removed by Filter: {200 - real}" for l in p), p)

p = plan("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT t.id FROM t JOIN u ON u.t_id = t.id")
cur.execute("SELECT count(*) FROM t JOIN u ON u.t_id = t.id")
real = cur.fetchone()[0]
check("join_actual_rows", actual_rows(p, "Hash Join") == real, (real, p))
check("join_inputs_counted", actual_rows(p, "Seq Scan on u") == 120 or actual_rows(p, "Seq Scan on t") == 200, p)

p = plan("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT * FROM t ORDER BY id DESC LIMIT 3")
check("limit_actual_rows", actual_rows(p, "Limit") == 3, p)

p = plan("EXPLAIN ANALYZE SELECT * FROM t WHERE id = 99999")
check("analyze_empty_result", actual_rows(p, "Index Scan using t_pkey") == 0, p)

# Errors.
for name, sql, state in [
    ("timing_requires_analyze", "EXPLAIN (TIMING ON) SELECT 1", "22023"),
    ("unknown_option", "EXPLAIN (NOPE) SELECT 1", "42601"),
    ("bad_boolean", "EXPLAIN (COSTS maybe) SELECT 1", "42601"),
    ("missing_table", "EXPLAIN SELECT * FROM no_such_table", "42P01"),
]:
    try:
        cur.execute(sql)
        check(name, False, "no error")
    except psycopg2.Error as e:
        check(name, e.pgcode == state, f"{e.pgcode} {e}")

# EXPLAIN does not run the statement; EXPLAIN ANALYZE of a SELECT does not change data.
plan("EXPLAIN DELETE FROM t")
cur.execute("SELECT count(*) FROM t")
check("explain_does_not_execute", cur.fetchone()[0] == 200)

finish()
