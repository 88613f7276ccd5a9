-- How a view's query prints back (pg_get_viewdef plain and pretty, psql \d+, pg_views,
-- information_schema.views): PostgreSQL prints the analysed query, every column
-- qualified with its range-table name, one target per line, joins parenthesized in the
-- plain form, the implicit casts its analysis added, and a trailing semicolon.
CREATE TABLE vd_items (id integer PRIMARY KEY, name text, qty numeric, price numeric(10,2), cat_id int, big bigint);
CREATE TABLE vd_cats (id integer PRIMARY KEY, title varchar(20));
CREATE VIEW vd_simple AS SELECT id, name FROM vd_items WHERE qty > 1 ORDER BY name;
CREATE VIEW vd_alias AS SELECT id AS item_id, name, qty * 2 AS dbl, upper(name) FROM vd_items i
  WHERE i.id < 10 AND (name LIKE 'a%' OR qty IS NULL);
CREATE VIEW vd_join AS SELECT i.id, c.title FROM vd_items i JOIN vd_cats c ON c.id = i.cat_id;
CREATE VIEW vd_left AS SELECT i.name, c.title FROM vd_items i LEFT JOIN vd_cats c ON i.cat_id = c.id
  WHERE c.title IS NOT NULL;
CREATE VIEW vd_right AS SELECT c.title FROM vd_items i RIGHT JOIN vd_cats c ON i.cat_id = c.id AND i.qty > 0;
CREATE VIEW vd_using AS SELECT id, name, title FROM vd_items JOIN vd_cats USING (id);
CREATE VIEW vd_full AS SELECT id, i.name FROM vd_items i FULL JOIN vd_cats c USING (id);
CREATE VIEW vd_cross AS SELECT vd_items.id, vd_cats.title FROM vd_items, vd_cats WHERE vd_items.cat_id = vd_cats.id;
CREATE VIEW vd_crossjoin AS SELECT i.id FROM vd_items i CROSS JOIN vd_cats c;
CREATE VIEW vd_multi AS SELECT i.id, c.title, x.name FROM vd_items i JOIN vd_cats c ON c.id = i.cat_id
  LEFT JOIN vd_items x ON x.id = i.id;
CREATE VIEW vd_order AS SELECT DISTINCT name, qty FROM vd_items ORDER BY qty DESC NULLS LAST, name LIMIT 5 OFFSET 2;
CREATE VIEW vd_ord2 AS SELECT id, upper(name) AS u FROM vd_items ORDER BY 2, u, id + 1, upper(name) ASC NULLS FIRST;
CREATE VIEW vd_lim AS SELECT id FROM vd_items LIMIT 3;
CREATE VIEW vd_group AS SELECT cat_id, count(*) AS n, sum(qty) AS total FROM vd_items GROUP BY cat_id
  HAVING count(*) > 1;
CREATE VIEW vd_grp2 AS SELECT upper(name), count(id), max(qty) FROM vd_items GROUP BY upper(name), 1 ORDER BY 1;
CREATE VIEW vd_const AS SELECT 1 AS one, 'x'::text AS t, id + 1 AS next, big > 5 AS b, price FROM vd_items;
CREATE VIEW vd_in AS SELECT id FROM vd_items WHERE id IN (1, 2, 3) AND name <> 'z' ORDER BY id DESC;
CREATE VIEW vd_bool AS SELECT id FROM vd_items WHERE NOT (qty > 1) OR name IS NULL AND id BETWEEN 1 AND 5;
CREATE VIEW vd_star AS SELECT * FROM vd_cats;
CREATE VIEW vd_case AS SELECT id, CASE WHEN qty > 10 THEN 'big' ELSE 'small' END AS size FROM vd_items;
CREATE VIEW vd_case2 AS SELECT id FROM vd_items WHERE CASE WHEN qty > 1 THEN true ELSE false END
  ORDER BY CASE WHEN id > 1 THEN 1 ELSE 2 END;
