// Column pruning (planner/column_pruning.h) and what the executor does with it: scans
// decode only the columns read, joins copy only those; plus the hash keys the join and
// the aggregate build without the order-preserving encoding (integers as raw bytes).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "engine/executor/join_hash_table.h"
#include "engine/executor/key_index.h"
#include "engine/executor/operators.h"
#include "engine/executor/row_codec.h"
#include "engine/planner/column_pruning.h"
#include "engine/planner/read_ahead.h"
#include "tests/executor/run_plan.h"

namespace plinth {
namespace {

ExprPtr Col(int i, Oid t = oids::kInt4) { return Expr::MakeColumn(i, t, -1, ""); }

// VALUES rows of `types` (nullopt = NULL); text columns take the number as text, bool
// columns whether it is nonzero.
std::unique_ptr<PlanNode> Rows(std::vector<Oid> types, const std::vector<std::vector<std::optional<int64_t>>>& rows) {
  auto n = std::make_unique<PlanNode>();
  n->kind = PlanKind::Values;
  for (const auto& r : rows) {
    std::vector<ExprPtr> exprs;
    for (size_t c = 0; c < r.size(); c++) {
      Value v = !r[c]                      ? Value::Null()
                : types[c] == oids::kText  ? Value::Bytes("t" + std::to_string(*r[c]))
                : types[c] == oids::kBool  ? Value::Bool(*r[c] != 0)
                                           : Value::Int(*r[c]);
      exprs.push_back(Expr::MakeConst(std::move(v), types[c]));
    }
    n->rows.push_back(std::move(exprs));
  }
  n->column_types = std::move(types);
  return n;
}

std::unique_ptr<PlanNode> Join(std::unique_ptr<PlanNode> left, std::unique_ptr<PlanNode> right, int left_key, int right_key,
                               Oid key_type = oids::kInt4) {
  auto join = std::make_unique<PlanNode>();
  join->kind = PlanKind::HashJoin;
  join->column_types = left->column_types;
  join->column_types.insert(join->column_types.end(), right->column_types.begin(), right->column_types.end());
  join->left_keys.push_back(Col(left_key, key_type));
  join->right_keys.push_back(Col(right_key, key_type));
  join->child = std::move(left);
  join->right = std::move(right);
  return join;
}

AggregateCall Sum(ExprPtr arg) {
  AggregateCall c;
  c.func = AggFunc::Sum;
  c.input_type = oids::kInt4;
  c.result_type = oids::kInt8;
  c.args.push_back(std::move(arg));
  return c;
}

AggregateCall CountStar() {
  AggregateCall c;
  c.func = AggFunc::CountStar;
  c.result_type = oids::kInt8;
  return c;
}

// SELECT r.1, sum(l.2) FROM l(0, 1, 2) JOIN r(0, 1) ON l.1 = r.0 GROUP BY r.1
std::unique_ptr<PlanNode> GroupedJoin() {
  auto agg = std::make_unique<PlanNode>();
  agg->kind = PlanKind::Aggregate;
  agg->child = Join(Rows({oids::kInt4, oids::kInt4, oids::kInt4}, {{1, 10, 5}, {2, 20, 7}, {3, 10, 1}, {4, 30, 100}}),
                    Rows({oids::kInt4, oids::kText}, {{10, 1}, {20, 2}, {20, 3}}), 1, 0);
  agg->group_keys.push_back(Col(4, oids::kText));
  agg->aggregates.push_back(Sum(Col(2)));
  agg->column_types = {oids::kText, oids::kInt8};
  return agg;
}

class ColumnPruningTest : public ::testing::Test {
 protected:
  ColumnPruningTest() { ctx_.io = &io_; }

  Result<std::vector<Row>> Run(const PlanNode& plan) { return testing_support::RunPlan(plan, ctx_); }

