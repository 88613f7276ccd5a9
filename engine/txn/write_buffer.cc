#include "engine/txn/write_buffer.h"

#include <algorithm>

namespace plinth {

namespace {

// Segments are keyed by the first 9 bytes of a key: the data tag, table and index id
// of rows and index entries (keys.h). Shorter keys are segments of their own. A
// segment id is a prefix of all its keys, so ordering segments by id and keys within
// each orders all keys.
constexpr size_t kSegmentIdBytes = 9;

std::string_view SegmentOf(std::string_view key) { return key.substr(0, std::min(key.size(), kSegmentIdBytes)); }

bool KeyBelow(const WriteOp& w, std::string_view key) { return std::string_view(w.key) < key; }

BufferedWrite View(const WriteOp& w) { return BufferedWrite{w.key, w.op == PLINTH_WRITE_PUT ? &w.value : nullptr}; }

}  // namespace

WriteBuffer& WriteBuffer::operator=(const WriteBuffer& other) {
  if (this != &other) {
    segments_ = other.segments_;
    size_ = other.size_;
    last_ = nullptr;
    last_id_.clear();
  }
  return *this;
}

WriteBuffer::Segment& WriteBuffer::SegmentFor(std::string_view key) {
  std::string_view id = SegmentOf(key);
  if (!last_ || last_id_ != id) {
    auto it = segments_.find(id);
    if (it == segments_.end()) it = segments_.emplace(std::string(id), Segment{}).first;
    last_ = &it->second;
    last_id_.assign(id);
  }
  return *last_;
}

void WriteBuffer::Reserve(std::string_view key, size_t n) {
  // A little more than asked: when this segment becomes the batch (TakeBatch), the
  // few writes of other segments (the catalog's) join it without a reallocation.
  constexpr size_t kRoomForOthers = 64;
  Segment& seg = SegmentFor(key);
  seg.sorted.reserve(seg.sorted.size() + n + kRoomForOthers);
}

void WriteBuffer::Set(std::string key, std::optional<std::string> value) {
  Segment& seg = SegmentFor(key);
  plinth_write_op op = value ? PLINTH_WRITE_PUT : PLINTH_WRITE_DELETE;
  if (seg.sorted.empty() || std::string_view(seg.sorted.back().key) < std::string_view(key)) {
    // The bulk case. Beyond the vector's last key, so in neither container yet (a
    // stray is always below it).
    seg.sorted.push_back(WriteOp{op, std::move(key), value ? std::move(*value) : std::string(), {}});
    size_++;
    return;
  }
  auto it = std::lower_bound(seg.sorted.begin(), seg.sorted.end(), std::string_view(key), KeyBelow);
  if (it != seg.sorted.end() && it->key == key) {
    it->op = op;
    if (value) it->value = std::move(*value);
    else it->value.clear();
    return;
  }
  if (seg.strays.insert_or_assign(std::move(key), std::move(value)).second) size_++;
}

std::optional<BufferedWrite> WriteBuffer::Find(std::string_view key) const {
  auto s = segments_.find(SegmentOf(key));
  if (s == segments_.end()) return std::nullopt;
  const Segment& seg = s->second;
  if (!seg.sorted.empty() && std::string_view(seg.sorted.back().key) >= key) {
    auto it = std::lower_bound(seg.sorted.begin(), seg.sorted.end(), key, KeyBelow);
    if (it != seg.sorted.end() && it->key == key) return View(*it);
  }
  if (seg.strays.empty()) return std::nullopt;
  auto it = seg.strays.find(key);
  if (it == seg.strays.end()) return std::nullopt;
  return BufferedWrite{it->first, it->second ? &*it->second : nullptr};
}

std::vector<WriteOp> WriteBuffer::TakeBatch() {
  // The biggest segment without strays becomes the batch as it is (a bulk load's rows);
  // the other segments follow it, each in key order.
  Segment* base = nullptr;
  for (auto& [id, seg] : segments_)
    if (seg.strays.empty() && (!base || seg.sorted.size() > base->sorted.size())) base = &seg;
  std::vector<WriteOp> batch;
  if (base) batch = std::move(base->sorted);
  batch.reserve(size_);
  for (auto& [id, seg] : segments_) {
    if (&seg == base) continue;
    // Merge the two key-ordered sequences (their keys are disjoint).
    auto next = seg.sorted.begin();
    while (!seg.strays.empty()) {
      auto node = seg.strays.extract(seg.strays.begin());
      for (; next != seg.sorted.end() && next->key < node.key(); ++next) batch.push_back(std::move(*next));
      if (node.mapped())
        batch.push_back(WriteOp{PLINTH_WRITE_PUT, std::move(node.key()), std::move(*node.mapped()), {}});
      else
        batch.push_back(WriteOp{PLINTH_WRITE_DELETE, std::move(node.key()), {}, {}});
    }
    for (; next != seg.sorted.end(); ++next) batch.push_back(std::move(*next));
  }
  segments_.clear();
  last_ = nullptr;
  last_id_.clear();
  size_ = 0;
  return batch;
}

WriteBuffer::Cursor WriteBuffer::Range(std::string_view lo, std::string_view hi) const {
  Cursor c;
  c.lo_.assign(lo);
  c.hi_.assign(hi);
  // A segment below lo's holds only keys below lo.
  c.segment_ = segments_.lower_bound(SegmentOf(lo));
  c.segments_end_ = segments_.end();
  c.EnterSegment();
  return c;
}

void WriteBuffer::Cursor::EnterSegment() {
  for (; segment_ != segments_end_; ++segment_) {
    // Every key of a segment starts with its id, so none is below it.
    if (!hi_.empty() && std::string_view(segment_->first) >= std::string_view(hi_)) {
      segment_ = segments_end_;
      return;
    }
    const Segment& seg = segment_->second;
    pos_ = std::lower_bound(seg.sorted.begin(), seg.sorted.end(), lo_, KeyBelow) - seg.sorted.begin();
    end_ = hi_.empty() ? seg.sorted.size()
                       : std::lower_bound(seg.sorted.begin(), seg.sorted.end(), hi_, KeyBelow) - seg.sorted.begin();
    stray_ = seg.strays.lower_bound(lo_);
    stray_end_ = hi_.empty() ? seg.strays.end() : seg.strays.lower_bound(hi_);
    if (pos_ < end_ || stray_ != stray_end_) return;
  }
}

// A rollback to a savepoint may shrink a vector under an open cursor: never read past
// its current end.
bool WriteBuffer::Cursor::SortedFirst() const {
  const std::vector<WriteOp>& sorted = segment_->second.sorted;
  if (pos_ >= std::min(end_, sorted.size())) return false;
  return stray_ == stray_end_ || std::string_view(sorted[pos_].key) < std::string_view(stray_->first);
}

bool WriteBuffer::Cursor::valid() const {
  return segment_ != segments_end_ && (SortedFirst() || stray_ != stray_end_);
}

BufferedWrite WriteBuffer::Cursor::current() const {
  if (SortedFirst()) return View(segment_->second.sorted[pos_]);
  return BufferedWrite{stray_->first, stray_->second ? &*stray_->second : nullptr};
}

void WriteBuffer::Cursor::Next() {
  if (SortedFirst()) pos_++;
  else ++stray_;
  if (SortedFirst() || stray_ != stray_end_) return;
  ++segment_;
  EnterSegment();
}

}  // namespace plinth
