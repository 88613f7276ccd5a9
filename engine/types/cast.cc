// Casts between built-in types with PostgreSQL's pg_cast contexts and semantics.
#include <cmath>
#include <unordered_map>

#include "engine/types/array_shape.h"
#include "engine/types/datetime.h"
#include "engine/types/io_internal.h"
#include "engine/types/numeric.h"
#include "engine/types/typmod.h"

namespace plinth {
namespace {

using datetime::kUsecPerDay;
using datetime::kUsecPerSec;

constexpr char kImplicit = 'i', kAssignment = 'a', kExplicit = 'e';

uint64_t Key(Oid a, Oid b) { return (static_cast<uint64_t>(a) << 32) | b; }

// The subset of pg_cast that matters for these types: (source, target) -> context.
const std::unordered_map<uint64_t, char>& CastTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<uint64_t, char>();
    auto add = [&](Oid from, Oid to, char ctx) { (*t)[Key(from, to)] = ctx; };
    using namespace oids;
    // integers and numerics
    add(kInt2, kInt4, kImplicit); add(kInt2, kInt8, kImplicit); add(kInt2, kFloat4, kImplicit);
    add(kInt2, kFloat8, kImplicit); add(kInt2, kNumeric, kImplicit); add(kInt2, kOid, kImplicit);
    add(kInt4, kInt8, kImplicit); add(kInt4, kFloat4, kImplicit); add(kInt4, kFloat8, kImplicit);
    add(kInt4, kNumeric, kImplicit); add(kInt4, kInt2, kAssignment); add(kInt4, kOid, kImplicit);
    add(kInt4, kBool, kExplicit); add(kInt4, kChar, kExplicit);
    add(kInt8, kInt2, kAssignment); add(kInt8, kInt4, kAssignment); add(kInt8, kFloat4, kImplicit);
    add(kInt8, kFloat8, kImplicit); add(kInt8, kNumeric, kImplicit); add(kInt8, kOid, kImplicit);
    add(kFloat4, kFloat8, kImplicit); add(kFloat4, kInt2, kAssignment); add(kFloat4, kInt4, kAssignment);
    add(kFloat4, kInt8, kAssignment); add(kFloat4, kNumeric, kAssignment);
    add(kFloat8, kFloat4, kAssignment); add(kFloat8, kInt2, kAssignment); add(kFloat8, kInt4, kAssignment);
    add(kFloat8, kInt8, kAssignment); add(kFloat8, kNumeric, kAssignment);
    add(kNumeric, kInt2, kAssignment); add(kNumeric, kInt4, kAssignment); add(kNumeric, kInt8, kAssignment);
    add(kNumeric, kFloat4, kImplicit); add(kNumeric, kFloat8, kImplicit);
    add(kOid, kInt4, kAssignment); add(kOid, kInt8, kAssignment);
    add(kOid, kRegclass, kImplicit); add(kRegclass, kOid, kImplicit);
    add(kOid, kRegtype, kImplicit); add(kRegtype, kOid, kImplicit);
    add(kOid, kRegproc, kImplicit); add(kRegproc, kOid, kImplicit);
    add(kOid, kRegnamespace, kImplicit); add(kRegnamespace, kOid, kImplicit);
    add(kOid, kRegrole, kImplicit); add(kRegrole, kOid, kImplicit);
    for (Oid reg : {kRegtype, kRegnamespace, kRegrole}) add(kInt4, reg, kImplicit), add(kInt8, reg, kImplicit);
    add(kInt4, kRegclass, kImplicit); add(kInt8, kRegclass, kImplicit);
    // text -> regclass needs the catalog: the binder turns it into regclass(text)
    // (binder/bind_regclass.cc), so Cast() itself never sees it.
    add(kText, kRegclass, kImplicit);
    add(kBool, kInt4, kExplicit); add(kChar, kInt4, kExplicit);
    // strings
    for (Oid s : {kText, kVarchar, kBpchar, kName}) {
      for (Oid d : {kText, kVarchar, kBpchar}) if (s != d) add(s, d, kImplicit);
    }
    add(kText, kName, kImplicit); add(kVarchar, kName, kImplicit); add(kBpchar, kName, kImplicit);
    add(kName, kVarchar, kAssignment); add(kName, kBpchar, kAssignment);
    add(kChar, kText, kImplicit); add(kChar, kVarchar, kAssignment); add(kChar, kBpchar, kAssignment);
    add(kText, kChar, kAssignment); add(kVarchar, kChar, kAssignment); add(kBpchar, kChar, kAssignment);
    // date/time
    add(kDate, kTimestamp, kImplicit); add(kDate, kTimestamptz, kImplicit);
    add(kTimestamp, kDate, kAssignment); add(kTimestamp, kTime, kAssignment);
    add(kTimestamp, kTimestamptz, kImplicit);
    add(kTimestamptz, kDate, kAssignment); add(kTimestamptz, kTime, kAssignment);
    add(kTimestamptz, kTimestamp, kAssignment); add(kTimestamptz, kTimetz, kAssignment);
    add(kTime, kInterval, kImplicit); add(kTime, kTimetz, kImplicit);
    add(kInterval, kTime, kAssignment); add(kTimetz, kTime, kAssignment);
    // json
    add(kJson, kJsonb, kExplicit); add(kJsonb, kJson, kExplicit);
    for (Oid d : {kBool, kNumeric, kInt2, kInt4, kInt8, kFloat4, kFloat8}) add(kJsonb, d, kExplicit);
    return t;
  }();
  return *table;
}

