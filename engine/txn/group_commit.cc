#include "engine/txn/group_commit.h"

namespace plinth {

Status GroupCommitQueue::Submit(CommitRequest* request, const Writer& writer) {
  std::unique_lock<std::mutex> lock(mu_);
  waiting_.push_back(request);
  // Whoever finds no write in progress leads: it takes everything queued (its own
  // request included) and writes it. The others sleep until a leader marks them done
  // or the write in progress ends and one of them can lead the next group.
  while (!request->done) {
    if (writing_) {
      cv_.wait(lock);
      continue;
    }
    writing_ = true;
    std::vector<CommitRequest*> group;
    group.swap(waiting_);
    lock.unlock();
    try {
      writer(group);
    } catch (...) {
      // The writer reports through results; an escaping exception must not leave the
      // queue stuck with writing_ set and members asleep.
      for (CommitRequest* member : group)
        if (member->result.ok()) member->result = Status::Error("XX000", "commit failed: internal error");
    }
    lock.lock();
    for (CommitRequest* member : group) member->done = true;
    ++groups_;
    requests_ += group.size();
    writing_ = false;
    cv_.notify_all();
  }
  return request->result;
}

uint64_t GroupCommitQueue::groups() const {
  std::lock_guard<std::mutex> lock(mu_);
  return groups_;
}

size_t GroupCommitQueue::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_.size();
}

uint64_t GroupCommitQueue::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

}  // namespace plinth
