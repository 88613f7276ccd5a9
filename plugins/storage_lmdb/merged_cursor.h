// MergedCursor: one ordered view over several sources, newest source first.
//
// A snapshot of LoggedStore is LMDB plus up to two memtables of commits that are
// logged but not yet written to LMDB. For a key present in several sources the newest
// source's entry wins; a winning tombstone hides the key altogether.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace plinth::storage_lmdb {

// One source's ordered entries as the snapshot sees them. Seek and Step follow the
// storage ABI (first key >= target / last key <= target; false when there is none).
class SourceCursor {
 public:
  virtual ~SourceCursor() = default;
  virtual bool Seek(std::string_view key, bool backward) = 0;
  virtual bool Step(bool backward) = 0;
  // Valid after Seek/Step returned true; slices live as long as the snapshot.
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  virtual bool tombstone() const = 0;
};

class MergedCursor {
 public:
  // sources[0] is the newest. The cursor does not own them.
  explicit MergedCursor(std::vector<SourceCursor*> sources);
  bool Seek(std::string_view key, bool backward);
  bool Step(bool backward);
  bool Current(std::string_view* key, std::string_view* value) const;

 private:
  // From the sources' positions, find the entry to show in the current direction,
  // stepping over tombstones. False (and unpositioned) when there is none.
  bool Settle();
  // Moves every valid source positioned at `key` one step in the current direction.
  void StepPast(std::string_view key);
  // Whether a's key comes before b's in the current direction.
  bool Ahead(std::string_view a, std::string_view b) const;

  std::vector<SourceCursor*> sources_;
  std::vector<bool> valid_;
  bool backward_ = false;
  int winner_ = -1;      // source showing the current entry; -1 = unpositioned
  std::string current_;  // the current key, copied: stepping its source moves the slice
};

}  // namespace plinth::storage_lmdb
