-- Window functions: ranking, offsets, running aggregates, frames, PARTITION BY, named windows.
CREATE TABLE results (id INT, runner TEXT, team TEXT, secs INT);
INSERT INTO results VALUES (1, 'ann', 'red', 50), (2, 'bob', 'blue', 55), (3, 'cid', 'red', 50), (4, 'dee', 'blue', 61),
  (5, 'eve', 'red', 70), (6, 'fay', 'blue', NULL), (7, 'gus', 'green', 58);
SELECT runner, secs, row_number() OVER (ORDER BY secs, runner), rank() OVER (ORDER BY secs), dense_rank() OVER (ORDER BY secs)
  FROM results ORDER BY secs, runner;
SELECT runner, team, secs, rank() OVER (PARTITION BY team ORDER BY secs) AS team_rank FROM results ORDER BY team, team_rank, runner;
SELECT runner, secs, lag(secs) OVER w, lead(secs) OVER w, lag(secs, 2, 0) OVER w, first_value(runner) OVER w, nth_value(runner, 2) OVER w
  FROM results WHERE secs IS NOT NULL WINDOW w AS (ORDER BY secs, runner) ORDER BY secs, runner;
SELECT runner, secs, sum(secs) OVER (ORDER BY id) AS running, avg(secs) OVER (PARTITION BY team) AS team_avg, count(*) OVER () AS total
  FROM results ORDER BY id;
-- With ORDER BY the default frame includes peers (RANGE); ROWS does not.
SELECT runner, secs, sum(secs) OVER (ORDER BY secs) AS range_sum, sum(secs) OVER (ORDER BY secs, runner ROWS UNBOUNDED PRECEDING) AS rows_sum
  FROM results WHERE secs IS NOT NULL ORDER BY secs, runner;
SELECT runner, secs, avg(secs) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS moving_avg FROM results ORDER BY id;
SELECT runner, last_value(runner) OVER (ORDER BY id) AS default_frame,
  last_value(runner) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS full_frame FROM results ORDER BY id;
SELECT runner, secs, ntile(3) OVER (ORDER BY id), percent_rank() OVER (ORDER BY secs), cume_dist() OVER (ORDER BY secs)
  FROM results WHERE secs IS NOT NULL ORDER BY id;
SELECT runner, secs, min(secs) OVER (ORDER BY secs RANGE BETWEEN 5 PRECEDING AND CURRENT ROW) FROM results WHERE secs IS NOT NULL ORDER BY secs, runner;
SELECT team, runner FROM (SELECT team, runner, row_number() OVER (PARTITION BY team ORDER BY secs NULLS LAST, runner) AS rn FROM results) t
  WHERE rn = 1 ORDER BY team;
SELECT team, sum(secs), rank() OVER (ORDER BY sum(secs) DESC NULLS LAST) FROM results GROUP BY team ORDER BY team;
SELECT runner, count(secs) FILTER (WHERE secs > 55) OVER (ORDER BY id) FROM results ORDER BY id;
SELECT runner, row_number() OVER (ORDER BY secs DESC NULLS FIRST, id) FROM results ORDER BY 2;
SELECT runner FROM results WHERE row_number() OVER () > 1;
SELECT runner, rank() FROM results;
SELECT runner, sum(secs) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 1 PRECEDING) FROM results;
SELECT runner, lag(secs) OVER nope FROM results;
SELECT runner, ntile(0) OVER (ORDER BY id) FROM results;
DROP TABLE results;
