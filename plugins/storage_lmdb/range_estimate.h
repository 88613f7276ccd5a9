// Extrapolating a key count past a bounded cursor walk. LMDB has no rank query, so
// for a range too large to walk we assume the keys beyond the walk are as dense, in
// key space, as the ones walked: keys are mapped to numbers by reading the 8 bytes
// after their common prefix as a big-endian integer. Exact for dense integer keys,
// coarse for skewed text, always clamped by the caller to the store's total.
#pragma once

#include <cstdint>
#include <string_view>

namespace plinth::storage_lmdb {

// walked keys were seen between first and last (inclusive); how many more lie in
// (last, end)? `end` is the exclusive upper bound (or the greatest key + 1 byte).
uint64_t ExtrapolateRemaining(uint64_t walked, std::string_view first, std::string_view last,
                              std::string_view end);

}  // namespace plinth::storage_lmdb
