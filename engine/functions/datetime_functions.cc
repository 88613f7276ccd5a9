// Date/time operators and functions: arithmetic with intervals, now(), date_trunc,
// date_part/extract, make_date, age, gen_random_uuid.
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "engine/functions/registry.h"
#include "engine/types/datetime.h"
#include "engine/types/numeric.h"

namespace plinth::functions {
namespace {

namespace dt = datetime;
using dt::Interval;
using dt::kUsecPerDay;
using dt::kUsecPerSec;
using oids::kDate;
using oids::kFloat8;
using oids::kInt4;
using oids::kInterval;
using oids::kNumeric;
using oids::kText;
using oids::kTime;
using oids::kTimestamp;
using oids::kTimestamptz;

bool IsInfinite(int64_t ts) { return ts == dt::kTimestampNegInfinity || ts == dt::kTimestampPosInfinity; }
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
Interval IntervalOf(const Value& v) { return dt::DecodeInterval(v.as_bytes()); }
Value IntervalValue(const Interval& iv) { return Value::Bytes(dt::EncodeInterval(iv)); }
Status TimestampRange() { return Status::Error("22008", "timestamp out of range"); }

int64_t SessionOffsetUsec(const IoContext& io, int64_t utc) {
  auto off = dt::UtcOffsetAt(io.timezone, utc);
  return (off.ok() ? *off : 0) * kUsecPerSec;
}

// Adds months then days in local (wall-clock) time, clamping the day to the month's
// end like PostgreSQL's timestamp_pl_interval; then the time part.
Result<int64_t> AddInterval(int64_t local, const Interval& iv) {
  if (iv.months != 0) {
    dt::Fields f = dt::SplitTimestamp(local);
    int64_t month_index = f.year * 12 + (f.month - 1) + iv.months;
    f.year = FloorDiv(month_index, 12);
    f.month = static_cast<int>(month_index - f.year * 12) + 1;
    f.day = std::min(f.day, dt::DaysInMonth(f.year, f.month));
    PLINTH_ASSIGN_OR_RETURN(local, dt::JoinTimestamp(f));
  }
  local += static_cast<int64_t>(iv.days) * kUsecPerDay;
  return local;
}

Result<int64_t> TimestampPlus(int64_t ts, Interval iv, bool with_zone, const IoContext& io) {
  if (IsInfinite(ts)) return ts;
  int64_t result;
  if (with_zone && (iv.months != 0 || iv.days != 0)) {
    int64_t local = ts + SessionOffsetUsec(io, ts);
    PLINTH_ASSIGN_OR_RETURN(local, AddInterval(local, iv));
    PLINTH_ASSIGN_OR_RETURN(result, dt::LocalToUtc(io.timezone, local));
  } else {
    PLINTH_ASSIGN_OR_RETURN(result, AddInterval(ts, iv));
  }
  if (__builtin_add_overflow(result, iv.time, &result) || !dt::TimestampInRange(result)) return TimestampRange();
  return result;
}

Interval Negate(Interval iv) { return Interval{-iv.time, -iv.days, -iv.months}; }

template <bool kWithZone, bool kMinus>
Status TsPlusInterval(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  Interval iv = IntervalOf(a[1]);
  PLINTH_ASSIGN_OR_RETURN(int64_t r, TimestampPlus(a[0].as_int(), kMinus ? Negate(iv) : iv, kWithZone, ctx.io));
  return Ok(out, Value::Int(r));
}
template <bool kWithZone>
Status IntervalPlusTs(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(int64_t r, TimestampPlus(a[1].as_int(), IntervalOf(a[0]), kWithZone, ctx.io));
  return Ok(out, Value::Int(r));
}
template <bool kMinus>
Status DatePlusInterval(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  int64_t d = a[0].as_int();
  int64_t ts = d == dt::kDateNegInfinity ? dt::kTimestampNegInfinity
             : d == dt::kDatePosInfinity ? dt::kTimestampPosInfinity : d * kUsecPerDay;
  Interval iv = IntervalOf(a[1]);
  PLINTH_ASSIGN_OR_RETURN(int64_t r, TimestampPlus(ts, kMinus ? Negate(iv) : iv, false, ctx.io));
  return Ok(out, Value::Int(r));
}

// interval_justify_hours: whole days out of the time part, signs made consistent.
Interval JustifyHours(int64_t usec) {
  Interval iv;
  iv.days = static_cast<int32_t>(usec / kUsecPerDay);
  iv.time = usec - static_cast<int64_t>(iv.days) * kUsecPerDay;
  if (iv.days > 0 && iv.time < 0) { iv.time += kUsecPerDay; --iv.days; }
  else if (iv.days < 0 && iv.time > 0) { iv.time -= kUsecPerDay; ++iv.days; }
  return iv;
}

Status TsMinusTs(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t x = a[0].as_int(), y = a[1].as_int();
  if (IsInfinite(x) || IsInfinite(y))
    return Status::Error("22008", "cannot subtract infinite timestamps");
  int64_t diff;
  if (__builtin_sub_overflow(x, y, &diff)) return Status::Error("22008", "interval out of range");
  return Ok(out, IntervalValue(JustifyHours(diff)));
}

Status DatePlusInt(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t d = a[0].as_int();
  if (d == dt::kDateNegInfinity || d == dt::kDatePosInfinity) return Ok(out, a[0]);
  int64_t r = d + a[1].as_int();
  if (!dt::DateInRange(r)) return Status::Error("22008", "date out of range");
  return Ok(out, Value::Int(r));
}
Status IntPlusDate(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  Value swapped[2] = {a[1], a[0]};
  return DatePlusInt(ctx, swapped, n, out);
}
Status DateMinusInt(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  Value args[2] = {a[0], Value::Int(-a[1].as_int())};
  return DatePlusInt(ctx, args, n, out);
}
Status DateMinusDate(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t x = a[0].as_int(), y = a[1].as_int();
  if (x == dt::kDateNegInfinity || x == dt::kDatePosInfinity || y == dt::kDateNegInfinity || y == dt::kDatePosInfinity)
    return Status::Error("22008", "cannot subtract infinite dates");
  return Ok(out, Value::Int(x - y));
}
Status DatePlusTime(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Int(a[0].as_int() * kUsecPerDay + a[1].as_int()));
}
template <bool kMinus>
Status TimePlusInterval(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t t = IntervalOf(a[1]).time;
  int64_t r = (a[0].as_int() + (kMinus ? -t : t)) % kUsecPerDay;
  if (r < 0) r += kUsecPerDay;
  return Ok(out, Value::Int(r));
}
Status TimeMinusTime(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, IntervalValue(Interval{a[0].as_int() - a[1].as_int(), 0, 0}));
}

