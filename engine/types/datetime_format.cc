// Text output of date/time types, DateStyle ISO and IntervalStyle postgres (PG 15).
#include <cstdio>
#include <cstdlib>

#include "engine/types/datetime.h"

namespace plinth::datetime {
namespace {

void AppendPadded(int64_t v, int width, std::string* out) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  out->append(buf);
}

// Seconds with fractional digits, trailing zeros dropped (PG's AppendSeconds).
void AppendSeconds(int second, int usec, std::string* out) {
  AppendPadded(second, 2, out);
  if (usec == 0) return;
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%06d", usec);
  std::string frac = buf;
  while (frac.back() == '0') frac.pop_back();
  out->append(frac);
}

// "YYYY-MM-DD" with the year as PG prints it (BC years counted from 1, suffix later).
void AppendYmd(int64_t year, int month, int day, std::string* out) {
  AppendPadded(year > 0 ? year : 1 - year, 4, out);
  out->push_back('-');
  AppendPadded(month, 2, out);
  out->push_back('-');
  AppendPadded(day, 2, out);
}

void AppendHms(int64_t usec_of_day, std::string* out) {
  AppendPadded(usec_of_day / kUsecPerHour, 2, out);
  out->push_back(':');
  AppendPadded(usec_of_day / kUsecPerMinute % 60, 2, out);
  out->push_back(':');
  AppendSeconds(static_cast<int>(usec_of_day / kUsecPerSec % 60),
                static_cast<int>(usec_of_day % kUsecPerSec), out);
}

// ISO offset: +hh, +hh:mm or +hh:mm:ss (seconds east of UTC).
void AppendOffset(int32_t east, std::string* out) {
  out->push_back(east < 0 ? '-' : '+');
  int32_t a = std::abs(east);
  AppendPadded(a / 3600, 2, out);
  if (a % 3600 != 0) {
    out->push_back(':');
    AppendPadded(a / 60 % 60, 2, out);
    if (a % 60 != 0) {
      out->push_back(':');
      AppendPadded(a % 60, 2, out);
    }
  }
}

void AppendTimestampFields(int64_t local, std::string* out, int32_t* east_or_null) {
  Fields f = SplitTimestamp(local);
  AppendYmd(f.year, f.month, f.day, out);
  out->push_back(' ');
  AppendPadded(f.hour, 2, out);
  out->push_back(':');
  AppendPadded(f.minute, 2, out);
  out->push_back(':');
  AppendSeconds(f.second, f.usec, out);
  if (east_or_null != nullptr) AppendOffset(*east_or_null, out);
  if (f.year <= 0) out->append(" BC");
}

// One "N unit(s)" part of the postgres interval style (PG's AddPostgresIntPart).
void AddPart(int64_t value, const char* unit, bool* is_zero, bool* is_before, std::string* out) {
  if (value == 0) return;
  if (!*is_zero) out->push_back(' ');
  if (*is_before && value > 0) out->push_back('+');
  out->append(std::to_string(value));
  out->push_back(' ');
  out->append(unit);
  if (value != 1) out->push_back('s');
  *is_before = value < 0;
  *is_zero = false;
}

}  // namespace

void FormatDate(int32_t days, std::string* out) {
  if (days == kDateNegInfinity) { out->append("-infinity"); return; }
  if (days == kDatePosInfinity) { out->append("infinity"); return; }
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  AppendYmd(y, m, d, out);
  if (y <= 0) out->append(" BC");
}

void FormatTime(int64_t usec, std::string* out) { AppendHms(usec, out); }

void FormatTimeTz(const TimeTz& t, std::string* out) {
  AppendHms(t.time, out);
  AppendOffset(-t.zone, out);
}

void FormatTimestamp(int64_t usec, std::string* out) {
  if (usec == kTimestampNegInfinity) { out->append("-infinity"); return; }
  if (usec == kTimestampPosInfinity) { out->append("infinity"); return; }
  AppendTimestampFields(usec, out, nullptr);
}

void FormatTimestampTz(int64_t usec, const IoContext& io, std::string* out) {
  if (usec == kTimestampNegInfinity) { out->append("-infinity"); return; }
  if (usec == kTimestampPosInfinity) { out->append("infinity"); return; }
  auto off = UtcOffsetAt(io.timezone, usec);
  int32_t east = off.ok() ? *off : 0;
  AppendTimestampFields(usec + east * kUsecPerSec, out, &east);
}

void FormatInterval(const Interval& iv, const IoContext& io, std::string* out) {
  int64_t years = iv.months / 12, months = iv.months % 12;
  int64_t hours = iv.time / kUsecPerHour;
  int64_t minutes = iv.time / kUsecPerMinute % 60;
  int64_t seconds = iv.time / kUsecPerSec % 60;
  int64_t usec = iv.time % kUsecPerSec;
  bool is_zero = true, is_before = false;
  AddPart(years, "year", &is_zero, &is_before, out);
  AddPart(months, "mon", &is_zero, &is_before, out);
  AddPart(iv.days, "day", &is_zero, &is_before, out);
  if (is_zero || iv.time != 0) {
    bool minus = iv.time < 0;
    if (!is_zero) out->push_back(' ');
    if (minus) out->push_back('-');
    else if (is_before) out->push_back('+');
    AppendPadded(std::llabs(hours), 2, out);
    out->push_back(':');
    AppendPadded(std::llabs(minutes), 2, out);
    out->push_back(':');
    AppendSeconds(static_cast<int>(std::llabs(seconds)), static_cast<int>(std::llabs(usec)), out);
  }
}

}  // namespace plinth::datetime
