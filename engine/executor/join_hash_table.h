// The hash join's table: the build side's row numbers by join key. Chained hashing over
// flat arrays — a bucket-head array and one entry (hash, next link, row) per build row —
// instead of a node-based map of vectors: a probe touches the bucket head and the
// entries of its chain, and compares key bytes only when the 64-bit hashes agree.
// Rows with equal keys come back in the order they were added (the join's output order
// then does not depend on the table).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plinth {

class JoinHashTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Starts over with room for n keys.
  void Reset(size_t n);
  // Adds a build row under its encoded key (RowIdentity). Rows are numbered by the caller.
  void Add(std::string key, uint32_t row);
  // Links the chains; call once after the last Add, before probing.
  void Finish();

  // The first entry whose key equals key, or kNone; then Next() until kNone. row()
  // gives an entry's build row.
  uint32_t First(std::string_view key, uint64_t* hash) const;
  uint32_t Next(uint32_t previous, std::string_view key, uint64_t hash) const;
  uint32_t row(uint32_t entry) const { return entries_[entry].row; }

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    uint64_t hash;
    uint32_t next;  // index into entries_ of the next entry in the bucket, or kNone
    uint32_t row;
  };
  uint32_t Scan(uint32_t entry, std::string_view key, uint64_t hash) const;
  static uint64_t Hash(std::string_view key);

  std::vector<Entry> entries_;
  std::vector<std::string> keys_;  // parallel to entries_
  std::vector<uint32_t> heads_;    // per bucket: first entry, or kNone
  uint64_t mask_ = 0;
};

}  // namespace plinth
