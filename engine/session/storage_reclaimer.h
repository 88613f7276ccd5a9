// Deletes the key ranges of dropped and rewritten tables in the background.
//
// A table's rows live under one storage range (TableDef::storage_id). DROP TABLE and
// the table rewrites (table_rewrite.h) leave a range no catalog entry points to, and
// deleting a million keys takes storage_lmdb about 0.3 s, which the DDL's commit should
// not wait for (PostgreSQL unlinks a relation's files; the file system frees them). So
// the DDL's commit records the range as dead under a meta key, in the same atomic batch
// that drops it from the catalog, and this deletes its keys afterwards, a chunk per
// storage commit, and the meta key with the last chunk. After a restart the recorded
// ranges are picked up again.
//
// Nothing reads or writes a dead range: the catalog no longer names it, and a
// transaction that wrote it before the DDL committed is refused at its own commit
// (Database::WritesLiveStorage). Storage ids are never reused.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/storage/store.h"

namespace plinth {

class StorageReclaimer {
 public:
  explicit StorageReclaimer(const Store* store) : store_(store) {}
  // Stops after the chunk in progress; what is left stays recorded for the next open.
  ~StorageReclaimer();
  StorageReclaimer(const StorageReclaimer&) = delete;
  StorageReclaimer& operator=(const StorageReclaimer&) = delete;

  // The write that records a range as dead: part of the commit that drops it.
  static WriteOp Record(Oid storage);
  // At open: starts on the ranges recorded by earlier runs.
  Status Resume();
  // After a commit that recorded these ranges, or for ranges nothing ever named.
  void Add(const std::vector<Oid>& storage);

  // Keys deleted per storage commit: small enough that a chunk holds storage's writer
  // briefly, large enough that the per-commit sync is noise.
  static constexpr size_t kChunkKeys = 65536;

 private:
  void Run();
  Status Reclaim(Oid storage);

  const Store* store_;
  std::mutex mu_;
  std::condition_variable cv_;  // work arrived, or stop
  std::deque<Oid> queue_;
  bool stop_ = false;
  std::thread thread_;  // started with the first range
};

}  // namespace plinth
