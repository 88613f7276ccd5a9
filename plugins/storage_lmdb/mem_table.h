// MemTable: commits that are in the write-ahead log but not yet in LMDB.
//
// An ordered map from key to a newest-first chain of versions, each stamped with the
// commit sequence that wrote it (a delete is a tombstone version). A snapshot at
// sequence s sees, per key, the newest version with seq <= s, or nothing from this
// table when every version is newer. Versions are never removed: the whole table is
// dropped once LMDB holds its contents and no snapshot refers to it, so slices handed
// out stay valid for as long as a snapshot holds the table.
//
// Locking: commits (serialized by the caller) hold the table's mutex exclusively while
// linking versions in; readers hold it shared for one lookup or cursor move.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>

#include "merged_cursor.h"
#include "plinth/storage.h"

namespace plinth::storage_lmdb {

class MemTable {
 public:
  struct Version {
    uint64_t seq;
    bool tombstone;
    std::string value;
    Version* older;  // owned; freed iteratively by Chain (chains of hot keys grow long)
  };
  struct Chain {
    Chain() = default;
    Chain(const Chain&) = delete;
    Chain& operator=(const Chain&) = delete;
    ~Chain();
    Version* newest = nullptr;
  };
  using Map = std::map<std::string, Chain, std::less<>>;

  // Sources of a MergedCursor over this table as of `seq`.
  class Cursor final : public SourceCursor {
   public:
    Cursor(const MemTable* table, uint64_t seq) : table_(table), seq_(seq) {}
    bool Seek(std::string_view key, bool backward) override;
    bool Step(bool backward) override;
    std::string_view key() const override { return it_->first; }
    std::string_view value() const override { return version_->value; }
    bool tombstone() const override { return version_->tombstone; }

   private:
    // From it_, moves to the nearest key with a version visible at seq_.
    bool Settle(bool backward);
    const MemTable* table_;
    uint64_t seq_;
    Map::const_iterator it_;
    const Version* version_ = nullptr;
  };

  // Links a commit's puts and deletes in at `seq` (range deletes never come here).
  void Apply(std::span<const plinth_write> writes, uint64_t seq);
  // The version of `key` visible at `seq`, or null when this table has none.
  const Version* Find(std::string_view key, uint64_t seq) const;

  // Keys whose newest version is a value, and their key+value bytes, in [lo, hi)
  // (hi empty = to the end); counts at most `budget` keys.
  void Count(std::string_view lo, std::string_view hi, size_t budget, uint64_t* keys,
             uint64_t* bytes) const;

  bool empty() const { return bytes_.load(std::memory_order_acquire) == 0; }
  // Keys and values written so far, a measure of what a flush will write.
  size_t bytes() const { return bytes_.load(std::memory_order_acquire); }
  std::chrono::steady_clock::time_point first_write() const { return first_write_; }

  // Calls f(key, newest version) for every key in order. Only for a table no commit
  // writes to any more (frozen), so no lock is needed.
  template <typename F>
  void ForEachLatest(F&& f) const {
    for (const auto& [key, chain] : map_) f(std::string_view(key), *chain.newest);
  }

 private:
  static const Version* VisibleAt(const Chain& chain, uint64_t seq);

  mutable std::shared_mutex mu_;
  Map map_;
  std::atomic<size_t> bytes_{0};
  std::chrono::steady_clock::time_point first_write_;
};

}  // namespace plinth::storage_lmdb
