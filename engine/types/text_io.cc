// InputText / OutputText: the per-type text I/O dispatcher.
#include <algorithm>

#include "engine/types/datetime.h"
#include "engine/types/interval_styles.h"
#include "engine/types/io_internal.h"
#include "engine/types/numeric.h"
#include "engine/types/typmod.h"
#include "engine/types/record.h"

namespace plinth {

namespace {

// PostgreSQL's DecodeInterval: the unit of a bare number under an interval field range
// (typmod.h), or nullptr for seconds.
const char* BareNumberUnit(int32_t typmod) {
  constexpr int32_t kMonth = 1 << 1, kYear = 1 << 2, kDay = 1 << 3, kHour = 1 << 10, kMinute = 1 << 11;
  if (typmod < 0) return nullptr;
  int32_t range = typmod::IntervalRange(typmod);
  if (range == kYear) return "years";
  if (range == kMonth || range == (kYear | kMonth)) return "months";
  if (range == kDay) return "days";
  if (range == kHour || range == (kDay | kHour)) return "hours";
  if (range == kMinute || range == (kHour | kMinute) || range == (kDay | kHour | kMinute)) return "minutes";
  return nullptr;
}

bool IsBareNumber(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return !s.empty() && s.find_first_not_of("0123456789.") == std::string_view::npos;
}

}  // namespace

Result<Value> InputText(Oid type, int32_t typmod, std::string_view text, const IoContext& io) {
  switch (type) {
    case oids::kBool: {
      PLINTH_ASSIGN_OR_RETURN(bool b, io::ParseBool(text));
      return Value::Bool(b);
    }
    case oids::kInt2:
    case oids::kInt4:
    case oids::kInt8:
    case oids::kOid:
    case oids::kRegclass:
    case oids::kRegtype:
    case oids::kRegproc:
    case oids::kRegnamespace:
    case oids::kRegrole: {
      // reg* input: a number is the OID itself; anything else is a name to look up.
      bool numeric = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
      if (IsRegType(type) && !numeric && io.reg_names) {
        PLINTH_ASSIGN_OR_RETURN(Oid oid, io.reg_names->Find(type, text));
        return Value::Int(oid);
      }
      PLINTH_ASSIGN_OR_RETURN(int64_t i, io::ParseInteger(text, type == oids::kInt2 || type == oids::kInt4 || type == oids::kInt8 ? type : oids::kOid));
      return Value::Int(i);
    }
    case oids::kFloat4:
    case oids::kFloat8: {
      PLINTH_ASSIGN_OR_RETURN(double d, io::ParseFloat(text, type));
      return Value::Float(d);
    }
    case oids::kNumeric: {
      PLINTH_ASSIGN_OR_RETURN(Numeric n, Numeric::Parse(text));
      PLINTH_ASSIGN_OR_RETURN(n, n.ApplyTypmod(typmod));
      return Value::Bytes(n.ToString());
    }
    case oids::kText:
    case oids::kUnknown:
    case oids::kVarchar:
    case oids::kBpchar:
    case oids::kName:
      return ApplyTypmod(Value::Bytes(text), type, typmod, CastContext::Assignment);
    case oids::kChar:
      return Value::Bytes(text.substr(0, text.empty() ? 0 : 1));
    case oids::kBytea: {
      PLINTH_ASSIGN_OR_RETURN(std::string b, io::ParseBytea(text));
      return Value::Bytes(std::move(b));
    }
    case oids::kUuid: {
      PLINTH_ASSIGN_OR_RETURN(std::string u, io::ParseUuid(text));
      return Value::Bytes(std::move(u));
    }
    case oids::kJson: {
      PLINTH_ASSIGN_OR_RETURN(std::string j, io::ValidateJson(text));
      return Value::Bytes(std::move(j));
    }
    case oids::kJsonb: {
      PLINTH_ASSIGN_OR_RETURN(std::string j, io::CanonicalJsonb(text));
      return Value::Bytes(std::move(j));
    }
    case oids::kDate: {
      PLINTH_ASSIGN_OR_RETURN(int32_t d, datetime::ParseDate(text, io));
      return Value::Int(d);
    }
    case oids::kTime: {
      PLINTH_ASSIGN_OR_RETURN(int64_t t, datetime::ParseTime(text, io));
      return ApplyTypmod(Value::Int(t), type, typmod, CastContext::Assignment);
    }
    case oids::kTimetz: {
      PLINTH_ASSIGN_OR_RETURN(datetime::TimeTz t, datetime::ParseTimeTz(text, io));
      return ApplyTypmod(Value::Bytes(datetime::EncodeTimeTz(t)), type, typmod, CastContext::Assignment);
    }
    case oids::kTimestamp: {
      PLINTH_ASSIGN_OR_RETURN(int64_t t, datetime::ParseTimestamp(text, io));
      return ApplyTypmod(Value::Int(t), type, typmod, CastContext::Assignment);
    }
    case oids::kTimestamptz: {
      PLINTH_ASSIGN_OR_RETURN(int64_t t, datetime::ParseTimestampTz(text, io));
      return ApplyTypmod(Value::Int(t), type, typmod, CastContext::Assignment);
    }
    case oids::kInterval: {
      // interval '1' day: a bare number counts in the typmod's rightmost field.
      std::string with_unit;
      if (const char* unit = BareNumberUnit(typmod); unit && IsBareNumber(text))
        with_unit = std::string(text) + " " + unit;
      PLINTH_ASSIGN_OR_RETURN(datetime::Interval iv,
                              datetime::ParseInterval(with_unit.empty() ? text : with_unit, io));
      return ApplyTypmod(Value::Bytes(datetime::EncodeInterval(iv)), type, typmod, CastContext::Assignment);
    }
    case oids::kVoid:
      return Value::Null();
    case oids::kInt2Vector:
    case oids::kOidVector: {
      // int2vectorin / oidvectorin: numbers separated by spaces, subscripted from 0.
      ArrayData a;
      a.lower_bound = 0;
      size_t at = 0;
      while (true) {
        at = text.find_first_not_of(' ', at);
        if (at == std::string_view::npos) break;
        size_t end = std::min(text.find(' ', at), text.size());
        PLINTH_ASSIGN_OR_RETURN(int64_t n, io::ParseInteger(text.substr(at, end - at),
                                                            type == oids::kInt2Vector ? oids::kInt2 : oids::kOid));
        a.elements.push_back(Value::Int(n));
        at = end;
      }
      return MakeArrayValue(a);
    }
    default:
      if (IsArrayType(type)) return io::ParseArray(type, typmod, text, io);
      return Status::Error("0A000", "input of type " + FormatType(type, -1) + " is not supported");
  }
}

void OutputText(Oid type, const Value& v, const IoContext& io, std::string* out) {
  switch (type) {
    case oids::kBool: out->push_back(v.as_bool() ? 't' : 'f'); return;
    case oids::kInt2:
    case oids::kInt4:
    case oids::kInt8:
    case oids::kOid:
      out->append(std::to_string(v.as_int()));
      return;
    case oids::kRegclass:
    case oids::kRegproc:
    case oids::kRegnamespace:
    case oids::kRegrole: {
      // As regclassout etc.: the object's name, or the bare OID when there is none.
      std::optional<std::string> name;
      if (io.reg_names) name = io.reg_names->Name(type, static_cast<Oid>(v.as_int()));
      out->append(name ? *name : std::to_string(v.as_int()));
      return;
    }
    case oids::kRegtype: {
      // regtypeout: the type's SQL name when it is a known type, else the bare OID.
      Oid oid = static_cast<Oid>(v.as_int());
      // regtypeout says "character" where format_type(oid, NULL) says "bpchar".
      if (oid == oids::kBpchar) out->append("character");
      else if (LookupType(oid)) out->append(FormatType(oid, -1));
      else if (auto name = io.reg_names ? io.reg_names->Name(type, oid) : std::nullopt) out->append(*name);  // row types
      else out->append(std::to_string(v.as_int()));
      return;
    }
    case oids::kFloat4:
    case oids::kFloat8:
      io::FormatFloat(v.as_float(), type, io.extra_float_digits, out);
      return;
    case oids::kChar: {
      // "char" prints bytes >= 0x80 as backslash octal, like PG's charout.
      const std::string& s = v.as_bytes();
      if (!s.empty() && static_cast<unsigned char>(s[0]) >= 0x80) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\%03o", static_cast<unsigned char>(s[0]));
        out->append(buf);
      } else {
        out->append(s);
      }
      return;
    }
    case oids::kBytea: io::FormatBytea(v.as_bytes(), io.bytea_output_hex, out); return;
    case oids::kUuid: io::FormatUuid(v.as_bytes(), out); return;
    case oids::kDate:
      if (!datetime::FormatDateInStyle(static_cast<int32_t>(v.as_int()), io.datestyle, out))
        datetime::FormatDate(static_cast<int32_t>(v.as_int()), out);
      return;
    case oids::kTime: datetime::FormatTime(v.as_int(), out); return;
    case oids::kTimetz: datetime::FormatTimeTz(datetime::DecodeTimeTz(v.as_bytes()), out); return;
    case oids::kTimestamp:
      if (!datetime::FormatTimestampInStyle(v.as_int(), io.datestyle, out)) datetime::FormatTimestamp(v.as_int(), out);
      return;
    case oids::kTimestamptz:
      if (!datetime::FormatTimestampTzInStyle(v.as_int(), io, out)) datetime::FormatTimestampTz(v.as_int(), io, out);
      return;
    case oids::kInterval: {
      datetime::Interval iv = datetime::DecodeInterval(v.as_bytes());
      if (!datetime::FormatIntervalInStyle(iv, io.intervalstyle, out)) datetime::FormatInterval(iv, io, out);
      return;
    }
    case oids::kVoid: return;
    case oids::kRecord: FormatRecord(v, io, out); return;
    case oids::kInt2Vector:
    case oids::kOidVector: {
      bool first = true;
      for (const Value& e : DecodeArray(v.as_bytes()).elements) {
        if (!first) out->push_back(' ');
        first = false;
        out->append(std::to_string(e.as_int()));
      }
      return;
    }
    default:
      if (IsArrayType(type)) { io::FormatArray(type, v, io, out); return; }
      // text, varchar, bpchar, name, json, jsonb, numeric, unknown: the payload is the text
      if (v.kind() == Value::Kind::Bytes) out->append(v.as_bytes());
      else if (v.kind() == Value::Kind::Int) out->append(std::to_string(v.as_int()));
      return;
  }
}

std::string OutputText(Oid type, const Value& v, const IoContext& io) {
  std::string s;
  OutputText(type, v, io, &s);
  return s;
}

}  // namespace plinth
