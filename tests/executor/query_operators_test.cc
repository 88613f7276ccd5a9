#include <gtest/gtest.h>

#include "engine/executor/eval.h"
#include "engine/executor/operators.h"
#include "engine/executor/subquery.h"
#include "tests/executor/run_plan.h"

namespace plinth {
namespace {

// VALUES rows of int4 (nullopt = NULL).
std::unique_ptr<PlanNode> IntRows(const std::vector<std::vector<std::optional<int>>>& rows) {
  auto n = std::make_unique<PlanNode>();
  n->kind = PlanKind::Values;
  for (const auto& r : rows) {
    std::vector<ExprPtr> exprs;
    for (const auto& v : r) exprs.push_back(Expr::MakeConst(v ? Value::Int(*v) : Value::Null(), oids::kInt4));
    n->rows.push_back(std::move(exprs));
  }
  n->column_types.assign(rows.empty() ? 1 : rows[0].size(), oids::kInt4);
  return n;
}

ExprPtr Col(int i, Oid t = oids::kInt4) { return Expr::MakeColumn(i, t, -1, ""); }

class OperatorTest : public ::testing::Test {
 protected:
  OperatorTest() { ctx_.io = &io_; ctx_.params = &params_; }

  Result<std::vector<Row>> Run(const PlanNode& plan) { return testing_support::RunPlan(plan, ctx_); }

  IoContext io_;
  std::vector<Value> params_;
  ExecContext ctx_;
};

AggregateCall Call(AggFunc f, Oid input, Oid result, ExprPtr arg) {
  AggregateCall c;
  c.func = f;
  c.input_type = input;
  c.result_type = result;
  if (arg) c.args.push_back(std::move(arg));
  return c;
}

TEST_F(OperatorTest, GroupsWithSumCountAndAvg) {
  auto agg = std::make_unique<PlanNode>();
  agg->kind = PlanKind::Aggregate;
  agg->group_keys.push_back(Col(0));
  agg->aggregates.push_back(Call(AggFunc::Sum, oids::kInt4, oids::kInt8, Col(1)));
  agg->aggregates.push_back(Call(AggFunc::Count, oids::kInt4, oids::kInt8, Col(1)));
  agg->aggregates.push_back(Call(AggFunc::Avg, oids::kInt4, oids::kNumeric, Col(1)));
  agg->column_types = {oids::kInt4, oids::kInt8, oids::kInt8, oids::kNumeric};
  agg->child = IntRows({{1, 10}, {2, 5}, {1, std::nullopt}, {1, 3}});
  auto rows = Run(*agg);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows.value().size(), 2u);
  const Row& g1 = rows.value()[0];
  EXPECT_EQ(g1[0].as_int(), 1);
  EXPECT_EQ(g1[1].as_int(), 13);
  EXPECT_EQ(g1[2].as_int(), 2);  // the NULL is not counted
  EXPECT_EQ(g1[3].as_bytes(), "6.5000000000000000");
}

TEST_F(OperatorTest, AggregateWithoutGroupsReturnsOneRowForNoInput) {
  auto agg = std::make_unique<PlanNode>();
  agg->kind = PlanKind::Aggregate;
  agg->aggregates.push_back(Call(AggFunc::CountStar, 0, oids::kInt8, nullptr));
  agg->aggregates.push_back(Call(AggFunc::Max, oids::kInt4, oids::kInt4, Col(0)));
  agg->column_types = {oids::kInt8, oids::kInt4};
  agg->child = IntRows({});
  auto rows = Run(*agg);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 1u);
  EXPECT_EQ(rows.value()[0][0].as_int(), 0);
  EXPECT_TRUE(rows.value()[0][1].is_null());

  agg->group_keys.push_back(Col(0));  // with GROUP BY: no groups, no rows
  agg->column_types.insert(agg->column_types.begin(), oids::kInt4);
  rows = Run(*agg);
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows.value().empty());
}

