// The engine's system catalog: schemas, tables (columns, keys, indexes, checks, foreign
// keys) and sequences of one database.
//
// A Catalog is an immutable value: sessions share the committed one through a
// shared_ptr, and a transaction that runs DDL works on its own copy, written to storage
// in the transaction's batch and published only when that batch commits. So DDL is
// transactional for free: a rolled-back CREATE TABLE leaves nothing behind.
//
// Tables and sequences share one namespace per schema (as PostgreSQL's pg_class), and so
// do index names: "relation \"x\" already exists" whichever kind x is.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/catalog/view.h"
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
  std::string comment;      // COMMENT ON COLUMN
};

struct IndexDef {
  Oid oid = 0;
  uint32_t id = 0;  // index id inside the table's key range; 0 is the primary storage
  std::string name;
  // One entry per key part: a column position, or -1 for an expression key whose SQL
  // text is exprs[i] (exprs is empty or parallel to columns).
  std::vector<int> columns;
  std::vector<std::string> exprs;
  std::vector<bool> descending;  // empty or parallel to columns
  std::string predicate_sql;     // partial index: only rows where this holds ("" = all)
  bool unique = false;
  bool primary = false;
  bool constraint = false;  // made by a UNIQUE constraint (dropped by DROP CONSTRAINT)

  bool is_expression(size_t part) const { return columns[part] < 0; }
  bool is_descending(size_t part) const { return part < descending.size() && descending[part]; }
};

struct CheckDef {
  std::string name;
  std::string expr_sql;
};

// Referential actions, spelled as pg_constraint.confdeltype/confupdtype.
enum class FkAction : char { NoAction = 'a', Restrict = 'r', Cascade = 'c', SetNull = 'n', SetDefault = 'd' };

struct ForeignKeyDef {
  std::string name;
  std::vector<int> columns;  // referencing columns of the owning table
  Oid ref_table = 0;
  std::vector<int> ref_columns;  // referenced columns (its primary key or a unique key)
  FkAction on_delete = FkAction::NoAction;
  FkAction on_update = FkAction::NoAction;
};

struct TableDef {
  Oid oid = 0;
  std::string schema;
  std::string name;
  std::vector<ColumnDef> columns;
  std::vector<int> primary_key;  // column positions; empty = hidden row id
  std::vector<IndexDef> indexes;
  std::vector<CheckDef> checks;
  std::vector<ForeignKeyDef> foreign_keys;
  std::string pk_constraint_name;
  uint32_t next_index_id = 1;
  // CREATE TEMP TABLE: approximated as an ordinary table (visible to every session and
  // kept after the session ends); the flag is recorded for pg_class.relpersistence.
  bool temporary = false;
  std::string comment;  // COMMENT ON TABLE
  // Where the rows and index entries live: the table id in their keys (keys.h), as
  // PostgreSQL's relfilenode. 0 means the table's oid. A rewrite (a new primary key, a
  // column type change) fills a fresh range and the commit drops the old one whole, so
  // no row is deleted key by key and the new keys can be appended.
  Oid storage = 0;
  Oid storage_id() const { return storage ? storage : oid; }

  int FindColumn(std::string_view col) const;
  const IndexDef* FindIndex(std::string_view index_name) const;
  std::string Serialize() const;
  static Result<TableDef> Deserialize(std::string_view bytes);
};

struct SequenceDef {
  Oid oid = 0;
  std::string schema;
  std::string name;
  Oid type = 20;  // int2/int4/int8 (AS type)
  int64_t start = 1, increment = 1, min = 1, max = INT64_MAX;
  int64_t cache = 1;
  bool cycle = false;
  // serial and identity columns own their sequence: it goes when the column goes.
  Oid owned_by_table = 0;
  std::string owned_by_column;

  std::string Serialize() const;
  static Result<SequenceDef> Deserialize(std::string_view bytes);
};

// Splits a relation name as regclass input does: dots separate schema and name,
// double quotes keep case and dots, unquoted parts fold to lower case.
Result<std::vector<std::string>> SplitQualifiedName(std::string_view text);

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

  const SequenceDef* FindSequence(const std::string& schema, const std::string& name) const;
  const SequenceDef* LookupSequence(const std::string& schema, const std::string& name,
                                    const std::vector<std::string>& search_path) const;
  const SequenceDef* SequenceByOid(Oid oid) const;
  const std::map<Oid, std::shared_ptr<const SequenceDef>>& sequences() const { return sequences_; }

  const ViewDef* FindView(const std::string& schema, const std::string& name) const;
  const ViewDef* LookupView(const std::string& schema, const std::string& name,
                            const std::vector<std::string>& search_path) const;
  const ViewDef* ViewByOid(Oid oid) const;
  const std::map<Oid, std::shared_ptr<const ViewDef>>& views() const { return views_; }

  // The table owning index `index_name` in `schema`, or null.
  const TableDef* FindIndexTable(const std::string& schema, const std::string& index_name) const;
  const TableDef* LookupIndexTable(const std::string& schema, const std::string& index_name,
                                   const std::vector<std::string>& search_path) const;
  // Whether any relation (table, view, sequence or index) has this name in the schema.
  bool RelationExists(const std::string& schema, const std::string& name) const;

  // Every storage range the catalog names: its tables' (TableDef::storage_id) and its
  // sequences' counters (keyed by the sequence's oid).
  std::unordered_set<Oid> StorageRanges() const;

  bool HasSchema(const std::string& schema) const;
  const std::vector<std::string>& schemas() const { return schemas_; }

  // Mutators, only ever called on a transaction's private copy.
  std::shared_ptr<Catalog> Clone() const;
  Oid AllocateOid() { return next_oid_++; }
  void PutTable(TableDef def);
  void DropTable(Oid oid);
  void PutSequence(SequenceDef def);
  void DropSequence(Oid oid);
  void PutView(ViewDef def);
  void DropView(Oid oid);
  void PutSchema(const std::string& name);
  void DropSchema(const std::string& name);
  void BumpVersion() { version_++; }
  void set_version(uint64_t version) { version_ = version; }

  // Storage: every object is one key under keys::CatalogPrefix(db).
  std::string SerializeHeader() const;  // schemas and the OID counter
  static Result<std::shared_ptr<Catalog>> Load(std::string_view header,
                                               const std::vector<std::string>& object_blobs);

 private:
  uint64_t version_ = 0;
  Oid next_oid_ = kFirstUserOid;
  std::map<Oid, std::shared_ptr<const TableDef>> tables_;
  std::map<std::pair<std::string, std::string>, Oid> table_names_;
  std::map<Oid, std::shared_ptr<const SequenceDef>> sequences_;
  std::map<std::pair<std::string, std::string>, Oid> sequence_names_;
  std::map<Oid, std::shared_ptr<const ViewDef>> views_;
  std::map<std::pair<std::string, std::string>, Oid> view_names_;
  std::vector<std::string> schemas_{"public"};
};

}  // namespace plinth