  IoContext io_;
  ExecContext ctx_;
};

TEST_F(ColumnPruningTest, MarksOnlyTheColumnsReadAbove) {
  auto plan = GroupedJoin();
  PruneColumns(plan.get());
  EXPECT_TRUE(plan->used_columns.empty());  // the root's rows are all read
  const PlanNode& join = *plan->child;
  // Joined row [l0, l1, l2, r0, r1]: the aggregate reads l2 and r1.
  EXPECT_EQ(join.used_columns, (std::vector<bool>{false, false, true, false, true}));
  // Each side also needs its key, which the join itself reads.
  EXPECT_EQ(join.child->used_columns, (std::vector<bool>{false, true, true}));
  EXPECT_TRUE(join.right->used_columns.empty());  // r0 (key) and r1: all
}

TEST_F(ColumnPruningTest, JoinConditionAndFilterColumnsCountAsRead) {
  auto join = Join(Rows({oids::kInt4, oids::kInt4}, {}), Rows({oids::kInt4, oids::kInt4, oids::kInt4}, {}), 0, 0);
  join->predicate = Col(3, oids::kBool);  // a residual condition on r1
  auto filter = std::make_unique<PlanNode>();
  filter->kind = PlanKind::Filter;
  filter->column_types = join->column_types;
  filter->predicate = Col(1, oids::kBool);
  filter->child = std::move(join);
  auto project = std::make_unique<PlanNode>();
  project->kind = PlanKind::Project;
  project->exprs.push_back(Col(4));
  project->column_types = {oids::kInt4};
  project->child = std::move(filter);
  PruneColumns(project.get());
  const PlanNode& f = *project->child;
  EXPECT_EQ(f.used_columns, (std::vector<bool>{false, false, false, false, true}));
  const PlanNode& j = *f.child;
  EXPECT_EQ(j.used_columns, (std::vector<bool>{false, true, false, false, true}));
  EXPECT_TRUE(j.child->used_columns.empty());  // l0 is the key, l1 the filter's
  EXPECT_TRUE(j.right->used_columns.empty());  // r0 key, r1 condition, r2 projected
}

TEST_F(ColumnPruningTest, UnmodelledNodesAndOddColumnsKeepEverything) {
  // A set operation reads its inputs whole, even under an aggregate that reads nothing.
  auto setop = std::make_unique<PlanNode>();
  setop->kind = PlanKind::SetOp;
  setop->child = Rows({oids::kInt4, oids::kInt4}, {});
  setop->right = Rows({oids::kInt4, oids::kInt4}, {});
  setop->column_types = {oids::kInt4, oids::kInt4};
  auto agg = std::make_unique<PlanNode>();
  agg->kind = PlanKind::Aggregate;
  agg->aggregates.push_back(CountStar());
  agg->column_types = {oids::kInt8};
  agg->child = std::move(setop);
  PruneColumns(agg.get());
  EXPECT_EQ(agg->child->used_columns, (std::vector<bool>{false, false}));
  EXPECT_TRUE(agg->child->child->used_columns.empty());
  EXPECT_TRUE(agg->child->right->used_columns.empty());

  // A column reference past the row's end (malformed plan): everything counts as read.
  auto filter = std::make_unique<PlanNode>();
  filter->kind = PlanKind::Filter;
  filter->predicate = Col(7, oids::kBool);
  filter->child = Rows({oids::kInt4, oids::kInt4}, {});
  filter->column_types = filter->child->column_types;
  auto agg2 = std::make_unique<PlanNode>();
  agg2->kind = PlanKind::Aggregate;
  agg2->aggregates.push_back(CountStar());
  agg2->column_types = {oids::kInt8};
  agg2->child = std::move(filter);
  PruneColumns(agg2.get());
  EXPECT_TRUE(agg2->child->child->used_columns.empty());
}

TEST_F(ColumnPruningTest, PrunedJoinGivesTheSameAnswers) {
  auto plain = GroupedJoin();
  auto pruned = GroupedJoin();
  PruneColumns(pruned.get());
  auto a = Run(*plain);
  auto b = Run(*pruned);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a.value().size(), 3u);  // t1: 5 + 1, t2: 7, t3: 7
  ASSERT_EQ(b.value().size(), a.value().size());
  for (size_t i = 0; i < a.value().size(); i++) {
    EXPECT_EQ(a.value()[i][0].as_bytes(), b.value()[i][0].as_bytes());
    EXPECT_EQ(a.value()[i][1].as_int(), b.value()[i][1].as_int());
  }
  EXPECT_EQ(b.value()[0][0].as_bytes(), "t1");
  EXPECT_EQ(b.value()[0][1].as_int(), 6);

