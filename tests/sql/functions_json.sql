-- JSON operators, accessors, builders and aggregates.
CREATE TABLE orders (id INT, data JSONB);
INSERT INTO orders VALUES
  (1, '{"customer": "alice", "total": 12.5, "items": [{"sku": "A1", "qty": 2}, {"sku": "B2", "qty": 1}], "gift": false}'),
  (2, '{"customer": "bob", "total": 99, "items": [], "note": null}'),
  (3, '{"customer": "carol", "items": [{"sku": "A1", "qty": 5}], "tags": ["vip", "new"]}'),
  (4, NULL);
SELECT id, data -> 'customer', data ->> 'customer', data -> 'total', data ->> 'note' FROM orders ORDER BY id;
SELECT id, data -> 'items' -> 0 ->> 'sku', data #> '{items,0,qty}', data #>> '{items,-1,sku}', data -> 'items' -> 5 FROM orders ORDER BY id;
SELECT id, data -> 'note' IS NULL AS note_sql_null, data -> 'note' = 'null'::jsonb AS note_json_null FROM orders ORDER BY id;
SELECT id FROM orders WHERE data ? 'tags' ORDER BY id;
SELECT id FROM orders WHERE data ?| ARRAY['note', 'tags'] ORDER BY id;
SELECT id FROM orders WHERE data ?& ARRAY['customer', 'total'] ORDER BY id;
SELECT id FROM orders WHERE data @> '{"items": [{"sku": "A1"}]}' ORDER BY id;
SELECT '{"a": 1}'::jsonb <@ '{"a": 1, "b": 2}'::jsonb, '[1, 2, 3]'::jsonb @> '[3, 1]'::jsonb, '[1, [2]]'::jsonb @> '[2]'::jsonb;
SELECT id, (data ->> 'total')::numeric * 2 AS doubled FROM orders WHERE data ? 'total' ORDER BY id;
SELECT (data ->> 'customer')::int FROM orders WHERE id = 1;
SELECT '{"a": {"b": 1}}'::jsonb || '{"a": 2, "c": 3}'::jsonb, '[1, 2]'::jsonb || '[3]'::jsonb, '[1]'::jsonb || '{"x": 1}'::jsonb;
SELECT '{"a": 1, "b": 2}'::jsonb - 'a', '[1, 2, 3]'::jsonb - 1, '{"a": {"b": 1, "c": 2}}'::jsonb #- '{a,b}', '["a", "b"]'::jsonb - 'a';
SELECT jsonb_set('{"a": {"b": 1}}', '{a,b}', '2'), jsonb_set('{"a": 1}', '{x}', '"new"'), jsonb_set('{"a": 1}', '{x,y}', '1');
SELECT jsonb_insert('{"a": [1, 3]}', '{a,1}', '2'), jsonb_strip_nulls('{"a": null, "b": {"c": null, "d": 1}}');
SELECT jsonb_array_length(data -> 'items') FROM orders ORDER BY id;
SELECT jsonb_array_length('{"a": 1}');
SELECT jsonb_object_keys(data) AS k FROM orders WHERE id = 1 ORDER BY k;
SELECT key, value FROM jsonb_each('{"b": [1], "a": "x", "c": null}') ORDER BY key;
SELECT key, value FROM jsonb_each_text('{"b": [1], "a": "x", "c": null}') ORDER BY key;
SELECT value FROM jsonb_array_elements('[1, "two", {"three": 3}, null]');
SELECT value FROM jsonb_array_elements_text('[1, "two", {"three": 3}, null]');
SELECT o.id, i ->> 'sku' AS sku, (i ->> 'qty')::int AS qty FROM orders o, jsonb_array_elements(o.data -> 'items') i ORDER BY o.id, sku;
SELECT json_build_object('a', 1, 'b', 'two', 'c', NULL, 'd', ARRAY[1, 2]), jsonb_build_array(1, 'x', NULL, true);
SELECT json_build_object('a');
SELECT to_json('text'::text), to_jsonb(42), to_jsonb(ARRAY['a', 'b']), to_jsonb(1.50), to_json(NULL::text);
SELECT row_to_json(t) FROM (SELECT 1 AS x, 'y' AS y, NULL::int AS z) t;
SELECT json_agg(id ORDER BY id), jsonb_agg(data -> 'customer' ORDER BY id), jsonb_object_agg(id, data ->> 'customer') FROM orders;
SELECT jsonb_pretty('{"a": [1, {"b": 2}], "c": {}}');
SELECT jsonb_typeof('1'), jsonb_typeof('"x"'), jsonb_typeof('[]'), jsonb_typeof('{}'), jsonb_typeof('null'), jsonb_typeof(NULL);
SELECT '{"a": [1, 2, 3]}'::jsonb @? '$.a[*] ? (@ > 2)', jsonb_path_query_array('{"a": [1, 2, 3]}', '$.a[*] ? (@ >= 2)');
SELECT '{"a": 1}'::json -> 'a', '{"a": 1}'::json ->> 'a', '[10, 20]'::json -> 1, '{"a": "x"}'::json #>> '{a}';
SELECT '{"a": 1}'::jsonb -> 1, '[1]'::jsonb -> 'a', 'null'::jsonb -> 'a', '5'::jsonb ->> 0;
SELECT '{"a": 1}'::jsonb @> '1';
SELECT '"x"'::jsonb - 'x';
DROP TABLE orders;
