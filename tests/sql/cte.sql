-- WITH: plain CTEs, several CTEs, recursive CTEs (trees, series), data-modifying CTEs.
CREATE TABLE nodes (id INT PRIMARY KEY, parent_id INT, label TEXT);
INSERT INTO nodes VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 2, 'a2'), (6, 4, 'a1x'), (7, NULL, 'other root');
WITH big AS (SELECT id, label FROM nodes WHERE id > 3) SELECT * FROM big ORDER BY id;
WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT x, y FROM a, b;
WITH a AS (SELECT 1 AS x) SELECT * FROM a JOIN a AS a2 USING (x);
WITH counts (parent, n) AS (SELECT parent_id, count(*) FROM nodes GROUP BY parent_id)
  SELECT parent, n FROM counts ORDER BY parent NULLS FIRST;
WITH RECURSIVE series (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM series WHERE n < 5) SELECT n FROM series;
WITH RECURSIVE fact (n, f) AS (SELECT 1, 1::numeric UNION ALL SELECT n + 1, f * (n + 1) FROM fact WHERE n < 20)
  SELECT n, f FROM fact WHERE n IN (1, 10, 20);
WITH RECURSIVE tree AS (
  SELECT id, label, 0 AS depth, label AS path FROM nodes WHERE parent_id IS NULL
  UNION ALL
  SELECT n.id, n.label, t.depth + 1, t.path || '/' || n.label FROM nodes n JOIN tree t ON n.parent_id = t.id
) SELECT id, depth, path FROM tree ORDER BY path;
WITH RECURSIVE ancestors AS (
  SELECT id, parent_id FROM nodes WHERE id = 6
  UNION
  SELECT n.id, n.parent_id FROM nodes n JOIN ancestors a ON n.id = a.parent_id
) SELECT id FROM ancestors ORDER BY id;
-- UNION (not UNION ALL) stops a cycle.
WITH RECURSIVE cyc (n) AS (SELECT 1 UNION SELECT (n % 3) + 1 FROM cyc) SELECT n FROM cyc ORDER BY n;
WITH RECURSIVE fib (a, b) AS (SELECT 0::bigint, 1::bigint UNION ALL SELECT b, a + b FROM fib WHERE b < 100) SELECT a FROM fib;
WITH x AS (SELECT 1) SELECT * FROM x, x;
WITH RECURSIVE bad AS (SELECT 1 AS n UNION ALL SELECT count(*) FROM bad) SELECT * FROM bad;
WITH nope AS (SELECT 1) SELECT * FROM missing;
WITH cte AS MATERIALIZED (SELECT id FROM nodes WHERE id < 3) SELECT count(*) FROM cte;
WITH cte AS NOT MATERIALIZED (SELECT id FROM nodes WHERE id < 3) SELECT count(*) FROM cte;
CREATE TABLE archive (id INT, label TEXT);
WITH moved AS (DELETE FROM nodes WHERE id >= 6 RETURNING id, label) INSERT INTO archive SELECT id, label FROM moved;
SELECT * FROM archive ORDER BY id;
SELECT count(*) FROM nodes;
WITH upd AS (UPDATE nodes SET label = upper(label) WHERE parent_id = 2 RETURNING id, label) SELECT * FROM upd ORDER BY id;
WITH ins AS (INSERT INTO archive VALUES (100, 'new') RETURNING *) SELECT id, label, (SELECT count(*) FROM archive) AS count_before FROM ins;
SELECT count(*) FROM archive;
WITH t AS (SELECT id FROM nodes) UPDATE nodes SET label = label || '!' WHERE id IN (SELECT id FROM t WHERE id <= 2);
SELECT id, label FROM nodes ORDER BY id;
DROP TABLE nodes, archive;
