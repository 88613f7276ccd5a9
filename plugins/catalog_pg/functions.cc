#include "functions.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "relations.h"
#include "type_names.h"

namespace catalog_pg {

namespace {

using namespace type;
using Out = std::optional<std::string>;

uint32_t Oid(const Args& a, size_t i) { return a[i] ? static_cast<uint32_t>(std::stoul(*a[i])) : 0; }
bool True(const Args& a, size_t i) { return i < a.size() && a[i] && *a[i] == "t"; }

std::optional<Relation> RelationByOid(const HostView& h, uint32_t oid) {
  for (Relation& r : h.Relations())
    if (r.oid == oid) return r;
  return std::nullopt;
}

std::vector<std::string> SearchPath(const HostView& h) {
  std::vector<std::string> out;
  std::string path = h.Setting("search_path"), item;
  auto flush = [&] {
    size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    std::string s = b == std::string::npos ? "" : item.substr(b, e - b + 1);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    if (s == "$user") s = h.Setting("session_user");
    if (!s.empty()) out.push_back(s);
    item.clear();
  };
  for (char c : path) {
    if (c == ',') flush();
    else item += c;
  }
  flush();
  return out;
}

Out FormatTypeFn(const HostView& h, const Args& a) {
  if (!a[0]) return std::nullopt;
  int32_t typmod = a[1] ? std::stoi(*a[1]) : -1;
  uint32_t oid = Oid(a, 0);
  std::string fallback;
  for (const Type& t : h.Types())
    if (t.oid == oid) fallback = t.name;
  if (fallback.empty())  // a table's row type is named after the table
    for (const Relation& rel : h.Relations())
      if (rel.row_type && (rel.row_type == oid || rel.row_array_type == oid))
        return rel.row_type == oid ? rel.name : rel.name + "[]";
  Out r = FormatType(oid, typmod, fallback);
  return r ? r : Out("???");
}

// pg_get_expr(expr, relation[, pretty]): adbin holds the plain text already; the pretty
// form of a column default is the one the host printed alongside it.
Out GetExpr(const HostView& h, const Args& a) {
  if (!a[0] || !True(a, 2)) return a[0];
  uint32_t rel = Oid(a, 1);
  for (const Column& c : h.Columns())
    if (c.table_oid == rel && c.default_sql == a[0] && c.default_pretty) return c.default_pretty;
  return a[0];
}

// pg_get_viewdef(view[, pretty]): the host prints both forms (view_definition_text.h).
Out GetViewDef(const HostView& h, const Args& a) {
  uint32_t oid = Oid(a, 0);
  for (const ViewDefinition& v : h.ViewDefinitions())
    if (v.oid == oid) return True(a, 1) ? v.pretty : v.definition;
  return std::nullopt;
}

// pg_get_indexdef(index[, column, pretty]): the CREATE INDEX statement, or with a
// column number above 0 just that key (a column name, or an expression unparenthesized).
Out GetIndexDef(const HostView& h, const Args& a) {
  uint32_t oid = Oid(a, 0);
  int column = a.size() > 1 && a[1] ? std::stoi(*a[1]) : 0;
  for (const Index& ix : h.Indexes()) {
    if (ix.oid != oid) continue;
    if (column > 0) {
      std::vector<std::string> keys = IndexKeys(ix.key_list);
      if (column > static_cast<int>(keys.size())) return std::string();
      std::string key = keys[column - 1];
      if (key.size() > 5 && key.compare(key.size() - 5, 5, " DESC") == 0) key.resize(key.size() - 5);
      if (key.size() >= 2 && key.front() == '(' && key.back() == ')') key = key.substr(1, key.size() - 2);
      return key;
    }
    auto t = RelationByOid(h, ix.table_oid);
    if (!t) return std::nullopt;
    return IndexDefinition(ix, *t);
  }
  return std::nullopt;
}

std::string ColumnList(const std::map<std::pair<uint32_t, int>, std::string>& names, uint32_t table,
                       const std::vector<int>& attnums) {
  std::string out;
  for (int a : attnums) {
    if (!out.empty()) out += ", ";
    auto it = names.find({table, a});
    out += it == names.end() ? "?" : it->second;
  }
  return out;
}

std::string ActionText(char action) {
  switch (action) {
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    case 'r': return "RESTRICT";
    default: return "";
  }
}

Out GetConstraintDef(const HostView& h, const Args& a) {
  uint32_t oid = Oid(a, 0);
  bool pretty = True(a, 1);
  for (const Constraint& c : h.Constraints()) {
    if (c.oid != oid) continue;
    std::map<std::pair<uint32_t, int>, std::string> names;
    for (const Column& col : h.Columns()) names[{col.table_oid, col.attnum}] = col.name;
    switch (c.type) {
      case 'p': return "PRIMARY KEY (" + ColumnList(names, c.table_oid, c.attnums) + ")";
      case 'u': return "UNIQUE (" + ColumnList(names, c.table_oid, c.attnums) + ")";
      case 'c': {
        std::string e = c.check_expr.value_or("");
        if (c.check_pretty) return "CHECK (" + (pretty ? *c.check_pretty : e) + ")";
        return pretty ? "CHECK (" + e + ")" : "CHECK ((" + e + "))";
      }
      case 'f': {
        auto ref = RelationByOid(h, c.ref_table_oid);
        std::string ref_name = ref ? ref->name : "?";
        if (ref) {
          auto path = SearchPath(h);
          if (std::find(path.begin(), path.end(), ref->schema) == path.end()) ref_name = ref->schema + "." + ref->name;
        }
        std::string def = "FOREIGN KEY (" + ColumnList(names, c.table_oid, c.attnums) + ") REFERENCES " + ref_name +
                          "(" + ColumnList(names, c.ref_table_oid, c.ref_attnums) + ")";
        if (!ActionText(c.on_update).empty()) def += " ON UPDATE " + ActionText(c.on_update);
        if (!ActionText(c.on_delete).empty()) def += " ON DELETE " + ActionText(c.on_delete);
        return def;
      }
    }
  }
  return std::nullopt;
}

Out UserById(const HostView& h, const Args& a) {
  uint32_t oid = Oid(a, 0);
  for (const Role& r : h.Roles())
    if (r.oid == oid) return r.name;
  return "unknown (OID=" + std::to_string(oid) + ")";
}

Out TableIsVisible(const HostView& h, const Args& a) {
  uint32_t oid = Oid(a, 0);
  auto rel = RelationByOid(h, oid);
  if (!rel) {
    for (const RelationSpec& s : AllRelations())
      if (s.oid == oid) return Bool(std::string(s.schema) == "pg_catalog");
    return std::nullopt;
  }
  // Visible when its schema is the first on the search_path holding that name.
  auto path = SearchPath(h);
  std::vector<Relation> all = h.Relations();
  for (const std::string& schema : path)
    for (const Relation& r : all)
      if (r.schema == schema && r.name == rel->name) return Bool(r.oid == oid);
  return Bool(false);
}

Out AlwaysTrue(const HostView&, const Args&) { return "t"; }
Out Identity(const HostView&, const Args& a) { return a[0]; }
Out AlwaysFalse(const HostView&, const Args&) { return "f"; }
Out Null(const HostView&, const Args&) { return std::nullopt; }
Out Zero(const HostView&, const Args&) { return "0"; }

Out ObjDescription(const HostView& h, const Args& a) {
  uint32_t oid = Oid(a, 0);
  for (const Comment& c : h.Comments())
    if (c.object_oid == oid && c.sub_id == 0) return c.description;
  return std::nullopt;
}

Out ColDescription(const HostView& h, const Args& a) {
  uint32_t oid = Oid(a, 0);
  int sub = a[1] ? std::stoi(*a[1]) : 0;
  for (const Comment& c : h.Comments())
    if (c.object_oid == oid && c.sub_id == sub) return c.description;
  return std::nullopt;
}

Out EncodingToChar(const HostView&, const Args& a) {
  return a[0] && *a[0] == "6" ? "UTF8" : a[0] && *a[0] == "0" ? "SQL_ASCII" : "";
}

// pg_size_pretty(bigint): bytes, then kB/MB/GB/TB once the value reaches 10240 of the
// unit below, halving with rounding at each step as PostgreSQL does.
Out SizePretty(const HostView&, const Args& a) {
  long long size = std::stoll(*a[0]);
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
  long long limit = 10 * 1024, limit2 = limit * 2 - 1;
  if (std::llabs(size) < limit) return std::to_string(size) + " bytes";
  size >>= 9;  // half-kB, so the last halving rounds
  int unit = 1;
  while (std::llabs(size) >= limit2 && unit < 5) {
    size >>= 10;
    unit++;
  }
  long long v = (size + (size < 0 ? 0 : 1)) / 2;
  if (size < 0) v = -((-size + 1) / 2);
  return std::to_string(v) + " " + units[unit];
}

Out Version(const HostView&, const Args&) {
  return "PostgreSQL 15.0 (Plinth) on x86_64-pc-linux-gnu, compiled by C++20, 64-bit";
}
Out CurrentDatabase(const HostView& h, const Args&) { return h.Database(); }
Out CurrentSchema(const HostView& h, const Args&) {
  auto path = SearchPath(h);
  std::vector<Schema> schemas = h.Schemas();
  for (const std::string& s : path)
    for (const Schema& x : schemas)
      if (x.name == s) return s;
  return std::nullopt;
}

Out ToRegclass(const HostView& h, const Args& a) {
  std::string name = *a[0], schema;
  if (auto dot = name.find('.'); dot != std::string::npos) schema = name.substr(0, dot), name = name.substr(dot + 1);
  std::vector<Relation> all = h.Relations();
  std::vector<std::string> path = schema.empty() ? SearchPath(h) : std::vector<std::string>{schema};
  for (const std::string& s : path)
    for (const Relation& r : all)
      if (r.schema == s && r.name == name) return std::to_string(r.oid);
  for (const RelationSpec& s : AllRelations())
    if (s.name == name && (schema.empty() || schema == s.schema)) return std::to_string(s.oid);
  return std::nullopt;
}

}  // namespace

const std::vector<FunctionSpec>& AllFunctions() {
  static const std::vector<FunctionSpec> all = {
      {1081, "format_type", {kOid, kInt4}, kText, false, FormatTypeFn},
      {1716, "pg_get_expr", {kText, kOid}, kText, true, GetExpr},
      {2509, "pg_get_expr", {kText, kOid, kBool}, kText, true, GetExpr},
      {1643, "pg_get_indexdef", {kOid}, kText, true, GetIndexDef},
      {2507, "pg_get_indexdef", {kOid, kInt4, kBool}, kText, true, GetIndexDef},
      {1387, "pg_get_constraintdef", {kOid}, kText, true, GetConstraintDef},
      {2508, "pg_get_constraintdef", {kOid, kBool}, kText, true, GetConstraintDef},
      {1642, "pg_get_userbyid", {kOid}, kName, true, UserById},
      {2079, "pg_table_is_visible", {kOid}, kBool, true, TableIsVisible},
      {2080, "pg_type_is_visible", {kOid}, kBool, true, AlwaysTrue},
      {1215, "obj_description", {kOid, kName}, kText, true, ObjDescription},
      {1216, "obj_description", {kOid}, kText, true, ObjDescription},
      {1217, "col_description", {kOid, kInt4}, kText, true, ColDescription},
      {1993, "shobj_description", {kOid, kName}, kText, true, Null},
      {1597, "pg_encoding_to_char", {kInt4}, kName, true, EncodingToChar},
      {2325, "pg_relation_size", {kOid}, kInt8, true, Zero},
      {2286, "pg_total_relation_size", {kOid}, kInt8, true, Zero},
      {2997, "pg_table_size", {kOid}, kInt8, true, Zero},
      {2998, "pg_indexes_size", {kOid}, kInt8, true, Zero},
      {2168, "pg_database_size", {kName}, kInt8, true, Zero},  // psql \l+
      {2324, "pg_database_size", {kOid}, kInt8, true, Zero},
      {2288, "pg_size_pretty", {kInt8}, kText, true, SizePretty},
      {3495, "to_regclass", {kText}, kRegclass, true, ToRegclass},
      // PostgreSQL's returns a set: the relation and the partitioned tables above it.
      // Plinth has no partitioning, so that set is always the relation alone.
      {3425, "pg_partition_ancestors", {kRegclass}, kRegclass, true, Identity},
      {89, "version", {}, kText, true, Version},
      {861, "current_database", {}, kName, true, CurrentDatabase},
      {1402, "current_schema", {}, kName, true, CurrentSchema},
      {1923, "has_table_privilege", {kText, kText}, kBool, true, AlwaysTrue},
      {1924, "has_table_privilege", {kOid, kText}, kBool, true, AlwaysTrue},
      {1920, "has_table_privilege", {kName, kText, kText}, kBool, true, AlwaysTrue},
      {2268, "has_schema_privilege", {kText, kText}, kBool, true, AlwaysTrue},
      {2269, "has_schema_privilege", {kOid, kText}, kBool, true, AlwaysTrue},
      {2250, "has_database_privilege", {kText, kText}, kBool, true, AlwaysTrue},
      {2251, "has_database_privilege", {kOid, kText}, kBool, true, AlwaysTrue},
      {3024, "has_column_privilege", {kOid, kText, kText}, kBool, true, AlwaysTrue},
      {3012, "has_column_privilege", {kText, kText, kText}, kBool, true, AlwaysTrue},
      {2184, "has_sequence_privilege", {kText, kText}, kBool, true, AlwaysTrue},
      {2185, "has_sequence_privilege", {kOid, kText}, kBool, true, AlwaysTrue},
      {2218, "has_function_privilege", {kOid, kText}, kBool, true, AlwaysTrue},
      {6121, "pg_relation_is_publishable", {kOid}, kBool, true, AlwaysFalse},
      {1662, "pg_get_triggerdef", {kOid, kBool}, kText, true, Null},
      {3353, "pg_get_statisticsobjdef_columns", {kOid}, kText, true, Null},
      {1641, "pg_get_viewdef", {kOid}, kText, true, GetViewDef},
      {2506, "pg_get_viewdef", {kOid, kBool}, kText, true, GetViewDef},
  };
  return all;
}

void ProcRows(const HostView&, Rows* rows) {
  for (const FunctionSpec& f : AllFunctions()) {
    std::string args;
    for (uint32_t t : f.arg_types) args += (args.empty() ? "" : " ") + std::to_string(t);
    rows->push_back({Num(f.oid), f.name, Num(kPgCatalogNamespace), Num(kSuperuserOid), "12", "1", "0", "0", "-",
                     "f", "f", "f", Bool(f.strict), "f", "s", "s", Num(static_cast<int>(f.arg_types.size())), "0",
                     Num(f.result_type), args, kNull, kNull, kNull, kNull, kNull, f.name, kNull, kNull,
                     kNull, kNull});
  }
}

}  // namespace catalog_pg
