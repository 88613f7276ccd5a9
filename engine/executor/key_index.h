// Distinct byte-string keys numbered 0, 1, 2, ... in the order they are first seen: the
// hash aggregate's groups by their encoded group keys. Open addressing over a
// power-of-two array of slots (hash, number, length) kept at most half full: a lookup
// compares key bytes only when hash and length agree, and keys of up to 8 bytes (an
// integer, a short text) not at all: HashKeyBytes is injective on them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plinth {

class KeyIndex {
 public:
  // Forgets every key.
  void Clear();
  // The number of `key`; a key not seen before gets the next number (size() before the
  // call) and *added is set.
  uint32_t FindOrAdd(std::string_view key, bool* added);
  size_t size() const { return keys_.size(); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    uint32_t number = kEmpty;
    uint32_t length = 0;
  };
  void Grow();

  std::vector<Slot> slots_;
  std::vector<std::string> keys_;  // by number
  uint64_t mask_ = 0;
};

}  // namespace plinth