template <bool kMinus>
Status IntervalPlusInterval(FunctionCallContext&, const Value* a, size_t, Value* out) {
  Interval x = IntervalOf(a[0]), y = IntervalOf(a[1]);
  if (kMinus) y = Negate(y);
  Interval r;
  if (__builtin_add_overflow(x.time, y.time, &r.time) || __builtin_add_overflow(x.days, y.days, &r.days) ||
      __builtin_add_overflow(x.months, y.months, &r.months))
    return Status::Error("22008", "interval out of range");
  return Ok(out, IntervalValue(r));
}
Status IntervalNegate(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, IntervalValue(Negate(IntervalOf(a[0]))));
}

// interval * factor with PG's cascade of fractional months into days and days into time.
Result<Interval> ScaleInterval(const Interval& iv, double factor) {
  if (std::isnan(factor)) return Status::Error("22008", "interval out of range");
  double months = iv.months * factor;
  double days = iv.days * factor;
  if (std::fabs(months) > INT32_MAX || std::fabs(days) > INT32_MAX) return Status::Error("22008", "interval out of range");
  Interval r;
  r.months = static_cast<int32_t>(months);
  double month_remainder_days = (months - r.months) * 30;
  double whole = std::trunc(month_remainder_days);
  r.days = static_cast<int32_t>(days);
  double day_remainder = days - r.days + (month_remainder_days - whole);
  r.days += static_cast<int32_t>(whole);
  double usec = std::rint(iv.time * factor + day_remainder * kUsecPerDay);
  if (std::fabs(usec) > 9.2e18) return Status::Error("22008", "interval out of range");
  r.time = static_cast<int64_t>(usec);
  return r;
}
Status IntervalTimes(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Interval r, ScaleInterval(IntervalOf(a[0]), a[1].as_float()));
  return Ok(out, IntervalValue(r));
}
Status TimesInterval(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Interval r, ScaleInterval(IntervalOf(a[1]), a[0].as_float()));
  return Ok(out, IntervalValue(r));
}
Status IntervalDivide(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double f = a[1].as_float();
  if (f == 0) return DivisionByZero();
  PLINTH_ASSIGN_OR_RETURN(Interval r, ScaleInterval(IntervalOf(a[0]), 1.0 / f));
  return Ok(out, IntervalValue(r));
}

// ---- current time --------------------------------------------------------------

// now(): the transaction's start; when the session does not supply it, the statement's,
// so now() = current_timestamp still holds within one statement.
int64_t TransactionNow(const FunctionCallContext& ctx) {
  if (ctx.transaction_timestamp != 0) return ctx.transaction_timestamp;
  return ctx.statement_timestamp != 0 ? ctx.statement_timestamp : dt::NowUsec();
}

Status Now(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  return Ok(out, Value::Int(TransactionNow(ctx)));
}
Status StatementTimestamp(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  return Ok(out, Value::Int(ctx.statement_timestamp != 0 ? ctx.statement_timestamp : dt::NowUsec()));
}
Status ClockTimestamp(FunctionCallContext&, const Value*, size_t, Value* out) {
  return Ok(out, Value::Int(dt::NowUsec()));
}