  // The join alone: read columns carry values, the others stay null.
  PlanNode& join = *pruned->child;
  auto joined = Run(join);
  ASSERT_TRUE(joined.ok());
  ASSERT_EQ(joined.value().size(), 4u);
  for (const Row& r : joined.value()) {
    ASSERT_EQ(r.size(), 5u);
    EXPECT_TRUE(r[0].is_null());
    EXPECT_TRUE(r[3].is_null());
    EXPECT_FALSE(r[2].is_null());
    EXPECT_FALSE(r[4].is_null());
  }
}

TEST_F(ColumnPruningTest, LeftJoinPadsReadColumnsWithNulls) {
  auto join = Join(Rows({oids::kInt4, oids::kInt4}, {{1, 100}, {2, 200}}), Rows({oids::kInt4, oids::kInt4}, {{1, 11}}), 0, 0);
  join->join_type = JoinType::Left;
  join->used_columns = {false, true, false, true};
  auto rows = Run(*join);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 2u);
  EXPECT_EQ(rows.value()[0][3].as_int(), 11);
  EXPECT_EQ(rows.value()[1][1].as_int(), 200);
  EXPECT_TRUE(rows.value()[1][3].is_null());  // was 11 in the reused row: padded again
}

TEST_F(ColumnPruningTest, JoinKeysOfSeveralPartsAndTypes) {
  // (int8, text) keys; int8 values that agree in their low 32 bits must not match.
  auto left = Rows({oids::kInt8, oids::kText}, {{1, 1}, {(int64_t{1} << 32) + 1, 1}, {2, 2}, {1, std::nullopt}});
  auto right = Rows({oids::kInt8, oids::kText}, {{1, 1}, {2, 3}, {1, 1}});
  auto join = Join(std::move(left), std::move(right), 0, 0, oids::kInt8);
  join->left_keys.push_back(Col(1, oids::kText));
  join->right_keys.push_back(Col(1, oids::kText));
  auto rows = Run(*join);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 2u);  // (1, t1) twice; the NULL text never matches
  for (const Row& r : rows.value()) {
    EXPECT_EQ(r[0].as_int(), 1);
    EXPECT_EQ(r[2].as_int(), 1);
  }
}

TEST_F(ColumnPruningTest, GroupKeysWithNullsStayApart) {
  // (NULL, 0) and (0, NULL) and (NULL, NULL) are three groups, as are equal ints.
  auto agg = std::make_unique<PlanNode>();
  agg->kind = PlanKind::Aggregate;
  agg->child = Rows({oids::kInt4, oids::kInt4}, {{std::nullopt, 0}, {0, std::nullopt}, {std::nullopt, std::nullopt},
                                                 {0, std::nullopt}, {std::nullopt, 0}, {0, 0}});
  agg->group_keys.push_back(Col(0));
  agg->group_keys.push_back(Col(1));
  agg->aggregates.push_back(CountStar());
  agg->column_types = {oids::kInt4, oids::kInt4, oids::kInt8};
  auto rows = Run(*agg);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 4u);
  EXPECT_EQ(rows.value()[0][2].as_int(), 2);  // (NULL, 0)
  EXPECT_EQ(rows.value()[1][2].as_int(), 2);  // (0, NULL)
  EXPECT_EQ(rows.value()[2][2].as_int(), 1);  // (NULL, NULL)
  EXPECT_EQ(rows.value()[3][2].as_int(), 1);  // (0, 0)

  // GROUPING SETS ((a), (b)): the same values in different sets are different groups.
  agg->grouping_sets = {{0}, {1}};
  rows = Run(*agg);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 4u);  // a: NULL, 0; b: 0, NULL
  EXPECT_TRUE(rows.value()[0][0].is_null() && rows.value()[0][1].is_null());
  EXPECT_EQ(rows.value()[0][2].as_int(), 3);  // a IS NULL
  EXPECT_EQ(rows.value()[1][2].as_int(), 3);  // b = 0 (a is null in its set)
  EXPECT_TRUE(rows.value()[1][0].is_null());
  EXPECT_EQ(rows.value()[1][1].as_int(), 0);
}