bool IsStringType(Oid t) {
  return t == oids::kText || t == oids::kVarchar || t == oids::kBpchar || t == oids::kName;
}

bool ContextAllows(char table_ctx, CastContext ctx) {
  switch (ctx) {
    case CastContext::Implicit: return table_ctx == kImplicit;
    case CastContext::Assignment: return table_ctx == kImplicit || table_ctx == kAssignment;
    case CastContext::Explicit: return true;
  }
  return false;
}

Result<Value> IntToInt(int64_t v, Oid to) {
  if (to == oids::kInt2 && (v < INT16_MIN || v > INT16_MAX))
    return Status::Error("22003", "smallint out of range");
  if (to == oids::kInt4 && (v < INT32_MIN || v > INT32_MAX))
    return Status::Error("22003", "integer out of range");
  if (to == oids::kOid && (v < INT32_MIN || v > UINT32_MAX))
    return Status::Error("22003", "OID out of range");
  if (to == oids::kOid && v < 0) v = static_cast<uint32_t>(static_cast<int32_t>(v));
  return Value::Int(v);
}

// float -> integer rounds to nearest even like PG's rint().
Result<Value> FloatToInt(double d, Oid to) {
  const char* label = to == oids::kInt2 ? "smallint" : to == oids::kInt4 ? "integer" : "bigint";
  double r = std::rint(d);
  double lo = to == oids::kInt2 ? INT16_MIN : to == oids::kInt4 ? INT32_MIN : -9223372036854775808.0;
  double hi = to == oids::kInt2 ? INT16_MAX + 1.0 : to == oids::kInt4 ? INT32_MAX + 1.0 : 9223372036854775808.0;
  if (std::isnan(r) || r < lo || r >= hi) return Status::Error("22003", std::string(label) + " out of range");
  return Value::Int(static_cast<int64_t>(r));
}

