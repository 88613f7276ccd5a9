// The hash join's table: the build side's row numbers by join key. Open addressing with
// linear probing over one flat array of slots (hash, row, entry), at most half full:
// a probe reads the consecutive slots from its hash's home slot up to an empty one,
// usually one cache line, and compares key bytes only when the 64-bit hashes agree
// (for 8-byte keys not even then). Rows with equal keys come back in the order they
// were added (the join's output order then does not depend on the table).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/types/value.h"

namespace plinth {

// Appends one part of a hash key (a join key, a group key: a value of `type`, not
// null) to *key. Parts at one position always have the same type, so the bytes only
// have to be exact within one type (equal values, equal bytes) and self-delimiting, not
// ordered: integer types, whose equality is their payload's, go in as 8 raw bytes
// instead of through the order-preserving key encoding, everything else through it.
void AppendHashKeyPart(Oid type, const Value& v, std::string* key);

// A 64-bit hash of key bytes whose low bits mix all of them. On keys of at most 8 bytes
// (one integer, a short text) it is injective among keys of one length: equal hashes
// of two keys of the same length up to 8 mean equal keys.
uint64_t HashKeyBytes(std::string_view key);

class JoinHashTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Starts over with room for n keys.
  void Reset(size_t n);
  // Adds a build row under its encoded key (AppendHashKeyPart or RowIdentity). Rows are
  // numbered by the caller.
  void Add(std::string_view key, uint32_t row);
  // Links the chains; call once after the last Add, before probing.
  void Finish();

  // The first match (a slot) whose key equals key, or kNone; then Next() until kNone.
  // row() gives a match's build row.
  uint32_t First(std::string_view key, uint64_t* hash) const;
  uint32_t Next(uint32_t previous, std::string_view key, uint64_t hash) const;
  // First() for a key whose HashKeyBytes is known.
  uint32_t Find(std::string_view key, uint64_t hash) const {
    return slots_.empty() ? kNone : Scan(hash & mask_, key, hash);
  }
  // Starts loading the slot a key of this hash starts at, for a Find() soon after.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }
  uint32_t row(uint32_t match) const { return slots_[match].row; }

  size_t size() const { return keys_.size(); }

 private:
  struct Entry {  // an added row, until Finish places it
    uint64_t hash;
    uint32_t row;
  };
  struct Slot {
    uint64_t hash;
    uint32_t row;
    uint32_t entry;  // the row's number in the order added (its key in keys_), or kNone: empty
  };
  uint32_t Scan(uint64_t slot, std::string_view key, uint64_t hash) const;

  std::vector<Entry> entries_;
  std::vector<std::string> keys_;  // in the order added
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  // Every key added is 8 bytes long: a probe with an 8-byte key needs no key compare.
  bool all_keys_8_bytes_ = true;
};

}  // namespace plinth
