// The commit sequence of the database and, per key, which commit last wrote it: the
// version information write-conflict detection needs.
//
// Every commit gets the next sequence number; it is persisted in the commit's own batch
// (keys::Meta("commit_seq")), so a snapshot knows exactly which commits it contains by
// reading that key, and the counter stays monotonic across restarts. The per-key
// "last writer" map is kept in memory only for as long as some open snapshot predates
// the write: a conflict can only be with a transaction that committed after a snapshot
// that is still in use, and after a restart no snapshot is older than the restart.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/storage/store.h"

namespace plinth {

class CommitLog {
 public:
  explicit CommitLog(uint64_t last_committed = 0) : published_(last_committed) {}

  // At database open: continue after the last sequence storage holds.
  void Restart(uint64_t last_committed);

  // The sequence of the newest commit whose writes are in storage.
  uint64_t published() const;

  // A transaction pins a lower bound of its snapshot's sequence while it may still
  // check conflicts against it; the log keeps every write newer than the oldest pin.
  // Pin before opening the snapshot, so the pin never exceeds the snapshot's sequence.
  uint64_t Pin();
  void Unpin(uint64_t pinned);

  // The sequence of the last commit that wrote key, if it is newer than `since`;
  // 0 otherwise (including writes older than every pin, which nobody can conflict with).
  uint64_t WrittenAfter(std::string_view key, uint64_t since) const;

  // Commit protocol, called with the database's commit mutex held: Next() gives the new
  // commit's sequence; after the batch is durable, Publish() records its keys.
  // committer_pin: the committing transaction's own pin, if it holds one. When no other
  // transaction holds a pin, nobody can conflict with the keys, and they are not recorded
  // at all: a bulk load's million keys cost nothing here.
  uint64_t Next() const { return published() + 1; }
  void Publish(uint64_t seq, const std::vector<std::string>& keys,
               std::optional<uint64_t> committer_pin = std::nullopt);
  // The same for the keys of a commit's storage batch.
  void Publish(uint64_t seq, std::span<const WriteOp> writes, std::optional<uint64_t> committer_pin);

  size_t tracked_keys() const;

 private:
  // Publish's body for any sequence of keys.
  template <typename Keys, typename KeyOf>
  void PublishKeys(uint64_t seq, const Keys& keys, KeyOf key_of, std::optional<uint64_t> committer_pin);
  void PruneLocked();

  mutable std::mutex mu_;
  uint64_t published_;
  std::multiset<uint64_t> pins_;
  std::unordered_map<std::string, uint64_t> last_write_;
  std::deque<std::pair<uint64_t, std::string>> order_;  // writes in commit order, for pruning
};

// Encoding of the persisted counter (8 bytes big-endian).
std::string EncodeCommitSeq(uint64_t seq);
uint64_t DecodeCommitSeq(std::string_view bytes);  // 0 if malformed

}  // namespace plinth
