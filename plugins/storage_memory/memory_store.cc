#include "memory_store.h"

#include <algorithm>
#include <utility>

#include "store_error.h"

namespace plinth::storage_memory {
namespace {

// Walk at most this many keys in Estimate() before extrapolating, so a planner call
// never holds the shared lock for long.
constexpr uint64_t kEstimateWalkBudget = 100000;

std::string_view View(const plinth_bytes& b) {
  return {reinterpret_cast<const char*>(b.data), b.len};
}

void CheckSlice(const plinth_bytes& b, const char* what, size_t index) {
  if (b.data == nullptr && b.len != 0) {
    throw StoreError("22023", "write " + std::to_string(index) + ": " + what +
                                  " has a null pointer and a non-zero length");
  }
}

bool IsLive(const Chain& chain) { return chain.newest && !chain.newest->tombstone; }

// Frees a chain iteratively: the default recursive unique_ptr destruction could
// overflow the stack on a key updated millions of times under a long snapshot.
void FreeChain(std::unique_ptr<Version> v) {
  while (v) v = std::move(v->older);
}

std::unique_ptr<Version> MakeVersion(Seq seq, bool tombstone, std::string_view value) {
  auto v = std::make_unique<Version>();
  v->seq = seq;
  v->tombstone = tombstone;
  v->value.assign(value);
  return v;
}

// The batch reduced to its net effect: the key ranges it clears (merged, disjoint)
// are applied first, then the last PUT/DELETE of every key. A point write that an
// in-batch DELETE_RANGE later covers is dropped, so this equals applying in order.
struct NetBatch {
  std::vector<std::pair<std::string_view, std::string_view>> cleared_ranges;
  std::map<std::string_view, const plinth_write*, std::less<>> points;
};

NetBatch Reduce(std::span<const plinth_write> writes) {
  NetBatch net;
  for (size_t i = 0; i < writes.size(); i++) {
    const plinth_write& w = writes[i];
    CheckSlice(w.key, "key", i);
    switch (w.op) {
      case PLINTH_WRITE_PUT:
        CheckSlice(w.value, "value", i);
        net.points[View(w.key)] = &w;
        break;
      case PLINTH_WRITE_DELETE:
        net.points[View(w.key)] = &w;
        break;
      case PLINTH_WRITE_DELETE_RANGE: {
        CheckSlice(w.end_key, "end_key", i);
        std::string_view lo = View(w.key), hi = View(w.end_key);
        if (lo >= hi) break;  // an empty range removes nothing
        net.points.erase(net.points.lower_bound(lo), net.points.lower_bound(hi));
        net.cleared_ranges.emplace_back(lo, hi);
        break;
      }
      default:
        throw StoreError("22023", "write " + std::to_string(i) + ": unknown write op " +
                                      std::to_string(w.op));
    }
  }
  auto& r = net.cleared_ranges;
  std::sort(r.begin(), r.end());
  std::vector<std::pair<std::string_view, std::string_view>> merged;
  for (const auto& range : r) {
    if (!merged.empty() && range.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, range.second);
    } else {
      merged.push_back(range);
    }
  }
  r = std::move(merged);
  return net;
}

}  // namespace

Chain::~Chain() { FreeChain(std::move(newest)); }

const Version* MemoryStore::VisibleAt(const Chain& chain, Seq seq) {
  const Version* v = chain.newest.get();
  while (v && v->seq > seq) v = v->older.get();
  return v;
}

MemoryStore::Snapshot* MemoryStore::OpenSnapshot() {
  auto snap = std::make_unique<Snapshot>(Snapshot{this, 0});
  std::lock_guard lock(registry_mu_);
  snap->seq = committed_seq_.load(std::memory_order_acquire);
  ++open_snapshots_[snap->seq];
  return snap.release();
}

