// The relations catalog_pg contributes: each a fixed column list (PostgreSQL 15's, in
// its order) and a producer computing the rows, as text, from the host view.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host_view.h"

namespace catalog_pg {

// PostgreSQL type OIDs of the columns. Types the engine lacks are mapped to the
// nearest it has: pg_node_tree -> text, aclitem[] -> text[], xid -> int8, regproc -> text.
namespace type {
inline constexpr uint32_t kBool = 16, kChar = 18, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25,
                          kOid = 26, kFloat4 = 700, kCharArray = 1002, kInt2Array = 1005, kTextArray = 1009,
                          kOidArray = 1028, kVarchar = 1043, kInt2Vector = 22, kOidVector = 30, kTimestamptz = 1184, kRegclass = 2205, kRegtype = 2206;
inline constexpr uint32_t kNodeTree = kText, kAclArray = kTextArray, kXid = kInt8, kRegproc = kText;
}  // namespace type

using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

struct ColumnSpec {
  const char* name;
  uint32_t type;
};

struct RelationSpec {
  uint32_t oid;
  const char* schema;
  const char* name;
  std::vector<ColumnSpec> columns;
  void (*produce)(const HostView& host, Rows* rows);
};

// Every relation, in a stable order (the plugin's relation indexes).
const std::vector<RelationSpec>& AllRelations();

// Per-file registration (relations.cc calls them in order).
void AddPgClassRelations(std::vector<RelationSpec>* out);     // pg_class_relations.cc
void AddPgMiscRelations(std::vector<RelationSpec>* out);      // pg_misc_relations.cc
void AddInformationSchema(std::vector<RelationSpec>* out);    // information_schema.cc

// Text helpers for producers.
inline std::string Num(int64_t v) { return std::to_string(v); }
inline std::string Bool(bool b) { return b ? "t" : "f"; }
inline std::string Char(char c) { return c ? std::string(1, c) : std::string(); }
// {1,2}: a PostgreSQL array literal of numbers.
std::string IntArray(const std::vector<int>& v);
// 1 2: an int2vector / oidvector in its text form.
std::string IntVector(const std::vector<int>& v);
// An index's key list ("a, (lower(b)) DESC") split into its keys, each as written.
std::vector<std::string> IndexKeys(const std::string& key_list);
// pg_index.indoption of each key: 3 (DESC, which sorts NULLs first) or 0.
std::vector<int> IndexOptions(const std::string& key_list);
inline const std::optional<std::string> kNull = std::nullopt;

// Facts about built-in types that the host does not carry (alignment, I/O names).
char TypeAlign(int typlen, const std::string& name);
uint32_t TypeCollation(uint32_t type_oid);

}  // namespace catalog_pg

namespace catalog_pg {
// pg_attrdef OIDs: the host does not number column defaults.
uint32_t StableAttrdefOid(uint32_t table_oid, int attnum);
// pg_attrdef.adbin's text for a column default (a constant gets its ::type label).
std::string DefaultExpression(const std::string& sql, uint32_t column_type);
// pg_get_indexdef's text for an index of `table`.
std::string IndexDefinition(const Index& ix, const Relation& table);
}  // namespace catalog_pg

namespace catalog_pg {
// pg_proc: the plugin's own functions (functions.cc).
void ProcRows(const HostView& host, Rows* rows);
}  // namespace catalog_pg
