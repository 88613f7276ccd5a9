// One database: its storage, its committed catalog, and the commit path that every
// session's transaction goes through.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "engine/catalog/catalog.h"
#include "engine/session/sequences.h"
#include "engine/storage/store.h"
#include "engine/txn/transaction.h"

namespace plinth {

class Database {
 public:
  // Loads the catalog from the store (an empty store becomes an empty database).
  static Result<std::unique_ptr<Database>> Open(std::unique_ptr<Store> store, std::string name = "postgres");

  const std::string& name() const { return name_; }
  const Store& store() const { return *store_; }
  std::shared_ptr<const Catalog> catalog() const;

  std::unique_ptr<Transaction> Begin(IsolationLevel iso, bool read_only) const;
  // Writes the transaction's buffer as one atomic batch and, if it changed the catalog,
  // publishes the new catalog. Concurrent DDL on the same catalog version → 40001.
  Status Commit(Transaction& txn);

  // Hidden row ids for tables without a primary key; never reused.
  Result<int64_t> NextRowId(Oid table);

  // Sequence counters: changed outside transactions (see session/sequences.h).
  SequenceCounters& sequences() { return sequences_; }

  static constexpr uint32_t kDatabaseId = 1;

 private:
  explicit Database(std::unique_ptr<Store> store, std::string name) : store_(std::move(store)), name_(std::move(name)) {}
  std::unique_ptr<Store> store_;
  std::string name_;
  mutable std::mutex mu_;  // guards catalog_ and commits that change it
  std::shared_ptr<const Catalog> catalog_;
  std::mutex row_id_mu_;
  std::map<Oid, int64_t> next_row_id_;
  SequenceCounters sequences_;
};

}  // namespace plinth
