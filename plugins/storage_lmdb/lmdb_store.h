// LmdbStore: plinth_storage_v1 semantics over one LMDB environment.
//
//  - A snapshot is an LMDB read-only transaction (MDB_NOTLS, so it may move between
//    threads). Closed snapshots' transactions are reset and pooled, so opening one
//    is a renew, not an allocation and reader-slot search.
//  - A commit is one write transaction; commits are serialized by commit_mu_.
//  - Keys are stored with a one-byte 0x00 prefix (LMDB refuses empty keys; a common
//    prefix keeps memcmp order). LMDB's default comparison is memcmp, shorter first.
//  - MDB_MAP_FULL never reaches the caller: the commit is aborted, the map doubled
//    and the batch retried. Remapping invalidates every pointer into the map, i.e.
//    every value handed out by an open snapshot, so growth first waits for open
//    snapshots to drain (new ones wait meanwhile); see ReaderGate.
#pragma once

#include <lmdb.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "data_dir.h"
#include "lmdb_config.h"
#include "plinth/storage.h"

namespace plinth::storage_lmdb {

class LmdbStore {
 public:
  struct Snapshot {
    LmdbStore* store;
    MDB_txn* txn;
  };

  class Cursor {
   public:
    explicit Cursor(Snapshot* snap);  // throws StoreError
    ~Cursor();
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    bool Seek(std::string_view key, bool backward);
    bool Step(bool backward);
    bool Current(std::string_view* key, std::string_view* value) const;

   private:
    bool Position(int rc);  // records the outcome of an mdb_cursor_get
    size_t max_key_size_;
    MDB_cursor* cursor_ = nullptr;
    bool positioned_ = false;
    MDB_val key_{}, value_{};
  };

  // Takes the directory lock, checks the format version, opens the environment.
  explicit LmdbStore(const LmdbConfig& config);
  ~LmdbStore();
  LmdbStore(const LmdbStore&) = delete;
  LmdbStore& operator=(const LmdbStore&) = delete;

  Snapshot* OpenSnapshot();
  void CloseSnapshot(Snapshot* snap) noexcept;
  // False when absent; *value points into the map, valid until the snapshot closes.
  bool Get(const Snapshot& snap, std::string_view key, std::string_view* value) const;
  void Commit(std::span<const plinth_write> writes);
  // Throws the StoreError Commit would for a put whose key LMDB cannot store.
  void CheckStorable(std::span<const plinth_write> writes) const;
  void Estimate(std::string_view lo, std::string_view hi, uint64_t* keys, uint64_t* bytes);

  const LmdbConfig& config() const { return config_; }

 private:
  // Counts open snapshots and lets GrowMap wait until there are none.
  struct ReaderGate {
    std::mutex mu;
    std::condition_variable cv;
    size_t open = 0;
    bool remapping = false;
    std::vector<MDB_txn*> idle;  // reset read transactions ready for renew
  };

  enum class Outcome { kCommitted, kMapFull };
  Outcome TryCommit(std::span<const plinth_write> writes);
  // The greatest stored key (as stored), or empty for an empty database.
  std::string LastKey(MDB_txn* txn) const;
  // False when the map filled up (the caller grows it and retries the batch).
  bool DeleteRange(MDB_txn* txn, std::string_view lo, std::string_view hi);
  void GrowMap();  // requires commit_mu_

  LmdbConfig config_;
  DirLock lock_;
  MDB_env* env_ = nullptr;
  MDB_dbi dbi_ = 0;
  size_t max_key_size_ = 0;  // user key bytes, after our prefix byte
  std::mutex commit_mu_;
  ReaderGate gate_;
};

}  // namespace plinth::storage_lmdb
