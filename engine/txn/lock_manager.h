// Row locks: an in-memory table keyed by storage key (table, index, key bytes), held by
// transactions until commit or rollback. A transaction that asks for a lock another
// transaction holds in a conflicting mode waits on a condition variable until the
// holder releases it, its lock_timeout passes (55P03), its statement is cancelled
// (57014), or waiting would close a cycle in the wait-for graph (40P01).
//
// Locks live only in memory: after a restart no transaction is in flight, so there is
// nothing to protect. Different keys never block each other.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/common/status.h"

namespace plinth {

enum class LockMode : uint8_t { Share, Exclusive };

// How long a lock request may wait and what interrupts it.
struct LockWait {
  std::chrono::milliseconds timeout{0};       // lock_timeout, per wait; 0 waits forever
  const std::atomic<bool>* cancel = nullptr;  // the session's cancel flag
};

class LockManager {
 public:
  using TxnId = uint64_t;

  TxnId NewTxnId() { return next_txn_.fetch_add(1) + 1; }

  // Grants txn `mode` on key, waiting as needed. *previous is what txn held before the
  // call (nullopt: nothing), so a caller can undo exactly this acquisition with Restore.
  Status Acquire(TxnId txn, const std::string& key, LockMode mode, const LockWait& wait,
                 std::optional<LockMode>* previous);
  // Puts txn's hold on key back to `previous` (nullopt: releases it) and wakes waiters.
  void Restore(TxnId txn, const std::string& key, std::optional<LockMode> previous);

  // For tests and diagnostics.
  size_t WaitingCount() const;
  size_t LockedKeyCount() const;

 private:
  struct Entry {
    std::map<TxnId, LockMode> holders;
    int waiters = 0;
  };
  struct Waiting {
    const std::string* key;
    LockMode mode;
  };
  static bool Conflicts(LockMode held, LockMode wanted) {
    return held == LockMode::Exclusive || wanted == LockMode::Exclusive;
  }
  // Whether txn could take `mode` on e now, given everyone else's holds.
  static bool Grantable(const Entry& e, TxnId txn, LockMode mode);
  // Whether txn, waiting as recorded in waiting_, is (transitively) waited for by itself.
  bool InDeadlock(TxnId txn) const;

  // How often a waiter looks at its cancel flag: the flag is set from another thread
  // (CancelRequest, the statement_timeout watchdog) that cannot signal our condition
  // variable, so waits are sliced. Lock grants still wake waiters immediately.
  static constexpr std::chrono::milliseconds kCancelPoll{20};

  mutable std::mutex mu_;
  std::condition_variable released_;
  std::unordered_map<std::string, Entry> table_;
  std::unordered_map<TxnId, Waiting> waiting_;
  std::atomic<uint64_t> next_txn_{0};
};

// One transaction's locks in acquisition order, so that ROLLBACK TO SAVEPOINT can
// release exactly the locks taken after the savepoint and the end of the transaction
// releases everything.
class LockSet {
 public:
  explicit LockSet(LockManager* manager) : manager_(manager), txn_(manager ? manager->NewTxnId() : 0) {}
  ~LockSet() { ReleaseAfter(0); }
  LockSet(const LockSet&) = delete;
  LockSet& operator=(const LockSet&) = delete;

  // No-op without a manager (a transaction outside a Database, e.g. in unit tests).
  Status Acquire(const std::string& key, LockMode mode, const LockWait& wait);
  bool Holds(const std::string& key, LockMode mode) const;
  size_t mark() const { return acquired_.size(); }
  // Undoes every acquisition after the first `mark` ones, newest first.
  void ReleaseAfter(size_t mark);
  LockManager::TxnId txn_id() const { return txn_; }

 private:
  struct Acquisition {
    std::string key;
    std::optional<LockMode> previous;
  };
  LockManager* manager_;
  LockManager::TxnId txn_;
  std::vector<Acquisition> acquired_;
  std::unordered_map<std::string, LockMode> held_;  // current mode per key, for Holds()
};

}  // namespace plinth
