// White-box: storage_memory must free old versions once no snapshot needs them.
// (The ABI cannot observe memory, so this test links the store directly.)
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "memory_store.h"

namespace plinth::storage_memory {
namespace {

// The slices borrow: pass literals or strings that outlive the commit.
plinth_write Put(std::string_view k, std::string_view v) {
  return {PLINTH_WRITE_PUT, {reinterpret_cast<const uint8_t*>(k.data()), k.size()},
          {reinterpret_cast<const uint8_t*>(v.data()), v.size()}, {}};
}
plinth_write Del(std::string_view k) {
  return {PLINTH_WRITE_DELETE, {reinterpret_cast<const uint8_t*>(k.data()), k.size()}, {}, {}};
}

TEST(MemoryGc, OverwritesWithoutSnapshotsKeepOneVersion) {
  MemoryStore store;
  for (int i = 0; i < 100; i++) {
    std::string v = std::to_string(i);
    plinth_write w = Put("k", v);
    store.Commit({&w, 1});
  }
  EXPECT_EQ(store.VersionCountForTesting(), 1u);
}

TEST(MemoryGc, SnapshotPinsItsVersionUntilClosed) {
  MemoryStore store;
  std::string v0 = "v0";
  plinth_write w = Put("k", v0);
  store.Commit({&w, 1});
  auto* snap = store.OpenSnapshot();
  for (int i = 1; i <= 10; i++) {
    std::string v = "v" + std::to_string(i);
    plinth_write u = Put("k", v);
    store.Commit({&u, 1});
  }
  // Versions newer than the oldest snapshot are kept while it is open (one horizon,
  // like PostgreSQL's xmin); none older than the one it reads exists.
  EXPECT_EQ(store.VersionCountForTesting(), 11u);
  EXPECT_EQ(store.Get(*snap, "k")->value, "v0");
  store.CloseSnapshot(snap);
  EXPECT_EQ(store.VersionCountForTesting(), 1u) << "closing the oldest snapshot collects";
}

TEST(MemoryGc, DeletedKeysDisappearEntirely) {
  MemoryStore store;
  std::string key = "k", v = "v";
  plinth_write put = Put(key, v), del = Del(key);
  store.Commit({&put, 1});
  auto* snap = store.OpenSnapshot();
  store.Commit({&del, 1});
  EXPECT_EQ(store.VersionCountForTesting(), 2u);  // tombstone + the pinned value
  store.CloseSnapshot(snap);
  EXPECT_EQ(store.VersionCountForTesting(), 0u);
  store.Commit({&put, 1});
  EXPECT_EQ(store.VersionCountForTesting(), 1u);
}

TEST(MemoryGc, LongChainsFreeWithoutDeepRecursion) {
  MemoryStore store;
  auto* snap = store.OpenSnapshot();  // pins nothing visible, but holds the horizon
  std::string v = "x";
  for (int i = 0; i < 200000; i++) {
    plinth_write w = Put("k", v);
    store.Commit({&w, 1});
  }
  EXPECT_EQ(store.VersionCountForTesting(), 200000u);
  store.CloseSnapshot(snap);  // frees a 200k-long chain
  EXPECT_EQ(store.VersionCountForTesting(), 1u);
}

}  // namespace
}  // namespace plinth::storage_memory