TEST_F(ColumnPruningTest, DrainedOnlyBelowNodesThatReadEverything) {
  auto plan = GroupedJoin();
  auto limit = std::make_unique<PlanNode>();
  limit->kind = PlanKind::Limit;
  limit->column_types = plan->column_types;
  limit->child = std::move(plan);
  MarkDrained(limit.get());
  EXPECT_FALSE(limit->drained);            // the statement's rows
  EXPECT_FALSE(limit->child->drained);     // LIMIT may stop early
  const PlanNode& join = *limit->child->child;
  EXPECT_TRUE(join.drained);               // the aggregate reads it all
  EXPECT_TRUE(join.child->drained);
  EXPECT_TRUE(join.right->drained);

  auto bare = Join(Rows({oids::kInt4}, {}), Rows({oids::kInt4}, {}), 0, 0);
  MarkDrained(bare.get());
  EXPECT_FALSE(bare->drained);
  EXPECT_FALSE(bare->child->drained);  // streams to the client row by row
  EXPECT_TRUE(bare->right->drained);   // loaded whole
}

// Joins whose left side is read ahead in batches give the rows, in the order, and with
// the outer-join padding and the residual condition of the row-at-a-time join.
TEST_F(ColumnPruningTest, ReadAheadJoinMatchesRowAtATime) {
  std::vector<std::vector<std::optional<int64_t>>> left, right;
  for (int i = 0; i < 200; i++) left.push_back({i, i % 37 == 0 ? std::nullopt : std::optional<int64_t>(i % 50)});
  for (int i = 0; i < 60; i++) right.push_back({i % 45, i, i % 7 != 0});
  for (JoinType type : {JoinType::Inner, JoinType::Left, JoinType::Right, JoinType::Full}) {
    std::vector<Row> results[2];
    for (bool drained : {false, true}) {
      auto join = Join(Rows({oids::kInt4, oids::kInt4}, left), Rows({oids::kInt4, oids::kInt4, oids::kBool}, right), 1, 0);
      join->join_type = type;
      join->predicate = Col(4, oids::kBool);  // a residual condition: the right row's flag
      join->drained = drained;
      auto rows = Run(*join);
      ASSERT_TRUE(rows.ok()) << rows.status().message();
      results[drained] = rows.take();
    }
    ASSERT_EQ(results[0].size(), results[1].size()) << static_cast<int>(type);
    for (size_t r = 0; r < results[0].size(); r++) {
      for (size_t c = 0; c < 5; c++) {
        const Value& a = results[0][r][c];
        const Value& b = results[1][r][c];
        ASSERT_EQ(a.is_null(), b.is_null()) << r << "," << c;
        if (!a.is_null()) {
          ASSERT_EQ(a.as_int(), b.as_int()) << r << "," << c;  // bools too
        }
      }
    }
    if (type == JoinType::Inner) {
      EXPECT_GT(results[1].size(), 100u);  // not vacuous
    }
  }
}

