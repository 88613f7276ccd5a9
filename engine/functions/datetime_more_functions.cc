// More date/time functions: to_char for dates, timestamps and intervals; to_date and
// to_timestamp (template parsing and epoch seconds); make_time, make_timestamp(tz);
// isfinite; date_bin; OVERLAPS; generate_series over timestamps.
#include <cmath>

#include "engine/functions/registry.h"
#include "engine/types/datetime.h"

namespace plinth::functions {
namespace {

namespace dt = datetime;
using dt::Interval;
using dt::kUsecPerDay;
using oids::kDate;
using oids::kFloat8;
using oids::kInt4;
using oids::kInterval;
using oids::kText;
using oids::kTimestamp;
using oids::kTimestamptz;

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};
const char* const kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

bool IsInfinite(int64_t ts) { return ts == dt::kTimestampNegInfinity || ts == dt::kTimestampPosInfinity; }
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The broken-down moment to_char prints.
struct Moment {
  dt::Fields f;
  int64_t days = 0;         // since 2000-01-01 (day of week, day of year, Julian day)
  bool interval = false;    // intervals print hours unreduced and have no calendar
  std::string zone;         // TZ: the zone's offset as +hh[:mm] (no abbreviations here)
  int32_t offset_sec = 0;
};

std::string Pad(int64_t v, int width) {
  std::string s = std::to_string(v < 0 ? -v : v);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<size_t>(width) - s.size(), '0');
  return v < 0 ? "-" + s : s;
}

std::string Ordinal(int64_t n, bool upper) {
  int64_t last2 = n % 100, last = n % 10;
  const char* s = (last2 >= 11 && last2 <= 13) ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
  std::string r = s;
  if (upper) for (char& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return r;
}

// Name forms: "Month" (capitalised), "MONTH" (upper), "month" (lower); padded to 9 unless FM.
std::string NameForm(std::string name, std::string_view token, bool fill_mode, size_t width) {
  bool upper = token.size() > 1 && std::isupper(static_cast<unsigned char>(token[1]));
  bool lower = std::islower(static_cast<unsigned char>(token[0]));
  for (size_t i = 0; i < name.size(); ++i) {
    if (upper) name[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[i])));
    else if (lower || i > 0) name[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  }
  if (!fill_mode && name.size() < width) name.append(width - name.size(), ' ');
  return name;
}

bool Match(std::string_view f, size_t i, std::string_view token) {
  if (i + token.size() > f.size()) return false;
  for (size_t k = 0; k < token.size(); ++k)
    if (std::toupper(static_cast<unsigned char>(f[i + k])) != std::toupper(static_cast<unsigned char>(token[k]))) return false;
  return true;
}

