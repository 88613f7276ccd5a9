// The hash join's table: every row with an equal key is found, in the order added;
// absent keys, an empty table and long (heap-allocated) keys behave.
#include "engine/executor/join_hash_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace plinth {
namespace {

std::vector<uint32_t> Matches(const JoinHashTable& table, const std::string& key) {
  std::vector<uint32_t> rows;
  uint64_t hash = 0;
  for (uint32_t e = table.First(key, &hash); e != JoinHashTable::kNone; e = table.Next(e, key, hash))
    rows.push_back(table.row(e));
  return rows;
}

TEST(JoinHashTableTest, FindsEveryRowOfAKeyInInsertionOrder) {
  JoinHashTable table;
  table.Reset(6);
  table.Add("a", 0);
  table.Add("b", 1);
  table.Add("a", 2);
  table.Add("c", 4);  // row numbers are the caller's: row 3 had a null key
  table.Add("a", 5);
  table.Finish();
  EXPECT_EQ(Matches(table, "a"), (std::vector<uint32_t>{0, 2, 5}));
  EXPECT_EQ(Matches(table, "b"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(Matches(table, "c"), (std::vector<uint32_t>{4}));
  EXPECT_TRUE(Matches(table, "d").empty());
  EXPECT_TRUE(Matches(table, "").empty());
}

TEST(JoinHashTableTest, EmptyTableFindsNothing) {
  JoinHashTable table;
  table.Reset(0);
  table.Finish();
  EXPECT_TRUE(Matches(table, "a").empty());
  JoinHashTable never_built;
  EXPECT_TRUE(Matches(never_built, "a").empty());
}

TEST(JoinHashTableTest, ManyKeysShareBucketsWithoutMixingUp) {
  JoinHashTable table;
  const uint32_t n = 50000;
  table.Reset(n);
  // Long keys (beyond the small-string buffer) and keys that differ only at the end.
  for (uint32_t i = 0; i < n; i++) table.Add("a-long-prefix-shared-by-every-key-" + std::to_string(i % 1000), i);
  table.Finish();
  EXPECT_EQ(table.size(), n);
  for (uint32_t k : {0u, 1u, 999u, 500u}) {
    std::vector<uint32_t> rows = Matches(table, "a-long-prefix-shared-by-every-key-" + std::to_string(k));
    ASSERT_EQ(rows.size(), n / 1000);
    for (size_t j = 0; j < rows.size(); j++) EXPECT_EQ(rows[j], k + 1000 * j);
  }
  EXPECT_TRUE(Matches(table, "a-long-prefix-shared-by-every-key-1000").empty());
}

}  // namespace
}  // namespace plinth