void MemoryStore::CloseSnapshot(Snapshot* snap) {
  bool was_oldest;
  {
    std::lock_guard lock(registry_mu_);
    auto it = open_snapshots_.find(snap->seq);
    was_oldest = it == open_snapshots_.begin();
    if (--it->second == 0) open_snapshots_.erase(it);
  }
  delete snap;
  // The oldest reader leaving may free versions that the last commit had to keep.
  // Collect opportunistically; if readers are busy, the next commit will do it.
  if (was_oldest && map_mu_.try_lock()) {
    std::unique_lock lock(map_mu_, std::adopt_lock);
    CollectGarbage(Horizon());
  }
}

const Version* MemoryStore::Get(const Snapshot& snap, std::string_view key) const {
  std::shared_lock lock(map_mu_);
  auto it = map_.find(key);
  if (it == map_.end()) return nullptr;
  const Version* v = VisibleAt(it->second, snap.seq);
  return v && !v->tombstone ? v : nullptr;
}

void MemoryStore::Commit(std::span<const plinth_write> writes) {
  NetBatch net = Reduce(writes);  // validates; allocates nothing shared

  struct Pending {
    Map::iterator it;
    std::unique_ptr<Version> version;
    bool inserted;  // the map node was created for this batch
  };
  std::vector<Pending> pending;

  std::unique_lock lock(map_mu_);
  const Seq seq = committed_seq_.load(std::memory_order_relaxed) + 1;

  // Phase 1: allocate everything the batch needs. Anything may throw here; the only
  // shared change so far is new (empty) map nodes, removed again on failure.
  try {
    for (const auto& [lo, hi] : net.cleared_ranges) {
      for (auto it = map_.lower_bound(lo); it != map_.end() && it->first < hi; ++it) {
        if (IsLive(it->second) && !net.points.contains(it->first)) {
          pending.push_back({it, MakeVersion(seq, true, {}), false});
        }
      }
    }
    pending.reserve(pending.size() + net.points.size());
    for (const auto& [key, w] : net.points) {
      if (w->op == PLINTH_WRITE_DELETE) {
        auto it = map_.find(key);
        if (it == map_.end() || !IsLive(it->second)) continue;  // already absent
        pending.push_back({it, MakeVersion(seq, true, {}), false});
      } else {
        auto version = MakeVersion(seq, false, View(w->value));
        auto [it, inserted] = map_.try_emplace(std::string(key));
        pending.push_back({it, std::move(version), inserted});
      }
    }
    if (gc_head_ > 0 && gc_head_ * 2 >= gc_queue_.size()) {
      gc_queue_.erase(gc_queue_.begin(), gc_queue_.begin() + gc_head_);
      gc_head_ = 0;
    }
    // Reserve geometrically (an exact reserve per commit would copy the queue every
    // time), so that phase 2's push_backs cannot throw.
    const size_t needed = gc_queue_.size() + pending.size();
    if (needed > gc_queue_.capacity()) gc_queue_.reserve(std::max(needed, gc_queue_.capacity() * 2));
  } catch (...) {
    for (auto& p : pending) {
      if (p.inserted) map_.erase(p.it);
    }
    throw;
  }

  // Phase 2: link the new versions in. Nothing below allocates or throws.
  for (auto& p : pending) {
    Chain& chain = p.it->second;
    if (IsLive(chain)) {
      live_keys_--;
      live_bytes_ -= p.it->first.size() + chain.newest->value.size();
    }
    if (!p.version->tombstone) {
      live_keys_++;
      live_bytes_ += p.it->first.size() + p.version->value.size();
    }
    p.version->older = std::move(chain.newest);
    chain.newest = std::move(p.version);
    gc_queue_.push_back({seq, p.it});
  }
  committed_seq_.store(seq, std::memory_order_release);
  CollectGarbage(Horizon());
}

Seq MemoryStore::Horizon() const {
  std::lock_guard lock(registry_mu_);
  Seq committed = committed_seq_.load(std::memory_order_acquire);
  return open_snapshots_.empty() ? committed : std::min(open_snapshots_.begin()->first, committed);
}