std::string FormatMoment(const Moment& m, std::string_view f) {
  std::string out;
  int64_t year = m.f.year > 0 ? m.f.year : m.f.year - 1;  // display year (no year 0)
  int64_t dow = ((m.days % 7) + 7 + 6) % 7;                // 2000-01-01 was a Saturday
  int64_t doy = m.days - dt::DaysFromCivil(m.f.year, 1, 1) + 1;
  int hour12 = m.f.hour % 12 == 0 ? 12 : m.f.hour % 12;
  for (size_t i = 0; i < f.size();) {
    bool fm = false;
    if (Match(f, i, "FM")) {
      fm = true;
      i += 2;
    }
    auto num = [&](int64_t v, int width) { return fm ? std::to_string(v) : Pad(v, width); };
    std::string piece;
    size_t len = 0;
    int64_t ordinal_of = -1;
    if (Match(f, i, "YYYY")) { piece = num(year, 4); len = 4; ordinal_of = year; }
    else if (Match(f, i, "YYY")) { piece = num(year % 1000, 3); len = 3; }
    else if (Match(f, i, "YY")) { piece = num(year % 100, 2); len = 2; }
    else if (Match(f, i, "HH24")) { piece = num(m.f.hour, 2); len = 4; ordinal_of = m.f.hour; }
    else if (Match(f, i, "HH12")) { piece = num(hour12, 2); len = 4; ordinal_of = hour12; }
    else if (Match(f, i, "HH")) { piece = num(hour12, 2); len = 2; ordinal_of = hour12; }
    else if (Match(f, i, "MI")) { piece = num(m.f.minute, 2); len = 2; ordinal_of = m.f.minute; }
    else if (Match(f, i, "SS")) { piece = num(m.f.second, 2); len = 2; ordinal_of = m.f.second; }
    else if (Match(f, i, "MS")) { piece = num(m.f.usec / 1000, 3); len = 2; }
    else if (Match(f, i, "US")) { piece = num(m.f.usec, 6); len = 2; }
    else if (Match(f, i, "AM") || Match(f, i, "PM")) {
      piece = m.f.hour >= 12 ? "PM" : "AM";
      if (std::islower(static_cast<unsigned char>(f[i]))) piece = m.f.hour >= 12 ? "pm" : "am";
      len = 2;
    } else if (Match(f, i, "A.M.") || Match(f, i, "P.M.")) {
      piece = m.f.hour >= 12 ? "P.M." : "A.M.";
      if (std::islower(static_cast<unsigned char>(f[i]))) piece = m.f.hour >= 12 ? "p.m." : "a.m.";
      len = 4;
    } else if (Match(f, i, "MONTH")) { piece = NameForm(kMonths[m.f.month - 1], f.substr(i, 5), fm, 9); len = 5; }
    else if (Match(f, i, "MON")) { piece = NameForm(std::string(kMonths[m.f.month - 1]).substr(0, 3), f.substr(i, 3), true, 3); len = 3; }
    else if (Match(f, i, "MM")) { piece = num(m.f.month, 2); len = 2; ordinal_of = m.f.month; }
    else if (Match(f, i, "DAY")) { piece = NameForm(kDays[dow], f.substr(i, 3), fm, 9); len = 3; }
    else if (Match(f, i, "DY")) { piece = NameForm(std::string(kDays[dow]).substr(0, 3), f.substr(i, 2), true, 3); len = 2; }
    else if (Match(f, i, "DDD")) { piece = num(doy, 3); len = 3; ordinal_of = doy; }
    else if (Match(f, i, "DD")) { piece = num(m.f.day, 2); len = 2; ordinal_of = m.f.day; }
    else if (Match(f, i, "ID")) { piece = std::to_string(dow == 0 ? 7 : dow); len = 2; }
    else if (Match(f, i, "D")) { piece = std::to_string(dow + 1); len = 1; ordinal_of = dow + 1; }
    else if (Match(f, i, "J")) { piece = std::to_string(m.days + 2451545); len = 1; }
    else if (Match(f, i, "Q")) { piece = std::to_string((m.f.month - 1) / 3 + 1); len = 1; }
    else if (Match(f, i, "CC")) { piece = num(year > 0 ? (year + 99) / 100 : -((99 - year) / 100), 2); len = 2; }
    else if (Match(f, i, "Y")) { piece = std::to_string(year % 10); len = 1; }
    else if (Match(f, i, "TZ") || Match(f, i, "OF")) {
      int32_t off = m.offset_sec;
      piece = (off < 0 ? "-" : "+") + Pad(std::abs(off) / 3600, 2);
      if (std::abs(off) % 3600) piece += ":" + Pad(std::abs(off) / 60 % 60, 2);
      len = 2;
    } else if (f[i] == '"') {
      size_t end = f.find('"', i + 1);
      if (end == std::string_view::npos) end = f.size();
      out.append(f.substr(i + 1, end - i - 1));
      i = end + 1;
      continue;
    } else if (f[i] == '\\' && i + 1 < f.size()) {
      out.push_back(f[i + 1]);
      i += 2;
      continue;
    } else {
      out.push_back(f[i]);
      ++i;
      continue;
    }
    i += len;
    out.append(piece);
    if (ordinal_of >= 0 && (Match(f, i, "TH"))) {
      out.append(Ordinal(ordinal_of, f[i] == 'T'));
      i += 2;
    }
  }
  return out;
}

