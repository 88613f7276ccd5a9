-- uuid: accepted spellings, canonical lower-case output, ordering, errors.
CREATE TABLE ids (u UUID PRIMARY KEY, label TEXT);
INSERT INTO ids VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'canonical'),
  ('{B0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}', 'braces upper'),
  ('c0eebc999c0b4ef8bb6d6bb9bd380a11', 'no hyphens'),
  ('d0eebc99-9c0b4ef8-bb6d6bb9-bd380a11', 'hyphen groups of four'),
  ('00000000-0000-0000-0000-000000000000', 'nil');
SELECT u, label FROM ids ORDER BY u;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid;
SELECT 'g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-'::uuid;
INSERT INTO ids VALUES ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'duplicate');
SELECT label FROM ids WHERE u = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid < 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT u::text, length(u::text) FROM ids WHERE label = 'nil';
SELECT 'x'::text::uuid;
SELECT NULL::uuid, pg_typeof('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
SELECT count(*), count(DISTINCT u) FROM ids;
SELECT u FROM ids ORDER BY u DESC LIMIT 2;
SELECT length(gen_random_uuid()::text), pg_typeof(gen_random_uuid());
INSERT INTO ids VALUES (NULL, 'null key');
CREATE TABLE refs (u UUID, note TEXT);
INSERT INTO refs VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'x'), (NULL, 'no ref'), ('ffffffff-ffff-ffff-ffff-ffffffffffff', 'max');
SELECT u, note FROM refs ORDER BY u NULLS FIRST;
SELECT r.note, i.label FROM refs r JOIN ids i ON i.u = r.u;
SELECT note FROM refs WHERE u IN ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '00000000-0000-0000-0000-000000000000');
SELECT note FROM refs WHERE u <> 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' ORDER BY note;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::text;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
SELECT 42::uuid;
DROP TABLE ids, refs;
