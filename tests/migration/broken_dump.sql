--
-- A damaged dump (hand-written, in pg_dump's shape): the COPY data has a row with one
-- field too many. A restore with ON_ERROR_STOP=1 must stop there, and run.sh must
-- report the failure rather than compare outputs (migration_broken_dump checks this).
--

SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.damaged (
    id integer NOT NULL,
    label text
);

COPY public.damaged (id, label) FROM stdin;
1	fine
2	one field	too many
\.