Moment FromLocal(int64_t local) {
  Moment m;
  m.f = dt::SplitTimestamp(local);
  m.days = FloorDiv(local, kUsecPerDay);
  return m;
}

template <Oid kType>
Status ToCharTimestamp(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  int64_t ts = a[0].as_int();  // dates reach here cast to timestamp, as in PostgreSQL
  if (IsInfinite(ts)) return Ok(out, Value());
  int32_t offset = 0;
  if (kType == kTimestamptz) {
    PLINTH_ASSIGN_OR_RETURN(offset, dt::UtcOffsetAt(ctx.io.timezone, ts));
  }
  Moment m = FromLocal(ts + int64_t{offset} * dt::kUsecPerSec);
  m.offset_sec = offset;
  return Ok(out, Value::Bytes(FormatMoment(m, a[1].as_bytes())));
}

Status ToCharInterval(FunctionCallContext&, const Value* a, size_t, Value* out) {
  Interval iv = dt::DecodeInterval(a[0].as_bytes());
  Moment m;
  m.interval = true;
  m.f.year = iv.months / 12;
  m.f.month = iv.months % 12;
  m.f.day = iv.days;
  int64_t t = iv.time;
  m.f.hour = static_cast<int>(t / dt::kUsecPerHour);
  t %= dt::kUsecPerHour;
  m.f.minute = static_cast<int>(t / dt::kUsecPerMinute);
  t %= dt::kUsecPerMinute;
  m.f.second = static_cast<int>(t / dt::kUsecPerSec);
  m.f.usec = static_cast<int>(t % dt::kUsecPerSec);
  if (m.f.month == 0) m.f.month = 1;  // no calendar month: names fall back to January
  return Ok(out, Value::Bytes(FormatMoment(m, a[1].as_bytes())));
}

// ---- to_date / to_timestamp ---------------------------------------------------------

Status BadFormatValue(std::string_view token, std::string_view text) {
  return Status::Error("22007", "invalid value \"" + std::string(text) + "\" for \"" + std::string(token) + "\"");
}

