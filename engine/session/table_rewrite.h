// ALTER TABLE's rewrites (a new or dropped primary key, ADD COLUMN with a default,
// DROP COLUMN, ALTER TYPE): every row is written again under the new definition into a
// fresh storage range (TableDef::storage, PostgreSQL's new relfilenode), and the commit
// drops the old range whole (Database::CommitCatalog). Nothing is deleted key by key,
// and rows that arrive in key order are appended to the write buffer and to storage.
//
// The new primary key is checked as rows arrive: a key above every earlier one cannot
// be a duplicate, so a table already in key order (a bulk load by serial id) costs one
// comparison a row; only a key out of order is looked up among the ones written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/executor/exec_context.h"
#include "engine/session/database.h"
#include "engine/txn/transaction.h"

namespace plinth {

class TableRewrite {
 public:
  // `to` is the new definition, its storage range fresh and different from `from`'s.
  TableRewrite(Transaction& txn, Database& db, const TableDef& from, const TableDef& to, const IoContext& io)
      : txn_(txn), db_(db), from_(from), to_(to), io_(io), null_in_(to.primary_key.size(), false) {}

  // Hint: about n rows are coming.
  void Reserve(size_t n);
  // One row: old_key is its key under `from` (a kept hidden row id comes from it), row
  // its values under `to`'s columns (only the primary key's are read), value its stored
  // form under `to`.
  Status Add(std::string_view old_key, const Row& row, std::string value);
  // Reads `from`'s rows through the transaction and adds each with its stored bytes as
  // they are, decoding only the new key's columns: for a rewrite that changes keys only
  // (ADD PRIMARY KEY), where `to` has `from`'s columns.
  Status CopyRows();
  // The same, written straight to storage in chunks instead of through the write buffer
  // (the new range is the transaction's own until its catalog commits; see
  // direct_writer.h). Gives up, returning false, when the transaction has changed the table
  // itself or a new key arrives below an earlier one: the caller then takes another
  // new range and CopyRows. A bulk-loaded table is usually in key order already.
  Result<bool> CopyRowsDirect();
  // After the last row: a duplicated primary key is 23505 (the smallest duplicated key),
  // else a NULL in one is 23502, as PostgreSQL reports them building the index.
  Status Finish();

 private:
  Status NoteDuplicate(const std::string& key, const Row& row);
  // The new key of a row, or nullopt for a row with a NULL in it (noted for Finish).
  Result<std::optional<std::string>> NewKey(std::string_view old_key, const Row& row);

  Transaction& txn_;
  Database& db_;
  const TableDef& from_;
  const TableDef& to_;
  const IoContext& io_;
  bool started_ = false;
  std::string last_key_;          // the greatest new key written so far
  std::string duplicate_key_;     // the smallest duplicated key seen, if any
  std::string duplicate_values_;  // its columns as PostgreSQL's DETAIL shows them
  std::vector<bool> null_in_;     // per primary key column: whether a row had NULL there
};

}  // namespace plinth
