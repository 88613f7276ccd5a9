-- json keeps its input text; jsonb normalises (key order, duplicates, whitespace).
CREATE TABLE docs (id INT, j JSON, jb JSONB);
INSERT INTO docs VALUES
  (1, '{"b": 1, "a": [1, 2, {"c": null}]}', '{"b": 1, "a": [1, 2, {"c": null}]}'),
  (2, '{"a":1,"a":2}', '{"a":1,"a":2}'),
  (3, '  [1,  "two", true, null, 1.50, 1e2]  ', '  [1,  "two", true, null, 1.50, 1e2]  '),
  (4, '"a string"', '"a string"'),
  (5, 'null', 'null'),
  (6, NULL, NULL);
SELECT id, j, jb FROM docs ORDER BY id;
SELECT '{"a":'::json;
SELECT '{a: 1}'::jsonb;
SELECT '[1, 2,]'::jsonb;
SELECT ''::json;
SELECT '"\u00e9\n"'::jsonb, '"\ud83d\ude00"'::jsonb, '"tab\tquote\""'::json;
SELECT '"bad \x"'::json;
SELECT '{"z": 1, "a": 2, "mm": 3}'::jsonb, '{}'::jsonb, '[]'::jsonb;
SELECT jb = '{"a": [1, 2, {"c": null}], "b": 1}'::jsonb FROM docs WHERE id = 1;
SELECT j = j FROM docs WHERE id = 1;
SELECT jsonb_typeof(jb), json_typeof(j) FROM docs ORDER BY id;
SELECT '12345678901234567890.123'::jsonb, '-0'::jsonb, '1E-3'::jsonb;
SELECT pg_typeof('{}'::json), pg_typeof('{}'::jsonb);
SELECT '{"a": 1}'::jsonb::text, '[1,2]'::json::jsonb, '{"b":2,"a":1}'::jsonb::json;
SELECT id FROM docs ORDER BY jb NULLS LAST, id;
SELECT '{"n": 1.0, "m": 1.00e0, "s": " keep  spaces "}'::json, '{"n": 1.0, "m": 1.00e0, "s": " keep  spaces "}'::jsonb;
SELECT '{"a":{"b":{"c":{"d":[[[1]]]}}}}'::jsonb, '[{}, [], "", 0, false]'::jsonb;
SELECT '"\u0000"'::jsonb;
SELECT '"\u0000"'::json;
SELECT '{"a": 1} extra'::jsonb;
SELECT 'true'::jsonb, 'TRUE'::jsonb;
SELECT '1'::jsonb = '1.0'::jsonb, '{"a": 1, "b": 2}'::jsonb = '{"b": 2, "a": 1}'::jsonb, '[1, 2]'::jsonb = '[2, 1]'::jsonb;
SELECT '"abc"'::jsonb < '1'::jsonb, 'null'::jsonb < 'false'::jsonb, '[]'::jsonb > '{}'::jsonb;
DROP TABLE docs;
