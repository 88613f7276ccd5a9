#include "type_names.h"

namespace catalog_pg {

namespace {

struct Known {
  uint32_t oid;
  const char* typname;
  const char* sql_name;  // format_type's spelling
  uint32_t array;
};

constexpr Known kKnown[] = {
    {16, "bool", "boolean", 1000},          {17, "bytea", "bytea", 1001},
    {18, "char", "\"char\"", 1002},         {19, "name", "name", 1003},
    {20, "int8", "bigint", 1016},           {21, "int2", "smallint", 1005},
    {23, "int4", "integer", 1007},          {24, "regproc", "regproc", 1008},
    {25, "text", "text", 1009},             {26, "oid", "oid", 1028},
    {114, "json", "json", 199},             {700, "float4", "real", 1021},
    {701, "float8", "double precision", 1022}, {705, "unknown", "unknown", 0},
    {1042, "bpchar", "character", 1014},    {1043, "varchar", "character varying", 1015},
    {1082, "date", "date", 1182},           {1083, "time", "time without time zone", 1183},
    {1114, "timestamp", "timestamp without time zone", 1115},
    {1184, "timestamptz", "timestamp with time zone", 1185},
    {1186, "interval", "interval", 1187},   {1266, "timetz", "time with time zone", 1270},
    {1700, "numeric", "numeric", 1231},     {2205, "regclass", "regclass", 2210},
    {2206, "regtype", "regtype", 2211},     {2249, "record", "record", 2287},
    {2276, "any", "\"any\"", 0},            {2277, "anyarray", "anyarray", 0},
    {2278, "void", "void", 0},              {2283, "anyelement", "anyelement", 0},
    {2950, "uuid", "uuid", 2951},           {3802, "jsonb", "jsonb", 3807},
};

const Known* Find(uint32_t oid) {
  for (const Known& k : kKnown)
    if (k.oid == oid) return &k;
  return nullptr;
}

const Known* ElementOf(uint32_t array_oid) {
  for (const Known& k : kKnown)
    if (k.array == array_oid) return &k;
  return nullptr;
}

// The "(...)" part of a typmod, inserted where PostgreSQL puts it.
std::string WithTypmod(const Known& k, int32_t typmod) {
  std::string name = k.sql_name;
  if (typmod < 0) return name;
  switch (k.oid) {
    case 1042: case 1043:
      return name + "(" + std::to_string(typmod - 4) + ")";
    case 1700: {
      int32_t t = typmod - 4;
      return name + "(" + std::to_string((t >> 16) & 0xffff) + "," + std::to_string(t & 0xffff) + ")";
    }
    case 1083: case 1114: case 1184: case 1266: {
      std::string base = k.oid == 1083 || k.oid == 1266 ? "time" : "timestamp";
      return base + "(" + std::to_string(typmod) + ")" + name.substr(base.size());
    }
    default:
      return name;
  }
}

}  // namespace

std::optional<std::string> FormatType(uint32_t oid, int32_t typmod, const std::string& fallback_name) {
  if (const Known* k = Find(oid)) return WithTypmod(*k, typmod);
  if (const Known* e = ElementOf(oid)) return WithTypmod(*e, typmod) + "[]";
  if (!fallback_name.empty()) return fallback_name;
  return std::nullopt;
}

TypeFacts FactsOf(uint32_t oid, int32_t typmod) {
  TypeFacts f;
  const Known* k = Find(oid);
  if (!k) {
    const Known* e = ElementOf(oid);
    f.data_type = e ? "ARRAY" : "USER-DEFINED";
    f.udt_name = e ? std::string("_") + e->typname : "";
    return f;
  }
  f.udt_name = k->typname;
  f.data_type = k->sql_name;
  if (k->oid == 18) f.data_type = "\"char\"";
  switch (oid) {
    case 1042: case 1043:
      if (typmod >= 0) f.char_max_length = std::to_string(typmod - 4);
      break;
    case 21: f.numeric_precision = "16", f.numeric_radix = "2", f.numeric_scale = "0"; break;
    case 23: f.numeric_precision = "32", f.numeric_radix = "2", f.numeric_scale = "0"; break;
    case 20: f.numeric_precision = "64", f.numeric_radix = "2", f.numeric_scale = "0"; break;
    case 700: f.numeric_precision = "24", f.numeric_radix = "2"; break;
    case 701: f.numeric_precision = "53", f.numeric_radix = "2"; break;
    case 1700:
      f.numeric_radix = "10";
      if (typmod >= 0) {
        f.numeric_precision = std::to_string(((typmod - 4) >> 16) & 0xffff);
        f.numeric_scale = std::to_string((typmod - 4) & 0xffff);
      }
      break;
    case 1082: f.datetime_precision = "0"; break;
    case 1083: case 1114: case 1184: case 1266: case 1186:
      f.datetime_precision = std::to_string(typmod >= 0 ? typmod : 6);
      break;
    default: break;
  }
  return f;
}

}  // namespace catalog_pg