void MemoryStore::CollectGarbage(Seq horizon) {
  while (gc_head_ < gc_queue_.size() && gc_queue_[gc_head_].seq <= horizon) {
    const GcEntry entry = gc_queue_[gc_head_++];
    Chain& chain = entry.key->second;
    // Every snapshot sees this version or a newer one; everything older is garbage.
    Version* oldest_needed = chain.newest.get();
    while (oldest_needed && oldest_needed->seq > horizon) oldest_needed = oldest_needed->older.get();
    if (!oldest_needed) continue;
    FreeChain(std::move(oldest_needed->older));
    // A lone tombstone nobody can see past is the key's end. Erase only on the entry
    // of that tombstone itself: it is the key's last queue entry, so no later entry
    // is left holding the erased iterator.
    if (oldest_needed == chain.newest.get() && oldest_needed->tombstone &&
        oldest_needed->seq == entry.seq) {
      map_.erase(entry.key);
    }
  }
}

void MemoryStore::Estimate(std::string_view lo, std::string_view hi, uint64_t* keys,
                           uint64_t* bytes) const {
  std::shared_lock lock(map_mu_);
  if (lo.empty() && hi.empty()) {
    *keys = live_keys_;
    *bytes = live_bytes_;
    return;
  }
  uint64_t n = 0, b = 0;
  auto it = map_.lower_bound(lo);
  for (; it != map_.end() && (hi.empty() || it->first < hi); ++it) {
    if (!IsLive(it->second)) continue;
    if (n == kEstimateWalkBudget) break;
    n++;
    b += it->first.size() + it->second.newest->value.size();
  }
  if (n == kEstimateWalkBudget && it != map_.end() && (hi.empty() || it->first < hi)) {
    // Over budget: the rest of the range holds between 0 and all the remaining keys.
    // Guess half, with the average entry size seen so far.
    uint64_t rest = live_keys_ > n ? (live_keys_ - n) / 2 : 0;
    b += n ? rest * (b / n) : 0;
    n += rest;
  }
  *keys = n;
  *bytes = b;
}

size_t MemoryStore::VersionCountForTesting() const {
  std::shared_lock lock(map_mu_);
  size_t n = 0;
  for (const auto& [key, chain] : map_) {
    for (const Version* v = chain.newest.get(); v; v = v->older.get()) n++;
  }
  return n;
}

bool MemoryStore::Cursor::Settle(bool backward) {
  const Map& map = snap_->store->map_;
  for (;;) {
    if (it_ == map.end()) break;
    const Version* v = VisibleAt(it_->second, snap_->seq);
    if (v && !v->tombstone) {
      version_ = v;
      return true;
    }
    if (!backward) {
      ++it_;
    } else {
      if (it_ == map.begin()) break;
      --it_;
    }
  }
  version_ = nullptr;
  return false;
}

bool MemoryStore::Cursor::Seek(std::string_view key, bool backward) {
  std::shared_lock lock(snap_->store->map_mu_);
  const Map& map = snap_->store->map_;
  if (!backward) {
    it_ = map.lower_bound(key);
    return Settle(false);
  }
  it_ = map.upper_bound(key);  // first key > key; the answer is before it
  if (it_ == map.begin()) {
    version_ = nullptr;
    return false;
  }
  --it_;
  return Settle(true);
}

bool MemoryStore::Cursor::Step(bool backward) {
  if (!version_) return false;
  std::shared_lock lock(snap_->store->map_mu_);
  if (!backward) {
    ++it_;
    return Settle(false);
  }
  if (it_ == snap_->store->map_.begin()) {
    version_ = nullptr;
    return false;
  }
  --it_;
  return Settle(true);
}

bool MemoryStore::Cursor::Current(std::string_view* key, std::string_view* value) const {
  if (!version_) return false;
  // Neither the node's key nor the visible version can be freed while the snapshot
  // is open (see memory_store.h), so no lock is needed here.
  *key = it_->first;
  *value = version_->value;
  return true;
}

}  // namespace plinth::storage_memory