TEST_F(OperatorTest, LeftHashJoinPadsUnmatchedRowsAndNullKeysNeverMatch) {
  auto join = std::make_unique<PlanNode>();
  join->kind = PlanKind::HashJoin;
  join->join_type = JoinType::Left;
  join->child = IntRows({{1}, {2}, {std::nullopt}});
  join->right = IntRows({{2}, {2}, {std::nullopt}});
  join->left_keys.push_back(Col(0));
  join->right_keys.push_back(Col(0));
  join->column_types = {oids::kInt4, oids::kInt4};
  auto rows = Run(*join);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 4u);  // 1 padded, 2 twice, NULL padded
  EXPECT_TRUE(rows.value()[0][1].is_null());
  EXPECT_EQ(rows.value()[1][1].as_int(), 2);
  EXPECT_TRUE(rows.value()[3][0].is_null());
  EXPECT_TRUE(rows.value()[3][1].is_null());
}

TEST_F(OperatorTest, IntersectAllAndExceptAllCountDuplicates) {
  for (auto [kind, expected] : {std::pair{SetOpKind::Intersect, 2u}, std::pair{SetOpKind::Except, 1u}}) {
    auto op = std::make_unique<PlanNode>();
    op->kind = PlanKind::SetOp;
    op->set_op = kind;
    op->set_all = true;
    op->child = IntRows({{1}, {1}, {1}, {std::nullopt}});
    op->right = IntRows({{1}, {1}, {std::nullopt}});
    op->column_types = {oids::kInt4};
    auto rows = Run(*op);
    ASSERT_TRUE(rows.ok());
    // INTERSECT ALL: min(3,2) ones + the NULL pair = 3; EXCEPT ALL: 3-2 ones = 1.
    EXPECT_EQ(rows.value().size(), kind == SetOpKind::Intersect ? 3u : expected);
  }
}

TEST_F(OperatorTest, TopNSortKeepsTheBestRowsInOrder) {
  auto sort = std::make_unique<PlanNode>();
  sort->kind = PlanKind::Sort;
  SortKey key;
  key.expr = Col(0);
  key.descending = true;
  key.nulls_first = true;
  sort->keys.push_back(std::move(key));
  sort->limit = Expr::MakeConst(Value::Int(3), oids::kInt8);
  sort->child = IntRows({{5}, {9}, {1}, {std::nullopt}, {7}, {9}});
  sort->column_types = {oids::kInt4};
  auto rows = Run(*sort);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 3u);
  EXPECT_TRUE(rows.value()[0][0].is_null());
  EXPECT_EQ(rows.value()[1][0].as_int(), 9);
  EXPECT_EQ(rows.value()[2][0].as_int(), 9);
}

TEST_F(OperatorTest, ScalarSubqueryWithTwoRowsIsAnError) {
  Expr e;
  e.kind = ExprKind::SubLink;
  e.sublink = SubLinkKind::Scalar;
  e.type = oids::kInt4;
  e.subplan = std::shared_ptr<PlanNode>(IntRows({{1}, {2}}).release());
  Value out;
  Status st = EvalSubLink(e, Row{}, ctx_, &out);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.sqlstate(), "21000");
}

TEST_F(OperatorTest, GenerateSeriesRejectsZeroStep) {
  auto fs = std::make_unique<PlanNode>();
  fs->kind = PlanKind::FunctionScan;
  fs->function = "generate_series";
  fs->function_args.push_back(Expr::MakeConst(Value::Int(1), oids::kInt4));
  fs->function_args.push_back(Expr::MakeConst(Value::Int(5), oids::kInt4));
  fs->function_args.push_back(Expr::MakeConst(Value::Int(0), oids::kInt4));
  fs->column_types = {oids::kInt4};
  auto rows = Run(*fs);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().sqlstate(), "22023");
}

}  // namespace
}  // namespace plinth
