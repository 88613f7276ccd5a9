#include "mem_table.h"

#include <mutex>

#include "range_estimate.h"

namespace plinth::storage_lmdb {

MemTable::Chain::~Chain() {
  while (newest) {
    Version* older = newest->older;
    delete newest;
    newest = older;
  }
}

void MemTable::Apply(std::span<const plinth_write> writes, uint64_t seq) {
  std::unique_lock lock(mu_);
  if (map_.empty()) first_write_ = std::chrono::steady_clock::now();
  size_t added = 0;
  Map::iterator hint = map_.end();
  for (const plinth_write& w : writes) {
    std::string_view key(reinterpret_cast<const char*>(w.key.data), w.key.len);
    // Keys of one commit mostly arrive in order: try just past the previous one first.
    if (hint == map_.end() || hint->first >= key || (std::next(hint) != map_.end() &&
                                                     std::next(hint)->first < key)) {
      hint = map_.lower_bound(key);
    } else {
      ++hint;
    }
    if (hint == map_.end() || hint->first != key) {
      hint = map_.emplace_hint(hint, std::piecewise_construct, std::forward_as_tuple(key),
                               std::forward_as_tuple());
    }
    const bool tombstone = w.op == PLINTH_WRITE_DELETE;
    auto* v = new Version{seq, tombstone,
                          tombstone ? std::string()
                                    : std::string(reinterpret_cast<const char*>(w.value.data),
                                                  w.value.len),
                          hint->second.newest};
    hint->second.newest = v;
    added += key.size() + v->value.size() + 1;
  }
  bytes_.fetch_add(added, std::memory_order_release);
}

const MemTable::Version* MemTable::VisibleAt(const Chain& chain, uint64_t seq) {
  const Version* v = chain.newest;
  while (v && v->seq > seq) v = v->older;
  return v;
}

const MemTable::Version* MemTable::Find(std::string_view key, uint64_t seq) const {
  std::shared_lock lock(mu_);
  auto it = map_.find(key);
  return it == map_.end() ? nullptr : VisibleAt(it->second, seq);
}

void MemTable::Count(std::string_view lo, std::string_view hi, size_t budget, uint64_t* keys,
                     uint64_t* bytes) const {
  std::shared_lock lock(mu_);
  uint64_t walked = 0, live = 0, live_bytes = 0;
  auto it = map_.lower_bound(lo);
  const auto first = it;
  Map::const_iterator last;
  for (; it != map_.end() && walked < budget; ++it) {
    if (!hi.empty() && it->first >= hi) break;
    last = it;
    walked++;
    if (it->second.newest->tombstone) continue;
    live++;
    live_bytes += it->first.size() + it->second.newest->value.size();
  }
  if (walked == budget && it != map_.end() && (hi.empty() || it->first < hi)) {
    // Too many to walk: assume the rest of the range is as dense, as LMDB's estimate does.
    const std::string end = hi.empty() ? std::prev(map_.end())->first + '\xff' : std::string(hi);
    const uint64_t rest = std::min<uint64_t>(
        ExtrapolateRemaining(walked, first->first, last->first, end), map_.size() - walked);
    live_bytes += walked ? rest * (live_bytes / walked) : 0;
    live += walked ? rest * live / walked : 0;
  }
  *keys += live;
  *bytes += live_bytes;
}

bool MemTable::Cursor::Seek(std::string_view key, bool backward) {
  std::shared_lock lock(table_->mu_);
  const Map& map = table_->map_;
  if (!backward) {
    it_ = map.lower_bound(key);
  } else {
    it_ = map.upper_bound(key);  // last key <= target is the one before
    if (it_ == map.begin()) return version_ = nullptr, false;
    --it_;
  }
  return Settle(backward);
}

bool MemTable::Cursor::Step(bool backward) {
  if (!version_) return false;
  std::shared_lock lock(table_->mu_);
  if (!backward) {
    ++it_;
  } else {
    if (it_ == table_->map_.begin()) return version_ = nullptr, false;
    --it_;
  }
  return Settle(backward);
}

bool MemTable::Cursor::Settle(bool backward) {
  const Map& map = table_->map_;
  for (;;) {
    if (it_ == map.end()) return version_ = nullptr, false;
    version_ = VisibleAt(it_->second, seq_);
    if (version_) return true;
    if (!backward) {
      ++it_;
    } else {
      if (it_ == map.begin()) return version_ = nullptr, false;
      --it_;
    }
  }
}

}  // namespace plinth::storage_lmdb