// Parses `text` against the template `f` into local fields (PostgreSQL's to_timestamp rules,
// condensed: separators in the template match any run of non-alphanumerics in the input).
Status ParseByTemplate(std::string_view text, std::string_view f, dt::Fields* out, bool* pm, bool* has_ampm) {
  size_t t = 0;
  auto digits = [&](size_t max, std::string_view token) -> Result<int64_t> {
    while (t < text.size() && text[t] == ' ') ++t;
    bool neg = t < text.size() && text[t] == '-';
    if (neg) ++t;
    size_t start = t;
    while (t < text.size() && t - start < max && std::isdigit(static_cast<unsigned char>(text[t]))) ++t;
    if (t == start) return BadFormatValue(token, text.substr(start, std::min<size_t>(max, text.size() - start)));
    int64_t v = std::stoll(std::string(text.substr(start, t - start)));
    return neg ? -v : v;
  };
  auto name = [&](const char* const* names, int count, size_t abbrev, std::string_view token) -> Result<int> {
    for (int k = 0; k < count; ++k) {
      std::string_view full = names[k];
      std::string_view want = abbrev ? full.substr(0, abbrev) : full;
      if (Match(text, t, want)) {
        t += want.size();
        return k;
      }
    }
    return BadFormatValue(token, text.substr(t, 3));
  };
  for (size_t i = 0; i < f.size();) {
    if (Match(f, i, "FM")) { i += 2; continue; }
    if (Match(f, i, "YYYY")) { PLINTH_ASSIGN_OR_RETURN(out->year, digits(4, "YYYY")); i += 4; continue; }
    if (Match(f, i, "HH24")) { PLINTH_ASSIGN_OR_RETURN(int64_t v, digits(2, "HH24")); out->hour = static_cast<int>(v); i += 4; continue; }
    if (Match(f, i, "HH12") || Match(f, i, "HH")) {
      size_t len = Match(f, i, "HH12") ? 4 : 2;
      PLINTH_ASSIGN_OR_RETURN(int64_t v, digits(2, "HH12"));
      out->hour = static_cast<int>(v);
      i += len;
      continue;
    }
    if (Match(f, i, "MI")) { PLINTH_ASSIGN_OR_RETURN(int64_t v, digits(2, "MI")); out->minute = static_cast<int>(v); i += 2; continue; }
    if (Match(f, i, "SS")) { PLINTH_ASSIGN_OR_RETURN(int64_t v, digits(2, "SS")); out->second = static_cast<int>(v); i += 2; continue; }
    if (Match(f, i, "MS")) { PLINTH_ASSIGN_OR_RETURN(int64_t v, digits(3, "MS")); out->usec = static_cast<int>(v * 1000); i += 2; continue; }
    if (Match(f, i, "US")) { PLINTH_ASSIGN_OR_RETURN(int64_t v, digits(6, "US")); out->usec = static_cast<int>(v); i += 2; continue; }
    if (Match(f, i, "AM") || Match(f, i, "PM")) {
      *has_ampm = true;
      *pm = Match(text, t, "PM");
      t += 2;
      i += 2;
      continue;
    }
    if (Match(f, i, "MONTH")) { PLINTH_ASSIGN_OR_RETURN(int k, name(kMonths, 12, 0, "MONTH")); out->month = k + 1; i += 5; continue; }
    if (Match(f, i, "MON")) { PLINTH_ASSIGN_OR_RETURN(int k, name(kMonths, 12, 3, "MON")); out->month = k + 1; i += 3; continue; }
    if (Match(f, i, "MM")) { PLINTH_ASSIGN_OR_RETURN(int64_t v, digits(2, "MM")); out->month = static_cast<int>(v); i += 2; continue; }
    if (Match(f, i, "DAY")) { PLINTH_RETURN_IF_ERROR(name(kDays, 7, 0, "DAY").status()); i += 3; continue; }
    if (Match(f, i, "DY")) { PLINTH_RETURN_IF_ERROR(name(kDays, 7, 3, "DY").status()); i += 2; continue; }
    if (Match(f, i, "DD")) { PLINTH_ASSIGN_OR_RETURN(int64_t v, digits(2, "DD")); out->day = static_cast<int>(v); i += 2; continue; }
    if (Match(f, i, "YY")) { PLINTH_ASSIGN_OR_RETURN(int64_t v, digits(2, "YY")); out->year = v < 70 ? 2000 + v : 1900 + v; i += 2; continue; }
    // A separator or literal: skip one input character for each template character.
    if (t < text.size() && !std::isalnum(static_cast<unsigned char>(text[t]))) ++t;
    else if (t < text.size() && text[t] == f[i]) ++t;
    ++i;
  }
  return Status::OK();
}

Result<int64_t> ParseToLocal(std::string_view text, std::string_view f) {
  dt::Fields fields;
  bool pm = false, has_ampm = false;
  PLINTH_RETURN_IF_ERROR(ParseByTemplate(text, f, &fields, &pm, &has_ampm));
  if (has_ampm) {
    if (fields.hour < 1 || fields.hour > 12)
      return Status::Error("22008", "hour \"" + std::to_string(fields.hour) + "\" is invalid for the 12-hour clock")
          .with_hint("Use the 24-hour clock, or give an hour between 1 and 12.");
    fields.hour = fields.hour % 12 + (pm ? 12 : 0);
  }
  int64_t astro = fields.year > 0 ? fields.year : fields.year + 1;
  if (fields.month < 1 || fields.month > 12 || fields.day < 1 ||
      fields.day > dt::DaysInMonth(astro, fields.month) || fields.hour > 24 || fields.minute > 59 || fields.second > 60)
    return Status::Error("22008", "date/time field value out of range: \"" + std::string(text) + "\"");
  fields.year = astro;
  return dt::JoinTimestamp(fields);
}