int64_t LocalOffsetUsec(const IoContext& io, int64_t utc) {
  auto off = datetime::UtcOffsetAt(io.timezone, utc);
  return (off.ok() ? *off : 0) * kUsecPerSec;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Conversions that are not I/O-based. Returns nullopt-like error "no cast" as 42846.
Result<Value> Convert(const Value& v, Oid from, Oid to, const IoContext& io) {
  using namespace oids;
  auto is_int = [](Oid t) { return t == kInt2 || t == kInt4 || t == kInt8 || t == kOid || IsRegType(t); };
  auto is_float = [](Oid t) { return t == kFloat4 || t == kFloat8; };
  if (is_int(from) && is_int(to)) return IntToInt(v.as_int(), IsRegType(to) ? kOid : to);
  if (is_int(from) && is_float(to)) {
    double d = static_cast<double>(v.as_int());
    return Value::Float(to == kFloat4 ? static_cast<double>(static_cast<float>(d)) : d);
  }
  if (is_int(from) && to == kNumeric) return Value::Bytes(std::to_string(v.as_int()));
  if (is_float(from) && is_int(to)) return FloatToInt(v.as_float(), to);
  if (from == kFloat4 && to == kFloat8) {
    // PG's float4 -> float8 widens the binary value exactly.
    return Value::Float(v.as_float());
  }
  if (from == kFloat8 && to == kFloat4) {
    double d = v.as_float();
    float f = static_cast<float>(d);
    if (std::isinf(f) && !std::isinf(d)) return Status::Error("22003", "value out of range: overflow");
    if (f == 0 && d != 0) return Status::Error("22003", "value out of range: underflow");
    return Value::Float(f);
  }
  if (is_float(from) && to == kNumeric)
    return Value::Bytes(Numeric::FromDouble(v.as_float(), from == kFloat4 ? 6 : 15).ToString());
  if (from == kNumeric) {
    PLINTH_ASSIGN_OR_RETURN(Numeric n, Numeric::Parse(v.as_bytes()));
    if (to == kInt2) { PLINTH_ASSIGN_OR_RETURN(int64_t i, n.ToInt64("smallint", INT16_MIN, INT16_MAX)); return Value::Int(i); }
    if (to == kInt4) { PLINTH_ASSIGN_OR_RETURN(int64_t i, n.ToInt64("integer", INT32_MIN, INT32_MAX)); return Value::Int(i); }
    if (to == kInt8) { PLINTH_ASSIGN_OR_RETURN(int64_t i, n.ToInt64("bigint", INT64_MIN, INT64_MAX)); return Value::Int(i); }
    if (to == kFloat8) return Value::Float(n.ToDouble());
    if (to == kFloat4) return Value::Float(static_cast<float>(n.ToDouble()));
  }
  if (from == kBool && to == kInt4) return Value::Int(v.as_bool() ? 1 : 0);
  if (from == kInt4 && to == kBool) return Value::Bool(v.as_int() != 0);
  if (from == kInt4 && to == kChar) {
    if (v.as_int() < -128 || v.as_int() > 127) return Status::Error("22003", "\"char\" out of range");
    char c = static_cast<char>(v.as_int());
    return Value::Bytes(c == 0 ? std::string() : std::string(1, c));
  }
  if (from == kChar && to == kInt4)
    return Value::Int(v.as_bytes().empty() ? 0 : static_cast<signed char>(v.as_bytes()[0]));
  if (IsStringType(from) && to == kChar) return Value::Bytes(v.as_bytes().substr(0, v.as_bytes().empty() ? 0 : 1));
  if (from == kChar && IsStringType(to)) return v;
  if (IsStringType(from) && IsStringType(to)) {
    if (from == kBpchar) {  // bpchar -> text drops trailing blanks
      std::string s = v.as_bytes();
      while (!s.empty() && s.back() == ' ') s.pop_back();
      return Value::Bytes(std::move(s));
    }
    return v;
  }
  // date/time
  if (from == kDate && (to == kTimestamp || to == kTimestamptz)) {
    int64_t d = v.as_int();
    if (d == datetime::kDateNegInfinity) return Value::Int(datetime::kTimestampNegInfinity);
    if (d == datetime::kDatePosInfinity) return Value::Int(datetime::kTimestampPosInfinity);
    int64_t local = d * kUsecPerDay;
    if (!datetime::TimestampInRange(local)) return Status::Error("22008", "date out of range for timestamp");
    if (to == kTimestamp) return Value::Int(local);
    PLINTH_ASSIGN_OR_RETURN(int64_t utc, datetime::LocalToUtc(io.timezone, local));
    return Value::Int(utc);
  }
  if ((from == kTimestamp || from == kTimestamptz) && (to == kDate || to == kTime || to == kTimestamp || to == kTimestamptz || to == kTimetz)) {
    int64_t t = v.as_int();
    bool infinite = t == datetime::kTimestampNegInfinity || t == datetime::kTimestampPosInfinity;
    if (to == kTimestamp || to == kTimestamptz) {
      if (infinite || from == to) return v;
      if (from == kTimestamp) {
        PLINTH_ASSIGN_OR_RETURN(int64_t utc, datetime::LocalToUtc(io.timezone, t));
        return Value::Int(utc);
      }
      return Value::Int(t + LocalOffsetUsec(io, t));
    }
    if (infinite) {
      if (to == kDate) return Value::Int(t < 0 ? datetime::kDateNegInfinity : datetime::kDatePosInfinity);
      return Status::Error("22008", "timestamp out of range");
    }
    int64_t local = from == kTimestamptz ? t + LocalOffsetUsec(io, t) : t;
    if (to == kDate) return Value::Int(FloorDiv(local, kUsecPerDay));
    int64_t tod = local - FloorDiv(local, kUsecPerDay) * kUsecPerDay;
    if (to == kTime) return Value::Int(tod);
    datetime::TimeTz tz{tod, static_cast<int32_t>(-LocalOffsetUsec(io, t) / kUsecPerSec)};
    return Value::Bytes(datetime::EncodeTimeTz(tz));
  }
  if (from == kTime && to == kInterval) return Value::Bytes(datetime::EncodeInterval({v.as_int(), 0, 0}));
  if (from == kInterval && to == kTime) {
    int64_t t = datetime::DecodeInterval(v.as_bytes()).time % kUsecPerDay;
    if (t < 0) t += kUsecPerDay;
    return Value::Int(t);
  }
  if (from == kTime && to == kTimetz) {
    int64_t now = datetime::NowUsec();
    return Value::Bytes(datetime::EncodeTimeTz({v.as_int(), static_cast<int32_t>(-LocalOffsetUsec(io, now) / kUsecPerSec)}));
  }
  if (from == kTimetz && to == kTime) return Value::Int(datetime::DecodeTimeTz(v.as_bytes()).time);
  if (from == kJson && to == kJsonb) {
    PLINTH_ASSIGN_OR_RETURN(std::string j, io::CanonicalJsonb(v.as_bytes()));
    return Value::Bytes(std::move(j));
  }
  if (from == kJsonb && to == kJson) return v;
  if (from == kJsonb) {
    const std::string& s = v.as_bytes();
    bool is_number = !s.empty() && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'));
    if (to == kBool) {
      if (s == "true" || s == "false") return Value::Bool(s == "true");
      return Status::Error("22023", "cannot cast jsonb " + std::string(s[0] == '"' ? "string" : s[0] == '{' ? "object" : s[0] == '[' ? "array" : s == "null" ? "null" : "numeric") + " to type boolean");
    }
    if (!is_number)
      return Status::Error("22023", "cannot cast jsonb " + std::string(s[0] == '"' ? "string" : s[0] == '{' ? "object" : s[0] == '[' ? "array" : s == "null" ? "null" : "boolean") + " to type " + FormatType(to, -1));
    if (to == kNumeric) return Value::Bytes(s);
    return Convert(Value::Bytes(s), kNumeric, to, io);
  }
  return Status::Error("42846", "cannot cast type " + FormatType(from, -1) + " to " + FormatType(to, -1));
}

bool HasDirectCast(Oid from, Oid to) { return CastTable().count(Key(from, to)) != 0; }

}  // namespace

