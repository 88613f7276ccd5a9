// Text input of interval: PostgreSQL's postgres-style units ("1 year 2 mons -3 days
// 04:05:06", "@ 1 hour ago", "1.5 days"), bare numbers as seconds, and ISO 8601
// designators ("P1Y2M3DT4H5M6S").
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "engine/types/datetime.h"

namespace plinth::datetime {
namespace {

struct Accumulator {
  double months = 0;  // whole months only, after rounding
  int64_t days = 0;
  double usec = 0;
};

// Adds `v` of `unit`, spilling fractions downward as PostgreSQL does.
bool AddUnit(double v, std::string_view unit, Accumulator* a) {
  auto spill_days = [&](double d) {
    double whole = std::trunc(d);
    a->days += static_cast<int64_t>(whole);
    a->usec += (d - whole) * kUsecPerDay;
  };
  auto add_months = [&](double m) {
    double whole = std::trunc(m);
    a->months += whole;
    spill_days((m - whole) * 30);
  };
  auto is = [&](std::initializer_list<const char*> names) {
    for (const char* n : names)
      if (unit == n) return true;
    return false;
  };
  if (is({"millennium", "millennia", "millenniums", "mil", "mils"})) a->months += std::rint(v * 12000);
  else if (is({"century", "centuries", "cent", "c"})) a->months += std::rint(v * 1200);
  else if (is({"decade", "decades", "dec", "decs"})) a->months += std::rint(v * 120);
  else if (is({"year", "years", "y", "yr", "yrs"})) a->months += std::rint(v * 12);
  else if (is({"month", "months", "mon", "mons"})) add_months(v);
  else if (is({"week", "weeks", "w"})) spill_days(v * 7);
  else if (is({"day", "days", "d"})) spill_days(v);
  else if (is({"hour", "hours", "h", "hr", "hrs"})) a->usec += v * kUsecPerHour;
  else if (is({"minute", "minutes", "m", "min", "mins"})) a->usec += v * kUsecPerMinute;
  else if (is({"second", "seconds", "s", "sec", "secs"})) a->usec += v * kUsecPerSec;
  else if (is({"millisecond", "milliseconds", "ms", "msec", "msecs"})) a->usec += v * 1000;
  else if (is({"microsecond", "microseconds", "us", "usec", "usecs"})) a->usec += v;
  else return false;
  return true;
}

bool ParseNumber(std::string_view s, double* v) {
  if (s.empty()) return false;
  std::string str(s);
  char* end = nullptr;
  *v = std::strtod(str.c_str(), &end);
  return end == str.c_str() + str.size() && std::isfinite(*v);
}

// [-]hh:mm[:ss[.frac]] as microseconds.
bool ParseClockField(std::string_view s, double* usec) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; s.remove_prefix(1); }
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == ':') { parts.push_back(cur); cur.clear(); }
    else cur.push_back(c);
  }
  parts.push_back(cur);
  if (parts.size() < 2 || parts.size() > 3) return false;
  double h, m, sec = 0;
  if (!ParseNumber(parts[0], &h) || !ParseNumber(parts[1], &m)) return false;
  if (parts.size() == 3 && !ParseNumber(parts[2], &sec)) return false;
  if (m >= 60 || sec >= 60 || m < 0 || sec < 0) return false;
  double total = h * kUsecPerHour + m * kUsecPerMinute + sec * kUsecPerSec;
  *usec = negative ? -total : total;
  return true;
}

// SQL's "years-months" field ("1-6", "-2-3": the sign applies to both), as months.
bool ParseYearMonth(std::string_view s, int64_t* months) {
  bool negative = !s.empty() && (s[0] == '-' || s[0] == '+');
  std::string_view body = negative ? s.substr(1) : s;
  negative = negative && s[0] == '-';
  size_t dash = body.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == body.size()) return false;
  std::string_view years = body.substr(0, dash), rest = body.substr(dash + 1);
  auto all_digits = [](std::string_view d) {
    return d.size() <= 9 && d.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (!all_digits(years) || !all_digits(rest)) return false;
  int64_t total = std::atoll(std::string(years).c_str()) * 12 + std::atoll(std::string(rest).c_str());
  *months = negative ? -total : total;
  return true;
}