TEST_F(ColumnPruningTest, ReadAheadJoinKeepsEachRowsStorageKey) {
  // The storage key of the row behind each joined row, though the left input has been
  // read further: a Values input has none, so only the accessor's shape is checked
  // here; the UPDATE ... FROM goldens cover table scans.
  auto join = Join(Rows({oids::kInt4}, {{1}, {2}, {3}}), Rows({oids::kInt4}, {{2}, {3}}), 0, 0);
  join->drained = true;
  auto op = BuildOperator(*join);
  ASSERT_TRUE(op->Open(ctx_).ok());
  EXPECT_TRUE(op->current_key().empty());
  Row row;
  int n = 0;
  for (;;) {
    auto more = op->Next(ctx_, &row);
    ASSERT_TRUE(more.ok());
    if (!more.value()) break;
    EXPECT_EQ(row[0].as_int(), row[1].as_int());
    EXPECT_TRUE(op->current_key().empty());
    n++;
  }
  EXPECT_EQ(n, 2);
}

TEST(HashKeyTest, IntegersAreRawBytesOthersTheKeyEncoding) {
  std::string a, b;
  AppendHashKeyPart(oids::kInt4, Value::Int(7), &a);
  EXPECT_EQ(a.size(), 8u);
  AppendHashKeyPart(oids::kInt8, Value::Int(-7), &b);
  EXPECT_NE(a, b);
  std::string t1, t2;
  AppendHashKeyPart(oids::kText, Value::Bytes(std::string("ab")), &t1);
  AppendHashKeyPart(oids::kText, Value::Bytes(std::string("a")), &t2);
  AppendHashKeyPart(oids::kText, Value::Bytes(std::string("b")), &t2);
  EXPECT_NE(t1, t2);  // self-delimiting: ("ab") is not ("a", "b")
}

TEST(JoinHashTableEightByteKeys, DistinctIntegersNeverMatch) {
  JoinHashTable table;
  const int64_t n = 100000;
  table.Reset(n);
  std::string key;
  for (int64_t i = 0; i < n; i++) {
    key.clear();
    AppendHashKeyPart(oids::kInt8, Value::Int(i * 7919), &key);
    table.Add(key, static_cast<uint32_t>(i));
  }
  table.Finish();
  for (int64_t probe : {int64_t{0}, int64_t{7919}, int64_t{7919} * 99999, int64_t{1}, int64_t{7919} * n, int64_t{-7919}}) {
    key.clear();
    AppendHashKeyPart(oids::kInt8, Value::Int(probe), &key);
    uint64_t hash = 0;
    uint32_t e = table.First(key, &hash);
    if (probe >= 0 && probe % 7919 == 0 && probe / 7919 < n) {
      ASSERT_NE(e, JoinHashTable::kNone) << probe;
      EXPECT_EQ(table.row(e), static_cast<uint32_t>(probe / 7919));
      EXPECT_EQ(table.Next(e, key, hash), JoinHashTable::kNone);
    } else {
      EXPECT_EQ(e, JoinHashTable::kNone) << probe;
    }
  }
  // A probe of another length finds nothing (and is compared by bytes).
  uint64_t hash = 0;
  EXPECT_EQ(table.First("1234567", &hash), JoinHashTable::kNone);
}

TEST(JoinHashTableEightByteKeys, MixedLengthsCompareBytes) {
  JoinHashTable table;
  table.Reset(3);
  table.Add("12345678", 0);
  table.Add("123456789", 1);
  table.Add("12345678", 2);
  table.Finish();
  uint64_t hash = 0;
  uint32_t e = table.First("12345678", &hash);
  ASSERT_NE(e, JoinHashTable::kNone);
  EXPECT_EQ(table.row(e), 0u);
  e = table.Next(e, "12345678", hash);
  ASSERT_NE(e, JoinHashTable::kNone);
  EXPECT_EQ(table.row(e), 2u);
  EXPECT_EQ(table.Next(e, "12345678", hash), JoinHashTable::kNone);
  EXPECT_EQ(table.First("87654321", &hash), JoinHashTable::kNone);
}