bool CanCast(Oid from, Oid to, CastContext ctx) {
  if (from == to || from == oids::kUnknown) return true;
  if (to == oids::kAny || to == oids::kAnyElement) return true;
  if (to == oids::kAnyArray) return IsArrayType(from);
  auto it = CastTable().find(Key(from, to));
  if (it != CastTable().end()) return ContextAllows(it->second, ctx);
  // Arrays cast element-wise when their elements do.
  if (IsArrayType(from) && IsArrayType(to))
    return CanCast(LookupType(from)->elem, LookupType(to)->elem, ctx);
  // I/O conversion casts: anything to a string type under assignment, a string type
  // to anything explicitly (PostgreSQL's automatic CoerceViaIO).
  if (LookupType(from) == nullptr || LookupType(to) == nullptr) return false;
  if (IsStringType(to) && to != oids::kName) return ctx != CastContext::Implicit;
  if (IsStringType(from)) return ctx == CastContext::Explicit;
  return false;
}

Result<Value> ApplyTypmod(const Value& v, Oid type, int32_t mod, CastContext ctx) {
  if (v.is_null()) return v;
  switch (type) {
    case oids::kVarchar:
    case oids::kBpchar: {
      int32_t n = typmod::CharLength(mod);
      if (n < 0) return v;
      const std::string& s = v.as_bytes();
      size_t len = io::CharLength(s);
      if (len > static_cast<size_t>(n)) {
        size_t cut = io::CharOffset(s, static_cast<size_t>(n));
        // Excess characters that are all spaces are silently dropped (SQL standard).
        bool only_spaces = s.find_first_not_of(' ', cut) == std::string::npos;
        if (!only_spaces && ctx != CastContext::Explicit)
          return Status::Error("22001", "value too long for type " + FormatType(type, mod));
        return Value::Bytes(s.substr(0, cut));
      }
      if (type == oids::kBpchar && len < static_cast<size_t>(n))
        return Value::Bytes(s + std::string(static_cast<size_t>(n) - len, ' '));
      return v;
    }
    case oids::kName: {
      const std::string& s = v.as_bytes();
      if (s.size() <= 63) return v;
      size_t cut = 63;
      while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
      return Value::Bytes(s.substr(0, cut));
    }
    case oids::kNumeric: {
      if (!typmod::IsNumericTypmod(mod)) return v;
      PLINTH_ASSIGN_OR_RETURN(Numeric n, Numeric::Parse(v.as_bytes()));
      PLINTH_ASSIGN_OR_RETURN(n, n.ApplyTypmod(mod));
      return Value::Bytes(n.ToString());
    }
    case oids::kTime:
    case oids::kTimestamp:
    case oids::kTimestamptz: {
      if (mod < 0) return v;
      int64_t t = v.as_int();
      if (t == datetime::kTimestampNegInfinity || t == datetime::kTimestampPosInfinity) return v;
      return Value::Int(datetime::RoundToPrecision(t, mod));
    }
    case oids::kTimetz: {
      if (mod < 0) return v;
      datetime::TimeTz tz = datetime::DecodeTimeTz(v.as_bytes());
      tz.time = datetime::RoundToPrecision(tz.time, mod);
      return Value::Bytes(datetime::EncodeTimeTz(tz));
    }
    case oids::kInterval: {
      int p = typmod::IntervalPrecision(mod);
      if (p < 0) return v;
      datetime::Interval iv = datetime::DecodeInterval(v.as_bytes());
      iv.time = datetime::RoundToPrecision(iv.time, p);
      return Value::Bytes(datetime::EncodeInterval(iv));
    }
    default:
      if (IsArrayType(type) && mod >= 0) {
        ArrayData a = DecodeArray(v.as_bytes());
        for (Value& e : a.elements) {
          PLINTH_ASSIGN_OR_RETURN(e, ApplyTypmod(e, LookupType(type)->elem, mod, ctx));
        }
        return Value::Bytes(EncodeShapedArray(DecodeArrayShape(v.as_bytes()), a.elements));
      }
      return v;
  }
}

