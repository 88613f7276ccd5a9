// Snapshot isolation, value lifetime, and readers racing a writer.
#include <atomic>
#include <cstring>
#include <random>
#include <thread>

#include "conformance_fixture.h"

namespace plinth::conformance {
namespace {

TEST_F(StorageTest, SnapshotNeverSeesLaterCommits) {
  store().MustCommit({Put("a", "1"), Put("gone", "x")});
  auto before = store().Snap();
  store().MustCommit({Put("a", "2"), Put("b", "new"), Del("gone")});
  EXPECT_EQ(before->Get("a"), "1");
  EXPECT_EQ(before->Get("b"), std::nullopt);
  EXPECT_EQ(before->Get("gone"), "x");
  EXPECT_EQ(before->Scan(), (std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"gone", "x"}}));
  auto after = store().Snap();
  EXPECT_EQ(after->Get("a"), "2");
  EXPECT_EQ(after->Get("b"), "new");
  EXPECT_EQ(after->Get("gone"), std::nullopt);
}

TEST_F(StorageTest, OpenCursorDoesNotSeeLaterCommits) {
  store().MustCommit({Put("a", "1"), Put("c", "3"), Put("e", "5")});
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  ASSERT_EQ(c.Seek("a"), PLINTH_OK);
  store().MustCommit({Put("b", "2"), Del("c"), Put("d", "4")});
  std::string keys = *c.Key();
  while (c.Step() == PLINTH_OK) keys += *c.Key();
  EXPECT_EQ(keys, "ace");
}

TEST_F(StorageTest, ValuesStayValidUntilSnapshotClose) {
  const std::string big(100000, 'q');
  store().MustCommit({Put("k", "first"), Put("big", big), Put("c1", "cv")});
  auto snap = store().Snap();
  plinth_bytes small{}, large{};
  plinth_error err{};
  ASSERT_EQ(vt()->get(snap->raw(), B("k"), &small, &err), PLINTH_OK);
  ASSERT_EQ(vt()->get(snap->raw(), B("big"), &large, &err), PLINTH_OK);
  Cursor c(vt(), *snap);
  ASSERT_EQ(c.Seek("c"), PLINTH_OK);
  plinth_bytes ck{}, cv{};
  ASSERT_EQ(vt()->cursor_current(c.raw(), &ck, &cv), PLINTH_OK);
  ASSERT_EQ(c.Step(), PLINTH_OK);  // moving on must not invalidate what was returned

  // Overwrite and delete them, and churn enough other data to make a store reuse memory.
  for (int round = 0; round < 20; round++) {
    // The batch borrows every slice until commit returns.
    std::vector<plinth_write> batch;
    std::vector<std::string> keys;
    keys.reserve(200);
    const std::string churn_value(500, static_cast<char>('a' + round));
    const std::string big_value(100000, 'z');
    for (int i = 0; i < 200; i++) {
      keys.push_back("churn" + std::to_string(i));
      batch.push_back(Put(keys.back(), churn_value));
    }
    std::string v = "round" + std::to_string(round);
    batch.push_back(Put("k", v));
    batch.push_back(Put("big", big_value));
    batch.push_back(Del("c1"));
    store().MustCommit(batch);
    if (round % 2 == 0) store().MustCommit({DelRange("churn", "churo")});
  }
  EXPECT_EQ(S(small), "first");
  EXPECT_EQ(S(large), big);
  EXPECT_EQ(S(ck), "c1");
  EXPECT_EQ(S(cv), "cv");
  plinth_bytes again{};
  ASSERT_EQ(vt()->get(snap->raw(), B("c1"), &again, &err), PLINTH_OK);
  EXPECT_EQ(S(again), "cv");
}

TEST_F(StorageTest, SnapshotMayMoveBetweenThreads) {
  store().MustCommit({Put("a", "1")});
  std::unique_ptr<Snapshot> snap = store().Snap();
  store().MustCommit({Put("a", "2")});
  std::optional<std::string> seen;
  std::thread([&] { seen = snap->Get("a"); }).join();
  EXPECT_EQ(seen, "1");
  std::thread([&] { snap.reset(); }).join();  // closed on yet another thread
}

// Bank transfers: every commit moves money between two accounts, so every
// consistent view sums to the same total. Readers check that, by get and by cursor,
// while the writer runs.
TEST_F(StorageTest, ConcurrentReadersSeeConsistentSnapshots) {
  constexpr int kAccounts = 50;
  constexpr int64_t kInitial = 1000;
  constexpr int kTransfers = 1500;
  auto account = [](int i) { return "acct" + IntKey(static_cast<uint64_t>(i)); };
  std::vector<plinth_write> init;
  std::vector<std::string> keys, values;
  keys.reserve(kAccounts);
  values.reserve(kAccounts);
  for (int i = 0; i < kAccounts; i++) {
    keys.push_back(account(i));
    values.push_back(std::to_string(kInitial));
    init.push_back(Put(keys.back(), values.back()));
  }
  store().MustCommit(init);

  std::atomic<bool> done{false};
  std::atomic<int> checks{0}, bad{0};
  auto reader = [&](bool use_cursor) {
    while (!done.load()) {
      auto snap = store().Snap();
      int64_t sum = 0;
      int count = 0;
      if (use_cursor) {
        for (auto& [k, v] : snap->Scan()) {
          sum += std::stoll(v);
          count++;
        }
      } else {
        for (int i = 0; i < kAccounts; i++) {
          auto v = snap->Get(account(i));
          if (v) {
            sum += std::stoll(*v);
            count++;
          }
        }
      }
      if (sum != kAccounts * kInitial || count != kAccounts) bad++;
      checks++;
    }
  };
  std::thread r1(reader, false), r2(reader, true);
  std::mt19937 rng(42);
  std::vector<int64_t> balance(kAccounts, kInitial);
  for (int t = 0; t < kTransfers; t++) {
    int from = rng() % kAccounts, to = rng() % kAccounts;
    if (from == to) continue;
    int64_t amount = rng() % 100;
    balance[from] -= amount;
    balance[to] += amount;
    std::string fv = std::to_string(balance[from]), tv = std::to_string(balance[to]);
    store().MustCommit({Put(account(from), fv), Put(account(to), tv)});
    if (t % 100 == 99) {
      // Let the readers in: a fast store could otherwise finish before they start.
      for (int seen = checks.load(); checks.load() < seen + 2;) std::this_thread::yield();
    }
  }
  done = true;
  r1.join();
  r2.join();
  EXPECT_EQ(bad.load(), 0) << "of " << checks.load() << " snapshot checks";
  EXPECT_GT(checks.load(), 0);
  auto snap = store().Snap();
  for (int i = 0; i < kAccounts; i++) EXPECT_EQ(snap->Get(account(i)), std::to_string(balance[i]));
}

// Many snapshots open at once, each pinned to a different commit.
TEST_F(StorageTest, ManySnapshotsEachSeeTheirOwnCommit) {
  std::vector<std::unique_ptr<Snapshot>> snaps;
  for (int i = 0; i < 50; i++) {
    store().MustCommit({Put("counter", std::to_string(i))});
    snaps.push_back(store().Snap());
  }
  for (int i = 0; i < 50; i++) EXPECT_EQ(snaps[i]->Get("counter"), std::to_string(i));
}

}  // namespace
}  // namespace plinth::conformance
