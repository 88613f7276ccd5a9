// The group-commit queue: a commit that arrives while another is being written waits
// and is written with everything else queued meanwhile, in one writer call; each member
// gets its own result; a failing writer does not wedge the queue.
#include "engine/txn/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace plinth {
namespace {

TEST(GroupCommitTest, LoneCommitIsWrittenAtOnce) {
  GroupCommitQueue queue;
  CommitRequest request;
  size_t seen = 0;
  Status st = queue.Submit(&request, [&](std::vector<CommitRequest*>& group) {
    seen = group.size();
    group[0]->result = Status::OK();
  });
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(seen, 1u);
  EXPECT_EQ(queue.groups(), 1u);
  EXPECT_EQ(queue.requests(), 1u);
}

TEST(GroupCommitTest, CommitsArrivingDuringAWriteShareTheNextOne) {
  GroupCommitQueue queue;
  std::promise<void> first_writing, release_first;
  std::shared_future<void> released = release_first.get_future().share();
  std::atomic<int> calls{0};
  std::vector<size_t> group_sizes(2, 0);
  auto writer = [&](std::vector<CommitRequest*>& group) {
    int call = calls++;
    group_sizes.at(call) = group.size();
    if (call == 0) {
      first_writing.set_value();
      released.wait();  // the "fsync" of the first commit
    }
    // Every member gets a result of its own: its position in the group.
    for (size_t i = 0; i < group.size(); ++i)
      group[i]->result = i == 1 ? Status::Error("40001", "conflict") : Status::OK();
  };

  CommitRequest first;
  auto leader = std::async(std::launch::async, [&] { return queue.Submit(&first, writer); });
  first_writing.get_future().wait();

  CommitRequest others[3];
  std::vector<std::future<Status>> followers;
  for (auto& r : others) followers.push_back(std::async(std::launch::async, [&] { return queue.Submit(&r, writer); }));
  // Wait until all three are queued behind the write in progress.
  for (int i = 0; i < 5000 && queue.queued() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_EQ(queue.queued(), 3u);
  release_first.set_value();

  EXPECT_TRUE(leader.get().ok());
  int failed = 0;
  for (auto& f : followers) {
    Status st = f.get();
    failed += !st.ok() && st.sqlstate() == "40001" ? 1 : 0;
  }
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(group_sizes[0], 1u);
  EXPECT_EQ(group_sizes[1], 3u);
  EXPECT_EQ(failed, 1);  // exactly the member at position 1 of the second group
  EXPECT_EQ(queue.groups(), 2u);
  EXPECT_EQ(queue.requests(), 4u);
}

TEST(GroupCommitTest, AThrowingWriterFailsItsGroupButNotTheQueue) {
  GroupCommitQueue queue;
  CommitRequest doomed;
  Status st = queue.Submit(&doomed, [](std::vector<CommitRequest*>&) { throw std::runtime_error("disk on fire"); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.sqlstate(), "XX000");
  CommitRequest next;
  st = queue.Submit(&next, [](std::vector<CommitRequest*>& group) { group[0]->result = Status::OK(); });
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(queue.groups(), 2u);
}

}  // namespace
}  // namespace plinth
