-- bytea: hex and escape input, hex output, functions, comparisons.
SET bytea_output = 'hex';
CREATE TABLE blobs (id INT, data BYTEA);
INSERT INTO blobs VALUES (1, '\xDEADBEEF'), (2, 'abc'), (3, ''), (4, NULL), (5, E'\\000\\001\\377'),
  (6, '\x'), (7, 'a\\b');
SELECT id, data, length(data) FROM blobs ORDER BY id;
SELECT '\x0'::bytea;
SELECT '\xGG'::bytea;
SELECT E'\\400'::bytea;
SELECT '\x 01 02'::bytea;
SELECT 'abc'::bytea || '\x00'::bytea, '\x01'::bytea < '\x02'::bytea, '\x'::bytea < '\x00'::bytea;
SELECT id FROM blobs WHERE data = 'abc' ORDER BY id;
SELECT id, data FROM blobs ORDER BY data NULLS FIRST, id;
SELECT octet_length('\xDEADBEEF'::bytea), get_byte('\xDEADBEEF'::bytea, 1), set_byte('\x0000'::bytea, 0, 255);
SELECT get_byte('\x00'::bytea, 5);
SELECT substring('\x0102030405'::bytea FROM 2 FOR 3), position('\x03'::bytea IN '\x0102030405'::bytea);
SELECT md5('abc'::bytea), sha256('abc'::bytea);
SELECT encode('\x48656c6c6f'::bytea, 'escape'), encode('Hello'::bytea, 'base64'), encode('Hello'::bytea, 'hex');
SELECT decode('SGVsbG8=', 'base64'), decode('48656c6c6f', 'hex'), decode('a\000b', 'escape');
SELECT decode('zz', 'hex');
SELECT convert_to('héllo', 'UTF8'), convert_from('\x68c3a96c6c6f', 'UTF8');
SET bytea_output = 'escape';
SELECT data FROM blobs WHERE id IN (1, 2, 5) ORDER BY id;
RESET bytea_output;
SELECT data FROM blobs WHERE id = 2;
SELECT pg_typeof(data) FROM blobs LIMIT 1;
DROP TABLE blobs;
