// Row lock table: conflicts, waiting and wake-up, deadlock detection, lock_timeout,
// cancellation, savepoint-style partial release, and many waiters on one row.
#include "engine/txn/lock_manager.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

namespace plinth {
namespace {

using namespace std::chrono_literals;

// Runs f on another thread; the test asserts on the future.
template <typename F>
std::future<Status> Async(F f) {
  return std::async(std::launch::async, std::move(f));
}

bool StillWaiting(std::future<Status>& f) { return f.wait_for(100ms) == std::future_status::timeout; }

TEST(LockManagerTest, SecondWriterWaitsUntilFirstReleases) {
  LockManager m;
  auto first = std::make_unique<LockSet>(&m);
  LockSet second(&m);
  ASSERT_TRUE(first->Acquire("row", LockMode::Exclusive, {}).ok());
  auto waiter = Async([&] { return second.Acquire("row", LockMode::Exclusive, {}); });
  EXPECT_TRUE(StillWaiting(waiter));
  EXPECT_EQ(m.WaitingCount(), 1u);
  first.reset();  // the end of the first transaction
  ASSERT_TRUE(waiter.get().ok());
  EXPECT_TRUE(second.Holds("row", LockMode::Exclusive));
}

TEST(LockManagerTest, DifferentRowsNeverBlock) {
  LockManager m;
  LockSet a(&m), b(&m);
  ASSERT_TRUE(a.Acquire("row1", LockMode::Exclusive, {}).ok());
  LockWait no_wait{1ms, nullptr};
  EXPECT_TRUE(b.Acquire("row2", LockMode::Exclusive, no_wait).ok());
}

TEST(LockManagerTest, SharersCoexistAndBlockWriters) {
  LockManager m;
  LockSet a(&m), b(&m), c(&m);
  ASSERT_TRUE(a.Acquire("row", LockMode::Share, {}).ok());
  ASSERT_TRUE(b.Acquire("row", LockMode::Share, {1ms, nullptr}).ok());
  Status st = c.Acquire("row", LockMode::Exclusive, {50ms, nullptr});
  EXPECT_EQ(st.sqlstate(), "55P03");
  EXPECT_EQ(st.message(), "canceling statement due to lock timeout");
}

TEST(LockManagerTest, RelockingIsFreeAndExclusiveCoversShare) {
  LockManager m;
  LockSet a(&m);
  ASSERT_TRUE(a.Acquire("row", LockMode::Exclusive, {}).ok());
  size_t mark = a.mark();
  ASSERT_TRUE(a.Acquire("row", LockMode::Exclusive, {}).ok());
  ASSERT_TRUE(a.Acquire("row", LockMode::Share, {}).ok());
  EXPECT_EQ(a.mark(), mark);
}

TEST(LockManagerTest, LockTimeoutGives55P03AndLeavesHolderAlone) {
  LockManager m;
  LockSet holder(&m), other(&m);
  ASSERT_TRUE(holder.Acquire("row", LockMode::Exclusive, {}).ok());
  auto start = std::chrono::steady_clock::now();
  Status st = other.Acquire("row", LockMode::Exclusive, {100ms, nullptr});
  EXPECT_EQ(st.sqlstate(), "55P03");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 100ms);
  EXPECT_TRUE(holder.Holds("row", LockMode::Exclusive));
  EXPECT_FALSE(other.Holds("row", LockMode::Share));
  EXPECT_EQ(m.WaitingCount(), 0u);
}

TEST(LockManagerTest, CancelWakesWaiterWith57014) {
  LockManager m;
  LockSet holder(&m), other(&m);
  std::atomic<bool> cancel{false};
  ASSERT_TRUE(holder.Acquire("row", LockMode::Exclusive, {}).ok());
  auto waiter = Async([&] { return other.Acquire("row", LockMode::Exclusive, {0ms, &cancel}); });
  EXPECT_TRUE(StillWaiting(waiter));
  cancel = true;
  ASSERT_EQ(waiter.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(waiter.get().sqlstate(), "57014");
}

TEST(LockManagerTest, DeadlockFailsTheTransactionThatClosesTheCycle) {
  LockManager m;
  auto t1 = std::make_unique<LockSet>(&m);
  auto t2 = std::make_unique<LockSet>(&m);
  ASSERT_TRUE(t1->Acquire("a", LockMode::Exclusive, {}).ok());
  ASSERT_TRUE(t2->Acquire("b", LockMode::Exclusive, {}).ok());
  auto t1_waits = Async([&] { return t1->Acquire("b", LockMode::Exclusive, {}); });
  EXPECT_TRUE(StillWaiting(t1_waits));
  Status st = t2->Acquire("a", LockMode::Exclusive, {});
  EXPECT_EQ(st.sqlstate(), "40P01");
  EXPECT_EQ(st.message(), "deadlock detected");
  t2.reset();  // the loser rolls back
  EXPECT_TRUE(t1_waits.get().ok());
}

TEST(LockManagerTest, ShareToExclusiveUpgradeDeadlockIsDetected) {
  LockManager m;
  LockSet t1(&m);
  auto t2 = std::make_unique<LockSet>(&m);
  ASSERT_TRUE(t1.Acquire("row", LockMode::Share, {}).ok());
  ASSERT_TRUE(t2->Acquire("row", LockMode::Share, {}).ok());
  auto t1_upgrades = Async([&] { return t1.Acquire("row", LockMode::Exclusive, {}); });
  EXPECT_TRUE(StillWaiting(t1_upgrades));
  EXPECT_EQ(t2->Acquire("row", LockMode::Exclusive, {}).sqlstate(), "40P01");
  t2.reset();
  EXPECT_TRUE(t1_upgrades.get().ok());
}

TEST(LockManagerTest, ThreeWayCycleIsDetected) {
  LockManager m;
  auto t1 = std::make_unique<LockSet>(&m);
  auto t2 = std::make_unique<LockSet>(&m);
  auto t3 = std::make_unique<LockSet>(&m);
  ASSERT_TRUE(t1->Acquire("a", LockMode::Exclusive, {}).ok());
  ASSERT_TRUE(t2->Acquire("b", LockMode::Exclusive, {}).ok());
  ASSERT_TRUE(t3->Acquire("c", LockMode::Exclusive, {}).ok());
  auto w1 = Async([&] { return t1->Acquire("b", LockMode::Exclusive, {}); });
  auto w2 = Async([&] { return t2->Acquire("c", LockMode::Exclusive, {}); });
  EXPECT_TRUE(StillWaiting(w1));
  EXPECT_TRUE(StillWaiting(w2));
  EXPECT_EQ(t3->Acquire("a", LockMode::Exclusive, {}).sqlstate(), "40P01");
  t3.reset();
  EXPECT_TRUE(w2.get().ok());
  t2.reset();
  EXPECT_TRUE(w1.get().ok());
}

TEST(LockManagerTest, ReleaseAfterMarkUndoesOnlyNewerAcquisitions) {
  LockManager m;
  LockSet t(&m), probe(&m);
  ASSERT_TRUE(t.Acquire("kept", LockMode::Exclusive, {}).ok());
  ASSERT_TRUE(t.Acquire("upgraded", LockMode::Share, {}).ok());
  size_t savepoint = t.mark();
  ASSERT_TRUE(t.Acquire("upgraded", LockMode::Exclusive, {}).ok());
  ASSERT_TRUE(t.Acquire("later", LockMode::Exclusive, {}).ok());
  t.ReleaseAfter(savepoint);
  LockWait quick{20ms, nullptr};
  EXPECT_TRUE(probe.Acquire("later", LockMode::Exclusive, quick).ok());
  EXPECT_TRUE(probe.Acquire("upgraded", LockMode::Share, quick).ok());  // back to share
  EXPECT_EQ(probe.Acquire("kept", LockMode::Share, quick).sqlstate(), "55P03");
}

TEST(LockManagerTest, ManyWaitersOnOneRowAllFinish) {
  LockManager m;
  auto holder = std::make_unique<LockSet>(&m);
  ASSERT_TRUE(holder->Acquire("hot", LockMode::Exclusive, {}).ok());
  constexpr int kWaiters = 12;
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWaiters; i++)
    threads.emplace_back([&] {
      LockSet mine(&m);
      if (mine.Acquire("hot", LockMode::Exclusive, {}).ok()) done++;
    });
  for (int i = 0; i < 100 && m.WaitingCount() < kWaiters; i++) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(m.WaitingCount(), static_cast<size_t>(kWaiters));
  EXPECT_EQ(done.load(), 0);
  holder.reset();
  for (auto& t : threads) t.join();
  EXPECT_EQ(done.load(), kWaiters);
  EXPECT_EQ(m.LockedKeyCount(), 0u);
}

TEST(LockManagerTest, NullManagerGrantsEverything) {
  LockSet t(nullptr);
  EXPECT_TRUE(t.Acquire("row", LockMode::Exclusive, {}).ok());
  t.ReleaseAfter(0);
}

}  // namespace
}  // namespace plinth
