// pg_type metadata for the built-in types Plinth supports, taken from PostgreSQL 15's
// catalog (oid, typname, typlen, typbyval, typcategory, typispreferred, typelem, typarray).
#include <algorithm>
#include <unordered_map>

#include "engine/types/types.h"

namespace plinth {
namespace {

const std::vector<TypeInfo> kTypes = {
  {16, "bool", 1, true, 'B', true, 0, 1000},
  {17, "bytea", -1, false, 'U', false, 0, 1001},
  {18, "char", 1, true, 'Z', false, 0, 1002},
  {19, "name", 64, false, 'S', false, 18, 1003},
  {20, "int8", 8, true, 'N', false, 0, 1016},
  {21, "int2", 2, true, 'N', false, 0, 1005},
  {22, "int2vector", -1, false, 'A', false, 21, 0},
  {23, "int4", 4, true, 'N', false, 0, 1007},
  {24, "regproc", 4, true, 'N', false, 0, 1008},
  {25, "text", -1, false, 'S', true, 0, 1009},
  {26, "oid", 4, true, 'N', true, 0, 1028},
  {30, "oidvector", -1, false, 'A', false, 26, 0},
  {114, "json", -1, false, 'U', false, 0, 199},
  {199, "_json", -1, false, 'A', false, 114, 0},
  {700, "float4", 4, true, 'N', false, 0, 1021},
  {701, "float8", 8, true, 'N', true, 0, 1022},
  {705, "unknown", -2, false, 'X', false, 0, 0},
  {1000, "_bool", -1, false, 'A', false, 16, 0},
  {1001, "_bytea", -1, false, 'A', false, 17, 0},
  {1002, "_char", -1, false, 'A', false, 18, 0},
  {1003, "_name", -1, false, 'A', false, 19, 0},
  {1005, "_int2", -1, false, 'A', false, 21, 0},
  {1007, "_int4", -1, false, 'A', false, 23, 0},
  {1008, "_regproc", -1, false, 'A', false, 24, 0},
  {1009, "_text", -1, false, 'A', false, 25, 0},
  {1014, "_bpchar", -1, false, 'A', false, 1042, 0},
  {1015, "_varchar", -1, false, 'A', false, 1043, 0},
  {1016, "_int8", -1, false, 'A', false, 20, 0},
  {1021, "_float4", -1, false, 'A', false, 700, 0},
  {1022, "_float8", -1, false, 'A', false, 701, 0},
  {1028, "_oid", -1, false, 'A', false, 26, 0},
  {1042, "bpchar", -1, false, 'S', false, 0, 1014},
  {1043, "varchar", -1, false, 'S', false, 0, 1015},
  {1082, "date", 4, true, 'D', false, 0, 1182},
  {1083, "time", 8, true, 'D', false, 0, 1183},
  {1114, "timestamp", 8, true, 'D', false, 0, 1115},
  {1115, "_timestamp", -1, false, 'A', false, 1114, 0},
  {1182, "_date", -1, false, 'A', false, 1082, 0},
  {1183, "_time", -1, false, 'A', false, 1083, 0},
  {1184, "timestamptz", 8, true, 'D', true, 0, 1185},
  {1185, "_timestamptz", -1, false, 'A', false, 1184, 0},
  {1186, "interval", 16, false, 'T', true, 0, 1187},
  {1187, "_interval", -1, false, 'A', false, 1186, 0},
  {1231, "_numeric", -1, false, 'A', false, 1700, 0},
  {1266, "timetz", 12, false, 'D', false, 0, 1270},
  {1270, "_timetz", -1, false, 'A', false, 1266, 0},
  {1700, "numeric", -1, false, 'N', false, 0, 1231},
  {2205, "regclass", 4, true, 'N', false, 0, 2210},
  {2206, "regtype", 4, true, 'N', false, 0, 2211},
  {2210, "_regclass", -1, false, 'A', false, 2205, 0},
  {2211, "_regtype", -1, false, 'A', false, 2206, 0},
  {2249, "record", -1, false, 'P', false, 0, 2287},
  {2276, "any", 4, true, 'P', false, 0, 0},
  {2277, "anyarray", -1, false, 'P', false, 0, 0},
  {2278, "void", 4, true, 'P', false, 0, 0},
  {2283, "anyelement", 4, true, 'P', false, 0, 0},
  {2287, "_record", -1, false, 'P', false, 2249, 0},
  {2950, "uuid", 16, false, 'U', false, 0, 2951},
  {2951, "_uuid", -1, false, 'A', false, 2950, 0},
  {3802, "jsonb", -1, false, 'U', false, 0, 3807},
  {3807, "_jsonb", -1, false, 'A', false, 3802, 0},
  {4089, "regnamespace", 4, true, 'N', false, 0, 4090},
  {4090, "_regnamespace", -1, false, 'A', false, 4089, 0},
  {4096, "regrole", 4, true, 'N', false, 0, 4097},
  {4097, "_regrole", -1, false, 'A', false, 4096, 0},
};

const std::unordered_map<Oid, const TypeInfo*>& ByOid() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<Oid, const TypeInfo*>();
    for (const TypeInfo& t : kTypes) (*m)[t.oid] = &t;
    return m;
  }();
  return *map;
}

}  // namespace

const std::vector<TypeInfo>& AllTypes() { return kTypes; }

const TypeInfo* LookupType(Oid oid) {
  auto it = ByOid().find(oid);
  return it == ByOid().end() ? nullptr : it->second;
}

}  // namespace plinth
