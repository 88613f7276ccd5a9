#include "engine/executor/key_index.h"

#include "engine/executor/join_hash_table.h"

namespace plinth {

void KeyIndex::Clear() {
  slots_.clear();
  keys_.clear();
  mask_ = 0;
}

uint32_t KeyIndex::FindOrAdd(std::string_view key, bool* added) {
  *added = false;
  if (keys_.size() * 2 >= slots_.size()) Grow();
  uint64_t hash = HashKeyBytes(key);
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.number == kEmpty) {
      slot = Slot{hash, static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key.size())};
      keys_.emplace_back(key);
      *added = true;
      return slot.number;
    }
    // Up to 8 bytes, equal hashes and lengths mean equal keys (HashKeyBytes).
    if (slot.hash == hash && slot.length == key.size() && (key.size() <= 8 || keys_[slot.number] == key))
      return slot.number;
  }
}

void KeyIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
  mask_ = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.number == kEmpty) continue;
    uint64_t i = s.hash & mask_;
    while (slots_[i].number != kEmpty) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

}  // namespace plinth