Status ToDate(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(int64_t local, ParseToLocal(a[0].as_bytes(), a[1].as_bytes()));
  return Ok(out, Value::Int(FloorDiv(local, kUsecPerDay)));
}

Status ToTimestamp(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(int64_t local, ParseToLocal(a[0].as_bytes(), a[1].as_bytes()));
  PLINTH_ASSIGN_OR_RETURN(int64_t utc, dt::LocalToUtc(ctx.io.timezone, local));
  return Ok(out, Value::Int(utc));
}

constexpr int64_t kEpochOffsetUsec = 946684800LL * 1000000;  // 1970-01-01 to 2000-01-01

Status ToTimestampEpoch(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double s = a[0].as_float();
  if (std::isnan(s)) return Status::Error("22008", "timestamp cannot be NaN");
  if (std::isinf(s)) return Ok(out, Value::Int(s > 0 ? dt::kTimestampPosInfinity : dt::kTimestampNegInfinity));
  double usec = std::nearbyint(s * 1e6) - static_cast<double>(kEpochOffsetUsec);
  if (!(usec > -9.2e18 && usec < 9.2e18) || !dt::TimestampInRange(static_cast<int64_t>(usec)))
    return Status::Error("22008", "timestamp out of range: \"" + std::to_string(s) + "\"");
  return Ok(out, Value::Int(static_cast<int64_t>(usec)));
}

// ---- make_* -----------------------------------------------------------------------------

Result<int64_t> TimeOfDay(int64_t h, int64_t m, double sec) {
  int64_t usec = static_cast<int64_t>(std::nearbyint(sec * 1e6));
  if (h < 0 || h > 24 || m < 0 || m > 59 || usec < 0 || usec > 60 * dt::kUsecPerSec ||
      (h == 24 && (m > 0 || usec > 0))) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02g", static_cast<long long>(h), static_cast<long long>(m), sec);
    return Status::Error("22008", std::string("time field value out of range: ") + buf);
  }
  return h * dt::kUsecPerHour + m * dt::kUsecPerMinute + usec;
}

Status MakeTime(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(int64_t t, TimeOfDay(a[0].as_int(), a[1].as_int(), a[2].as_float()));
  return Ok(out, Value::Int(t));
}

Result<int64_t> MakeLocal(const Value* a) {
  int64_t y = a[0].as_int(), mo = a[1].as_int(), d = a[2].as_int();
  int64_t astro = y < 0 ? y + 1 : y;
  if (y == 0 || mo < 1 || mo > 12 || d < 1 || d > dt::DaysInMonth(astro, static_cast<int>(mo)))
    return Status::Error("22008", "date field value out of range: " + std::to_string(y) + "-" + Pad(mo, 2) + "-" + Pad(d, 2));
  PLINTH_ASSIGN_OR_RETURN(int64_t t, TimeOfDay(a[3].as_int(), a[4].as_int(), a[5].as_float()));
  return dt::DaysFromCivil(astro, static_cast<int>(mo), static_cast<int>(d)) * kUsecPerDay + t;
}

Status MakeTimestamp(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(int64_t local, MakeLocal(a));
  return Ok(out, Value::Int(local));
}

Status MakeTimestamptz(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(int64_t local, MakeLocal(a));
  std::string zone = n > 6 ? a[6].as_bytes() : ctx.io.timezone;
  if (!dt::IsKnownZone(zone)) return Status::Error("22023", "time zone \"" + zone + "\" not recognized");
  PLINTH_ASSIGN_OR_RETURN(int64_t utc, dt::LocalToUtc(zone, local));
  return Ok(out, Value::Int(utc));
}

