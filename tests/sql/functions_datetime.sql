-- Date/time functions, with fixed inputs only (no clock values in the output).
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, MDY';
SET IntervalStyle = 'postgres';
SELECT extract(year FROM date '2024-02-29'), extract(month FROM timestamp '2024-02-29 13:45:30'),
  extract(day FROM date '2024-02-29'), extract(hour FROM time '13:45:30'), extract(second FROM time '13:45:30.25');
SELECT extract(dow FROM date '2024-02-29'), extract(isodow FROM date '2024-03-03'), extract(doy FROM date '2024-12-31'),
  extract(week FROM date '2024-01-01'), extract(quarter FROM date '2024-08-01'), extract(isoyear FROM date '2021-01-01');
SELECT extract(epoch FROM timestamptz '2024-01-01 00:00:00+00'), extract(epoch FROM timestamp '1970-01-02'),
  extract(century FROM date '2000-12-31'), extract(millennium FROM date '2001-01-01'), extract(decade FROM date '1999-01-01');
SELECT extract(milliseconds FROM time '00:00:01.5'), extract(microseconds FROM time '00:00:01.5'), extract(julian FROM date '2000-01-01');
SELECT extract(timezone FROM timestamptz '2024-01-01 00:00:00+00');
SELECT extract(fortnight FROM date '2024-01-01');
SELECT extract(hour FROM date '2024-01-01');
SELECT date_part('year', date '2024-02-29'), date_part('minute', timestamp '2024-01-01 10:20:30'), pg_typeof(date_part('year', date '2024-02-29'));
SELECT pg_typeof(extract(year FROM date '2024-02-29'));
SELECT date_trunc('month', timestamp '2024-02-29 13:45:30'), date_trunc('year', timestamp '2024-02-29 13:45:30'),
  date_trunc('hour', timestamp '2024-02-29 13:45:30'), date_trunc('week', timestamp '2024-02-29 13:45:30');
SELECT date_trunc('day', timestamptz '2024-02-29 23:45:30+00'), date_trunc('quarter', date '2024-05-15'), date_trunc('day', interval '1 day 05:06');
SELECT date_trunc('eon', timestamp '2024-01-01');
SET TimeZone = 'America/Los_Angeles';
SELECT date_trunc('day', timestamptz '2024-02-29 23:45:30+00'), extract(hour FROM timestamptz '2024-02-29 23:45:30+00');
SELECT date_trunc('day', timestamptz '2024-02-29 23:45:30+00', 'Asia/Tokyo');
SET TimeZone = 'UTC';
SELECT make_date(2024, 2, 29), make_time(13, 45, 30.5), make_timestamp(2024, 2, 29, 13, 45, 30), make_interval(days => 10, hours => 2);
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0, 'Europe/Berlin');
SELECT make_date(2023, 2, 29);
SELECT to_date('05 Mar 2024', 'DD Mon YYYY'), to_timestamp('2024-03-05 14:30', 'YYYY-MM-DD HH24:MI'), to_timestamp(0), to_timestamp(1700000000.5);
SELECT to_char(timestamp '2024-03-05 14:30:15', 'YYYY-MM-DD HH24:MI:SS'), to_char(date '2024-03-05', 'Day, DD Month YYYY'),
  to_char(date '2024-03-05', 'FMDay FMMonth DDth'), to_char(timestamp '2024-03-05 14:30:15', 'HH12:MI AM'), to_char(interval '1 day 02:03', 'DD HH24:MI');
SELECT to_date('2024-13-01', 'YYYY-MM-DD');
SELECT age(timestamp '2024-03-01', timestamp '2023-01-31'), age(date '2024-01-01', date '2024-12-25');
SELECT date '2024-01-31' + interval '1 month', timestamp '2024-01-31 10:00' + interval '1 month 1 day',
  date '2024-03-01' - interval '1 day', date '2024-03-01' - date '2023-03-01';
-- Across a DST change a day is not always 24 hours in the session zone.
SET TimeZone = 'America/New_York';
SELECT timestamptz '2024-03-09 12:00' + interval '1 day', timestamptz '2024-03-09 12:00' + interval '24 hours';
SET TimeZone = 'UTC';
SELECT (date '2024-01-01', date '2024-02-01') OVERLAPS (date '2024-01-15', date '2024-03-01'),
  (date '2024-01-01', date '2024-02-01') OVERLAPS (date '2024-02-01', date '2024-03-01');
SELECT isfinite(date 'infinity'), isfinite(timestamp '2024-01-01'), isfinite(interval '1 day');
SELECT generate_series(timestamp '2024-01-30', timestamp '2024-02-02', interval '1 day') AS day;
SELECT date_bin(interval '15 minutes', timestamp '2024-01-01 10:37:00', timestamp '2024-01-01 00:00:00');
SELECT timezone('Asia/Tokyo', timestamptz '2024-01-01 00:00:00+00'), timezone('UTC', timestamp '2024-01-01 09:00');
SELECT timestamp '2024-01-01 00:00' AT TIME ZONE 'Nowhere/City';
-- The clock functions are checked for type and consistency, never for their value.
SELECT pg_typeof(now()), pg_typeof(current_timestamp), pg_typeof(current_date), pg_typeof(current_time), pg_typeof(localtimestamp), pg_typeof(clock_timestamp());
SELECT now() = current_timestamp AS same_in_statement, now() <= clock_timestamp() AS monotonic, current_date = now()::date AS today_matches;
SELECT extract(year FROM NULL::date), date_trunc('day', NULL::timestamp), age(NULL::timestamp, timestamp '2024-01-01');
-- now() is the transaction's start: the same in every statement of a block.
BEGIN;
SELECT now() AS first_now \gset
SELECT clock_timestamp() > :'first_now'::timestamptz AS clock_moved, now() = :'first_now'::timestamptz AS now_fixed;
COMMIT;