CREATE VIEW vd_cols (x, y) AS SELECT id, name FROM vd_items;
CREATE VIEW "VdQuoted" AS SELECT id AS "Id", name AS "order", qty AS "user", big AS int FROM vd_items "It";
CREATE VIEW vd_union AS SELECT id, name FROM vd_items UNION SELECT id, title FROM vd_cats;
CREATE VIEW vd_union_all AS SELECT id AS k, name FROM vd_items UNION ALL SELECT id + 1 AS z, upper(title) FROM vd_cats c;
CREATE VIEW vd_except AS SELECT 1 AS a EXCEPT SELECT 2;
CREATE VIEW vd_sub AS SELECT s.id, s.n AS cnt FROM (SELECT cat_id AS id, count(*) AS n FROM vd_items GROUP BY cat_id) s
  JOIN vd_cats c ON c.id = s.id WHERE s.n > 1;
CREATE VIEW vd_sub_star AS SELECT * FROM (SELECT id, CASE WHEN id > 1 THEN 1 END AS c FROM vd_items) q;
CREATE VIEW vd_nofrom AS SELECT 1 AS a, 'b' AS b;
CREATE SCHEMA vd_other;
CREATE TABLE vd_other.t (a int, b text);
CREATE VIEW vd_nested AS SELECT vd_simple.id, t.b FROM vd_simple JOIN vd_other.t ON t.a = vd_simple.id;
CREATE VIEW vd_aggs AS SELECT sum(id) FILTER (WHERE id > 1) AS s, count(DISTINCT name) FROM vd_items;
CREATE VIEW vd_exprs AS SELECT id::text AS t, name || 'x' AS nx, coalesce(qty, 0) AS q,
  now() - interval '1 day' AS d FROM vd_items;
CREATE VIEW vd_varchar AS SELECT lower(title), title || '!' AS bang FROM vd_cats WHERE title <> 'x';
CREATE VIEW vd_in_sub AS SELECT id FROM vd_items
  WHERE id IN (SELECT id FROM vd_cats) AND id NOT IN (SELECT id + 1 FROM vd_cats WHERE title <> 'x');
CREATE VIEW vd_exists AS SELECT id, (SELECT max(id) FROM vd_cats) AS m FROM vd_items
  WHERE EXISTS (SELECT 1 FROM vd_cats) OR NOT EXISTS (SELECT id FROM vd_cats);
CREATE VIEW vd_any_all AS SELECT id FROM vd_items
  WHERE qty > ANY (SELECT id FROM vd_cats) AND id = ALL (SELECT id FROM vd_cats);
CREATE VIEW vd_correlated AS SELECT i.id,
  (SELECT c.title FROM vd_cats c WHERE c.id = i.cat_id) AS title,
  (SELECT i.name FROM vd_cats c WHERE c.id = i.id LIMIT 1)
  FROM vd_items i WHERE EXISTS (SELECT 1 FROM vd_cats c WHERE c.id = i.id AND c.title <> i.name);
CREATE VIEW vd_checked AS SELECT id, qty FROM vd_items WHERE qty > 0 WITH LOCAL CHECK OPTION;
SELECT c.relname, pg_get_viewdef(c.oid) AS def FROM pg_class c
  WHERE c.relkind = 'v' AND c.relnamespace = 'public'::regnamespace ORDER BY c.relname;
SELECT c.relname, pg_get_viewdef(c.oid, true) AS def FROM pg_class c
  WHERE c.relkind = 'v' AND c.relnamespace = 'public'::regnamespace ORDER BY c.relname;
SELECT pg_get_viewdef('vd_join'::regclass, false) AS def;
\d+ vd_simple
\d+ vd_multi
SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY viewname;
SELECT table_name, view_definition, check_option FROM information_schema.views
  WHERE table_schema = 'public' ORDER BY table_name;
