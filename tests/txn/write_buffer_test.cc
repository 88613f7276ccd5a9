// WriteBuffer against a model (std::map of the newest write per key): ascending bulk
// writes, out-of-order keys, overwrites, deletes, several segments, range cursors,
// copies and the batch at commit.
#include "engine/txn/write_buffer.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <string>

#include "engine/storage/keys.h"

namespace plinth {
namespace {

using Model = std::map<std::string, std::optional<std::string>>;

std::string RowKey(uint32_t table, uint32_t n) {
  std::string k = keys::IndexPrefix(table, 0);
  codec::PutU32BE(&k, n);
  return k;
}

void Write(WriteBuffer& buf, Model& model, const std::string& key, std::optional<std::string> value) {
  if (value) buf.Put(key, *value);
  else buf.Delete(key);
  model[key] = std::move(value);
}

// Everything a reader can observe agrees with the model.
void ExpectMatches(const WriteBuffer& buf, const Model& model) {
  ASSERT_EQ(buf.size(), model.size());
  EXPECT_EQ(buf.empty(), model.empty());
  for (const auto& [key, value] : model) {
    std::optional<BufferedWrite> w = buf.Find(key);
    ASSERT_TRUE(w.has_value()) << key;
    EXPECT_EQ(w->key, key);
    ASSERT_EQ(w->value != nullptr, value.has_value()) << key;
    if (value) {
      EXPECT_EQ(*w->value, *value);
    }
  }
  auto it = model.begin();
  for (WriteBuffer::Cursor c = buf.Range("", ""); c.valid(); c.Next(), ++it) {
    ASSERT_NE(it, model.end());
    EXPECT_EQ(c.current().key, it->first);
    EXPECT_EQ(c.current().value != nullptr, it->second.has_value());
  }
  EXPECT_EQ(it, model.end());
}

TEST(WriteBufferTest, EmptyBufferFindsNothing) {
  WriteBuffer buf;
  EXPECT_TRUE(buf.empty());
  EXPECT_FALSE(buf.Find("").has_value());
  EXPECT_FALSE(buf.Find(RowKey(1, 1)).has_value());
  EXPECT_FALSE(buf.Range("", "").valid());
  EXPECT_TRUE(buf.TakeBatch().empty());
}

TEST(WriteBufferTest, AscendingWritesComeBackAsOneBatchInOrder) {
  WriteBuffer buf;
  Model model;
  for (uint32_t i = 0; i < 1000; i++) Write(buf, model, RowKey(7, i), "v" + std::to_string(i));
  ExpectMatches(buf, model);
  std::vector<WriteOp> batch = buf.TakeBatch();
  ASSERT_EQ(batch.size(), 1000u);
  for (uint32_t i = 0; i < 1000; i++) {
    EXPECT_EQ(batch[i].op, PLINTH_WRITE_PUT);
    EXPECT_EQ(batch[i].key, RowKey(7, i));
    EXPECT_EQ(batch[i].value, "v" + std::to_string(i));
  }
  EXPECT_TRUE(buf.empty());
  EXPECT_FALSE(buf.Find(RowKey(7, 3)).has_value());
}

TEST(WriteBufferTest, OverwritesAndDeletesKeepOneWritePerKey) {
  WriteBuffer buf;
  Model model;
  for (uint32_t i = 0; i < 10; i++) Write(buf, model, RowKey(1, i), "a");
  Write(buf, model, RowKey(1, 4), "b");           // in the vector
  Write(buf, model, RowKey(1, 5), std::nullopt);  // deleted in the vector
  Write(buf, model, RowKey(1, 5), "again");       // and put back
  Write(buf, model, RowKey(1, 9), std::nullopt);
  ExpectMatches(buf, model);
}

TEST(WriteBufferTest, OutOfOrderKeysAndSeveralTablesMatchTheModel) {
  // Random keys over a few tables, with puts, overwrites and deletes, checked often.
  std::mt19937 rng(12345);
  WriteBuffer buf;
  Model model;
  for (int step = 0; step < 5000; step++) {
    uint32_t table = 1 + rng() % 4;
    uint32_t n = rng() % 300;
    std::optional<std::string> value;
    if (rng() % 4 != 0) value = std::to_string(step);
    Write(buf, model, RowKey(table, n), value);
    if (step % 500 == 0) ExpectMatches(buf, model);
  }
  // Non-data keys (catalog, metadata, shorter than a table prefix) too.
  Write(buf, model, keys::Meta("commit_seq"), "1");
  Write(buf, model, keys::CatalogObject(1, 5), "cat");
  Write(buf, model, std::string(), "empty key");
  Write(buf, model, std::string(1, keys::kData), "bare tag");
  ExpectMatches(buf, model);

  std::vector<WriteOp> batch = buf.TakeBatch();
  Model from_batch;
  for (const WriteOp& w : batch) {
    ASSERT_TRUE(from_batch.find(w.key) == from_batch.end()) << "key twice in the batch";
    if (w.op == PLINTH_WRITE_PUT) from_batch[w.key] = w.value;
    else if (w.op == PLINTH_WRITE_DELETE) from_batch[w.key] = std::nullopt;
    else ADD_FAILURE() << "unexpected op " << w.op;
  }
  EXPECT_EQ(from_batch, model);
}

TEST(WriteBufferTest, RangeCursorStaysWithinBoundsAcrossSegments) {
  WriteBuffer buf;
  Model model;
  // Tables written in descending order, each in ascending key order (as pgbench loads).
  for (uint32_t table = 9; table >= 5; table--)
    for (uint32_t i = 0; i < 50; i++) Write(buf, model, RowKey(table, i * 2), "x");
  Write(buf, model, RowKey(6, 31), "odd");  // a stray inside table 6
  struct Case { std::string lo, hi; };
  std::vector<Case> cases = {
      {RowKey(6, 0), RowKey(7, 0)},      {RowKey(6, 31), RowKey(6, 32)}, {RowKey(5, 99), ""},
      {keys::IndexPrefix(7, 0), keys::PrefixEnd(keys::IndexPrefix(8, 0))},
      {RowKey(9, 1000), ""},             {"", RowKey(5, 3)},             {RowKey(8, 10), RowKey(8, 10)},
  };
  for (const Case& c : cases) {
    std::vector<std::string> expected, got;
    for (auto it = model.lower_bound(c.lo); it != model.end() && (c.hi.empty() || it->first < c.hi); ++it)
      expected.push_back(it->first);
    for (WriteBuffer::Cursor cur = buf.Range(c.lo, c.hi); cur.valid(); cur.Next())
      got.emplace_back(cur.current().key);
    EXPECT_EQ(got, expected);
  }
}

TEST(WriteBufferTest, CursorSurvivesAppendsWhileOpen) {
  // An INSERT ... SELECT reads the table it appends to: the vector may reallocate under
  // the cursor, which must neither crash nor loop over the new rows.
  WriteBuffer buf;
  for (uint32_t i = 0; i < 4; i++) buf.Put(RowKey(3, i), "old");
  int seen = 0;
  uint32_t next = 4;
  for (WriteBuffer::Cursor c = buf.Range(keys::IndexPrefix(3, 0), keys::PrefixEnd(keys::IndexPrefix(3, 0)));
       c.valid(); c.Next()) {
    EXPECT_EQ(*c.current().value, "old");
    for (int k = 0; k < 100; k++) buf.Put(RowKey(3, next++), "new");
    ASSERT_LT(++seen, 10);
  }
  EXPECT_EQ(seen, 4);
  EXPECT_EQ(buf.size(), 404u);
}

TEST(WriteBufferTest, CopiesAreIndependent) {
  WriteBuffer buf;
  Model model;
  for (uint32_t i = 0; i < 20; i++) Write(buf, model, RowKey(2, i), "before");
  WriteBuffer saved = buf;  // a savepoint
  Model saved_model = model;
  for (uint32_t i = 10; i < 30; i++) Write(buf, model, RowKey(2, i), "after");
  Write(buf, model, RowKey(1, 0), std::nullopt);
  ExpectMatches(saved, saved_model);
  ExpectMatches(buf, model);
  buf = saved;  // ROLLBACK TO
  ExpectMatches(buf, saved_model);
  // The restored buffer keeps working (its cache of the last segment was reset).
  Write(buf, saved_model, RowKey(2, 100), "later");
  Write(buf, saved_model, RowKey(2, 5), std::nullopt);
  ExpectMatches(buf, saved_model);
}

}  // namespace
}  // namespace plinth
