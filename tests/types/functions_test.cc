// Built-in functions and operators against PostgreSQL 15's results (function_cases.tsv).
#include <gtest/gtest.h>

#include "engine/functions/functions.h"
#include "tests/types/case_file.h"

namespace plinth {
namespace {

using testing::Describe;
using testing::ParseTypeSpec;
using testing::ReadCases;

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

const FunctionDef* Find(const std::string& name, const std::vector<Oid>& types) {
  const auto& candidates = IsOperatorName(name) ? OperatorCandidates(name, static_cast<int>(types.size()))
                                                : FunctionCandidates(name);
  for (const FunctionDef* d : candidates)
    if (d->args == types) return d;
  return nullptr;
}

TEST(TypesFunctions, MatchPostgres) {
  auto rows = ReadCases("function_cases.tsv");
  ASSERT_GT(rows.size(), 100u);
  int failures = 0;
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 4u);
    std::vector<Oid> types;
    for (const std::string& t : Split(r[1], ',')) {
      auto type = ParseTypeSpec(t);
      ASSERT_TRUE(type.ok()) << t;
      types.push_back(type->first);
    }
    std::vector<std::string> texts = Split(r[2], '\x1f');
    const FunctionDef* def = Find(r[0], types);
    ASSERT_NE(def, nullptr) << "no " << r[0] << "(" << r[1] << ")";
    IoContext io;
    FunctionCallContext ctx{io, types.data()};
    std::vector<Value> args;
    std::string got;
    for (size_t i = 0; i < types.size() && got.empty(); ++i) {
      auto v = InputText(types[i], -1, texts[i], io);
      if (!v.ok()) got = Describe(v.status());
      else args.push_back(*v);
    }
    if (got.empty()) {
      Value out;
      Status st = CallFunction(*def, ctx, args.data(), args.size(), &out);
      got = !st.ok() ? Describe(st) : out.is_null() ? "" : OutputText(def->result, out, io);
    }
    EXPECT_EQ(got, r[3]) << r[0] << "(" << r[1] << ") of " << r[2];
    if (got != r[3]) ++failures;
  }
  EXPECT_EQ(failures, 0);
}

TEST(TypesFunctions, RegistryLookups) {
  EXPECT_FALSE(FunctionCandidates("lower").empty());
  EXPECT_TRUE(FunctionCandidates("no_such_function").empty());
  EXPECT_FALSE(OperatorCandidates("+", 2).empty());
  EXPECT_FALSE(OperatorCandidates("-", 1).empty());
  EXPECT_TRUE(OperatorCandidates("+", 3).empty());
  for (const FunctionDef* d : AllFunctions()) {
    EXPECT_NE(d->impl, nullptr) << d->name;
    EXPECT_NE(d->result, 0u) << d->name;
  }
}

TEST(TypesFunctions, StrictFunctionsReturnNullWithoutCalling) {
  IoContext io;
  FunctionCallContext ctx{io};
  const FunctionDef* upper = FunctionCandidates("upper").front();
  Value args[1] = {Value::Null()};
  Value out = Value::Int(1);
  ASSERT_TRUE(CallFunction(*upper, ctx, args, 1, &out).ok());
  EXPECT_TRUE(out.is_null());
}

TEST(TypesFunctions, ConcatUsesArgumentTypes) {
  IoContext io;
  Oid types[4] = {oids::kText, oids::kInt4, oids::kBool, oids::kNumeric};
  FunctionCallContext ctx{io, types};
  Value args[4] = {Value::Bytes(std::string("a")), Value::Int(42), Value::Bool(true), Value::Null()};
  Value out;
  ASSERT_TRUE(CallFunction(*FunctionCandidates("concat").front(), ctx, args, 4, &out).ok());
  EXPECT_EQ(out.as_bytes(), "a42t");
  ASSERT_TRUE(CallFunction(*FunctionCandidates("concat_ws").front(), ctx, args, 4, &out).ok());
  EXPECT_EQ(out.as_bytes(), "42at");  // separator "a" between the non-null rest: 42, t
}

TEST(TypesFunctions, NowUsesTransactionTimestamp) {
  IoContext io;
  FunctionCallContext ctx{io};
  ctx.transaction_timestamp = 1234567;
  Value out;
  ASSERT_TRUE(CallFunction(*FunctionCandidates("now").front(), ctx, nullptr, 0, &out).ok());
  EXPECT_EQ(out.as_int(), 1234567);
}

TEST(TypesFunctions, RandomAndUuidAreFresh) {
  IoContext io;
  std::mt19937_64 rng(42);
  FunctionCallContext ctx{io};
  ctx.rng = &rng;
  Value a, b;
  ASSERT_TRUE(CallFunction(*FunctionCandidates("random").front(), ctx, nullptr, 0, &a).ok());
  ASSERT_TRUE(CallFunction(*FunctionCandidates("random").front(), ctx, nullptr, 0, &b).ok());
  EXPECT_NE(a.as_float(), b.as_float());
  EXPECT_GE(a.as_float(), 0.0);
  EXPECT_LT(a.as_float(), 1.0);
  ASSERT_TRUE(CallFunction(*FunctionCandidates("gen_random_uuid").front(), ctx, nullptr, 0, &a).ok());
  ASSERT_TRUE(CallFunction(*FunctionCandidates("gen_random_uuid").front(), ctx, nullptr, 0, &b).ok());
  EXPECT_NE(a.as_bytes(), b.as_bytes());
  std::string text = OutputText(oids::kUuid, a, io);
  EXPECT_EQ(text.size(), 36u);
  EXPECT_EQ(text[14], '4');  // version 4
}

TEST(TypesFunctions, ArrayConcatenation) {
  IoContext io;
  FunctionCallContext ctx{io};
  Value x = *InputText(oids::kInt4Array, -1, "{1,2}", io);
  Value y = *InputText(oids::kInt4Array, -1, "{3}", io);
  Value args[2] = {x, y};
  Value out;
  ASSERT_TRUE(CallFunction(*Find("||", {oids::kAnyArray, oids::kAnyArray}), ctx, args, 2, &out).ok());
  EXPECT_EQ(OutputText(oids::kInt4Array, out, io), "{1,2,3}");
  Value append[2] = {x, Value::Int(9)};
  ASSERT_TRUE(CallFunction(*Find("||", {oids::kAnyArray, oids::kAnyElement}), ctx, append, 2, &out).ok());
  EXPECT_EQ(OutputText(oids::kInt4Array, out, io), "{1,2,9}");
}

}  // namespace
}  // namespace plinth
