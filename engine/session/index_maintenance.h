// Secondary index maintenance: the entries of every index of a table, kept in step with
// its rows by INSERT/UPDATE/DELETE and built over existing rows by CREATE INDEX.
//
// Entry layout under keys::IndexPrefix(table, index id):
//   key   = the key parts, each EncodeKey'd (DESC parts inverted), then the row's primary
//           key bytes, except for a unique index whose parts are all non-null;
//   value = the row's primary key bytes (its key under IndexPrefix(table, 0), sans prefix).
// So a unique index has at most one entry per non-null key, which is the uniqueness test,
// while NULLs (never equal to anything) and non-unique duplicates get distinct entries.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/binder/binder.h"
#include "engine/executor/exec_context.h"

namespace plinth {

class TableIndexes {
 public:
  // Binds the expression parts and partial-index predicates of t's secondary indexes.
  static Result<TableIndexes> Bind(const TableDef& t, const BindContext& bctx);
  // Binds only the index with this id (CREATE INDEX builds one index).
  static Result<TableIndexes> BindOne(const TableDef& t, uint32_t index_id, const BindContext& bctx);

  bool empty() const { return indexes_.empty(); }

  // Adds row's entries; a unique index that already holds the key fails with 23505.
  Status Insert(Transaction& txn, const Row& row, std::string_view row_key, ExecContext& ctx) const;
  // Removes row's entries (the row as it was stored).
  Status Remove(Transaction& txn, const Row& row, std::string_view row_key, ExecContext& ctx) const;
  // CREATE [UNIQUE] INDEX: adds entries for every stored row; duplicates fail with
  // 23505 "could not create unique index".
  Status Build(Transaction& txn, ExecContext& ctx) const;

 private:
  struct Bound {
    const IndexDef* def = nullptr;
    std::vector<ExprPtr> parts;  // one per key part, over the table row
    ExprPtr predicate;           // null: every row
  };
  // Fills *key with the entry key of row in ix; *present is false when a partial
  // index excludes the row. *values receives the part values (for error details).
  Status EntryKey(const Bound& ix, const Row& row, std::string_view pk_bytes, ExecContext& ctx, std::string* key,
                  bool* present, std::vector<Value>* values) const;
  std::string KeyDetail(const Bound& ix, const std::vector<Value>& values, const IoContext& io) const;

  const TableDef* table_ = nullptr;
  std::vector<Bound> indexes_;
};

// The SQL text PostgreSQL shows for index part `part` in error details: the column
// name, or the expression as written.
std::string IndexPartName(const TableDef& t, const IndexDef& ix, size_t part);

// Binds a stored SQL expression (default, CHECK, index part) over t's columns.
Result<ExprPtr> BindStoredExpr(Binder& binder, const std::string& sql, const TableDef* t);

}  // namespace plinth
