// Date and timestamp output in DateStyle SQL ("01/15/2024 10:30:00 UTC"), German
// ("15.01.2024") and Postgres ("Mon Jan 15 10:30:00 2024 UTC"), as PostgreSQL 15's
// EncodeDateOnly / EncodeDateTime; and the DateStyle setting's canonical form.
#include <strings.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <date/tz.h>
#include <vector>

#include "engine/types/interval_styles.h"

namespace plinth::datetime {
namespace {

enum class Style { Iso, Sql, German, Postgres };
enum class Order { Mdy, Dmy, Ymd };

Style StyleOf(std::string_view datestyle) {
  auto starts = [&](const char* word) { return strncasecmp(datestyle.data(), word, std::strlen(word)) == 0; };
  if (datestyle.size() >= 3 && starts("SQL")) return Style::Sql;
  if (datestyle.size() >= 6 && starts("German")) return Style::German;
  if (datestyle.size() >= 8 && starts("Postgres")) return Style::Postgres;
  return Style::Iso;
}

Order OrderOf(std::string_view datestyle) {
  if (datestyle.find("DMY") != std::string_view::npos) return Order::Dmy;
  if (datestyle.find("YMD") != std::string_view::npos) return Order::Ymd;
  return Order::Mdy;
}

const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

std::string Padded(int64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  return buf;
}

// The year as printed: BC years counted from 1 (the " BC" suffix is added last).
int64_t DisplayYear(int64_t year) { return year > 0 ? year : 1 - year; }

// The date part of SQL and German styles: 15/01/2024, 01/15/2024, 15.01.2024.
std::string NumericDate(Style style, Order order, int64_t year, int month, int day) {
  std::string y = Padded(DisplayYear(year), 4), m = Padded(month, 2), d = Padded(day, 2);
  if (style == Style::German) return d + "." + m + "." + y;
  return order == Order::Dmy ? d + "/" + m + "/" + y : m + "/" + d + "/" + y;
}

std::string Clock(const Fields& f) {
  std::string s = Padded(f.hour, 2) + ":" + Padded(f.minute, 2) + ":" + Padded(f.second, 2);
  if (f.usec != 0) {
    std::string frac = Padded(f.usec, 6);
    while (frac.back() == '0') frac.pop_back();
    s += "." + frac;
  }
  return s;
}

// The zone as SQL/German/Postgres styles print it: its abbreviation, else the offset.
std::string ZoneLabel(std::string_view zone, int64_t utc_usec, int32_t east) {
  static const char* const kUtcNames[] = {"utc", "etc/utc", "zulu", "z", "ut"};
  for (const char* n : kUtcNames)
    if (zone.size() == std::strlen(n) && strncasecmp(zone.data(), n, zone.size()) == 0) return "UTC";
  try {
    const date::time_zone* tz = date::locate_zone(std::string(zone));
    auto when = date::sys_seconds(std::chrono::seconds(946684800 + utc_usec / kUsecPerSec));
    std::string abbrev = tz->get_info(when).abbrev;
    if (!abbrev.empty()) return abbrev;
  } catch (const std::exception&) {
    // Not an IANA name (an offset or abbreviation): fall through to the offset.
  }
  int32_t a = std::abs(east);
  std::string s = std::string(east < 0 ? "-" : "+") + Padded(a / 3600, 2);
  if (a % 3600 != 0) s += ":" + Padded(a / 60 % 60, 2);
  return s;
}

bool FormatFields(int64_t local, Style style, Order order, const std::string* zone_label, std::string* out) {
  Fields f = SplitTimestamp(local);
  if (style == Style::Postgres) {
    int64_t days = local / kUsecPerDay - (local % kUsecPerDay < 0 ? 1 : 0);
    int weekday = static_cast<int>(((days + 6) % 7 + 7) % 7);  // 2000-01-01 was a Saturday
    out->append(kWeekdays[weekday]);
    out->push_back(' ');
    if (order == Order::Dmy) out->append(Padded(f.day, 2) + " " + kMonths[f.month - 1]);
    else out->append(std::string(kMonths[f.month - 1]) + " " + Padded(f.day, 2));
    out->append(" " + Clock(f) + " " + Padded(DisplayYear(f.year), 4));
  } else {
    out->append(NumericDate(style, order, f.year, f.month, f.day) + " " + Clock(f));
  }
  if (zone_label != nullptr) out->append(" " + *zone_label);
  if (f.year <= 0) out->append(" BC");
  return true;
}

}  // namespace

bool FormatDateInStyle(int32_t days, std::string_view datestyle, std::string* out) {
  Style style = StyleOf(datestyle);
  if (style == Style::Iso || days == kDateNegInfinity || days == kDatePosInfinity) return false;
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  Order order = OrderOf(datestyle);
  if (style == Style::Postgres) {
    // Postgres style prints dates with dashes: 01-15-2024 (MDY) or 15-01-2024 (DMY).
    std::string yy = Padded(DisplayYear(y), 4), mm = Padded(m, 2), dd = Padded(d, 2);
    out->append(order == Order::Dmy ? dd + "-" + mm + "-" + yy : mm + "-" + dd + "-" + yy);
  } else {
    out->append(NumericDate(style, order, y, m, d));
  }
  if (y <= 0) out->append(" BC");
  return true;
}

bool FormatTimestampInStyle(int64_t usec, std::string_view datestyle, std::string* out) {
  Style style = StyleOf(datestyle);
  if (style == Style::Iso || usec == kTimestampNegInfinity || usec == kTimestampPosInfinity) return false;
  return FormatFields(usec, style, OrderOf(datestyle), nullptr, out);
}

bool FormatTimestampTzInStyle(int64_t usec, const IoContext& io, std::string* out) {
  Style style = StyleOf(io.datestyle);
  if (style == Style::Iso || usec == kTimestampNegInfinity || usec == kTimestampPosInfinity) return false;
  auto off = UtcOffsetAt(io.timezone, usec);
  int32_t east = off.ok() ? *off : 0;
  std::string label = ZoneLabel(io.timezone, usec, east);
  return FormatFields(usec + east * kUsecPerSec, style, OrderOf(io.datestyle), &label, out);
}

Result<std::string> CanonicalDateStyle(std::string_view value, std::string_view current) {
  std::string style = "ISO", order = "MDY";
  switch (StyleOf(current)) {
    case Style::Sql: style = "SQL"; break;
    case Style::German: style = "German"; break;
    case Style::Postgres: style = "Postgres"; break;
    case Style::Iso: break;
  }
  order = OrderOf(current) == Order::Dmy ? "DMY" : OrderOf(current) == Order::Ymd ? "YMD" : "MDY";
  bool have_style = false, have_order = false;
  auto invalid = [&](const std::string& detail) {
    return Status::Error("22023", "invalid value for parameter \"DateStyle\": \"" + std::string(value) + "\"")
        .with_detail(detail);
  };
  std::vector<std::string> words;
  std::string cur;
  for (char c : value) {
    if (c == ',') { words.push_back(cur); cur.clear(); }
    else cur.push_back(c);
  }
  words.push_back(cur);
  for (std::string& w : words) {
    size_t b = w.find_first_not_of(" \t"), e = w.find_last_not_of(" \t");
    w = b == std::string::npos ? "" : w.substr(b, e - b + 1);
    auto is = [&](const char* name) { return strcasecmp(w.c_str(), name) == 0; };
    auto set_style = [&](const char* s) {
      if (have_style && style != s) return false;
      style = s;
      have_style = true;
      return true;
    };
    auto set_order = [&](const char* o) {
      if (have_order && order != o) return false;
      order = o;
      have_order = true;
      return true;
    };
    bool ok = true;
    if (is("ISO")) ok = set_style("ISO");
    else if (is("SQL")) ok = set_style("SQL");
    else if (is("POSTGRES")) ok = set_style("Postgres");
    else if (is("GERMAN")) {
      ok = set_style("German");
      if (!have_order) order = "DMY";  // German implies DMY unless an order is given
    } else if (is("YMD")) ok = set_order("YMD");
    else if (is("DMY") || is("EURO") || is("EUROPEAN")) ok = set_order("DMY");
    else if (is("MDY") || is("US") || is("NONEURO") || is("NONEUROPEAN")) ok = set_order("MDY");
    else if (is("DEFAULT")) { style = "ISO"; order = "MDY"; }
    else return invalid("Unrecognized key word: \"" + w + "\".");
    if (!ok) return invalid("Conflicting \"datestyle\" specifications.");
  }
  return style + ", " + order;
}

}  // namespace plinth::datetime
