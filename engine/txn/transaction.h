// A transaction's private view of the key space: the storage snapshot it reads from
// plus its own buffered writes, which it reads back (read-your-writes) and turns into
// one atomic storage batch at COMMIT. Nothing reaches storage before COMMIT, so other
// sessions never see uncommitted data and ROLLBACK is dropping the buffer.
//
// Writers coordinate through row locks (lock_manager.h) held until the transaction
// ends, and through the commit log (commit_log.h), which tells whether a key was
// written by a transaction that committed after this one's snapshot.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/storage/store.h"
#include "engine/txn/commit_log.h"
#include "engine/txn/lock_manager.h"
#include "engine/txn/write_buffer.h"

namespace plinth {

// Iterates the union of a snapshot and a write buffer over [lo, hi) in key order,
// with the buffer's writes hiding or replacing the snapshot's entries.
class MergedCursor {
 public:
  // keep: an owner of *writes the cursor must keep alive (a frozen read view), or null.
  MergedCursor(std::shared_ptr<Snapshot> snap, const WriteBuffer* writes, std::string lo, std::string hi,
               std::shared_ptr<const WriteBuffer> keep = nullptr);
  // Advances to the next visible entry; false at the end.
  Result<bool> Next();
  std::string_view key() const { return key_; }
  std::string_view value() const { return value_; }

 private:
  Cursor cursor_;
  const WriteBuffer* writes_;
  std::shared_ptr<const WriteBuffer> keep_;
  std::string lo_, hi_;
  bool started_ = false;
  bool store_valid_ = false;
  WriteBuffer::Cursor buf_;
  std::string key_, value_;
};

enum class IsolationLevel { ReadCommitted, RepeatableRead, Serializable };

// The storage key under which each commit records its sequence number.
std::string CommitSeqKey();

class Transaction {
 public:
  // log and locks may be null (a transaction without concurrency control, in tests).
  Transaction(const Store* store, std::shared_ptr<const Catalog> catalog, IsolationLevel iso, bool read_only,
              CommitLog* log = nullptr, LockManager* locks = nullptr)
      : store_(store), catalog_(std::move(catalog)), isolation_(iso), read_only_(read_only), log_(log),
        locks_(locks) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Takes a fresh snapshot: per statement under READ COMMITTED, once otherwise.
  Status BeginStatement();
  // READ COMMITTED only: moves the statement to a new snapshot, so that rows changed by
  // transactions that committed while this one waited for their locks are seen.
  Status RefreshSnapshot();
  const std::shared_ptr<Snapshot>& snapshot() const { return snapshot_; }
  // The sequence of the last commit the snapshot contains.
  uint64_t snapshot_seq() const { return snapshot_seq_; }
  // This transaction's pin in the commit log, if it holds one (CommitLog::Publish).
  std::optional<uint64_t> commit_log_pin() const { return pin_; }

  Status Get(std::string_view key, std::string* value, bool* found);
  // The key's value as of now: this transaction's write, else the newest committed one
  // (not the snapshot's). Callers hold the key's lock, so it cannot change under them.
  Status GetLatest(std::string_view key, std::string* value, bool* found);
  // Whether a transaction that committed after this one's snapshot wrote key.
  bool ChangedSinceSnapshot(std::string_view key) const {
    return log_ && log_->WrittenAfter(key, snapshot_seq_) != 0;
  }

  // Row locks, released when the transaction ends (or its savepoint is rolled back).
  Status Lock(const std::string& key, LockMode mode) { return locks_.Acquire(key, mode, lock_wait_); }
  // lock_timeout and the cancel flag of the running statement.
  void set_lock_wait(LockWait wait) { lock_wait_ = wait; }
  // An error in a transaction block without savepoints aborts it: as in PostgreSQL its
  // locks go at once, although the block waits for ROLLBACK.
  void ReleaseLocks() { locks_.ReleaseAfter(0); }
  bool has_savepoints() const { return !savepoints_.empty(); }
  void Put(std::string key, std::string value) { writes_.Put(std::move(key), std::move(value)); }
  void Delete(std::string key) { writes_.Delete(std::move(key)); }
  // A bulk writer's hint: n more writes are coming under key's table and index.
  void ReserveWrites(std::string_view key, size_t n) { writes_.Reserve(key, n); }
  std::unique_ptr<MergedCursor> Scan(std::string lo, std::string hi) {
    std::shared_ptr<Snapshot> snap = SnapshotFor(lo);
    return std::make_unique<MergedCursor>(std::move(snap), reads(), std::move(lo), std::move(hi), frozen_);
  }
  // A statement with data-modifying WITH entries: until the next statement, Get and
  // Scan read the write buffer as it is now, so the statement's parts all see the same
  // data, as PostgreSQL runs them on one snapshot. GetLatest (uniqueness and lock
  // re-checks) still sees every write.
  void FreezeReads() { frozen_ = std::make_shared<const WriteBuffer>(writes_); }
  const WriteBuffer& writes() const { return writes_; }
  // At COMMIT: the buffered writes as a storage batch, moved out (the transaction is over).
  std::vector<WriteOp> TakeBatch() { return writes_.TakeBatch(); }