bool ParseIso8601(std::string_view s, Accumulator* a) {
  s.remove_prefix(1);  // 'p'
  bool in_time = false;
  while (!s.empty()) {
    if (s[0] == 't') { in_time = true; s.remove_prefix(1); continue; }
    size_t n = 0;
    while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.' || s[n] == '-')) ++n;
    if (n == 0 || n == s.size()) return false;
    double v;
    if (!ParseNumber(s.substr(0, n), &v)) return false;
    char d = s[n];
    const char* unit = nullptr;
    if (!in_time) unit = d == 'y' ? "year" : d == 'm' ? "month" : d == 'w' ? "week" : d == 'd' ? "day" : nullptr;
    else unit = d == 'h' ? "hour" : d == 'm' ? "minute" : d == 's' ? "second" : nullptr;
    if (unit == nullptr || !AddUnit(v, unit, a)) return false;
    s.remove_prefix(n + 1);
  }
  return true;
}

}  // namespace

Result<Interval> ParseInterval(std::string_view text, const IoContext& io) {
  auto syntax = [&] {
    return Status::Error("22007", "invalid input syntax for type interval: \"" + std::string(text) + "\"");
  };
  std::string lower;
  for (char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : lower) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
      if (!cur.empty()) tokens.push_back(cur);
      cur.clear();
    } else if (std::isalpha(static_cast<unsigned char>(c)) && !cur.empty() &&
               !std::isalpha(static_cast<unsigned char>(cur.back())) && cur[0] != 'p') {
      tokens.push_back(cur);  // "1day" -> "1" "day"
      cur.assign(1, c);
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  if (tokens.empty()) return syntax();

  Accumulator acc;
  bool ago = false;
  if (tokens.size() == 1 && tokens[0].size() > 1 && tokens[0][0] == 'p') {
    if (!ParseIso8601(tokens[0], &acc)) return syntax();
  } else {
    for (size_t i = 0; i < tokens.size(); ++i) {
      const std::string& t = tokens[i];
      if (t == "@") continue;
      if (t == "ago") { if (i + 1 != tokens.size()) return syntax(); ago = true; continue; }
      if (t.find(':') != std::string::npos) {
        double us;
        if (!ParseClockField(t, &us)) return syntax();
        acc.usec += us;
        continue;
      }
      if (int64_t months; ParseYearMonth(t, &months)) {
        acc.months += static_cast<double>(months);
        continue;
      }
      double v;
      if (!ParseNumber(t, &v)) return syntax();
      if (i + 1 < tokens.size() && std::isalpha(static_cast<unsigned char>(tokens[i + 1][0])) &&
          tokens[i + 1] != "ago") {
        if (!AddUnit(v, tokens[++i], &acc)) return syntax();
      } else {
        acc.usec += v * kUsecPerSec;  // a bare number means seconds
      }
    }
  }
  Interval iv;
  double usec = std::rint(acc.usec);
  if (std::fabs(acc.months) > 2147483647.0 || std::fabs(usec) > 9.2e18 ||
      acc.days > INT32_MAX || acc.days < INT32_MIN)
    return Status::Error("22015", "interval field value out of range: \"" + std::string(text) + "\"");
  iv.months = static_cast<int32_t>(acc.months);
  iv.days = static_cast<int32_t>(acc.days);
  iv.time = static_cast<int64_t>(usec);
  if (ago) {
    iv.months = -iv.months;
    iv.days = -iv.days;
    iv.time = -iv.time;
  }
  (void)io;
  return iv;
}

}  // namespace plinth::datetime
