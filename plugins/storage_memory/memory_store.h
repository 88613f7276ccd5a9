// MemoryStore: an ordered key space kept entirely in memory, with multi-version
// concurrency so that snapshots are a number and never block commits for long.
//
// Layout: std::map<key, Chain>, each Chain a newest-first singly linked list of
// Versions stamped with the commit sequence that wrote them (a delete is a tombstone
// version). A snapshot is the sequence number committed when it was opened; it sees,
// for every key, the newest version whose seq <= its own.
//
// Locking: one std::shared_mutex over the map. Readers (get, cursor moves, estimate)
// hold it shared for a single call; commit holds it exclusively while it links the
// new versions in, then publishes the new sequence. Snapshots register their sequence
// in a small registry (its own mutex) so garbage collection knows the oldest sequence
// still being read (the "horizon").
//
// Pointer stability, which the ABI needs (slices valid until snapshot_close):
// std::map nodes never move, and a Version is freed only when no registered snapshot
// can see it; a map node is erased only when its key is a lone tombstone older than
// the horizon, i.e. invisible to every snapshot. So a cursor may keep a map iterator
// across calls and concurrent commits: its element cannot disappear under it.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plinth/storage.h"

namespace plinth::storage_memory {

using Seq = uint64_t;

struct Version {
  Seq seq = 0;
  bool tombstone = false;
  std::string value;
  std::unique_ptr<Version> older;
};

struct Chain {
  Chain() = default;
  Chain(const Chain&) = delete;
  Chain& operator=(const Chain&) = delete;
  ~Chain();  // frees the versions iteratively
  std::unique_ptr<Version> newest;
};

class MemoryStore {
 public:
  using Map = std::map<std::string, Chain, std::less<>>;

  struct Snapshot {
    MemoryStore* store;
    Seq seq;
  };

  class Cursor {
   public:
    explicit Cursor(Snapshot* snap) : snap_(snap) {}
    bool Seek(std::string_view key, bool backward);
    bool Step(bool backward);
    // False when unpositioned.
    bool Current(std::string_view* key, std::string_view* value) const;

   private:
    bool Settle(bool backward);  // from it_, move to the nearest visible entry
    Snapshot* snap_;
    Map::const_iterator it_;
    const Version* version_ = nullptr;  // the visible version at it_; null = unpositioned
  };

  MemoryStore() = default;
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;

  Snapshot* OpenSnapshot();
  void CloseSnapshot(Snapshot* snap);

  // Null when the key is absent from the snapshot's view. The returned version stays
  // alive until the snapshot is closed.
  const Version* Get(const Snapshot& snap, std::string_view key) const;

  // Applies the batch atomically: on any exception nothing has changed.
  void Commit(std::span<const plinth_write> writes);

  // Keys and key+value bytes of the latest committed state in [lo, hi); hi empty = to
  // the end. Exact below a walk budget, extrapolated above it.
  void Estimate(std::string_view lo, std::string_view hi, uint64_t* keys,
                uint64_t* bytes) const;

  size_t VersionCountForTesting() const;

 private:
  // A version written at `seq` whose older versions may become garbage once every
  // snapshot is at least that new.
  struct GcEntry {
    Seq seq;
    Map::iterator key;
  };

  static const Version* VisibleAt(const Chain& chain, Seq seq);
  Seq Horizon() const;                  // oldest sequence any snapshot may read
  void CollectGarbage(Seq horizon);     // requires map_mu_ held exclusively

  mutable std::shared_mutex map_mu_;
  Map map_;
  std::vector<GcEntry> gc_queue_;  // in seq order; [gc_head_, end) still pending
  size_t gc_head_ = 0;
  uint64_t live_keys_ = 0;   // latest state, maintained by Commit/GC under map_mu_
  uint64_t live_bytes_ = 0;

  std::atomic<Seq> committed_seq_{0};

  mutable std::mutex registry_mu_;
  std::map<Seq, uint32_t> open_snapshots_;  // seq -> number of snapshots at it
};

}  // namespace plinth::storage_memory
