// SQL type names -> (OID, typmod), and back (PostgreSQL's format_type()).
#include <string>
#include <unordered_map>

#include "engine/types/typmod.h"
#include "engine/types/types.h"

namespace plinth {
namespace {

// Names a user may write, as the grammar hands them over (keywords such as INTEGER
// arrive as pg_catalog.int4 already; the SQL-standard spellings are accepted as well
// because they also arrive quoted or from format_type() round trips).
const std::unordered_map<std::string, Oid>& NameTable() {
  static const auto* table = new std::unordered_map<std::string, Oid>{
      {"bool", oids::kBool},          {"boolean", oids::kBool},
      {"bytea", oids::kBytea},        {"char", oids::kChar},
      {"name", oids::kName},          {"int8", oids::kInt8},
      {"bigint", oids::kInt8},        {"int2", oids::kInt2},
      {"smallint", oids::kInt2},      {"int4", oids::kInt4},
      {"int", oids::kInt4},           {"integer", oids::kInt4},
      {"text", oids::kText},          {"oid", oids::kOid},
      {"json", oids::kJson},          {"float4", oids::kFloat4},
      {"real", oids::kFloat4},        {"float8", oids::kFloat8},
      {"double precision", oids::kFloat8}, {"unknown", oids::kUnknown},
      {"bpchar", oids::kBpchar},      {"character", oids::kBpchar},
      {"varchar", oids::kVarchar},    {"character varying", oids::kVarchar},
      {"date", oids::kDate},          {"time", oids::kTime},
      {"time without time zone", oids::kTime}, {"timestamp", oids::kTimestamp},
      {"timestamp without time zone", oids::kTimestamp},
      {"timestamptz", oids::kTimestamptz}, {"timestamp with time zone", oids::kTimestamptz},
      {"interval", oids::kInterval},  {"timetz", oids::kTimetz},
      {"time with time zone", oids::kTimetz}, {"numeric", oids::kNumeric},
      {"decimal", oids::kNumeric},    {"uuid", oids::kUuid},
      {"jsonb", oids::kJsonb},        {"void", oids::kVoid},
      {"record", oids::kRecord},      {"regclass", oids::kRegclass},
      {"regtype", oids::kRegtype},    {"regproc", oids::kRegproc},
      {"regnamespace", oids::kRegnamespace}, {"regrole", oids::kRegrole},
      {"int2vector", oids::kInt2Vector}, {"oidvector", oids::kOidVector},
      {"anyarray", oids::kAnyArray},  {"any", oids::kAny},
      {"anyelement", oids::kAnyElement},
  };
  return *table;
}

Status InvalidTypmod(const std::string& msg) { return Status::Error("22023", msg); }

// Converts the grammar's typmod list into PostgreSQL's packed typmod for `type`.
Result<int32_t> PackTypmod(Oid type, const std::vector<int32_t>& mods) {
  if (mods.empty()) return -1;
  switch (type) {
    case oids::kVarchar:
    case oids::kBpchar: {
      const char* name = type == oids::kVarchar ? "varchar" : "char";
      if (mods.size() != 1) return Status::Error("42601", "invalid type modifier");
      if (mods[0] < 1)
        return InvalidTypmod(std::string("length for type ") + name + " must be at least 1");
      if (mods[0] > 10485760)
        return InvalidTypmod(std::string("length for type ") + name +
                             " cannot exceed 10485760");
      return typmod::MakeCharLength(mods[0]);
    }
    case oids::kNumeric: {
      if (mods.size() > 2) return Status::Error("22023", "invalid NUMERIC type modifier");
      int32_t p = mods[0], s = mods.size() == 2 ? mods[1] : 0;
      if (p < 1 || p > 1000)
        return InvalidTypmod("NUMERIC precision " + std::to_string(p) +
                             " must be between 1 and 1000");
      if (s < -1000 || s > 1000)
        return InvalidTypmod("NUMERIC scale " + std::to_string(s) +
                             " must be between -1000 and 1000");
      return typmod::MakeNumeric(p, s);
    }
    case oids::kTime:
    case oids::kTimetz:
    case oids::kTimestamp:
    case oids::kTimestamptz: {
      if (mods.size() != 1) return Status::Error("42601", "invalid type modifier");
      if (mods[0] < 0)
        return InvalidTypmod("TIMESTAMP(" + std::to_string(mods[0]) +
                             ") precision must not be negative");
      return mods[0] > 6 ? 6 : mods[0];  // PG warns and reduces to the maximum
    }
    case oids::kInterval: {
      // The grammar gives [range mask] or [range mask, precision].
      int32_t range = mods[0] & typmod::kIntervalFullRange;
      int32_t precision = mods.size() > 1 ? (mods[1] > 6 ? 6 : mods[1]) : typmod::kIntervalFullPrecision;
      if (precision < 0)
        return InvalidTypmod("INTERVAL(" + std::to_string(precision) +
                             ") precision must not be negative");
      return (range << 16) | precision;
    }
    default: {
      const TypeInfo* t = LookupType(type);
      return Status::Error("42601", std::string("type modifier is not allowed for type \"") +
                                        (t ? t->typname : "?") + "\"");
    }
  }
}

}  // namespace

Result<std::pair<Oid, int32_t>> ResolveTypeName(const std::vector<std::string>& names,
                                               const std::vector<int32_t>& typmods,
                                               bool is_array) {
  if (names.empty()) return Status::Error("42601", "empty type name");
  if (names.size() > 2 || (names.size() == 2 && names[0] != "pg_catalog")) {
    std::string full;
    for (const auto& n : names) full += (full.empty() ? "" : ".") + n;
    return Status::Error("42704", "type \"" + full + "\" does not exist");
  }
  const std::string& name = names.back();
  auto it = NameTable().find(name);
  // Array type names ("_int4") are valid type names too.
  Oid oid = 0;
  if (it != NameTable().end()) {
    oid = it->second;
  } else {
    for (const TypeInfo& t : AllTypes())
      if (name == t.typname) oid = t.oid;
  }
  if (oid == 0) return Status::Error("42704", "type \"" + name + "\" does not exist");
  PLINTH_ASSIGN_OR_RETURN(int32_t mod, PackTypmod(oid, typmods));
  if (is_array) {
    const TypeInfo* t = LookupType(oid);
    if (t == nullptr || t->array == 0)
      return Status::Error("42704", "could not find array type for data type " +
                                        FormatType(oid, -1));
    oid = t->array;
  }
  return std::make_pair(oid, mod);
}

namespace {

std::string FormatScalar(Oid oid, int32_t mod) {
  auto with_precision = [&](const char* base, const char* suffix) {
    std::string s = base;
    if (mod >= 0) s += "(" + std::to_string(mod) + ")";
    return s + suffix;
  };
  switch (oid) {
    case oids::kBool: return "boolean";
    case oids::kChar: return "\"char\"";
    case oids::kInt8: return "bigint";
    case oids::kInt2: return "smallint";
    case oids::kInt4: return "integer";
    case oids::kFloat4: return "real";
    case oids::kFloat8: return "double precision";
    case oids::kBpchar:
      return mod >= typmod::kVarHeader
                 ? "character(" + std::to_string(typmod::CharLength(mod)) + ")"
                 : "bpchar";
    case oids::kVarchar:
      return mod >= typmod::kVarHeader
                 ? "character varying(" + std::to_string(typmod::CharLength(mod)) + ")"
                 : "character varying";
    case oids::kNumeric:
      return typmod::IsNumericTypmod(mod)
                 ? "numeric(" + std::to_string(typmod::NumericPrecision(mod)) + "," +
                       std::to_string(typmod::NumericScale(mod)) + ")"
                 : "numeric";
    case oids::kTime: return with_precision("time", " without time zone");
    case oids::kTimetz: return with_precision("time", " with time zone");
    case oids::kTimestamp: return with_precision("timestamp", " without time zone");
    case oids::kTimestamptz: return with_precision("timestamp", " with time zone");
    case oids::kInterval: {
      int32_t p = typmod::IntervalPrecision(mod);
      return p >= 0 ? "interval(" + std::to_string(p) + ")" : "interval";
    }
    default: {
      const TypeInfo* t = LookupType(oid);
      return t ? t->typname : "???";
    }
  }
}

}  // namespace

std::string FormatType(Oid oid, int32_t typmod) {
  if (oid == oids::kInvalid) return "-";
  const TypeInfo* t = LookupType(oid);
  if (t != nullptr && t->category == 'A' && t->elem != 0)
    return FormatScalar(t->elem, typmod) + "[]";
  return FormatScalar(oid, typmod);
}

}  // namespace plinth