  // Storage ranges this transaction filled directly rather than through its write
  // buffer (a table rewrite's new range, from Database::NewStorageId): nothing names
  // them until a committed catalog does. Those no committed catalog adopted go to the
  // abandon hook when the transaction ends (the database reclaims them).
  void AddDirectRange(Oid storage) { direct_ranges_.push_back(storage); }
  bool IsDirectRange(Oid storage) const {
    for (Oid d : direct_ranges_)
      if (d == storage) return true;
    return false;
  }
  const Store& store() const { return *store_; }
  // The snapshot a read of key uses: within a direct range, one that sees the direct
  // writes (taken by DirectWritesDone), else the transaction's.
  const std::shared_ptr<Snapshot>& SnapshotFor(std::string_view key) const;
  // After direct writes: this transaction's reads of its direct ranges see them (they
  // postdate its snapshot) through a snapshot opened now.
  Status DirectWritesDone();
  // After a commit: drops the ranges `committed` names from the abandoned ones.
  void AdoptDirectRanges(const Catalog& committed);
  void set_abandon_hook(std::function<void(const std::vector<Oid>&)> hook) { abandon_hook_ = std::move(hook); }

  const Catalog& catalog() const { return *catalog_; }
  std::shared_ptr<const Catalog> catalog_ptr() const { return catalog_; }
  // The transaction's own catalog copy, made on first DDL.
  Catalog& MutableCatalog();
  // The catalog the transaction started from (what its private copy was made of).
  const Catalog& base_catalog() const { return base_catalog_ ? *base_catalog_ : *catalog_; }
  // At commit: the private copy rebased onto a newer catalog (catalog_rebase.h).
  void ReplaceCatalog(std::shared_ptr<Catalog> rebased) {
    private_catalog_ = rebased;
    catalog_ = std::move(rebased);
  }
  bool changed_catalog() const { return private_catalog_ != nullptr; }

  IsolationLevel isolation() const { return isolation_; }
  void set_isolation(IsolationLevel iso) { isolation_ = iso; }
  bool read_only() const { return read_only_; }
  void set_read_only(bool ro) { read_only_ = ro; }

  // Savepoints snapshot the write buffer and catalog; ROLLBACK TO restores them.
  struct Savepoint {
    std::string name;
    WriteBuffer writes;
    std::shared_ptr<const Catalog> catalog;  // the catalog as it was (a copy if private)
    bool private_catalog = false;
    size_t lock_mark = 0;  // locks taken after the savepoint go at ROLLBACK TO
  };
  void PushSavepoint(std::string name);
  bool RollbackToSavepoint(const std::string& name);  // false if unknown
  bool ReleaseSavepoint(const std::string& name);     // false if unknown

 private:
  const Store* store_;
  std::shared_ptr<const Catalog> catalog_;
  std::shared_ptr<Catalog> private_catalog_;
  std::shared_ptr<const Catalog> base_catalog_;  // set when the private copy is made
  IsolationLevel isolation_;
  bool read_only_;
  CommitLog* log_;
  LockSet locks_;
  LockWait lock_wait_;
  std::shared_ptr<Snapshot> snapshot_;
  uint64_t snapshot_seq_ = 0;
  std::optional<uint64_t> pin_;  // our pin in log_, a lower bound of snapshot_seq_
  WriteBuffer writes_;
  // FreezeReads(); null: reads see writes_. Shared with the cursors opened on it, which
  // may outlive the statement (a suspended portal).
  std::shared_ptr<const WriteBuffer> frozen_;
  const WriteBuffer* reads() const { return frozen_ ? frozen_.get() : &writes_; }
  std::vector<Savepoint> savepoints_;
  std::vector<Oid> direct_ranges_;
  std::shared_ptr<Snapshot> direct_snapshot_;  // sees every direct write made so far
  std::function<void(const std::vector<Oid>&)> abandon_hook_;
};

}  // namespace plinth
