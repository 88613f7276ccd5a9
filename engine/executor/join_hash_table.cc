#include "engine/executor/join_hash_table.h"

#include <functional>

namespace plinth {

void JoinHashTable::Reset(size_t n) {
  entries_.clear();
  keys_.clear();
  entries_.reserve(n);
  keys_.reserve(n);
  heads_.clear();
  mask_ = 0;
}

void JoinHashTable::Add(std::string key, uint32_t row) {
  entries_.push_back(Entry{Hash(key), kNone, row});
  keys_.push_back(std::move(key));
}

void JoinHashTable::Finish() {
  // Twice as many buckets as keys (a power of two): short chains.
  size_t buckets = 1;
  while (buckets < entries_.size() * 2) buckets <<= 1;
  heads_.assign(buckets, kNone);
  mask_ = buckets - 1;
  // Linking from the last entry to the first leaves every chain in insertion order.
  for (size_t i = entries_.size(); i-- > 0;) {
    uint32_t& head = heads_[entries_[i].hash & mask_];
    entries_[i].next = head;
    head = static_cast<uint32_t>(i);
  }
}

uint64_t JoinHashTable::Hash(std::string_view key) {
  // std::hash is a good byte hash; spread it so that the low bits (the bucket) mix all.
  uint64_t h = std::hash<std::string_view>{}(key);
  return h ^ (h >> 29) ^ (h >> 47);
}

uint32_t JoinHashTable::Scan(uint32_t entry, std::string_view key, uint64_t hash) const {
  for (; entry != kNone; entry = entries_[entry].next)
    if (entries_[entry].hash == hash && keys_[entry] == key) return entry;
  return kNone;
}

uint32_t JoinHashTable::First(std::string_view key, uint64_t* hash) const {
  if (heads_.empty()) return kNone;
  *hash = Hash(key);
  return Scan(heads_[*hash & mask_], key, *hash);
}

uint32_t JoinHashTable::Next(uint32_t previous, std::string_view key, uint64_t hash) const {
  return Scan(entries_[previous].next, key, hash);
}

}  // namespace plinth
