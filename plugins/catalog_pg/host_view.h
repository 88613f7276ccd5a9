// The plugin's typed view of the host relations (docs/sdk.md "Catalog host
// relations"): read once per scan or function call through the plinth_catalog_reader.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plinth/catalog.h"

namespace catalog_pg {

inline constexpr uint32_t kPgCatalogNamespace = 11;
inline constexpr uint32_t kPublicNamespace = 2200;
inline constexpr uint32_t kInformationSchemaNamespace = 13183;
inline constexpr uint32_t kSuperuserOid = 10;
inline constexpr uint32_t kDatabaseOwnerRole = 6171;
inline constexpr uint32_t kDefaultCollation = 100;

struct Schema {
  uint32_t oid;
  std::string name, owner;
  uint32_t owner_oid() const { return owner == "pg_database_owner" ? kDatabaseOwnerRole : kSuperuserOid; }
};
struct Relation {
  uint32_t oid, namespace_oid;
  std::string schema, name;
  char kind, persistence;
  std::string owner;
  std::optional<std::string> comment;
  uint32_t parent_oid;  // index: its table; sequence: the owning table
  // Tables and views: pg_type OIDs of the row type and its array type; 0 for other
  // relations and from hosts that do not number row types.
  uint32_t row_type = 0, row_array_type = 0;
};
struct Column {
  uint32_t table_oid;
  int attnum;
  std::string name;
  uint32_t type_oid;
  int32_t typmod;
  bool not_null;
  std::optional<std::string> default_sql;
  std::string identity;
  std::optional<std::string> comment;
  // The default as pg_get_expr(..., pretty => true) prints it; set by hosts that print
  // default_sql the way PostgreSQL does (casts shown), absent from older hosts.
  std::optional<std::string> default_pretty;
};
struct Index {
  uint32_t oid, table_oid;
  std::string name;
  bool unique, primary, constraint;
  std::vector<int> attnums;  // 0: expression
  std::string key_list;      // "a, (lower(b)) DESC"
  std::optional<std::string> predicate;
};
struct Constraint {
  uint32_t oid, table_oid;
  std::string name;
  char type;  // p u c f
  std::vector<int> attnums;
  uint32_t index_oid, ref_table_oid;
  std::vector<int> ref_attnums;
  char on_update, on_delete;
  std::optional<std::string> check_expr;
  // As default_pretty: when set, check_expr is already PostgreSQL's parenthesized
  // pg_get_constraintdef text and this is its pretty form.
  std::optional<std::string> check_pretty;
};
struct Type {
  uint32_t oid;
  std::string name;
  int typlen;
  bool byval;
  char category;
  bool preferred;
  uint32_t element, array;
};
struct Sequence {
  uint32_t oid, type_oid;
  int64_t start, increment, min, max, cache;
  bool cycle;
  uint32_t owned_by_table;
  int owned_by_attnum;
};
struct Role { uint32_t oid; std::string name; bool superuser; };
struct DatabaseInfo { uint32_t oid; std::string name; uint32_t owner_oid; };
struct Comment { uint32_t object_oid, class_oid; int sub_id; std::string description; };
// A view's query as pg_get_viewdef prints it, plain and pretty; check_option is "",
// "local" or "cascaded".
struct ViewDefinition { uint32_t oid; std::string definition, check_option, pretty; };

// Reads a host relation; each call scans anew, so one statement sees one catalog.
class HostView {
 public:
  explicit HostView(const plinth_catalog_reader* reader) : reader_(reader) {}

  std::vector<Schema> Schemas() const;
  std::vector<Relation> Relations() const;
  std::vector<Column> Columns() const;
  std::vector<Index> Indexes() const;
  std::vector<Constraint> Constraints() const;
  std::vector<Type> Types() const;
  std::vector<Sequence> Sequences() const;
  std::vector<Role> Roles() const;
  std::vector<Comment> Comments() const;
  std::vector<ViewDefinition> ViewDefinitions() const;
  std::vector<std::pair<std::string, std::string>> Settings() const;
  std::string Setting(const char* name) const;  // "" when unknown
  std::string Database() const;
  // Every database of the server, the current one first.
  std::vector<DatabaseInfo> Databases() const;

  using TextRow = std::vector<std::optional<std::string>>;
  // Throws std::runtime_error when the host refuses (caught at the ABI boundary).
  std::vector<TextRow> Scan(const char* host_relation) const;

 private:
  const plinth_catalog_reader* reader_;
};

// "1 2" (int2vector text) -> {1, 2}
std::vector<int> ParseAttnums(const std::string& text);

}  // namespace catalog_pg