Result<Value> Cast(const Value& v, Oid from, Oid to, int32_t to_typmod, CastContext ctx, const IoContext& io) {
  if (v.is_null()) return v;
  if (!CanCast(from, to, ctx))
    return Status::Error("42846", "cannot cast type " + FormatType(from, -1) + " to " + FormatType(to, to_typmod));
  if (from == to) return ApplyTypmod(v, to, to_typmod, ctx);
  if (from == oids::kUnknown) return InputText(to, to_typmod, v.as_bytes(), io);
  if (to == oids::kAny || to == oids::kAnyElement || to == oids::kAnyArray) return v;
  Value converted;
  if (HasDirectCast(from, to) || (from == oids::kBool && to == oids::kInt4)) {
    PLINTH_ASSIGN_OR_RETURN(converted, Convert(v, from, to, io));
  } else if (IsArrayType(from) && IsArrayType(to)) {
    ArrayData a = DecodeArray(v.as_bytes());
    for (Value& e : a.elements) {
      PLINTH_ASSIGN_OR_RETURN(e, Cast(e, LookupType(from)->elem, LookupType(to)->elem, to_typmod, ctx, io));
    }
    return Value::Bytes(EncodeShapedArray(DecodeArrayShape(v.as_bytes()), a.elements));
  } else if (IsStringType(to)) {
    // bool -> text says "true"/"false" (PG's booltext), everything else its output form.
    std::string s = from == oids::kBool ? (v.as_bool() ? "true" : "false") : OutputText(from, v, io);
    converted = Value::Bytes(std::move(s));
  } else {
    PLINTH_ASSIGN_OR_RETURN(converted, InputText(to, -1, v.as_bytes(), io));
  }
  return ApplyTypmod(converted, to, to_typmod, ctx);
}

}  // namespace plinth
