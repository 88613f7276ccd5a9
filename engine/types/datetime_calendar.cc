// Calendar arithmetic, physical encodings and time-zone lookups for date/time types.
#include <chrono>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include <date/tz.h>

#include "engine/types/datetime.h"

namespace plinth::datetime {
namespace {

constexpr int64_t kDaysFrom1970To2000 = 10957;

// PostgreSQL's limits: dates from 4714-11-24 BC (Julian day 0) to 5874897-12-31,
// timestamps from 4714-11-24 BC to 294276-12-31 23:59:59.999999.
const int64_t kMinDate = -2451545;  // Julian day 0
const int64_t kEndDate = DaysFromCivil(5874898, 1, 1);
const int64_t kMinTimestamp = kMinDate * kUsecPerDay;
const int64_t kEndTimestamp = DaysFromCivil(294277, 1, 1) * kUsecPerDay;

template <typename T>
void PutLE(std::string* out, T v) {
  for (size_t i = 0; i < sizeof(T); ++i) out->push_back(static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xff));
}
template <typename T>
T GetLE(std::string_view s, size_t at) {
  uint64_t v = 0;
  for (size_t i = 0; i < sizeof(T) && at + i < s.size(); ++i)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(s[at + i])) << (8 * i);
  return static_cast<T>(v);
}

std::string LowerAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return r;
}

// Fixed-offset zones a user may name: UTC spellings and the common abbreviations
// from PostgreSQL's "Default" timezone_abbreviations set (seconds east of UTC).
const std::unordered_map<std::string, int32_t>& FixedZones() {
  static const auto* m = new std::unordered_map<std::string, int32_t>{
      {"utc", 0}, {"gmt", 0}, {"z", 0}, {"zulu", 0}, {"ut", 0}, {"etc/utc", 0},
      {"est", -5 * 3600}, {"edt", -4 * 3600}, {"cst", -6 * 3600}, {"cdt", -5 * 3600},
      {"mst", -7 * 3600}, {"mdt", -6 * 3600}, {"pst", -8 * 3600}, {"pdt", -7 * 3600},
      {"cet", 3600}, {"cest", 7200}, {"eet", 7200}, {"eest", 10800}, {"bst", 3600},
      {"jst", 9 * 3600}, {"ist", 7200}, {"msk", 3 * 3600}, {"akst", -9 * 3600},
      {"akdt", -8 * 3600}, {"hst", -10 * 3600}, {"nzst", 12 * 3600}, {"nzdt", 13 * 3600},
  };
  return *m;
}

// Resolves an IANA zone name, case-insensitively as PostgreSQL does.
const date::time_zone* FindZone(std::string_view name) {
  static std::mutex mu;
  static std::unordered_map<std::string, const date::time_zone*> cache;
  std::string key = LowerAscii(name);
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const date::time_zone* found = nullptr;
  try {
    found = date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    try {
      const auto& db = date::get_tzdb();
      for (const auto& z : db.zones)
        if (LowerAscii(z.name()) == key) { found = &z; break; }
    } catch (const std::exception&) {
      found = nullptr;
    }
  }
  cache.emplace(key, found);
  return found;
}

// "+05:30", "-8", "UTC+3" style numeric zones. PostgreSQL reads a bare numeric
// TimeZone setting as ISO (east positive) and POSIX "UTC+3" as west positive.
bool ParseNumericZone(std::string_view s, int32_t* east) {
  bool posix = false;
  std::string lower = LowerAscii(s);
  std::string_view v = lower;
  for (const char* prefix : {"utc", "gmt"})
    if (v.size() > 3 && v.substr(0, 3) == prefix && (v[3] == '+' || v[3] == '-')) {
      v.remove_prefix(3);
      posix = true;
    }
  if (v.empty() || (v[0] != '+' && v[0] != '-')) return false;
  bool negative = v[0] == '-';
  v.remove_prefix(1);
  int parts[3] = {0, 0, 0};
  int idx = 0, digits = 0;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      parts[idx] = parts[idx] * 10 + (c - '0');
      if (++digits > 2 && idx == 0 && v.find(':') == std::string_view::npos) {
        // "+0530": hours and minutes without a colon
      }
    } else if (c == ':' && idx < 2) {
      ++idx;
      digits = 0;
    } else {
      return false;
    }
  }
  if (idx == 0 && v.size() == 4) { parts[1] = parts[0] % 100; parts[0] /= 100; }
  if (parts[0] > 15 || parts[1] > 59 || parts[2] > 59) return false;
  int32_t secs = parts[0] * 3600 + parts[1] * 60 + parts[2];
  *east = (negative != posix) ? -secs : secs;
  return true;
}

}  // namespace