// ---- units -----------------------------------------------------------------------

enum class Unit { Microseconds, Milliseconds, Second, Minute, Hour, Day, Week, Month, Quarter,
                  Year, Decade, Century, Millennium, Dow, Isodow, Doy, Epoch, Isoyear, Julian,
                  Timezone, TimezoneHour, TimezoneMinute, Unknown };

Unit ParseUnit(std::string_view text) {
  static const std::unordered_map<std::string, Unit> kUnits = {
      {"microsecond", Unit::Microseconds}, {"microseconds", Unit::Microseconds}, {"us", Unit::Microseconds}, {"usec", Unit::Microseconds}, {"usecs", Unit::Microseconds},
      {"millisecond", Unit::Milliseconds}, {"milliseconds", Unit::Milliseconds}, {"ms", Unit::Milliseconds}, {"msec", Unit::Milliseconds}, {"msecs", Unit::Milliseconds},
      {"second", Unit::Second}, {"seconds", Unit::Second}, {"sec", Unit::Second}, {"secs", Unit::Second}, {"s", Unit::Second},
      {"minute", Unit::Minute}, {"minutes", Unit::Minute}, {"min", Unit::Minute}, {"mins", Unit::Minute}, {"m", Unit::Minute},
      {"hour", Unit::Hour}, {"hours", Unit::Hour}, {"hr", Unit::Hour}, {"hrs", Unit::Hour}, {"h", Unit::Hour},
      {"day", Unit::Day}, {"days", Unit::Day}, {"d", Unit::Day}, {"week", Unit::Week}, {"weeks", Unit::Week}, {"w", Unit::Week},
      {"month", Unit::Month}, {"months", Unit::Month}, {"mon", Unit::Month}, {"mons", Unit::Month},
      {"quarter", Unit::Quarter}, {"qtr", Unit::Quarter}, {"year", Unit::Year}, {"years", Unit::Year}, {"yr", Unit::Year}, {"yrs", Unit::Year}, {"y", Unit::Year},
      {"decade", Unit::Decade}, {"decades", Unit::Decade}, {"dec", Unit::Decade}, {"century", Unit::Century}, {"centuries", Unit::Century}, {"c", Unit::Century},
      {"millennium", Unit::Millennium}, {"millennia", Unit::Millennium}, {"mil", Unit::Millennium},
      {"dow", Unit::Dow}, {"isodow", Unit::Isodow}, {"doy", Unit::Doy}, {"epoch", Unit::Epoch}, {"isoyear", Unit::Isoyear},
      {"julian", Unit::Julian}, {"j", Unit::Julian}, {"timezone", Unit::Timezone}, {"timezone_hour", Unit::TimezoneHour}, {"timezone_minute", Unit::TimezoneMinute},
  };
  std::string lower;
  for (char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  auto it = kUnits.find(lower);
  return it == kUnits.end() ? Unit::Unknown : it->second;
}

Status UnitNotRecognized(std::string_view unit, Oid type) {
  return Status::Error("22023", "unit \"" + std::string(unit) + "\" not recognized for type " + FormatType(type, -1));
}
Status UnitNotSupported(std::string_view unit, Oid type) {
  return Status::Error("0A000", "unit \"" + std::string(unit) + "\" not supported for type " + FormatType(type, -1));
}

int64_t DayOfWeek(int64_t days) {  // 0 = Sunday; 2000-01-01 was a Saturday
  return ((days + 6) % 7 + 7) % 7;
}

// ISO 8601 week number and year of a date.
void IsoWeek(int64_t days, int64_t* iso_year, int64_t* week) {
  int64_t y; int m, d;
  dt::CivilFromDays(days, &y, &m, &d);
  int64_t isodow = DayOfWeek(days) == 0 ? 7 : DayOfWeek(days);
  int64_t thursday = days + (4 - isodow);  // the week's Thursday decides its year
  int64_t ty; int tm, td;
  dt::CivilFromDays(thursday, &ty, &tm, &td);
  *iso_year = ty;
  *week = (thursday - dt::DaysFromCivil(ty, 1, 1)) / 7 + 1;
}

// A datetime field as an exact numeric (extract) — date_part converts it to float8.
Result<Numeric> TimestampField(Unit unit, std::string_view name, Oid type, int64_t ts, const IoContext& io) {
  if (IsInfinite(ts)) {
    switch (unit) {
      case Unit::Epoch: case Unit::Year: case Unit::Decade: case Unit::Century: case Unit::Millennium:
      case Unit::Julian: case Unit::Isoyear:
        return Numeric::Infinity(ts < 0);
      default: return Numeric();  // PG returns NULL; callers map this below
    }
  }
  int64_t offset = type == kTimestamptz ? SessionOffsetUsec(io, ts) : 0;
  int64_t local = ts + offset;
  dt::Fields f = dt::SplitTimestamp(local);
  int64_t days = FloorDiv(local, kUsecPerDay);
  int64_t usec_in_minute = f.second * kUsecPerSec + f.usec;
  switch (unit) {
    case Unit::Microseconds: return Numeric(usec_in_minute, 0);
    case Unit::Milliseconds: return Numeric(usec_in_minute, 3);
    case Unit::Second: return Numeric(usec_in_minute, 6);
    case Unit::Minute: return Numeric::FromInt(f.minute);
    case Unit::Hour: return Numeric::FromInt(f.hour);
    case Unit::Day: return Numeric::FromInt(f.day);
    case Unit::Month: return Numeric::FromInt(f.month);
    case Unit::Quarter: return Numeric::FromInt((f.month - 1) / 3 + 1);
    case Unit::Year: return Numeric::FromInt(f.year > 0 ? f.year : f.year - 1);
    case Unit::Decade: return Numeric::FromInt(f.year >= 0 ? f.year / 10 : -((8 - (f.year - 1)) / 10));
    case Unit::Century: return Numeric::FromInt(f.year > 0 ? (f.year + 99) / 100 : -((99 - (f.year - 1)) / 100));
    case Unit::Millennium: return Numeric::FromInt(f.year > 0 ? (f.year + 999) / 1000 : -((999 - (f.year - 1)) / 1000));
    case Unit::Dow: return Numeric::FromInt(DayOfWeek(days));
    case Unit::Isodow: { int64_t d = DayOfWeek(days); return Numeric::FromInt(d == 0 ? 7 : d); }
    case Unit::Doy: return Numeric::FromInt(days - dt::DaysFromCivil(f.year, 1, 1) + 1);
    case Unit::Week: { int64_t y, w; IsoWeek(days, &y, &w); return Numeric::FromInt(w); }
    case Unit::Isoyear: { int64_t y, w; IsoWeek(days, &y, &w); return Numeric::FromInt(y > 0 ? y : y - 1); }
    case Unit::Epoch: {
      int64_t epoch_usec = ts - dt::DaysFromCivil(1970, 1, 1) * kUsecPerDay;
      if (type == kTimestamp) epoch_usec = local - dt::DaysFromCivil(1970, 1, 1) * kUsecPerDay;
      return Numeric(epoch_usec, 6);
    }
    case Unit::Julian: {
      int64_t jd = days + 2451545;
      return Numeric::Add(Numeric::FromInt(jd), *Numeric::Div(Numeric(local - days * kUsecPerDay, 0), Numeric::FromInt(kUsecPerDay)));
    }
    case Unit::Timezone:
      if (type != kTimestamptz) return UnitNotSupported(name, type);
      return Numeric::FromInt(offset / kUsecPerSec);
    case Unit::TimezoneHour:
      if (type != kTimestamptz) return UnitNotSupported(name, type);
      return Numeric::FromInt(offset / kUsecPerSec / 3600);
    case Unit::TimezoneMinute:
      if (type != kTimestamptz) return UnitNotSupported(name, type);
      return Numeric::FromInt(offset / kUsecPerSec / 60 % 60);
    case Unit::Unknown: break;
  }
  return UnitNotRecognized(name, type);
}

Result<Numeric> IntervalField(Unit unit, std::string_view name, const Interval& iv) {
  int64_t usec_in_minute = iv.time % dt::kUsecPerMinute;
  switch (unit) {
    case Unit::Microseconds: return Numeric(usec_in_minute, 0);
    case Unit::Milliseconds: return Numeric(usec_in_minute, 3);
    case Unit::Second: return Numeric(usec_in_minute, 6);
    case Unit::Minute: return Numeric::FromInt(iv.time / dt::kUsecPerMinute % 60);
    case Unit::Hour: return Numeric::FromInt(iv.time / dt::kUsecPerHour);
    case Unit::Day: return Numeric::FromInt(iv.days);
    case Unit::Month: return Numeric::FromInt(iv.months % 12);
    case Unit::Quarter: return Numeric::FromInt((iv.months % 12) / 3 + 1);
    case Unit::Year: return Numeric::FromInt(iv.months / 12);
    case Unit::Decade: return Numeric::FromInt(iv.months / 120);
    case Unit::Century: return Numeric::FromInt(iv.months / 1200);
    case Unit::Millennium: return Numeric::FromInt(iv.months / 12000);
    case Unit::Epoch: {
      // PG: years of 365.25 days, months of 30 days.
      Numeric::Int usec = Numeric::Int(iv.time) +
                          Numeric::Int(iv.days) * kUsecPerDay +
                          Numeric::Int(iv.months / 12) * (Numeric::Int(36525) * kUsecPerDay / 100) +
                          Numeric::Int(iv.months % 12) * (Numeric::Int(30) * kUsecPerDay);
      return Numeric(usec, 6);
    }
    case Unit::Unknown: return UnitNotRecognized(name, kInterval);
    default: return UnitNotSupported(name, kInterval);
  }
}

Result<Numeric> TimeField(Unit unit, std::string_view name, int64_t t) {
  switch (unit) {
    case Unit::Microseconds: case Unit::Milliseconds: case Unit::Second: case Unit::Minute: case Unit::Hour:
      return IntervalField(unit, name, Interval{t, 0, 0});
    case Unit::Epoch: return Numeric(t, 6);
    case Unit::Unknown: return UnitNotRecognized(name, kTime);
    default: return UnitNotSupported(name, kTime);
  }
}

Result<Numeric> DateField(Unit unit, std::string_view name, int64_t d, const IoContext& io) {
  switch (unit) {
    case Unit::Microseconds: case Unit::Milliseconds: case Unit::Second: case Unit::Minute:
    case Unit::Hour: case Unit::Timezone: case Unit::TimezoneHour: case Unit::TimezoneMinute:
      return UnitNotSupported(name, kDate);
    case Unit::Unknown: return UnitNotRecognized(name, kDate);
    default: break;
  }
  int64_t ts = d == dt::kDateNegInfinity ? dt::kTimestampNegInfinity
             : d == dt::kDatePosInfinity ? dt::kTimestampPosInfinity : d * kUsecPerDay;
  PLINTH_ASSIGN_OR_RETURN(Numeric n, TimestampField(unit, name, kTimestamp, ts, io));
  if ((unit == Unit::Epoch || unit == Unit::Julian) && n.is_finite()) return n.Truncated(0);  // dates: whole
  return n;
}

bool NullForInfinity(Unit unit) {
  switch (unit) {
    case Unit::Epoch: case Unit::Year: case Unit::Decade: case Unit::Century: case Unit::Millennium:
    case Unit::Julian: case Unit::Isoyear: return false;
    default: return true;
  }
}

template <Oid kType, bool kAsFloat>
Status Extract(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  const std::string& name = a[0].as_bytes();
  Unit unit = ParseUnit(name);
  Result<Numeric> r = Numeric();
  if constexpr (kType == kTimestamp || kType == kTimestamptz) {
    if (IsInfinite(a[1].as_int()) && unit != Unit::Unknown && NullForInfinity(unit)) return Ok(out, Value::Null());
    r = TimestampField(unit, name, kType, a[1].as_int(), ctx.io);
  } else if constexpr (kType == kDate) {
    int64_t d = a[1].as_int();
    bool infinite = d == dt::kDateNegInfinity || d == dt::kDatePosInfinity;
    if (infinite && unit != Unit::Unknown && NullForInfinity(unit)) return Ok(out, Value::Null());
    r = DateField(unit, name, d, ctx.io);
  } else if constexpr (kType == kTime) {
    r = TimeField(unit, name, a[1].as_int());
  } else {
    r = IntervalField(unit, name, IntervalOf(a[1]));
  }
  if (!r.ok()) return r.status();
  if (kAsFloat) return Ok(out, Value::Float(r->ToDouble()));
  return Ok(out, Value::Bytes(r->ToString()));
}

// ---- date_trunc --------------------------------------------------------------------

Result<int64_t> TruncLocal(Unit unit, std::string_view name, Oid type, int64_t local) {
  dt::Fields f = dt::SplitTimestamp(local);
  switch (unit) {
    case Unit::Millennium: f.year = f.year > 0 ? ((f.year + 999) / 1000) * 1000 - 999 : -((999 - (f.year - 1)) / 1000) * 1000 + 1; [[fallthrough]];
    case Unit::Century:
      if (unit == Unit::Century) f.year = f.year > 0 ? ((f.year + 99) / 100) * 100 - 99 : -((99 - (f.year - 1)) / 100) * 100 + 1;
      [[fallthrough]];
    case Unit::Decade:
      if (unit == Unit::Decade) f.year = f.year > 0 ? (f.year / 10) * 10 : -((8 - (f.year - 1)) / 10) * 10;
      [[fallthrough]];
    case Unit::Year: f.month = 1; [[fallthrough]];
    case Unit::Quarter: if (unit == Unit::Quarter) f.month = (3 * ((f.month - 1) / 3)) + 1; [[fallthrough]];
    case Unit::Month: f.day = 1; [[fallthrough]];
    case Unit::Day: f.hour = 0; [[fallthrough]];
    case Unit::Hour: f.minute = 0; [[fallthrough]];
    case Unit::Minute: f.second = 0; [[fallthrough]];
    case Unit::Second: f.usec = 0; break;
    case Unit::Milliseconds: f.usec = f.usec / 1000 * 1000; break;
    case Unit::Microseconds: break;
    case Unit::Week: {
      int64_t days = FloorDiv(local, kUsecPerDay);
      int64_t dow = DayOfWeek(days);
      int64_t monday = days - (dow == 0 ? 6 : dow - 1);
      return monday * kUsecPerDay;
    }
    case Unit::Unknown: return UnitNotRecognized(name, type);
    default: return UnitNotSupported(name, type);
  }
  return dt::JoinTimestamp(f);
}

template <Oid kType>
Status DateTrunc(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  const std::string& name = a[0].as_bytes();
  Unit unit = ParseUnit(name);
  int64_t ts = a[1].as_int();
  if (IsInfinite(ts)) return Ok(out, a[1]);
  if (kType == kTimestamp) {
    PLINTH_ASSIGN_OR_RETURN(int64_t r, TruncLocal(unit, name, kType, ts));
    return Ok(out, Value::Int(r));
  }
  int64_t local = ts + SessionOffsetUsec(ctx.io, ts);
  PLINTH_ASSIGN_OR_RETURN(int64_t truncated, TruncLocal(unit, name, kType, local));
  // Units below an hour keep the original offset; larger ones re-resolve the zone.
  if (unit == Unit::Microseconds || unit == Unit::Milliseconds || unit == Unit::Second || unit == Unit::Minute)
    return Ok(out, Value::Int(ts - (local - truncated)));
  PLINTH_ASSIGN_OR_RETURN(int64_t r, dt::LocalToUtc(ctx.io.timezone, truncated));
  return Ok(out, Value::Int(r));
}

// date_trunc(unit, timestamptz, zone): truncated in `zone` instead of the session's.
Status DateTruncInZone(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  const std::string& zone = a[2].as_bytes();
  if (!dt::IsKnownZone(zone)) return Status::Error("22023", "time zone \"" + zone + "\" not recognized");
  IoContext io = ctx.io;
  io.timezone = zone;
  FunctionCallContext in_zone{io};
  return DateTrunc<kTimestamptz>(in_zone, a, 2, out);
}

Status DateTruncInterval(FunctionCallContext&, const Value* a, size_t, Value* out) {
  const std::string& name = a[0].as_bytes();
  Unit unit = ParseUnit(name);
  Interval iv = IntervalOf(a[1]);
  switch (unit) {
    case Unit::Millennium: iv.months = iv.months / 12000 * 12000; iv.days = 0; iv.time = 0; break;
    case Unit::Century: iv.months = iv.months / 1200 * 1200; iv.days = 0; iv.time = 0; break;
    case Unit::Decade: iv.months = iv.months / 120 * 120; iv.days = 0; iv.time = 0; break;
    case Unit::Year: iv.months = iv.months / 12 * 12; iv.days = 0; iv.time = 0; break;
    case Unit::Quarter: iv.months = iv.months / 3 * 3; iv.days = 0; iv.time = 0; break;
    case Unit::Month: iv.days = 0; iv.time = 0; break;
    case Unit::Day: iv.time = 0; break;
    case Unit::Hour: iv.time = iv.time / dt::kUsecPerHour * dt::kUsecPerHour; break;
    case Unit::Minute: iv.time = iv.time / dt::kUsecPerMinute * dt::kUsecPerMinute; break;
    case Unit::Second: iv.time = iv.time / kUsecPerSec * kUsecPerSec; break;
    case Unit::Milliseconds: iv.time = iv.time / 1000 * 1000; break;
    case Unit::Microseconds: break;
    case Unit::Unknown: return UnitNotRecognized(name, kInterval);
    default: return UnitNotSupported(name, kInterval);
  }
  return Ok(out, IntervalValue(iv));
}

// ---- constructors and age ----------------------------------------------------------

Status MakeDate(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t y = a[0].as_int(), m = a[1].as_int(), d = a[2].as_int();
  auto bad = [&] {
    return Status::Error("22008", "date field value out of range: " + std::to_string(y) + "-" +
                                      (m < 10 && m >= 0 ? "0" : "") + std::to_string(m) + "-" +
                                      (d < 10 && d >= 0 ? "0" : "") + std::to_string(d));
  };
  if (y == 0) return bad();
  int64_t astro = y < 0 ? y + 1 : y;
  if (m < 1 || m > 12 || d < 1 || d > dt::DaysInMonth(astro, static_cast<int>(m))) return bad();
  int64_t days = dt::DaysFromCivil(astro, static_cast<int>(m), static_cast<int>(d));
  if (!dt::DateInRange(days)) return Status::Error("22008", "date out of range: " + std::to_string(y) + "-" + std::to_string(m) + "-" + std::to_string(d));
  return Ok(out, Value::Int(days));
}

// age(): a symbolic difference in years, months, days and time. Negative fields
// borrow from the next larger one; a day borrow takes the length of the earlier
// timestamp's month (PostgreSQL's timestamp_age).
Interval Age(int64_t ts1, int64_t ts2) {
  dt::Fields a = dt::SplitTimestamp(ts1), b = dt::SplitTimestamp(ts2);
  const bool negative = ts1 < ts2;
  const dt::Fields& earlier = negative ? a : b;
  int64_t usec = ((static_cast<int64_t>(a.hour) - b.hour) * 3600 + (a.minute - b.minute) * 60 + (a.second - b.second)) * kUsecPerSec + (a.usec - b.usec);
  int64_t day = a.day - b.day, mon = a.month - b.month, year = a.year - b.year;
  if (negative) { usec = -usec; day = -day; mon = -mon; year = -year; }
  while (usec < 0) { usec += kUsecPerDay; --day; }
  while (day < 0) { day += dt::DaysInMonth(earlier.year, earlier.month); --mon; }
  while (mon < 0) { mon += 12; --year; }
  Interval iv{usec, static_cast<int32_t>(day), static_cast<int32_t>(year * 12 + mon)};
  return negative ? Negate(iv) : iv;
}

template <bool kWithZone>
Status AgeOf(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  int64_t x, y;
  if (n == 2) { x = a[0].as_int(); y = a[1].as_int(); }
  else {
    // age(ts) = age(midnight today, ts), in the session time zone
    int64_t now = TransactionNow(ctx);
    int64_t local_now = now + SessionOffsetUsec(ctx.io, now);
    int64_t midnight = FloorDiv(local_now, kUsecPerDay) * kUsecPerDay;
    x = kWithZone ? *dt::LocalToUtc(ctx.io.timezone, midnight) : midnight;
    y = a[0].as_int();
  }
  if (IsInfinite(x) || IsInfinite(y)) return Status::Error("22008", "cannot subtract infinite timestamps");
  if (kWithZone) { x += SessionOffsetUsec(ctx.io, x); y += SessionOffsetUsec(ctx.io, y); }
  return Ok(out, IntervalValue(Age(x, y)));
}

// AT TIME ZONE: timestamptz -> the wall-clock time in `zone`, timestamp -> the instant
// that wall-clock time in `zone` denotes.
Status TimezoneOfTimestamptz(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t ts = a[1].as_int();
  if (IsInfinite(ts)) return Ok(out, a[1]);
  PLINTH_ASSIGN_OR_RETURN(int32_t east, dt::UtcOffsetAt(a[0].as_bytes(), ts));
  return Ok(out, Value::Int(ts + east * kUsecPerSec));
}
Status TimezoneOfTimestamp(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t ts = a[1].as_int();
  if (IsInfinite(ts)) return Ok(out, a[1]);
  PLINTH_ASSIGN_OR_RETURN(int64_t utc, dt::LocalToUtc(a[0].as_bytes(), ts));
  return Ok(out, Value::Int(utc));
}

// CURRENT_DATE, LOCALTIMESTAMP, LOCALTIME, CURRENT_TIME: the transaction start in the
// session time zone.
int64_t LocalNow(FunctionCallContext& ctx) {
  int64_t now = TransactionNow(ctx);
  return now + SessionOffsetUsec(ctx.io, now);
}
Status CurrentDate(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  return Ok(out, Value::Int(FloorDiv(LocalNow(ctx), kUsecPerDay)));
}
Status LocalTimestamp(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  return Ok(out, Value::Int(LocalNow(ctx)));
}
Status LocalTime(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  int64_t local = LocalNow(ctx);
  return Ok(out, Value::Int(local - FloorDiv(local, kUsecPerDay) * kUsecPerDay));
}
Status CurrentTime(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  int64_t now = TransactionNow(ctx);
  int64_t offset = SessionOffsetUsec(ctx.io, now);
  int64_t local = now + offset;
  dt::TimeTz t{local - FloorDiv(local, kUsecPerDay) * kUsecPerDay, static_cast<int32_t>(-offset / kUsecPerSec)};
  return Ok(out, Value::Bytes(dt::EncodeTimeTz(t)));
}

Status GenRandomUuid(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  std::string bytes(16, '\0');
  std::random_device rd;  // kernel entropy: UUIDs must not repeat across sessions
  for (size_t i = 0; i < 16; i += 4) {
    uint32_t r = rd();
    std::memcpy(&bytes[i], &r, 4);
  }
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  (void)ctx;
  return Ok(out, Value::Bytes(std::move(bytes)));
}

}  // namespace

