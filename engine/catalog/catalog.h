// The engine's system catalog: schemas, tables (columns, keys, indexes, checks) and
// sequences of one database.
//
// A Catalog is an immutable value: sessions share the committed one through a
// shared_ptr, and a transaction that runs DDL works on its own copy, written to storage
// in the transaction's batch and published only when that batch commits. So DDL is
// transactional for free: a rolled-back CREATE TABLE leaves nothing behind.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/types/value.h"

namespace plinth {

inline constexpr Oid kFirstUserOid = 16384;
inline constexpr Oid kPublicNamespaceOid = 2200;
inline constexpr Oid kPgCatalogNamespaceOid = 11;

struct ColumnDef {
  std::string name;
  Oid type = 0;
  int32_t typmod = -1;
  bool not_null = false;
  std::string default_sql;  // SQL expression text ("" = no default); bound when used
  std::string identity;     // "" | "a" (ALWAYS) | "d" (BY DEFAULT), as pg_attribute.attidentity
};

struct IndexDef {
  Oid oid = 0;
  uint32_t id = 0;  // index id inside the table's key range; 0 is the primary storage
  std::string name;
  std::vector<int> columns;  // column positions
  bool unique = false;
  bool primary = false;
};

struct CheckDef {
  std::string name;
  std::string expr_sql;
};

struct TableDef {
  Oid oid = 0;
  std::string schema;
  std::string name;
  std::vector<ColumnDef> columns;
  std::vector<int> primary_key;  // column positions; empty = hidden row id
  std::vector<IndexDef> indexes;
  std::vector<CheckDef> checks;
  std::string pk_constraint_name;
  uint32_t next_index_id = 1;

  int FindColumn(std::string_view col) const;
  std::string Serialize() const;
  static Result<TableDef> Deserialize(std::string_view bytes);
};

struct SequenceDef {
  Oid oid = 0;
  std::string schema;
  std::string name;
  int64_t start = 1, increment = 1, min = 1, max = INT64_MAX;
  bool cycle = false;
  std::string owned_by_table, owned_by_column;
};

class Catalog {
 public:
  // The catalog of an empty database.
  static std::shared_ptr<Catalog> Empty();

  uint64_t version() const { return version_; }
  Oid next_oid() const { return next_oid_; }

  const TableDef* FindTable(const std::string& schema, const std::string& name) const;
  // Resolves an unqualified or qualified name through search_path.
  const TableDef* LookupTable(const std::string& schema, const std::string& name,
                              const std::vector<std::string>& search_path) const;
  const TableDef* TableByOid(Oid oid) const;
  const std::map<Oid, std::shared_ptr<const TableDef>>& tables() const { return tables_; }
  bool HasSchema(const std::string& schema) const;

  // Mutators, only ever called on a transaction's private copy.
  std::shared_ptr<Catalog> Clone() const;
  Oid AllocateOid() { return next_oid_++; }
  void PutTable(TableDef def);
  void DropTable(Oid oid);
  void PutSchema(const std::string& name);
  void BumpVersion() { version_++; }

  // Storage: every object is one key under keys::CatalogPrefix(db).
  std::string SerializeHeader() const;  // schemas and the OID counter
  static Result<std::shared_ptr<Catalog>> Load(std::string_view header,
                                               const std::vector<std::string>& table_blobs);

 private:
  uint64_t version_ = 0;
  Oid next_oid_ = kFirstUserOid;
  std::map<Oid, std::shared_ptr<const TableDef>> tables_;
  std::map<std::pair<std::string, std::string>, Oid> table_names_;
  std::vector<std::string> schemas_{"public"};
};

}  // namespace plinth
