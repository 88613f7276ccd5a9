// Group commit: transactions that reach COMMIT while another commit is being made
// durable wait, and the next of them to run writes all of their batches as one storage
// batch — one fsync for the group instead of one per transaction. PostgreSQL gets the
// same effect from its WAL flush; without it a durable store commits no faster than the
// disk syncs, whatever the number of clients (docs/performance.md, TPC-B).
//
// The queue knows nothing about what a batch means: the writer callback (the
// database's commit path) decides, per member, whether it may commit (conflict checks)
// and writes the survivors atomically. A member returns only once its own outcome is
// known, so COMMIT still answers after the data is durable.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/storage/store.h"

namespace plinth {

class Transaction;

// One transaction's part of a group: prepared by its own thread before it queues.
struct CommitRequest {
  const Transaction* txn = nullptr;
  std::vector<WriteOp> batch;         // the transaction's writes, in key order
  Status result;                      // set by the writer
  bool done = false;                  // guarded by the queue's mutex
};

class GroupCommitQueue {
 public:
  // Writes a group (one or more requests, in arrival order) and sets each result.
  using Writer = std::function<void(std::vector<CommitRequest*>& group)>;

  // Queues request and returns once a writer call has set its result: either this
  // thread runs the writer for everything queued so far, or an earlier thread's call
  // (or a later group led by another waiter) includes it.
  Status Submit(CommitRequest* request, const Writer& writer);

  // Groups written and requests in them since start.
  uint64_t groups() const;
  uint64_t requests() const;
  // Requests waiting for the write in progress to end.
  size_t queued() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<CommitRequest*> waiting_;
  bool writing_ = false;
  uint64_t groups_ = 0, requests_ = 0;
};

}  // namespace plinth
