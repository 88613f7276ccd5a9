// The writes of one INSERT/UPDATE/DELETE statement, row by row, with everything a row
// change implies: NOT NULL and CHECK constraints, primary-key and unique-index
// uniqueness, secondary index entries, and foreign keys in both directions (the new
// row's references must exist; rows referencing a changed or deleted row get the
// constraint's ON UPDATE/ON DELETE action, which may recurse into further tables).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "engine/binder/binder.h"
#include "engine/executor/exec_context.h"
#include "engine/session/index_maintenance.h"
#include "engine/txn/direct_writer.h"

namespace plinth {

class RowWriter {
 public:
  // next_row_id supplies hidden row ids for tables without a primary key.
  RowWriter(Transaction& txn, ExecContext& ctx, BindContext bctx, std::function<Result<int64_t>(Oid)> next_row_id)
      : txn_(txn), ctx_(ctx), bctx_(std::move(bctx)), next_row_id_(std::move(next_row_id)) {}

  // *key_out (when given) receives the new row's storage key.
  Status Insert(const TableDef& t, const Row& row, std::string* key_out = nullptr);
  // Rows inserted into `table` go to `out` instead of the write buffer (a COPY into a
  // table truncated in this transaction; see DirectInsertAllowed).
  void InsertDirectly(Oid table, DirectRangeWriter* out) {
    direct_table_ = table;
    direct_ = out;
  }
  // Whether rows inserted into t may be written directly: its storage range is the
  // transaction's own, no savepoint could want them back, and nothing but the row
  // itself is involved (no key to check for duplicates, no index entries, no foreign
  // keys).
  static bool DirectInsertAllowed(const Transaction& txn, const TableDef& t);
  // NOT NULL and CHECK constraints of t on row (Insert and Update check them too; an
  // upsert checks the proposed row before looking for a conflict, as PostgreSQL does).
  Status CheckConstraints(const TableDef& t, const Row& row);
  // old_key: the row's storage key as the scan returned it.
  Status Update(const TableDef& t, const std::string& old_key, const Row& old_row, const Row& new_row);
  Status Delete(const TableDef& t, const std::string& old_key, const Row& old_row);
  // 23503 unless every foreign key of t finds row's key in its referenced table (for an
  // UPDATE, keys equal to old_row's are not checked again).
  Status CheckReferences(const TableDef& t, const Row& row, const Row* old_row);

 private:
  struct TableState {
    TableIndexes indexes;
    std::vector<std::pair<std::string, ExprPtr>> checks;
    // Foreign keys of other tables (or this one) that reference this table.
    std::vector<std::pair<Oid, const ForeignKeyDef*>> referenced_by;
  };
  Result<TableState*> State(const TableDef& t);
  Status CheckRow(const TableDef& t, TableState& st, const Row& row);
  // Applies the ON DELETE (new_row null) or ON UPDATE action of every foreign key that
  // references t's old row.
  Status ActOnReferencing(const TableDef& t, TableState& st, const Row& old_row, const Row* new_row);

  Transaction& txn_;
  ExecContext& ctx_;
  BindContext bctx_;
  std::function<Result<int64_t>(Oid)> next_row_id_;
  std::map<Oid, std::unique_ptr<TableState>> states_;
  int depth_ = 0;  // referential-action recursion, bounded against cycles
  Oid direct_table_ = 0;
  DirectRangeWriter* direct_ = nullptr;
  std::string value_;  // a direct row's encoding, reused
};

// The storage key of t's row (primary key or hidden row id) without the table prefix.
std::string_view PrimaryKeyBytes(std::string_view row_key);

}  // namespace plinth
