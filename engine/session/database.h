// One database: its storage, its committed catalog, and the commit path that every
// session's transaction goes through, with the row locks and commit log that give
// concurrent transactions PostgreSQL's write-conflict behaviour (docs/transactions.md).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_set>

#include "engine/catalog/catalog.h"
#include "engine/session/sequences.h"
#include "engine/session/storage_reclaimer.h"
#include "engine/session/roles.h"
#include "engine/storage/store.h"
#include "engine/txn/commit_log.h"
#include "engine/txn/group_commit.h"
#include "engine/txn/lock_manager.h"
#include "engine/txn/transaction.h"

namespace plinth {

class SystemCatalog;  // engine/system/system_catalog.h

class Database {
 public:
  // Loads the catalog from the store (an empty store becomes an empty database).
  static Result<std::unique_ptr<Database>> Open(std::unique_ptr<Store> store, std::string name = "postgres");

  const std::string& name() const { return name_; }
  // ALTER DATABASE ... RENAME TO; only while no session uses the database.
  void set_name(std::string name) { name_ = std::move(name); }
  const Store& store() const { return *store_; }
  std::shared_ptr<const Catalog> catalog() const;

  std::unique_ptr<Transaction> Begin(IsolationLevel iso, bool read_only);
  // Writes the transaction's buffer, stamped with the next commit sequence, as one
  // atomic batch and, if it changed the catalog, publishes the new catalog. Concurrent
  // DDL on the same catalog version → 40001. Under REPEATABLE READ/SERIALIZABLE a
  // written key that a transaction committed after our snapshot also wrote → 40001
  // (first committer wins). The caller releases the locks by ending the transaction.
  Status Commit(Transaction& txn);

  // The catalog plugin's relations and functions (pg_catalog, information_schema), or
  // null without one. Set once at startup, before sessions open.
  void set_system_catalog(std::shared_ptr<const SystemCatalog> system) { system_catalog_ = std::move(system); }
  const SystemCatalog* system_catalog() const { return system_catalog_.get(); }

  LockManager& locks() { return locks_; }
  const CommitLog& commit_log() const { return commit_log_; }

  // Hidden row ids for tables without a primary key, per storage range (TableDef::
  // storage_id); never reused.
  Result<int64_t> NextRowId(Oid storage);
  // A rewrite that keeps hidden row ids moves them to a new storage range: later ids
  // there continue after the old range's.
  Status ContinueRowIds(Oid from_storage, Oid to_storage);

  // Sequence counters: changed outside transactions (see session/sequences.h).
  SequenceCounters& sequences() { return sequences_; }
  // Login roles and their verifiers (server-wide): every database of a cluster uses the
  // default database's store (share_roles_of), as PostgreSQL's pg_authid is shared.
  RoleStore& roles() { return roles_owner_ ? roles_owner_->roles_ : roles_; }
  // The store that role changes are written to.
  const Store& roles_store() const { return roles_owner_ ? *roles_owner_->store_ : *store_; }
  void share_roles_of(Database* owner) { roles_owner_ = owner; }

  // The server's other databases and its stored setting defaults (session/cluster.h);
  // null for a database used on its own. Set once, before sessions open.
  void set_cluster(class Cluster* cluster) { cluster_ = cluster; }
  class Cluster* cluster() const { return cluster_; }

  // A storage range no table, index or transaction has used, for a table rewrite to
  // fill (TableDef::storage). Unique across concurrent transactions, unlike a private
  // catalog's OIDs, and above every range in storage, so that its keys are appended.
  // These ids start at kFirstNewStorageId, above any OID the catalog hands out.
  Oid NewStorageId() { return next_storage_id_.fetch_add(1); }
  static constexpr Oid kFirstNewStorageId = 0x80000000u;

  static constexpr uint32_t kDatabaseId = 1;

 private:
  // Whether every row and index key the batch writes lies in a storage range the
  // current catalog still has. A transaction that began before a DDL commit may write
  // into a range that commit dropped (a table rewritten or dropped meanwhile): its
  // writes would vanish, so it fails instead (40001), as PostgreSQL's would have waited
  // for the DDL's lock.
  static bool WritesLiveStorage(const Transaction& txn, const Catalog& now, const std::vector<WriteOp>& writes);
  // The catalog part of Commit: checks and publishes the new catalog; commits the
  // transaction's writes, then meta plus the catalog changes, as one batch. Storage
  // ranges the commit frees are recorded in it and deleted afterwards by reclaimer_.
  Status CommitCatalog(Transaction& txn, const std::vector<WriteOp>& writes, std::vector<WriteOp>* meta);
  // First committer wins under REPEATABLE READ/SERIALIZABLE: false if a key the
  // transaction wrote was written after its snapshot (or earlier in its commit group).
  bool MayCommit(const Transaction& txn, const std::vector<WriteOp>& writes,
                 const std::unordered_set<std::string_view>* earlier_in_group) const;
  // The group-commit writer: one storage batch (one sync) for every queued commit.
  void WriteCommitGroup(std::vector<CommitRequest*>& group);

  explicit Database(std::unique_ptr<Store> store, std::string name) : store_(std::move(store)), name_(std::move(name)) {}
  std::unique_ptr<Store> store_;
  // Deletes freed storage ranges in the background; stops before store_ closes.
  StorageReclaimer reclaimer_{store_.get()};
  std::atomic<Oid> next_storage_id_{kFirstNewStorageId};
  // At open: continues NewStorageId after every range in storage and catalog, and hands
  // the reclaimer the new-style ranges nothing names (a rewrite cut short by a crash).
  Status ScanNewStorageRanges();
  std::string name_;
  // Serializes commits, so that sequence numbers, conflict checks and the commit log
  // agree with the order batches reach storage (storage serializes writers anyway).
  std::mutex commit_mu_;
  CommitLog commit_log_;
  GroupCommitQueue commit_queue_;  // row-data commits; DDL commits take commit_mu_ alone
  LockManager locks_;
  mutable std::mutex mu_;  // guards catalog_
  std::shared_ptr<const SystemCatalog> system_catalog_;
  std::shared_ptr<const Catalog> catalog_;
  std::mutex row_id_mu_;
  std::map<Oid, int64_t> next_row_id_;  // by storage range
  // The counter of a storage range, loaded from storage on first use; row_id_mu_ held.
  Result<int64_t*> RowIdCounter(Oid storage);
  SequenceCounters sequences_;
  RoleStore roles_;
  Database* roles_owner_ = nullptr;
  class Cluster* cluster_ = nullptr;
};

}  // namespace plinth
