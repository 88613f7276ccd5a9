// LoggedStore: crash recovery from the log, reads merged over LMDB and the in-memory
// tables, and atomicity while tables are being flushed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "logged_store.h"
#include "store_error.h"
#include "wal_file.h"

namespace plinth::storage_lmdb {
namespace {

plinth_bytes B(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }
plinth_write Put(std::string_view k, std::string_view v) { return {PLINTH_WRITE_PUT, B(k), B(v), {}}; }
plinth_write Del(std::string_view k) { return {PLINTH_WRITE_DELETE, B(k), {}, {}}; }

class LoggedStoreTest : public ::testing::Test {
 protected:
  LoggedStoreTest() {
    char tmpl[] = "/tmp/plinth-logged-test-XXXXXX";
    config_.path = mkdtemp(tmpl);
    config_.map_size = uint64_t{1} << 30;
    config_.sync = true;
    config_.max_readers = 64;
    config_.wal = true;
    config_.wal_file_size = 1 << 20;
    config_.memtable_size = uint64_t{1} << 30;  // no flush unless a test asks
    config_.flush_interval_ms = 3600000;
  }
  ~LoggedStoreTest() override { std::filesystem::remove_all(config_.path); }

  std::unique_ptr<LoggedStore> Open() {
    return std::make_unique<LoggedStore>(config_, [this](int, const std::string& m) {
      std::lock_guard lock(log_mu_);
      log_.push_back(m);
    });
  }

  static std::optional<std::string> Get(LoggedStore& store, std::string_view key) {
    LoggedStore::Snapshot* snap = store.OpenSnapshot();
    std::string_view v;
    std::optional<std::string> out;
    if (store.Get(*snap, key, &v)) out = std::string(v);
    store.CloseSnapshot(snap);
    return out;
  }

  static void Commit(LoggedStore& store, std::vector<plinth_write> writes) { store.Commit(writes); }

  // Runs body in a child process that then dies without closing anything: a crash.
  template <typename Body>
  void InCrashingChild(Body body) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      body();
      _exit(0);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }

  LmdbConfig config_{};
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

TEST_F(LoggedStoreTest, CommitsSurviveACrashBeforeAnyFlush) {
  InCrashingChild([&] {
    auto store = Open();
    for (int i = 0; i < 200; i++) {
      std::string k = "key" + std::to_string(i), v = "value" + std::to_string(i);
      Commit(*store, {Put(k, v)});
    }
    Commit(*store, {Del("key7")});
    store.release();  // never destroyed: no flush, no retiring of the log
  });
  auto store = Open();
  EXPECT_EQ(Get(*store, "key0"), "value0");
  EXPECT_EQ(Get(*store, "key199"), "value199");
  EXPECT_EQ(Get(*store, "key7"), std::nullopt);
  std::lock_guard lock(log_mu_);
  ASSERT_FALSE(log_.empty());
  EXPECT_NE(log_.front().find("recovered 201 logged commits"), std::string::npos) << log_.front();
}

TEST_F(LoggedStoreTest, CommitsSurviveACrashAmidFlushesAndFileSwitches) {
  config_.memtable_size = 2000;  // a freeze every few commits, flushes in the background
  config_.flush_interval_ms = 1;
  InCrashingChild([&] {
    auto store = Open();
    for (int i = 0; i < 3000; i++) {
      std::string k = "k" + std::to_string(i % 500), v = "v" + std::to_string(i);
      Commit(*store, {Put(k, v), Put("last", v)});
    }
    store.release();
  });
  auto store = Open();
  EXPECT_EQ(Get(*store, "last"), "v2999");
  for (int i = 2500; i < 3000; i++) {
    EXPECT_EQ(Get(*store, "k" + std::to_string(i % 500)), "v" + std::to_string(i));
  }
}

TEST_F(LoggedStoreTest, ACleanCloseLeavesNothingToReplay) {
  {
    auto store = Open();
    Commit(*store, {Put("a", "1")});
  }
  {
    WalFiles wal(config_.path, config_.wal_file_size, true);
    EXPECT_TRUE(wal.ReadActive().empty());
  }
  auto store = Open();
  EXPECT_EQ(Get(*store, "a"), "1");
}

TEST_F(LoggedStoreTest, AChecksummedButUndecodableRecordRefusesToOpen) {
  {
    WalFiles wal(config_.path, config_.wal_file_size, true);
    wal.SwitchFile();
    wal.Append(std::string("\x09garbage", 8));
  }
  try {
    Open();
    FAIL() << "opened over a corrupt log";
  } catch (const StoreError& e) {
    EXPECT_STREQ(e.sqlstate(), "XX001");
  }
}

TEST_F(LoggedStoreTest, AKeyLMDBCannotStoreIsRefusedBeforeItIsLogged) {
  auto store = Open();
  std::string long_key(2000, 'k');
  EXPECT_THROW(Commit(*store, {Put("fine", "1"), Put(long_key, "x")}), StoreError);
  Commit(*store, {Put("after", "2")});
  store.reset();  // the flush at close would fail if the long key had been logged
  store = Open();
  EXPECT_EQ(Get(*store, "fine"), std::nullopt);
  EXPECT_EQ(Get(*store, "after"), "2");
}

// Walks the store every way the ABI allows and compares with a model.
void ExpectSameAsModel(LoggedStore& store, const std::map<std::string, std::string>& model,
                       std::mt19937& rng) {
  LoggedStore::Snapshot* snap = store.OpenSnapshot();
  {
    LoggedStore::Cursor cur(snap);
    std::string_view k, v;
    auto it = model.begin();
    for (bool ok = cur.Seek("", false); ok; ok = cur.Step(false), ++it) {
      ASSERT_TRUE(cur.Current(&k, &v));
      ASSERT_NE(it, model.end()) << "extra key " << k;
      EXPECT_EQ(k, it->first);
      EXPECT_EQ(v, it->second);
    }
    EXPECT_EQ(it, model.end());
    auto rit = model.rbegin();
    for (bool ok = cur.Seek("\xff", true); ok; ok = cur.Step(true), ++rit) {
      ASSERT_TRUE(cur.Current(&k, &v));
      ASSERT_NE(rit, model.rend());
      EXPECT_EQ(k, rit->first);
    }
    EXPECT_EQ(rit, model.rend());
    // Random seeks, then a few steps that turn around.
    for (int round = 0; round < 300; round++) {
      std::string target = "k" + std::to_string(rng() % 120);
      bool backward = rng() % 2;
      bool ok = cur.Seek(target, backward);
      std::optional<std::string> expect;
      if (!backward) {
        auto m = model.lower_bound(target);
        if (m != model.end()) expect = m->first;
      } else {
        auto m = model.upper_bound(target);
        if (m != model.begin()) expect = std::prev(m)->first;
      }
      ASSERT_EQ(ok, expect.has_value()) << target;
      if (!ok) continue;
      auto m = model.find(*expect);
      for (int step = 0; step < 4 && ok; step++) {
        ASSERT_TRUE(cur.Current(&k, &v));
        ASSERT_EQ(k, m->first);
        EXPECT_EQ(v, m->second);
        bool back = rng() % 2;
        ok = cur.Step(back);
        if (back) {
          if (m == model.begin()) { ASSERT_FALSE(ok); break; }
          --m;
        } else {
          ++m;
          if (m == model.end()) { ASSERT_FALSE(ok); break; }
        }
        ASSERT_TRUE(ok);
      }
    }
  }
  for (int i = 0; i < 120; i++) {
    std::string key = "k" + std::to_string(i);
    std::string_view v;
    auto m = model.find(key);
    ASSERT_EQ(store.Get(*snap, key, &v), m != model.end()) << key;
    if (m != model.end()) {
      EXPECT_EQ(v, m->second);
    }
  }
  store.CloseSnapshot(snap);
}

TEST_F(LoggedStoreTest, MergedReadsMatchAModel) {
  std::mt19937 rng(42);
  std::map<std::string, std::string> model;
  auto random_commit = [&](LoggedStore& store, int round) {
    std::vector<std::string> keep;  // the slices borrow
    std::vector<plinth_write> writes;
    std::map<std::string, std::optional<std::string>> batch;
    for (int i = 0; i < 5; i++) {
      std::string key = "k" + std::to_string(rng() % 100);
      if (rng() % 3 == 0) {
        batch[key] = std::nullopt;
      } else {
        batch[key] = "v" + std::to_string(round) + "." + std::to_string(i);
      }
    }
    for (auto& [key, value] : batch) {
      keep.push_back(key);
      if (value) {
        keep.push_back(*value);
        model[key] = *value;
      } else {
        model.erase(key);
      }
    }
    size_t j = 0;
    for (auto& [key, value] : batch) {
      const std::string& k = keep[j++];
      if (value) {
        writes.push_back(Put(k, keep[j++]));
      } else {
        writes.push_back(Del(k));
      }
    }
    store.Commit(writes);
  };
  {
    auto store = Open();
    for (int round = 0; round < 60; round++) random_commit(*store, round);
  }  // closed: all of it is in LMDB now
  config_.memtable_size = 400;  // freezes happen while the model test runs
  auto store = Open();
  ExpectSameAsModel(*store, model, rng);
  for (int round = 60; round < 200; round++) {
    random_commit(*store, round);
    if (round % 10 == 0) ExpectSameAsModel(*store, model, rng);
  }
  ExpectSameAsModel(*store, model, rng);
}

TEST_F(LoggedStoreTest, ASnapshotKeepsItsViewAcrossFlushes) {
  config_.memtable_size = 0;  // every commit freezes its table; the flusher writes it out
  config_.flush_interval_ms = 1;
  auto store = Open();
  Commit(*store, {Put("x", "old")});
  LoggedStore::Snapshot* snap = store->OpenSnapshot();
  for (int i = 0; i < 50; i++) Commit(*store, {Put("x", "new" + std::to_string(i)), Put("y", "1")});
  std::string_view v;
  ASSERT_TRUE(store->Get(*snap, "x", &v));
  EXPECT_EQ(v, "old");
  EXPECT_FALSE(store->Get(*snap, "y", &v));
  store->CloseSnapshot(snap);
  EXPECT_EQ(Get(*store, "x"), "new49");
}

TEST_F(LoggedStoreTest, CommitsStayAtomicWhileTablesAreFlushed) {
  // Every commit moves one unit between two keys: any snapshot must see a sum of 0,
  // whether it reads the tables, LMDB, or both in the middle of a flush.
  config_.memtable_size = 300;
  config_.flush_interval_ms = 1;
  auto store = Open();
  Commit(*store, {Put("a", "0"), Put("b", "0")});
  std::atomic<bool> done{false};
  std::atomic<int> bad{0}, reads{0};
  std::thread reader([&] {
    while (!done) {
      LoggedStore::Snapshot* snap = store->OpenSnapshot();
      std::string_view a, b;
      if (!store->Get(*snap, "a", &a) || !store->Get(*snap, "b", &b) ||
          std::stol(std::string(a)) + std::stol(std::string(b)) != 0) {
        bad++;
      }
      LoggedStore::Cursor cur(snap);
      long sum = 0;
      std::string_view k, v;
      for (bool ok = cur.Seek("", false); ok; ok = cur.Step(false)) {
        cur.Current(&k, &v);
        sum += std::stol(std::string(v));
      }
      if (sum != 0) bad++;
      store->CloseSnapshot(snap);
      reads++;
    }
  });
  for (int i = 1; i <= 2000; i++) {
    std::string a = std::to_string(i), b = std::to_string(-i);
    Commit(*store, {Put("a", a), Put("b", b)});
  }
  done = true;
  reader.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(Get(*store, "a"), "2000");
}

TEST_F(LoggedStoreTest, LargeBatchesAndRangeDeletesGoStraightToLmdbInOrder) {
  auto store = Open();
  Commit(*store, {Put("r1", "logged"), Put("r2", "logged")});
  plinth_write range{PLINTH_WRITE_DELETE_RANGE, B("r"), {}, B("s")};
  store->Commit({&range, 1});
  EXPECT_EQ(Get(*store, "r1"), std::nullopt);
  std::string big(5 << 20, 'b');  // above the logged-batch limit
  Commit(*store, {Put("big", big), Put("r1", "after")});
  EXPECT_EQ(Get(*store, "big")->size(), big.size());
  store.reset();
  store = Open();
  EXPECT_EQ(Get(*store, "r1"), "after");
  EXPECT_EQ(Get(*store, "r2"), std::nullopt);
}

TEST_F(LoggedStoreTest, AFullLogFileMovesToTheOtherOnceItsTableIsFlushed) {
  // 1 MiB files, tables that never fill up, no timer: only a full file forces a switch,
  // and each switch must wait for the previous table to reach LMDB. Then a crash.
  InCrashingChild([&] {
    auto store = Open();
    const std::string value(1000, 'v');
    for (int i = 0; i < 3000; i++) {
      std::string k = "key" + std::to_string(i);
      Commit(*store, {Put(k, value + std::to_string(i))});
    }
    store.release();
  });
  auto store = Open();
  for (int i = 0; i < 3000; i += 97) {
    auto v = Get(*store, "key" + std::to_string(i));
    ASSERT_TRUE(v.has_value()) << i;
    EXPECT_EQ(v->substr(1000), std::to_string(i));
  }
  EXPECT_EQ(Get(*store, "key2999")->substr(1000), "2999");
}

TEST_F(LoggedStoreTest, AVersionOneDirectoryIsUpgradedInPlace) {
  {
    auto store = Open();
    Commit(*store, {Put("kept", "yes")});
  }
  const std::string version_file = config_.path + "/FORMAT_VERSION";
  std::ofstream(version_file, std::ios::trunc) << "1\n";
  auto store = Open();
  EXPECT_EQ(Get(*store, "kept"), "yes");
  std::string found;
  std::getline(std::ifstream(version_file) >> std::ws, found);
  EXPECT_EQ(found, std::to_string(kFormatVersion));
}

}  // namespace
}  // namespace plinth::storage_lmdb
