-- date, time, timestamp, timestamptz: input forms, ISO output, zones, infinities, errors.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, MDY';
CREATE TABLE events (id INT, d DATE, t TIME, ts TIMESTAMP, tz TIMESTAMPTZ);
INSERT INTO events VALUES
  (1, '2024-02-29', '13:45:30', '2024-02-29 13:45:30', '2024-02-29 13:45:30+00'),
  (2, '1999-12-31', '00:00:00', '1999-12-31 23:59:59.999999', '1999-12-31 23:59:59.5-05'),
  (3, '0001-01-01', '23:59:59.123456', '2000-01-01 00:00:00', '2000-01-01 00:00:00+05:30'),
  (4, NULL, NULL, NULL, NULL);
SELECT id, d, t, ts, tz FROM events ORDER BY id;
SELECT '2024-02-30'::date;
SELECT '2023-02-29'::date;
SELECT '24:00:01'::time;
SELECT 'not a date'::date;
SELECT '2024-01-15'::date, 'January 15, 2024'::date, '20240115'::date, '1/15/2024'::date;
SELECT '2024-01-15 10:30'::timestamp, '2024-01-15T10:30:00.5'::timestamp, '10:30 PM'::time;
SELECT '4713-01-01 BC'::date, '5874897-12-31'::date, '0001-01-01'::date - 1;
SELECT 'infinity'::date, '-infinity'::timestamp, 'infinity'::timestamptz, 'infinity'::date > '9999-12-31';
SELECT 'epoch'::timestamp, 'allballs'::time;
-- timestamptz shows in the session zone; the stored instant does not change.
SELECT tz FROM events WHERE id = 2;
SET TimeZone = 'America/New_York';
SELECT tz FROM events WHERE id = 2;
SELECT '2024-07-01 12:00:00+00'::timestamptz, '2024-01-01 12:00:00+00'::timestamptz;
SELECT '2024-03-10 02:30:00'::timestamptz;
SET TimeZone = 'Asia/Kolkata';
SELECT tz FROM events WHERE id = 3;
SET TimeZone = 'UTC';
SELECT ts AT TIME ZONE 'Europe/Paris' FROM events WHERE id = 1;
SELECT tz AT TIME ZONE 'Asia/Tokyo' FROM events WHERE id = 1;
SELECT '2024-01-01 00:00:00'::timestamp::date, '2024-01-01'::date::timestamp, '2024-06-15 08:00:00+02'::timestamptz::date;
SELECT '2024-01-01'::date + 30, '2024-03-01'::date - '2024-02-01'::date, '2024-01-01'::date + '10:00'::time;
SELECT d FROM events WHERE d > '2000-01-01' ORDER BY d;
SELECT id FROM events ORDER BY ts DESC NULLS LAST;
SELECT '13:45:30.123456789'::time, '2024-01-01 00:00:00.1234567'::timestamp;
SELECT '12:00'::time(0), '12:00:00.555'::time(1), '2024-01-01 12:00:00.555'::timestamp(2);
SET DateStyle = 'SQL, DMY';
SELECT '2024-01-15'::date, '2024-01-15 10:30'::timestamp, '05/04/2024'::date;
SET DateStyle = 'German';
SELECT '2024-01-15'::date;
SET DateStyle = 'Postgres, MDY';
SELECT '2024-01-15 10:30'::timestamp, '2024-01-15 10:30+00'::timestamptz;
SET DateStyle = 'ISO, MDY';
SELECT '05/04/2024'::date;
SELECT pg_typeof('2024-01-01'::date - 1), pg_typeof(now()), pg_typeof(current_date);
SELECT '2024-01-01 10:00'::timestamp < '2024-01-01 10:00+00'::timestamptz;
SELECT NULL::date + 1, NULL::timestamp IS NULL;
DROP TABLE events;