TEST(KeyIndexTest, NumbersKeysInFirstSeenOrderAcrossGrowth) {
  KeyIndex index;
  bool added = false;
  std::string key;
  const int n = 5000;  // many times the first slot array: it grows and rehashes
  for (int round = 0; round < 2; round++) {
    for (int i = 0; i < n; i++) {
      key.clear();
      AppendHashKeyPart(oids::kInt4, Value::Int(i * 31), &key);
      EXPECT_EQ(index.FindOrAdd(key, &added), static_cast<uint32_t>(i));
      EXPECT_EQ(added, round == 0);
    }
  }
  EXPECT_EQ(index.size(), static_cast<size_t>(n));
  // Keys of other lengths, including the empty key and a prefix of a longer key.
  for (const std::string& k : std::vector<std::string>{"", "ab", "abc", "a-long-key-beyond-the-small-string-buffer", "ba",
                                                        std::string("a\0", 2)}) {
    uint32_t number = index.FindOrAdd(k, &added);
    EXPECT_TRUE(added) << k;
    EXPECT_EQ(number, index.size() - 1) << k;
  }
  EXPECT_EQ(index.FindOrAdd("ab", &added), static_cast<uint32_t>(n + 1));
  EXPECT_FALSE(added);
  index.Clear();
  EXPECT_EQ(index.FindOrAdd("ab", &added), 0u);
  EXPECT_TRUE(added);
}

// A stored row: format 1, column count, then per column a tag and its payload.
std::string StoredRow(const Row& row) {
  std::string bytes;
  EncodeRow(row, &bytes);
  return bytes;
}

TEST(RowCodecProjection, DecodesOnlyWantedColumnsIntoAReusedRow) {
  std::string bytes = StoredRow({Value::Int(1), Value::Bytes(std::string(40, 'x')), Value::Int(3), Value::Float(2.5)});
  Row row = {Value::Bytes(std::string("stale")), Value::Int(9), Value::Bytes(std::string("stale")), Value::Int(9), Value::Int(9)};
  ASSERT_TRUE(DecodeRow(bytes, 5, {false, true, false, true}, &row).ok());
  ASSERT_EQ(row.size(), 5u);
  EXPECT_TRUE(row[0].is_null());
  EXPECT_EQ(row[1].as_bytes(), std::string(40, 'x'));
  EXPECT_TRUE(row[2].is_null());
  EXPECT_EQ(row[3].as_float(), 2.5);
  EXPECT_TRUE(row[4].is_null());  // not stored (added later): null

  ASSERT_TRUE(DecodeRow(bytes, 2, {}, &row).ok());  // all wanted, fewer columns
  ASSERT_EQ(row.size(), 2u);
  EXPECT_EQ(row[0].as_int(), 1);
  EXPECT_EQ(row[1].as_bytes(), std::string(40, 'x'));
}

TEST(RowCodecProjection, SkippedColumnsAreStillChecked) {
  std::string bytes = StoredRow({Value::Int(1), Value::Bytes(std::string("abc")), Value::Int(3)});
  Row row;
  std::vector<bool> first_only = {true, false, false};
  // Cut inside the skipped text column, and inside the skipped last integer.
  EXPECT_FALSE(DecodeRow(std::string_view(bytes).substr(0, 13), 3, first_only, &row).ok());
  EXPECT_FALSE(DecodeRow(std::string_view(bytes).substr(0, bytes.size() - 1), 3, first_only, &row).ok());
  std::string bad_tag = bytes;
  bad_tag[11] = 9;  // the text column's tag (after format, count, tag + 8 bytes)
  Status st = DecodeRow(bad_tag, 3, first_only, &row);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.sqlstate(), "XX001");
  EXPECT_FALSE(DecodeRow(std::string_view("\x02\x01", 2), 1, first_only, &row).ok());  // unknown format
  EXPECT_FALSE(DecodeRow(std::string_view(), 1, {}, &row).ok());
  EXPECT_TRUE(DecodeRow(bytes, 3, first_only, &row).ok());
}

}  // namespace
}  // namespace plinth
