#include "engine/executor/join_hash_table.h"

#include <cstring>
#include <functional>

#include "engine/types/types.h"

namespace plinth {

void AppendHashKeyPart(Oid type, const Value& v, std::string* key) {
  switch (type) {
    case oids::kInt2: case oids::kInt4: case oids::kInt8: case oids::kOid:
    case oids::kDate: case oids::kTime: case oids::kTimestamp: case oids::kTimestamptz:
      if (v.kind() == Value::Kind::Int) {
        int64_t i = v.as_int();
        key->append(reinterpret_cast<const char*>(&i), sizeof i);
        return;
      }
      break;
    case oids::kText: case oids::kVarchar: case oids::kName: case oids::kBytea:
      // Equal exactly when their bytes are (bpchar is not: it ignores trailing
      // blanks); a length first keeps the part self-delimiting.
      if (v.kind() == Value::Kind::Bytes && v.as_bytes().size() <= UINT32_MAX) {
        uint32_t n = static_cast<uint32_t>(v.as_bytes().size());
        key->append(reinterpret_cast<const char*>(&n), sizeof n);
        key->append(v.as_bytes());
        return;
      }
      break;
    default: break;
  }
  EncodeKey(type, v, false, key);
}

void JoinHashTable::Reset(size_t n) {
  entries_.clear();
  keys_.clear();
  entries_.reserve(n);
  keys_.reserve(n);
  slots_.clear();
  mask_ = 0;
  all_keys_8_bytes_ = true;
}

void JoinHashTable::Add(std::string_view key, uint32_t row) {
  entries_.push_back(Entry{HashKeyBytes(key), row});
  keys_.emplace_back(key);
  all_keys_8_bytes_ = all_keys_8_bytes_ && key.size() == 8;
}

void JoinHashTable::Finish() {
  if (entries_.empty()) return;
  // At least twice as many slots as keys (a power of two): short probe runs.
  size_t slots = 2;
  while (slots < entries_.size() * 2) slots <<= 1;
  slots_.assign(slots, Slot{0, kNone, kNone});
  mask_ = slots - 1;
  // In the order added: a row takes the first free slot from its hash's home slot,
  // after every earlier row of an equal key (slots are never freed), so a scan from
  // the home slot meets equal keys in the order they were added.
  for (size_t i = 0; i < entries_.size(); i++) {
    uint64_t at = entries_[i].hash & mask_;
    while (slots_[at].entry != kNone) at = (at + 1) & mask_;
    slots_[at] = Slot{entries_[i].hash, entries_[i].row, static_cast<uint32_t>(i)};
  }
  entries_.clear();
  entries_.shrink_to_fit();
}

uint64_t HashKeyBytes(std::string_view key) {
  if (key.size() <= 8) {
    // Short keys (one integer, a short text) as one 64-bit word, a shorter key with its
    // length in the top byte, then the 64-bit finalizer of MurmurHash3: every step
    // (xor-shift, odd multiply) can be undone, so distinct keys of one length never
    // share a hash, and the low bits mix all.
    uint64_t h = 0;
    if (key.size() == 8) {
      std::memcpy(&h, key.data(), 8);  // one load (a variable-size copy is a libc call)
    } else {
      for (size_t i = 0; i < key.size(); i++) h |= static_cast<uint64_t>(static_cast<uint8_t>(key[i])) << (8 * i);
      h |= static_cast<uint64_t>(key.size()) << 56;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb3fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
  }
  // std::hash is a good byte hash; spread it so that the low bits (the bucket) mix all.
  uint64_t h = std::hash<std::string_view>{}(key);
  return h ^ (h >> 29) ^ (h >> 47);
}

uint32_t JoinHashTable::Scan(uint64_t slot, std::string_view key, uint64_t hash) const {
  // With only 8-byte keys in the table, an 8-byte probe key equals a slot's key exactly
  // when the hashes agree (HashKeyBytes is a bijection on them): the key strings, a
  // cache miss away, are not read.
  bool hash_decides = all_keys_8_bytes_ && key.size() == 8;
  for (;; slot = (slot + 1) & mask_) {
    const Slot& s = slots_[slot];
    if (s.entry == kNone) return kNone;
    if (s.hash == hash && (hash_decides || keys_[s.entry] == key)) return static_cast<uint32_t>(slot);
  }
}

uint32_t JoinHashTable::First(std::string_view key, uint64_t* hash) const {
  if (slots_.empty()) return kNone;
  *hash = HashKeyBytes(key);
  return Scan(*hash & mask_, key, *hash);
}

uint32_t JoinHashTable::Next(uint32_t previous, std::string_view key, uint64_t hash) const {
  return Scan((previous + 1) & mask_, key, hash);
}

}  // namespace plinth