std::string EncodeInterval(const Interval& iv) {
  std::string s;
  PutLE<int64_t>(&s, iv.time);
  PutLE<int32_t>(&s, iv.days);
  PutLE<int32_t>(&s, iv.months);
  return s;
}
Interval DecodeInterval(std::string_view p) {
  return Interval{GetLE<int64_t>(p, 0), GetLE<int32_t>(p, 8), GetLE<int32_t>(p, 12)};
}
__int128 IntervalSpan(const Interval& iv) {
  return static_cast<__int128>(iv.time) +
         (static_cast<__int128>(iv.days) + static_cast<__int128>(iv.months) * 30) * kUsecPerDay;
}
std::string EncodeTimeTz(const TimeTz& t) {
  std::string s;
  PutLE<int64_t>(&s, t.time);
  PutLE<int32_t>(&s, t.zone);
  return s;
}
TimeTz DecodeTimeTz(std::string_view p) { return TimeTz{GetLE<int64_t>(p, 0), GetLE<int32_t>(p, 8)}; }

// Days from civil, after Howard Hinnant's "chrono-Compatible Low-Level Date
// Algorithms" (eras of 400 years, March-based years so leap days come last).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 - kDaysFrom1970To2000;
}

void CivilFromDays(int64_t z, int64_t* year, int* month, int* day) {
  z += 719468 + kDaysFrom1970To2000;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

Fields SplitTimestamp(int64_t usec) {
  int64_t days = usec / kUsecPerDay, rem = usec % kUsecPerDay;
  if (rem < 0) { rem += kUsecPerDay; --days; }
  Fields f;
  CivilFromDays(days, &f.year, &f.month, &f.day);
  f.hour = static_cast<int>(rem / kUsecPerHour);
  f.minute = static_cast<int>(rem / kUsecPerMinute % 60);
  f.second = static_cast<int>(rem / kUsecPerSec % 60);
  f.usec = static_cast<int>(rem % kUsecPerSec);
  return f;
}

bool TimestampInRange(int64_t usec) { return usec >= kMinTimestamp && usec < kEndTimestamp; }
bool DateInRange(int64_t days) { return days >= kMinDate && days < kEndDate; }

Result<int64_t> JoinTimestamp(const Fields& f) {
  int64_t days = DaysFromCivil(f.year, f.month, f.day);
  if (days < kMinDate - 1 || days > kEndDate) return Status::Error("22008", "timestamp out of range");
  int64_t usec = days * kUsecPerDay + f.hour * kUsecPerHour + f.minute * kUsecPerMinute +
                 f.second * kUsecPerSec + f.usec;
  return usec;
}

int64_t RoundToPrecision(int64_t usec, int precision) {
  if (precision < 0 || precision >= 6) return usec;
  int64_t scale = 1;
  for (int i = precision; i < 6; ++i) scale *= 10;
  int64_t half = scale / 2;
  return usec >= 0 ? (usec + half) / scale * scale : -((-usec + half) / scale * scale);
}

bool IsKnownZone(std::string_view zone) {
  int32_t east;
  return FixedZones().count(LowerAscii(zone)) != 0 || ParseNumericZone(zone, &east) ||
         FindZone(zone) != nullptr;
}

Result<int32_t> UtcOffsetAt(std::string_view zone, int64_t utc_usec) {
  auto fixed = FixedZones().find(LowerAscii(zone));
  if (fixed != FixedZones().end()) return fixed->second;
  int32_t east;
  if (ParseNumericZone(zone, &east)) return east;
  const date::time_zone* tz = FindZone(zone);
  if (tz == nullptr)
    return Status::Error("22023", "time zone \"" + std::string(zone) + "\" not recognized");
  int64_t secs = utc_usec / kUsecPerSec - (utc_usec % kUsecPerSec < 0 ? 1 : 0);
  date::sys_seconds at{std::chrono::seconds(secs + kDaysFrom1970To2000 * 86400)};
  try {
    return static_cast<int32_t>(tz->get_info(at).offset.count());
  } catch (const std::exception&) {
    return 0;
  }
}

Result<int64_t> LocalToUtc(std::string_view zone, int64_t local_usec) {
  auto fixed = FixedZones().find(LowerAscii(zone));
  if (fixed != FixedZones().end()) return local_usec - fixed->second * kUsecPerSec;
  int32_t east;
  if (ParseNumericZone(zone, &east)) return local_usec - east * kUsecPerSec;
  const date::time_zone* tz = FindZone(zone);
  if (tz == nullptr)
    return Status::Error("22023", "time zone \"" + std::string(zone) + "\" not recognized");
  int64_t secs = local_usec / kUsecPerSec - (local_usec % kUsecPerSec < 0 ? 1 : 0);
  date::local_seconds at{std::chrono::seconds(secs + kDaysFrom1970To2000 * 86400)};
  try {
    date::local_info li = tz->get_info(at);
    // A time in a spring-forward gap takes the offset in force before the jump; an
    // ambiguous fall-back time takes the offset after it (both as PostgreSQL).
    std::chrono::seconds off = li.result == date::local_info::ambiguous ? li.second.offset
                                                                        : li.first.offset;
    return local_usec - static_cast<int64_t>(off.count()) * kUsecPerSec;
  } catch (const std::exception&) {
    return local_usec;
  }
}

int64_t NowUsec() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
  return us - kDaysFrom1970To2000 * kUsecPerDay;
}

}  // namespace plinth::datetime
