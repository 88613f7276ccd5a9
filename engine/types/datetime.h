// Date/time types with PostgreSQL's representation (value.h): dates as days since
// 2000-01-01, times and timestamps as microseconds, intervals as (µs, days, months).
// Text I/O follows PG 15 with DateStyle ISO: input accepts ISO 8601 forms, MDY/DMY
// slashed dates, month names, BC, zones (Z, +hh[:mm[:ss]], IANA names, common
// abbreviations) and the special words; output is byte-identical to PG.
// Time zones come from the system tzdata via Howard Hinnant's date/tz (Debian's
// libhowardhinnant-date-dev, built with USE_OS_TZDB), which gives IANA rules without
// touching the process-wide TZ variable that glibc's localtime_r would need.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/common/status.h"
#include "engine/types/types.h"

namespace plinth::datetime {

inline constexpr int64_t kUsecPerSec = 1000000;
inline constexpr int64_t kUsecPerMinute = 60 * kUsecPerSec;
inline constexpr int64_t kUsecPerHour = 60 * kUsecPerMinute;
inline constexpr int64_t kUsecPerDay = 24 * kUsecPerHour;
inline constexpr int32_t kDateNegInfinity = INT32_MIN, kDatePosInfinity = INT32_MAX;
inline constexpr int64_t kTimestampNegInfinity = INT64_MIN, kTimestampPosInfinity = INT64_MAX;

struct Interval {
  int64_t time = 0;  // µs
  int32_t days = 0;
  int32_t months = 0;
};
std::string EncodeInterval(const Interval& iv);  // value.h payload (little-endian)
Interval DecodeInterval(std::string_view payload);
// PostgreSQL's interval ordering key: months as 30 days, days as 24 hours.
__int128 IntervalSpan(const Interval& iv);

struct TimeTz {
  int64_t time = 0;  // µs since midnight, local
  int32_t zone = 0;  // seconds WEST of UTC, as PostgreSQL stores it (+05:30 is -19800)
};
std::string EncodeTimeTz(const TimeTz& t);
TimeTz DecodeTimeTz(std::string_view payload);

// Proleptic Gregorian calendar; year is astronomical (1 BC = 0).
int64_t DaysFromCivil(int64_t year, int month, int day);  // relative to 2000-01-01
void CivilFromDays(int64_t days, int64_t* year, int* month, int* day);
int DaysInMonth(int64_t year, int month);

struct Fields {  // a broken-down timestamp
  int64_t year = 2000;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0, usec = 0;
};
Fields SplitTimestamp(int64_t usec);
Result<int64_t> JoinTimestamp(const Fields& f);  // 22008 timestamp out of range
bool TimestampInRange(int64_t usec);
bool DateInRange(int64_t days);

// Time zones. Offsets are seconds EAST of UTC.
Result<int32_t> UtcOffsetAt(std::string_view zone, int64_t utc_usec);
Result<int64_t> LocalToUtc(std::string_view zone, int64_t local_usec);  // PG's gap/overlap rules
bool IsKnownZone(std::string_view zone);

Result<int32_t> ParseDate(std::string_view text, const IoContext& io);
Result<int64_t> ParseTime(std::string_view text, const IoContext& io);
Result<TimeTz> ParseTimeTz(std::string_view text, const IoContext& io);
Result<int64_t> ParseTimestamp(std::string_view text, const IoContext& io);
Result<int64_t> ParseTimestampTz(std::string_view text, const IoContext& io);
Result<Interval> ParseInterval(std::string_view text, const IoContext& io);

void FormatDate(int32_t days, std::string* out);
void FormatTime(int64_t usec, std::string* out);
void FormatTimeTz(const TimeTz& t, std::string* out);
void FormatTimestamp(int64_t usec, std::string* out);
void FormatTimestampTz(int64_t usec, const IoContext& io, std::string* out);
void FormatInterval(const Interval& iv, const IoContext& io, std::string* out);

// Rounds fractional seconds to `precision` digits (typmod of time/timestamp(p)).
int64_t RoundToPrecision(int64_t usec, int precision);

// The transaction-independent current time: µs since 2000-01-01 UTC.
int64_t NowUsec();

}  // namespace plinth::datetime
