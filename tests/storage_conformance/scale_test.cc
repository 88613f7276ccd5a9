// Large values, many keys, estimates, and a store that must grow under load.
#include <random>

#include "conformance_fixture.h"

namespace plinth::conformance {
namespace {

std::string Pattern(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  std::mt19937 rng(seed);
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

TEST_F(StorageTest, OneMebibyteValues) {
  const std::string a = Pattern(1 << 20, 1), b = Pattern(1 << 20, 2);
  store().MustCommit({Put("a", a), Put("b", b), Put("small", "s")});
  auto snap = store().Snap();
  EXPECT_EQ(snap->Get("a"), a);
  EXPECT_EQ(snap->Get("b"), b);
  store().MustCommit({Put("a", b), Del("b")});
  EXPECT_EQ(snap->Get("a"), a) << "the old snapshot keeps the old large value";
  EXPECT_EQ(store().Get("a"), b);
  EXPECT_EQ(store().Get("b"), std::nullopt);
}

class HundredThousandKeys : public StorageTest {
 protected:
  static constexpr uint64_t kKeys = 100000;
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StorageTest::SetUp());
    std::vector<std::string> keys, values;
    for (uint64_t start = 0; start < kKeys; start += 10000) {
      keys.clear();
      values.clear();
      std::vector<plinth_write> batch;
      for (uint64_t i = start; i < start + 10000; i++) {
        keys.push_back("t" + IntKey(i));
        values.push_back("value-" + std::to_string(i));
      }
      for (size_t j = 0; j < keys.size(); j++) batch.push_back(Put(keys[j], values[j]));
      store().MustCommit(batch);
    }
  }
};

TEST_F(HundredThousandKeys, AllReadableInOrder) {
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  uint64_t n = 0;
  for (auto st = c.Seek("t"); st == PLINTH_OK; st = c.Step(), n++) {
    if (*c.Key() != "t" + IntKey(n)) {
      ADD_FAILURE() << "key " << n << " out of order";
      break;
    }
  }
  EXPECT_EQ(n, kKeys);
  std::mt19937 rng(3);
  for (int i = 0; i < 1000; i++) {
    uint64_t k = rng() % kKeys;
    EXPECT_EQ(snap->Get("t" + IntKey(k)), "value-" + std::to_string(k));
  }
}

TEST_F(HundredThousandKeys, DeleteRangeOfHalf) {
  auto before = store().Snap();
  store().MustCommit({DelRange("t" + IntKey(25000), "t" + IntKey(75000))});
  auto snap = store().Snap();
  EXPECT_EQ(snap->Get("t" + IntKey(24999)), "value-24999");
  EXPECT_EQ(snap->Get("t" + IntKey(25000)), std::nullopt);
  EXPECT_EQ(snap->Get("t" + IntKey(74999)), std::nullopt);
  EXPECT_EQ(snap->Get("t" + IntKey(75000)), "value-75000");
  EXPECT_EQ(snap->Scan().size(), kKeys / 2);
  EXPECT_EQ(before->Scan().size(), kKeys);
  Cursor c(vt(), *snap);
  ASSERT_EQ(c.Seek("t" + IntKey(30000)), PLINTH_OK);
  EXPECT_EQ(c.Key(), "t" + IntKey(75000));
  ASSERT_EQ(c.Step(true), PLINTH_OK);
  EXPECT_EQ(c.Key(), "t" + IntKey(24999));
}

// A table rewrite's shape: fresh keys appended past the end, and in the same batch the
// old range dropped whole, here the head and the tail of the key space.
TEST_F(HundredThousandKeys, DeleteRangesAtBothEndsWithAppendsInOneBatch) {
  std::vector<std::string> keys;
  for (int i = 0; i < 5000; i++) keys.push_back("u" + IntKey(i));
  std::vector<plinth_write> batch;
  for (const std::string& k : keys) batch.push_back(Put(k, "new"));
  const std::string head_end = "t" + IntKey(10000), tail_start = "t" + IntKey(90000);  // writes borrow
  batch.push_back(DelRange("", head_end));
  batch.push_back(DelRange(tail_start, "u"));
  store().MustCommit(batch);
  auto snap = store().Snap();
  auto all = snap->Scan();
  ASSERT_EQ(all.size(), 80000u + keys.size());
  EXPECT_EQ(all.front().first, "t" + IntKey(10000));
  EXPECT_EQ(all[79999].first, "t" + IntKey(89999));
  EXPECT_EQ(all[80000].first, "u" + IntKey(0));
  EXPECT_EQ(all.back().first, "u" + IntKey(4999));
  store().MustCommit({DelRange("u", "v")});
  EXPECT_EQ(store().Snap()->Scan().size(), 80000u);
}

void ExpectWithin2x(uint64_t estimate, uint64_t truth, const std::string& what) {
  EXPECT_GE(estimate * 2, truth) << what << ": estimate " << estimate << " vs " << truth;
  EXPECT_LE(estimate, truth * 2) << what << ": estimate " << estimate << " vs " << truth;
}

TEST_F(HundredThousandKeys, EstimatesArePlausibleAndMonotonic) {
  auto [all_keys, all_bytes] = store().Estimate("", "");
  ExpectWithin2x(all_keys, kKeys, "whole store");
  EXPECT_GT(all_bytes, kKeys * 9) << "at least the keys' bytes";

  auto range = [&](uint64_t lo, uint64_t hi) {
    return store().Estimate("t" + IntKey(lo), "t" + IntKey(hi));
  };
  ExpectWithin2x(range(1000, 2000).first, 1000, "1000 keys");
  ExpectWithin2x(range(0, 50000).first, 50000, "50000 keys");
  ExpectWithin2x(range(50000, 50001).first, 1, "one key");
  EXPECT_EQ(range(200000, 300000).first, 0u) << "a range past every key";
  ExpectWithin2x(store().Estimate("t" + IntKey(90000), "").first, 10000, "open-ended range");
  EXPECT_LE(range(1000, 2000).first, range(1000, 5000).first);
  EXPECT_LE(range(1000, 5000).first, range(0, 90000).first);
  EXPECT_GT(range(1000, 2000).second, 0u);
}

TEST_F(StorageTest, EstimateGrowsWithData) {
  auto [k0, b0] = store().Estimate("", "");
  EXPECT_EQ(k0, 0u);
  std::vector<std::string> keys;
  std::vector<plinth_write> batch;
  for (int i = 0; i < 1000; i++) keys.push_back("k" + IntKey(i));
  const std::string value(100, 'v');
  for (auto& k : keys) batch.push_back(Put(k, value));
  store().MustCommit(batch);
  auto [k1, b1] = store().Estimate("", "");
  ExpectWithin2x(k1, 1000, "after 1000 puts");
  EXPECT_GT(b1, b0);
  auto [r1, rb1] = store().Estimate("k", "l");
  ExpectWithin2x(r1, 1000, "prefix range");
  EXPECT_GE(rb1, 1000u * 100 / 2);
}

TEST_F(StorageTest, EstimateRejectsNullOutputs) {
  plinth_error err{};
  uint64_t keys = 0;
  EXPECT_EQ(vt()->estimate(store().raw(), B(""), B(""), &keys, nullptr, &err), PLINTH_ERROR);
}

// A store configured with a tiny map_size (a storage_lmdb setting; other plugins
// ignore it) must grow rather than fail when it fills.
TEST_F(StorageTest, SmallConfiguredSizeGrowsInsteadOfFailing) {
  host_->Set("map_size", "1048576");
  ASSERT_NO_FATAL_FAILURE(Open());
  const std::string value = Pattern(64 * 1024, 9);
  for (int batch = 0; batch < 16; batch++) {
    std::vector<std::string> keys;
    std::vector<plinth_write> writes;
    for (int i = 0; i < 8; i++) keys.push_back("g" + IntKey(batch * 8 + i));
    for (auto& k : keys) writes.push_back(Put(k, value));
    plinth_error err{};
    ASSERT_EQ(store().Commit(writes, &err), PLINTH_OK) << "batch " << batch << ": " << Describe(err);
  }
  auto snap = store().Snap();
  EXPECT_EQ(snap->Get("g" + IntKey(0)), value);
  EXPECT_EQ(snap->Get("g" + IntKey(127)), value);
}

}  // namespace
}  // namespace plinth::conformance

