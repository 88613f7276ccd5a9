-- text, varchar(n), char(n): length limits, padding, escapes, comparison, concatenation.
CREATE TABLE strs (t TEXT, v VARCHAR(5), c CHAR(5));
INSERT INTO strs VALUES ('hello', 'hello', 'hello'), ('a', 'a', 'a'), ('', '', ''),
  ('  x  ', 'x  ', 'x'), (NULL, NULL, NULL);
SELECT t, v, c, length(t), length(v), length(c), octet_length(c) FROM strs ORDER BY t NULLS LAST;
SELECT '[' || c || ']' AS c_concat, '[' || v || ']' AS v_concat FROM strs ORDER BY t NULLS LAST;
INSERT INTO strs (v) VALUES ('toolong');
INSERT INTO strs (c) VALUES ('toolong');
-- Trailing spaces beyond the limit are silently dropped (SQL standard).
INSERT INTO strs (v, c) VALUES ('abc       ', 'abc       ');
SELECT v, length(v), c FROM strs WHERE v LIKE 'abc%';
SELECT 'toolong'::varchar(3), 'toolong'::char(3);
SELECT 'a'::char(3) = 'a  '::char(3), 'a'::varchar = 'a  '::varchar, 'a '::text = 'a'::text;
SELECT 'it''s', E'tab\there', E'new\nline', E'\\backslash', $$dollar 'quoted'$$, $tag$x$$y$tag$;
SELECT U&'\0041\0042', E'\u00e9t\u00e9', 'ünïcödé', length('ünïcödé'), octet_length('ünïcödé');
SELECT 'abc' || 'def', 'abc' || NULL, 'n=' || 42, 42 || '!', NULL || NULL::text;
SELECT 'abc' < 'abd', 'abc' < 'ab', 'B' < 'a', '' < 'a', 'Z' > 'z';
SELECT t FROM strs ORDER BY t NULLS FIRST;
SELECT t FROM strs ORDER BY t DESC;
SELECT 'x' = NULL, NULL::text IS NULL, '' IS NULL, '' = '';
SELECT pg_typeof('abc'), pg_typeof('abc'::varchar), pg_typeof('abc'::char(2)), pg_typeof('a' || 'b');
SELECT 'multi'
  'line' AS adjacent_literals;
SELECT E'\xZZ';
SELECT 'unterminated;
';
SELECT '5'::text::int + 1, 12.5::text, true::text, NULL::text;
SELECT repeat('ab', 3), length(repeat('x', 10000));
DROP TABLE strs;