// make_interval(years, months, weeks, days, hours, mins, secs); the binder supplies the
// defaulted and named arguments (functions.h NamedParameters).
Status MakeInterval(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t months = a[0].as_int() * 12 + a[1].as_int();
  int64_t days = a[2].as_int() * 7 + a[3].as_int();
  double usec = std::nearbyint(a[6].as_float() * 1e6) +
                static_cast<double>(a[4].as_int() * dt::kUsecPerHour + a[5].as_int() * dt::kUsecPerMinute);
  if (months > INT32_MAX || months < INT32_MIN || days > INT32_MAX || days < INT32_MIN || std::isnan(usec) ||
      std::fabs(usec) > 9.2e18)
    return Status::Error("22008", "interval out of range");
  Interval iv{static_cast<int64_t>(usec), static_cast<int32_t>(days), static_cast<int32_t>(months)};
  return Ok(out, Value::Bytes(dt::EncodeInterval(iv)));
}

// ---- isfinite, date_bin, OVERLAPS ---------------------------------------------------

Status DateIsFinite(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t d = a[0].as_int();
  return Ok(out, Value::Bool(d != dt::kDateNegInfinity && d != dt::kDatePosInfinity));
}
Status TimestampIsFinite(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Bool(!IsInfinite(a[0].as_int())));
}
Status IntervalIsFinite(FunctionCallContext&, const Value*, size_t, Value* out) { return Ok(out, Value::Bool(true)); }

Status DateBin(FunctionCallContext&, const Value* a, size_t, Value* out) {
  Interval stride = dt::DecodeInterval(a[0].as_bytes());
  if (stride.months != 0)
    return Status::Error("0A000", "timestamps cannot be binned into intervals containing months or years");
  int64_t step = stride.time + int64_t{stride.days} * kUsecPerDay;
  if (step <= 0) return Status::Error("22008", "stride must be greater than zero");
  int64_t source = a[1].as_int(), origin = a[2].as_int();
  if (IsInfinite(source)) return Ok(out, a[1]);
  if (IsInfinite(origin)) return Status::Error("22008", "origin out of range");
  return Ok(out, Value::Int(origin + FloorDiv(source - origin, step) * step));
}

// (s1, e1) OVERLAPS (s2, e2), PostgreSQL's rules: each period ordered, then they
// overlap when one starts inside the other or both start together.
Status Overlaps(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t s1 = a[0].as_int(), e1 = a[1].as_int(), s2 = a[2].as_int(), e2 = a[3].as_int();
  if (s1 > e1) std::swap(s1, e1);
  if (s2 > e2) std::swap(s2, e2);
  if (s1 > s2) return Ok(out, Value::Bool(s1 < e2));
  if (s1 < s2) return Ok(out, Value::Bool(s2 < e1));
  return Ok(out, Value::Bool(true));
}

// ---- generate_series over timestamps ---------------------------------------------------

Result<int64_t> AddInterval(int64_t local, const Interval& iv) {
  dt::Fields f = dt::SplitTimestamp(local);
  if (iv.months) {
    int64_t months = f.year * 12 + (f.month - 1) + iv.months;
    f.year = FloorDiv(months, 12);
    f.month = static_cast<int>(months - f.year * 12) + 1;
    f.day = std::min(f.day, dt::DaysInMonth(f.year, f.month));
  }
  PLINTH_ASSIGN_OR_RETURN(int64_t r, dt::JoinTimestamp(f));
  return r + int64_t{iv.days} * kUsecPerDay + iv.time;
}