namespace plinth::conformance {
namespace {

// Stores may limit key length (LMDB: ~510 bytes), but must refuse cleanly with
// 54000 program_limit_exceeded, and long bounds must still work for reads.
TEST_F(StorageTest, LongKeysWorkOrAreRefusedCleanly) {
  const std::string prefix(300, 'p');
  const std::string long_key = prefix + std::string(1700, 'x');
  store().MustCommit({Put(prefix, "short"), Put(prefix + "y", "after")});
  plinth_error err{};
  plinth_status st = store().Commit({Put(long_key, "v"), Put("other", "o")}, &err);
  if (st == PLINTH_OK) {
    EXPECT_EQ(store().Get(long_key), "v");
  } else {
    EXPECT_STREQ(err.sqlstate, "54000") << Describe(err);
    EXPECT_EQ(store().Get("other"), std::nullopt) << "the refused batch left a write behind";
    EXPECT_EQ(store().Get(long_key), std::nullopt);
  }
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  ASSERT_EQ(c.Seek(long_key, true), PLINTH_OK);
  EXPECT_EQ(c.Key(), st == PLINTH_OK ? long_key : prefix);
  ASSERT_EQ(c.Seek(long_key), PLINTH_OK);
  EXPECT_EQ(c.Key(), st == PLINTH_OK ? long_key : prefix + "y");
  store().MustCommit({Del(long_key), DelRange(long_key, prefix + "z")});
  EXPECT_EQ(store().Get(prefix), "short");
  EXPECT_EQ(store().Get(prefix + "y"), std::nullopt);
}

}  // namespace
}  // namespace plinth::conformance
