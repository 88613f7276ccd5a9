// LoggedStore: storage_lmdb's plinth_storage_v1 semantics, with a write-ahead log in
// front of LMDB (docs/storage.md, "The write-ahead log").
//
// Why: an LMDB commit that is durable costs two syncs of scattered pages (the copied
// B-tree pages, then the meta page), one commit at a time. Here a commit is one
// record appended to a preallocated log file and one fdatasync; its writes go into an
// in-memory table (MemTable) that readers merge over LMDB. A background flusher writes
// a full or old table into LMDB as one ordinary, synced LMDB transaction, and only
// then retires the log file that held it. LMDB therefore only ever sees synced
// commits (it is never left torn by a crash), and recovery replays the records of
// the log files that are not retired yet; replaying a record LMDB already holds is
// harmless, because puts and deletes replayed in order end in the same state.
//
// Two tables at most: `active` takes commits and is logged in the current file;
// `frozen` (if any) is being written to LMDB and its records are in the other file.
// A commit that finds the current file full, while the other is still frozen, waits
// for the flusher.
//
// Batches that are large (bulk loads) or hold a range delete skip the log: the tables
// are flushed first, then the batch is one synced LMDB transaction, as without a log.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>

#include "lmdb_config.h"
#include "lmdb_store.h"
#include "mem_table.h"
#include "merged_cursor.h"
#include "plinth/storage.h"
#include "wal_file.h"

namespace plinth::storage_lmdb {

class LoggedStore {
 public:
  using LogFn = std::function<void(int level, const std::string& message)>;

  struct Snapshot {
    LoggedStore* store;
    LmdbStore::Snapshot* lmdb;
    // Newest first; only tables holding commits this snapshot may see.
    std::shared_ptr<const MemTable> tables[2];
    uint64_t seq;
  };

  class Cursor {
   public:
    explicit Cursor(Snapshot* snap);  // throws StoreError
    bool Seek(std::string_view key, bool backward);
    bool Step(bool backward);
    bool Current(std::string_view* key, std::string_view* value) const;

   private:
    class LmdbSource final : public SourceCursor {
     public:
      explicit LmdbSource(LmdbStore::Cursor* c) : c_(c) {}
      bool Seek(std::string_view key, bool backward) override { return Load(c_->Seek(key, backward)); }
      bool Step(bool backward) override { return Load(c_->Step(backward)); }
      std::string_view key() const override { return key_; }
      std::string_view value() const override { return value_; }
      bool tombstone() const override { return false; }

     private:
      bool Load(bool ok) { return ok && c_->Current(&key_, &value_); }
      LmdbStore::Cursor* c_;
      std::string_view key_, value_;
    };

    LmdbStore::Cursor lmdb_;
    LmdbSource lmdb_source_;
    std::optional<MemTable::Cursor> tables_[2];
    // Null when the snapshot has no tables: the LMDB cursor alone, no merging.
    std::unique_ptr<MergedCursor> merged_;
  };

  LoggedStore(const LmdbConfig& config, LogFn log);  // opens, then replays the log
  ~LoggedStore();  // writes everything logged into LMDB and retires the log
  LoggedStore(const LoggedStore&) = delete;
  LoggedStore& operator=(const LoggedStore&) = delete;

  Snapshot* OpenSnapshot();
  void CloseSnapshot(Snapshot* snap) noexcept;
  bool Get(const Snapshot& snap, std::string_view key, std::string_view* value) const;
  void Commit(std::span<const plinth_write> writes);
  // LMDB's estimate plus the keys the tables hold in the range (a key both in LMDB and
  // a table counts twice: an estimate, not a count).
  void Estimate(std::string_view lo, std::string_view hi, uint64_t* keys, uint64_t* bytes);
  const LmdbConfig& config() const { return lmdb_.config(); }

 private:
  void Recover();
  // These require commit_mu_ held (through `lock`). AwaitFlush waits for the flusher
  // to finish a table (or fail: then it throws); Freeze requires !frozen_.
  void AwaitFlush(std::unique_lock<std::mutex>& lock);
  void Freeze();
  void WakeFlusher();
  void CommitDirect(std::span<const plinth_write> writes, std::unique_lock<std::mutex>& lock);
  void FlusherLoop();
  // Writes the frozen table (held in `file`) into LMDB, retires the file, drops the
  // table. The flusher thread's work, or the destructor's once the flusher stopped.
  void FlushFrozen(const MemTable& table, int file);

  LmdbStore lmdb_;
  LogFn log_;
  std::unique_ptr<WalFiles> wal_;  // null with wal = off: every commit goes to LMDB
  uint64_t direct_bytes_;          // batches above this skip the log

  std::mutex commit_mu_;  // serializes commits and freezes; guards frozen_'s clearing
  std::condition_variable frozen_cleared_;
  mutable std::mutex tables_mu_;  // the two pointers, as snapshots read them
  std::shared_ptr<MemTable> active_;
  std::shared_ptr<MemTable> frozen_;
  int frozen_file_ = -1;
  std::atomic<uint64_t> seq_{0};
  std::string flush_error_;  // the flusher's last failure, empty once it succeeds

  std::mutex flusher_mu_;
  std::condition_variable flusher_wake_;
  bool stopping_ = false;
  bool flush_requested_ = false;  // a table is frozen (or a commit waits): flush now
  std::thread flusher_;
};

}  // namespace plinth::storage_lmdb