template <Oid kType>
Status SeriesTimestamp(FunctionCallContext& ctx, const Value* a, size_t, std::vector<std::vector<Value>>* rows) {
  int64_t current = a[0].as_int(), stop = a[1].as_int();
  Interval step = dt::DecodeInterval(a[2].as_bytes());
  __int128 span = dt::IntervalSpan(step);
  if (span == 0) return Status::Error("22023", "step size cannot equal zero");
  const size_t kLimit = 10'000'000;  // materialised: refuse runaway series
  while (span > 0 ? current <= stop : current >= stop) {
    if (rows->size() >= kLimit) return Status::Error("54000", "generate_series produced too many rows");
    rows->push_back({Value::Int(current)});
    if (kType == kTimestamptz) {
      PLINTH_ASSIGN_OR_RETURN(int32_t offset, dt::UtcOffsetAt(ctx.io.timezone, current));
      PLINTH_ASSIGN_OR_RETURN(int64_t local, AddInterval(current + int64_t{offset} * dt::kUsecPerSec, step));
      PLINTH_ASSIGN_OR_RETURN(current, dt::LocalToUtc(ctx.io.timezone, local));
    } else {
      PLINTH_ASSIGN_OR_RETURN(current, AddInterval(current, step));
    }
  }
  return Status::OK();
}

Status SetOnly(FunctionCallContext&, const Value*, size_t, Value*) {
  return Status::Error("0A000", "set-returning functions are not allowed here");
}


// ---- justify_hours / justify_days / justify_interval ---------------------------------
// Whole days out of the time part, whole 30-day months out of the day part, then the
// signs of the parts made to agree, in PostgreSQL's order.

constexpr int32_t kDaysPerMonth = 30;

Status IntervalOverflow() { return Status::Error("22008", "interval out of range"); }

Status MoveDaysOutOfTime(Interval* iv) {
  int64_t whole_days = iv->time / kUsecPerDay;
  iv->time -= whole_days * kUsecPerDay;
  int64_t days = static_cast<int64_t>(iv->days) + whole_days;
  if (days > INT32_MAX || days < INT32_MIN) return IntervalOverflow();
  iv->days = static_cast<int32_t>(days);
  return Status::OK();
}

Status MoveMonthsOutOfDays(Interval* iv) {
  int32_t whole_months = iv->days / kDaysPerMonth;
  iv->days -= whole_months * kDaysPerMonth;
  int64_t months = static_cast<int64_t>(iv->months) + whole_months;
  if (months > INT32_MAX || months < INT32_MIN) return IntervalOverflow();
  iv->months = static_cast<int32_t>(months);
  return Status::OK();
}

void AlignDaysWithTime(Interval* iv) {
  if (iv->days > 0 && iv->time < 0) {
    iv->time += kUsecPerDay;
    iv->days--;
  } else if (iv->days < 0 && iv->time > 0) {
    iv->time -= kUsecPerDay;
    iv->days++;
  }
}

Status JustifyHours(FunctionCallContext&, const Value* a, size_t, Value* out) {
  Interval iv = dt::DecodeInterval(a[0].as_bytes());
  PLINTH_RETURN_IF_ERROR(MoveDaysOutOfTime(&iv));
  AlignDaysWithTime(&iv);
  return Ok(out, Value::Bytes(dt::EncodeInterval(iv)));
}

Status JustifyDays(FunctionCallContext&, const Value* a, size_t, Value* out) {
  Interval iv = dt::DecodeInterval(a[0].as_bytes());
  PLINTH_RETURN_IF_ERROR(MoveMonthsOutOfDays(&iv));
  if (iv.months > 0 && iv.days < 0) {
    iv.days += kDaysPerMonth;
    iv.months--;
  } else if (iv.months < 0 && iv.days > 0) {
    iv.days -= kDaysPerMonth;
    iv.months++;
  }
  return Ok(out, Value::Bytes(dt::EncodeInterval(iv)));
}

