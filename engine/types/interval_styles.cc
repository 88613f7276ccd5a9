// Interval output in the IntervalStyles other than `postgres` (PostgreSQL 15's
// EncodeInterval): iso_8601 ("P1Y2M3DT4H5M6.5S"), sql_standard ("1-2", "3 4:05:06") and
// postgres_verbose ("@ 1 year 2 mons ago").
#include "engine/types/interval_styles.h"

#include <cstdio>
#include <cstdlib>
#include <strings.h>

namespace plinth::datetime {
namespace {

// An interval broken into fields as PostgreSQL's interval2itm: every time field takes
// the sign of the time part.
struct IntervalFields {
  int64_t year, mon, mday, hour, min, sec, usec;
};

IntervalFields Split(const Interval& iv) {
  return {iv.months / 12,
          iv.months % 12,
          iv.days,
          iv.time / kUsecPerHour,
          iv.time / kUsecPerMinute % 60,
          iv.time / kUsecPerSec % 60,
          iv.time % kUsecPerSec};
}

void AppendInt(int64_t v, std::string* out) { out->append(std::to_string(v)); }

// |sec|.frac with trailing zeros dropped; two digits when `pad`.
void AppendSeconds(int64_t sec, int64_t usec, bool pad, std::string* out) {
  char buf[48];
  std::snprintf(buf, sizeof buf, pad ? "%02lld" : "%lld", static_cast<long long>(std::llabs(sec)));
  out->append(buf);
  if (usec == 0) return;
  std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(std::llabs(usec)));
  std::string frac = buf;
  while (frac.back() == '0') frac.pop_back();
  out->append(frac);
}

void FormatIso8601(const IntervalFields& f, std::string* out) {
  if (f.year == 0 && f.mon == 0 && f.mday == 0 && f.hour == 0 && f.min == 0 && f.sec == 0 && f.usec == 0) {
    out->append("PT0S");
    return;
  }
  auto part = [&](int64_t v, char designator) {
    if (v == 0) return;
    AppendInt(v, out);
    out->push_back(designator);
  };
  out->push_back('P');
  part(f.year, 'Y');
  part(f.mon, 'M');
  part(f.mday, 'D');
  if (f.hour != 0 || f.min != 0 || f.sec != 0 || f.usec != 0) out->push_back('T');
  part(f.hour, 'H');
  part(f.min, 'M');
  if (f.sec != 0 || f.usec != 0) {
    if (f.sec < 0 || f.usec < 0) out->push_back('-');
    AppendSeconds(f.sec, f.usec, false, out);
    out->push_back('S');
  }
}

void FormatSqlStandard(IntervalFields f, std::string* out) {
  bool has_negative = f.year < 0 || f.mon < 0 || f.mday < 0 || f.hour < 0 || f.min < 0 || f.sec < 0 || f.usec < 0;
  bool has_positive = f.year > 0 || f.mon > 0 || f.mday > 0 || f.hour > 0 || f.min > 0 || f.sec > 0 || f.usec > 0;
  bool has_year_month = f.year != 0 || f.mon != 0;
  bool has_day_time = f.mday != 0 || f.hour != 0 || f.min != 0 || f.sec != 0 || f.usec != 0;
  // The standard allows one sign for the whole value and no mix of year-month and
  // day-time fields; anything else is printed with every sign spelled out.
  bool standard = !(has_negative && has_positive) && !(has_year_month && has_day_time);
  char buf[128];
  if (has_negative && standard) {
    out->push_back('-');
    f = {-f.year, -f.mon, -f.mday, -f.hour, -f.min, -f.sec, -f.usec};
  }
  if (!has_negative && !has_positive) {
    out->push_back('0');
  } else if (!standard) {
    char year_sign = f.year < 0 || f.mon < 0 ? '-' : '+';
    char day_sign = f.mday < 0 ? '-' : '+';
    char sec_sign = f.hour < 0 || f.min < 0 || f.sec < 0 || f.usec < 0 ? '-' : '+';
    std::snprintf(buf, sizeof buf, "%c%lld-%lld %c%lld %c%lld:%02lld:", year_sign, std::llabs(f.year),
                  std::llabs(f.mon), day_sign, std::llabs(f.mday), sec_sign, std::llabs(f.hour), std::llabs(f.min));
    out->append(buf);
    AppendSeconds(f.sec, f.usec, true, out);
  } else if (has_year_month) {
    std::snprintf(buf, sizeof buf, "%lld-%lld", static_cast<long long>(f.year), static_cast<long long>(f.mon));
    out->append(buf);
  } else if (f.mday != 0) {
    std::snprintf(buf, sizeof buf, "%lld %lld:%02lld:", static_cast<long long>(f.mday),
                  static_cast<long long>(f.hour), static_cast<long long>(f.min));
    out->append(buf);
    AppendSeconds(f.sec, f.usec, true, out);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:", static_cast<long long>(f.hour), static_cast<long long>(f.min));
    out->append(buf);
    AppendSeconds(f.sec, f.usec, true, out);
  }
}

void FormatVerbose(const IntervalFields& f, std::string* out) {
  bool is_zero = true, is_before = false;
  // The first nonzero field decides "ago"; later fields print relative to it.
  auto part = [&](int64_t v, const char* unit) {
    if (v == 0) return;
    if (is_zero) {
      is_before = v < 0;
      v = std::llabs(v);
    } else if (is_before) {
      v = -v;
    }
    out->append(" " + std::to_string(v) + " " + unit + (v == 1 ? "" : "s"));
    is_zero = false;
  };
  out->push_back('@');
  part(f.year, "year");
  part(f.mon, "mon");
  part(f.mday, "day");
  part(f.hour, "hour");
  part(f.min, "min");
  if (f.sec != 0 || f.usec != 0) {
    out->push_back(' ');
    if (f.sec < 0 || (f.sec == 0 && f.usec < 0)) {
      if (is_zero) is_before = true;
      else if (!is_before) out->push_back('-');
    } else if (is_before) {
      out->push_back('-');
    }
    AppendSeconds(f.sec, f.usec, false, out);
    out->append(std::llabs(f.sec) != 1 || f.usec != 0 ? " secs" : " sec");
    is_zero = false;
  }
  if (is_zero) out->append(" 0");
  if (is_before) out->append(" ago");
}

}  // namespace

bool FormatIntervalInStyle(const Interval& iv, std::string_view style, std::string* out) {
  auto is = [&](const char* name) {
    return style.size() == std::char_traits<char>::length(name) && strncasecmp(style.data(), name, style.size()) == 0;
  };
  if (is("iso_8601")) FormatIso8601(Split(iv), out);
  else if (is("sql_standard")) FormatSqlStandard(Split(iv), out);
  else if (is("postgres_verbose")) FormatVerbose(Split(iv), out);
  else return false;
  return true;
}

}  // namespace plinth::datetime