void RegisterDatetime(Registry& r) {
  const Oid iv = kInterval, ts = kTimestamp, tz = kTimestamptz;
  r.Add({"+", {kDate, kInt4}, kDate, true, false, false, &DatePlusInt});
  r.Add({"+", {kInt4, kDate}, kDate, true, false, false, &IntPlusDate});
  r.Add({"-", {kDate, kInt4}, kDate, true, false, false, &DateMinusInt});
  r.Add({"-", {kDate, kDate}, kInt4, true, false, false, &DateMinusDate});
  r.Add({"+", {kDate, iv}, ts, true, false, false, &DatePlusInterval<false>});
  r.Add({"-", {kDate, iv}, ts, true, false, false, &DatePlusInterval<true>});
  r.Add({"+", {kDate, kTime}, ts, true, false, false, &DatePlusTime});
  r.Add({"+", {ts, iv}, ts, true, false, false, &TsPlusInterval<false, false>});
  r.Add({"-", {ts, iv}, ts, true, false, false, &TsPlusInterval<false, true>});
  r.Add({"+", {iv, ts}, ts, true, false, false, &IntervalPlusTs<false>});
  r.Add({"+", {tz, iv}, tz, true, false, false, &TsPlusInterval<true, false>});
  r.Add({"-", {tz, iv}, tz, true, false, false, &TsPlusInterval<true, true>});
  r.Add({"+", {iv, tz}, tz, true, false, false, &IntervalPlusTs<true>});
  r.Add({"-", {ts, ts}, iv, true, false, false, &TsMinusTs});
  r.Add({"-", {tz, tz}, iv, true, false, false, &TsMinusTs});
  r.Add({"+", {kTime, iv}, kTime, true, false, false, &TimePlusInterval<false>});
  r.Add({"-", {kTime, iv}, kTime, true, false, false, &TimePlusInterval<true>});
  r.Add({"-", {kTime, kTime}, iv, true, false, false, &TimeMinusTime});
  r.Add({"+", {iv, iv}, iv, true, false, false, &IntervalPlusInterval<false>});
  r.Add({"-", {iv, iv}, iv, true, false, false, &IntervalPlusInterval<true>});
  r.Add({"-", {iv}, iv, true, false, false, &IntervalNegate});
  r.Add({"*", {iv, kFloat8}, iv, true, false, false, &IntervalTimes});
  r.Add({"*", {kFloat8, iv}, iv, true, false, false, &TimesInterval});
  r.Add({"/", {iv, kFloat8}, iv, true, false, false, &IntervalDivide});

  for (const char* name : {"now", "transaction_timestamp", "current_timestamp"})
    r.Add({name, {}, tz, true, false, false, &Now});
  r.Add({"statement_timestamp", {}, tz, true, false, false, &StatementTimestamp});
  r.Add({"clock_timestamp", {}, tz, true, true, false, &ClockTimestamp});

  r.Add({"date_part", {kText, ts}, kFloat8, true, false, false, &Extract<kTimestamp, true>});
  r.Add({"date_part", {kText, tz}, kFloat8, true, false, false, &Extract<kTimestamptz, true>});
  r.Add({"date_part", {kText, kDate}, kFloat8, true, false, false, &Extract<kDate, true>});
  r.Add({"date_part", {kText, kTime}, kFloat8, true, false, false, &Extract<kTime, true>});
  r.Add({"date_part", {kText, iv}, kFloat8, true, false, false, &Extract<kInterval, true>});
  r.Add({"extract", {kText, ts}, kNumeric, true, false, false, &Extract<kTimestamp, false>});
  r.Add({"extract", {kText, tz}, kNumeric, true, false, false, &Extract<kTimestamptz, false>});
  r.Add({"extract", {kText, kDate}, kNumeric, true, false, false, &Extract<kDate, false>});
  r.Add({"extract", {kText, kTime}, kNumeric, true, false, false, &Extract<kTime, false>});
  r.Add({"extract", {kText, iv}, kNumeric, true, false, false, &Extract<kInterval, false>});
  r.Add({"date_trunc", {kText, ts}, ts, true, false, false, &DateTrunc<kTimestamp>});
  r.Add({"date_trunc", {kText, tz}, tz, true, false, false, &DateTrunc<kTimestamptz>});
  r.Add({"date_trunc", {kText, iv}, iv, true, false, false, &DateTruncInterval});
  r.Add({"date_trunc", {kText, tz, kText}, tz, true, false, false, &DateTruncInZone});
  r.Add({"make_date", {kInt4, kInt4, kInt4}, kDate, true, false, false, &MakeDate});
  r.Add({"age", {ts, ts}, iv, true, false, false, &AgeOf<false>});
  r.Add({"age", {ts}, iv, true, false, false, &AgeOf<false>});
  r.Add({"age", {tz, tz}, iv, true, false, false, &AgeOf<true>});
  r.Add({"age", {tz}, iv, true, false, false, &AgeOf<true>});
  r.Add({"timezone", {kText, tz}, ts, true, false, false, &TimezoneOfTimestamptz});
  r.Add({"timezone", {kText, ts}, tz, true, false, false, &TimezoneOfTimestamp});
  r.Add({"current_date", {}, kDate, true, false, false, &CurrentDate});
  r.Add({"localtimestamp", {}, ts, true, false, false, &LocalTimestamp});
  r.Add({"localtime", {}, kTime, true, false, false, &LocalTime});
  r.Add({"current_time", {}, oids::kTimetz, true, false, false, &CurrentTime});
  r.Add({"gen_random_uuid", {}, oids::kUuid, true, true, false, &GenRandomUuid});
}

}  // namespace plinth::functions
