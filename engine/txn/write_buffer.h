// A transaction's buffered writes: the newest PUT or DELETE of each key, readable in
// key order, turned into one storage batch at COMMIT.
//
// Bulk writers (COPY, index builds, table rewrites) write a million rows at a time,
// each table or index in ascending key order, though one transaction may fill several
// tables in any order (pgbench loads branches, tellers, then accounts). So the buffer
// is split by key prefix (table and index id, see keys.h) into segments, and each
// segment is a sorted vector that such writes append to, with no search and no per-row
// tree node, and that COMMIT moves out as the batch as it is. Keys that arrive out of
// order (below their segment's last key and not in it) go to a map beside the vector;
// a key lives in exactly one of the two.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/storage/store.h"

namespace plinth {

// One buffered write as readers see it.
struct BufferedWrite {
  std::string_view key;
  const std::string* value;  // nullptr: the key is deleted in this transaction
};

class WriteBuffer {
  using Strays = std::map<std::string, std::optional<std::string>, std::less<>>;
  struct Segment {
    std::vector<WriteOp> sorted;  // ascending, unique keys; ops PUT or DELETE
    Strays strays;                // keys written below sorted.back() that sorted lacks
  };
  using Segments = std::map<std::string, Segment, std::less<>>;

 public:
  WriteBuffer() = default;
  // A copy (savepoints) shares nothing; its cache of the last segment starts empty.
  WriteBuffer(const WriteBuffer& other) : segments_(other.segments_), size_(other.size_) {}
  WriteBuffer& operator=(const WriteBuffer& other);

  void Put(std::string key, std::string value) { Set(std::move(key), std::move(value)); }
  void Delete(std::string key) { Set(std::move(key), std::nullopt); }
  // Room for n more writes in key's segment: a bulk writer that knows how many rows it
  // will write spares the vector its regrowth.
  void Reserve(std::string_view key, size_t n);
  // The buffered write of key, or nullopt when the transaction did not write it.
  std::optional<BufferedWrite> Find(std::string_view key) const;
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  // The writes as a storage batch (each key once), moved out: the buffer is empty
  // afterwards. Keys ascend within each segment; the biggest segment comes first and
  // is moved, not copied, so the batch ascends as a whole only when that is the first.
  std::vector<WriteOp> TakeBatch();

  // Walks the writes with keys in [lo, hi) (hi empty: to the end) in key order. It
  // holds positions, not iterators into the vectors, so writes made while it is open
  // never invalidate it; it does not visit keys appended to a vector after it reached
  // that vector.
  class Cursor {
   public:
    bool valid() const;
    BufferedWrite current() const;
    void Next();

   private:
    friend class WriteBuffer;
    bool SortedFirst() const;  // whether the vector's entry is the smaller current key
    void EnterSegment();       // positions in segment_, skipping segments with nothing in range
    std::string lo_, hi_;
    Segments::const_iterator segment_, segments_end_;
    size_t pos_ = 0, end_ = 0;
    Strays::const_iterator stray_, stray_end_;
  };
  Cursor Range(std::string_view lo, std::string_view hi) const;

 private:
  void Set(std::string key, std::optional<std::string> value);
  Segment& SegmentFor(std::string_view key);  // creates it if needed

  Segments segments_;        // by SegmentOf(key): concatenated in this order, keys ascend
  Segment* last_ = nullptr;  // the segment written last (a bulk load stays in one)
  std::string last_id_;
  size_t size_ = 0;
};

}  // namespace plinth
