--
-- PostgreSQL database cluster dump
--

\restrict 3HIDpDylLdcDKdAdGxsKXFuafm2Sb8aneUaydLIYZA2xcIVgRzzYbxjAPz60cvD

SET default_transaction_read_only = off;

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

--
-- Roles
--

CREATE ROLE reporting;
ALTER ROLE reporting WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;

--
-- User Configurations
--






\unrestrict 3HIDpDylLdcDKdAdGxsKXFuafm2Sb8aneUaydLIYZA2xcIVgRzzYbxjAPz60cvD

--
-- PostgreSQL database cluster dump complete
--

