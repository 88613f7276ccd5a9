-- json[b]_to_record[set] with column definition lists: PostgreSQL's populate rules
SELECT * FROM json_to_record('{"a":"5","b":[1,2],"c":{"x":1},"d":null,"e":true,"f":1.5}')
  AS r(a int, b text, c json, d int, e bool, f numeric, g text, h jsonb);
SELECT * FROM jsonb_to_record('{"a":[1,2],"b":[[1,2],[3,4]],"c":["a\"b",true,null]}')
  AS r(a int[], b int[], c text[]);
SELECT * FROM json_to_recordset('[{"a":1},{"a":2,"b":"x"},{"b":"y","z":0}]') AS r(a int, b text);
SELECT * FROM jsonb_to_recordset('[{"a":1,"b":{"c":[1,2]}},{"a":2}]') AS r(a int, b jsonb) ORDER BY a DESC;
SELECT * FROM json_to_record('{"a":1,"a":2}') AS r(a int);
SELECT * FROM json_to_record('{"a": "x\"y", "b": " 7 ", "c": "2020-01-02"}') AS r(a text, b int, c date);
SELECT * FROM json_to_record(NULL) AS r(a int, b text);
SELECT count(*) FROM jsonb_to_recordset(NULL) AS r(a int);
SELECT * FROM json_to_recordset('[]') AS r(a int);
-- from a table: implicitly LATERAL
CREATE TABLE docs (id int, body jsonb);
INSERT INTO docs VALUES (1, '{"name":"pen","qty":3}'), (2, '{"name":"ink","qty":null}'), (3, NULL);
SELECT d.id, x.name, x.qty, x.qty IS NULL AS missing
  FROM docs d, jsonb_to_record(d.body) AS x(name text, qty int) ORDER BY d.id;
SELECT d.id, x.* FROM docs d CROSS JOIN LATERAL jsonb_to_recordset('[' || d.body::text || ']')
  AS x(name varchar(3), qty numeric(4,1)) WHERE d.body IS NOT NULL ORDER BY 1;
SELECT d.id, x.* FROM docs d CROSS JOIN LATERAL jsonb_to_recordset(('[' || d.body::text || ']')::jsonb)
  AS x(name varchar(3), qty numeric(4,1)) WHERE d.body IS NOT NULL ORDER BY 1;
SELECT sum(qty) FROM json_to_recordset('[{"qty":1},{"qty":2},{"qty":null}]') AS t(qty int);
-- errors
SELECT * FROM json_to_record('{"a":1}');
SELECT * FROM generate_series(1, 2) AS r(a int);
SELECT * FROM json_to_record('{"a":1}') WITH ORDINALITY AS r(a int, n bigint);
SELECT * FROM json_to_record('[1]') AS r(a int);
SELECT * FROM jsonb_to_record('"x"') AS r(a int);
SELECT * FROM json_to_recordset('{"a":1}') AS r(a int);
SELECT * FROM json_to_recordset('1') AS r(a int);
SELECT * FROM jsonb_to_recordset('{"a":1}') AS r(a int);
SELECT * FROM jsonb_to_recordset('[1]') AS r(a int);
SELECT * FROM json_to_record('{"a":"x"}') AS r(a int);
SELECT * FROM json_to_record('{"a":"abc"}') AS r(a varchar(2));
SELECT * FROM jsonb_to_record('{"a":{"b":1}}') AS r(a int);
SELECT * FROM json_to_record('{"a":{"b":1}}') AS r(a int[]);
SELECT * FROM json_to_record('{"a":[[1],[2,3]]}') AS r(a int[]);
SELECT * FROM json_to_record('{"a":[1,"x"]}') AS r(a int[]);
SELECT * FROM json_to_record('{"a":1}') AS r(a nosuchtype);
SELECT * FROM json_to_record('not json') AS r(a int);
DROP TABLE docs;