Status JustifyInterval(FunctionCallContext&, const Value* a, size_t, Value* out) {
  Interval iv = dt::DecodeInterval(a[0].as_bytes());
  PLINTH_RETURN_IF_ERROR(MoveDaysOutOfTime(&iv));
  PLINTH_RETURN_IF_ERROR(MoveMonthsOutOfDays(&iv));
  if (iv.months > 0 && (iv.days < 0 || (iv.days == 0 && iv.time < 0))) {
    iv.days += kDaysPerMonth;
    iv.months--;
  } else if (iv.months < 0 && (iv.days > 0 || (iv.days == 0 && iv.time > 0))) {
    iv.days -= kDaysPerMonth;
    iv.months++;
  }
  AlignDaysWithTime(&iv);
  return Ok(out, Value::Bytes(dt::EncodeInterval(iv)));
}

}  // namespace

void RegisterMoreDatetime(Registry& r) {
  r.Add({"justify_hours", {kInterval}, kInterval, true, false, false, &JustifyHours});
  r.Add({"justify_days", {kInterval}, kInterval, true, false, false, &JustifyDays});
  r.Add({"justify_interval", {kInterval}, kInterval, true, false, false, &JustifyInterval});
  r.Add({"to_char", {kTimestamp, kText}, kText, true, false, false, &ToCharTimestamp<kTimestamp>});
  r.Add({"to_char", {kTimestamptz, kText}, kText, true, false, false, &ToCharTimestamp<kTimestamptz>});
  r.Add({"to_char", {kInterval, kText}, kText, true, false, false, &ToCharInterval});
  r.Add({"to_date", {kText, kText}, kDate, true, false, false, &ToDate});
  r.Add({"to_timestamp", {kText, kText}, kTimestamptz, true, false, false, &ToTimestamp});
  r.Add({"to_timestamp", {kFloat8}, kTimestamptz, true, false, false, &ToTimestampEpoch});
  r.Add({"make_time", {kInt4, kInt4, kFloat8}, oids::kTime, true, false, false, &MakeTime});
  r.Add({"make_timestamp", {kInt4, kInt4, kInt4, kInt4, kInt4, kFloat8}, kTimestamp, true, false, false, &MakeTimestamp});
  r.Add({"make_timestamptz", {kInt4, kInt4, kInt4, kInt4, kInt4, kFloat8}, kTimestamptz, true, false, false, &MakeTimestamptz});
  r.Add({"make_timestamptz", {kInt4, kInt4, kInt4, kInt4, kInt4, kFloat8, kText}, kTimestamptz, true, false, false, &MakeTimestamptz});
  r.Add({"make_interval", {kInt4, kInt4, kInt4, kInt4, kInt4, kInt4, kFloat8}, kInterval, true, false, false, &MakeInterval});
  r.Add({"isfinite", {kDate}, oids::kBool, true, false, false, &DateIsFinite});
  r.Add({"isfinite", {kTimestamp}, oids::kBool, true, false, false, &TimestampIsFinite});
  r.Add({"isfinite", {kTimestamptz}, oids::kBool, true, false, false, &TimestampIsFinite});
  r.Add({"isfinite", {kInterval}, oids::kBool, true, false, false, &IntervalIsFinite});
  r.Add({"date_bin", {kInterval, kTimestamp, kTimestamp}, kTimestamp, true, false, false, &DateBin});
  r.Add({"date_bin", {kInterval, kTimestamptz, kTimestamptz}, kTimestamptz, true, false, false, &DateBin});
  for (Oid t : {kDate, kTimestamp, kTimestamptz})
    r.Add({"overlaps", {t, t, t, t}, oids::kBool, true, false, false, &Overlaps});
  for (Oid t : {kTimestamp, kTimestamptz}) {
    FunctionDef def{"generate_series", {t, t, kInterval}, t, true, false, false, &SetOnly};
    def.returns_set = true;
    def.set_impl = t == kTimestamp ? &SeriesTimestamp<kTimestamp> : &SeriesTimestamp<kTimestamptz>;
    r.Add(std::move(def));
  }
}

}  // namespace plinth::functions
