#include "range_estimate.h"

#include <algorithm>
#include <cmath>

namespace plinth::storage_lmdb {
namespace {

size_t CommonPrefix(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size()), i = 0;
  while (i < n && a[i] == b[i]) i++;
  return i;
}

// The 8 bytes of key after `skip`, zero-padded, as a number in [0, 2^64).
double Position(std::string_view key, size_t skip) {
  double pos = 0;
  for (size_t i = 0; i < 8; i++) {
    unsigned char byte = skip + i < key.size() ? static_cast<unsigned char>(key[skip + i]) : 0;
    pos = pos * 256 + byte;
  }
  return pos;
}

}  // namespace

uint64_t ExtrapolateRemaining(uint64_t walked, std::string_view first, std::string_view last,
                              std::string_view end) {
  size_t skip = std::min(CommonPrefix(first, last), CommonPrefix(first, end));
  double p_first = Position(first, skip), p_last = Position(last, skip), p_end = Position(end, skip);
  if (!(p_last > p_first) || !(p_end > p_last)) return walked;  // no resolution: guess as many again
  double density = static_cast<double>(walked) / (p_last - p_first);
  double remaining = density * (p_end - p_last);
  return remaining >= 1e18 ? uint64_t{1000000000000000000} : static_cast<uint64_t>(std::llround(remaining));
}

}  // namespace plinth::storage_lmdb
