// Shape-aware array functions (engine/functions/array_more_functions.cc and the
// subscript in array_functions.cc) called through the registry: slices, subscripts and
// element assignment on multidimensional arrays, concatenation, search and fill
// functions, containment, the json aggregates' output — malformed cases included.
// Expected texts are PostgreSQL 15's.
#include <gtest/gtest.h>

#include "engine/functions/array_ops.h"
#include "engine/functions/json_aggregate.h"

namespace plinth::functions {
namespace {

struct Arg {
  Oid type;
  const char* text;  // nullptr: SQL NULL
};

// Calls the registered `name` whose parameters are `params` with `args`; the result is
// printed as `result_type`. "ERROR <sqlstate>" on failure.
std::string Call(const std::string& name, const std::vector<Oid>& params, const std::vector<Arg>& args,
                 Oid result_type) {
  IoContext io;
  std::vector<Oid> types;
  std::vector<Value> values;
  for (const Arg& a : args) {
    types.push_back(a.type);
    if (!a.text) {
      values.emplace_back();
      continue;
    }
    auto v = InputText(a.type, -1, a.text, io);
    if (!v.ok()) return "bad test input";
    values.push_back(v.take());
  }
  const auto& candidates = IsOperatorName(name) ? OperatorCandidates(name, static_cast<int>(params.size()))
                                                : FunctionCandidates(name);
  for (const FunctionDef* d : candidates) {
    if (d->args != params) continue;
    FunctionCallContext ctx{io, types.data()};
    Value out;
    Status st = CallFunction(*d, ctx, values.data(), values.size(), &out);
    if (!st.ok()) return "ERROR " + st.sqlstate();
    return out.is_null() ? "NULL" : OutputText(result_type, out, io);
  }
  return "no such function";
}

using oids::kAnyArray;
using oids::kAnyElement;
using oids::kInt4;
using oids::kInt4Array;
using oids::kText;
using oids::kTextArray;

constexpr Arg Ints(const char* text) { return Arg{kInt4Array, text}; }
constexpr Arg Int(const char* text) { return Arg{kInt4, text}; }

TEST(ArraySubscripts, ElementsOfEveryRank) {
  std::vector<Oid> two{kAnyArray, kInt4};
  EXPECT_EQ(Call("[]", two, {Ints("{1,2,3}"), Int("2")}, kInt4), "2");
  EXPECT_EQ(Call("[]", two, {Ints("{1,2,3}"), Int("4")}, kInt4), "NULL");
  EXPECT_EQ(Call("[]", two, {Ints("[0:1]={7,8}"), Int("0")}, kInt4), "7");
  // One subscript of a two-dimensional array is NULL, as in PostgreSQL.
  EXPECT_EQ(Call("[]", two, {Ints("{{1,2},{3,4}}"), Int("1")}, kInt4), "NULL");
  EXPECT_EQ(Call("[]", two, {Ints("{{1,2},{3,4}}"), Int("2"), Int("1")}, kInt4), "3");
  EXPECT_EQ(Call("[]", two, {Ints("{{1,2},{3,4}}"), Int("3"), Int("1")}, kInt4), "NULL");
  EXPECT_EQ(Call("[]", two, {Ints("{}"), Int("1")}, kInt4), "NULL");
}

TEST(ArraySubscripts, Slices) {
  std::vector<Oid> slice{kAnyArray, kInt4};
  // Arguments: array, omitted-bounds mask, then (lower, upper) per dimension.
  EXPECT_EQ(Call("[:]", slice, {Ints("{1,2,3}"), Int("0"), Int("2"), Int("3")}, kInt4Array), "{2,3}");
  EXPECT_EQ(Call("[:]", slice, {Ints("{1,2,3}"), Int("2"), Int("2"), Int("0")}, kInt4Array), "{2,3}");
  EXPECT_EQ(Call("[:]", slice, {Ints("{1,2,3}"), Int("0"), Int("3"), Int("1")}, kInt4Array), "{}");
  EXPECT_EQ(Call("[:]", slice, {Ints("{1,2,3}"), Int("0"), Int("-5"), Int("9")}, kInt4Array), "{1,2,3}");
  EXPECT_EQ(Call("[:]", slice, {Ints("{{1,2,3},{4,5,6}}"), Int("0"), Int("1"), Int("2"), Int("2"), Int("3")},
                 kInt4Array),
            "{{2,3},{5,6}}");
  EXPECT_EQ(Call("[:]", slice, {Ints("{{1,2,3},{4,5,6}}"), Int("0"), Int("2"), Int("2")}, kInt4Array),
            "{{4,5,6}}");
  EXPECT_EQ(Call("[:]", slice, {Ints("{1,2}"), Int("0"), Int("1"), Int("1"), Int("1"), Int("1")}, kInt4Array), "{}");
  EXPECT_EQ(Call("[:]", slice, {Ints("{1,2}"), Int("0"), Int(nullptr), Int("1")}, kInt4Array), "NULL");
}

TEST(ArraySubscripts, Assignment) {
  std::vector<Oid> assign{kAnyArray, kAnyElement};
  EXPECT_EQ(Call("[]=", assign, {Ints("{1,2,3}"), Int("20"), Int("2")}, kInt4Array), "{1,20,3}");
  EXPECT_EQ(Call("[]=", assign, {Ints("{1,2,3}"), Int("50"), Int("5")}, kInt4Array), "{1,2,3,NULL,50}");
  EXPECT_EQ(Call("[]=", assign, {Ints("{1}"), Int("0"), Int("-1")}, kInt4Array), "[-1:1]={0,NULL,1}");
  EXPECT_EQ(Call("[]=", assign, {Ints(nullptr), Int("7"), Int("3")}, kInt4Array), "[3:3]={7}");
  EXPECT_EQ(Call("[]=", assign, {Ints("{{1,2},{3,4}}"), Int("9"), Int("2"), Int("2")}, kInt4Array), "{{1,2},{3,9}}");
  EXPECT_EQ(Call("[]=", assign, {Ints("{{1,2},{3,4}}"), Int("9"), Int("3"), Int("1")}, kInt4Array), "ERROR 2202E");
  EXPECT_EQ(Call("[]=", assign, {Ints("{{1,2},{3,4}}"), Int("9"), Int("1")}, kInt4Array), "ERROR 2202E");
  EXPECT_EQ(Call("[]=", assign, {Ints("{1}"), Int("9"), Int(nullptr)}, kInt4Array), "ERROR 22004");
  EXPECT_EQ(Call("[]=", assign, {Ints("{1}"), Int("9"), Int("2000000000")}, kInt4Array), "ERROR 54000");
}

TEST(ArrayFunctions, ConcatenationKeepsShape) {
  auto cat = [](const char* a, const char* b) {
    IoContext io;
    auto r = ConcatArrays(InputText(kInt4Array, -1, a, io).take(), InputText(kInt4Array, -1, b, io).take());
    return r.ok() ? OutputText(kInt4Array, *r, io) : "ERROR " + r.status().sqlstate();
  };
  EXPECT_EQ(cat("{{1,2}}", "{3,4}"), "{{1,2},{3,4}}");
  EXPECT_EQ(cat("{5,6}", "{{1,2},{3,4}}"), "{{5,6},{1,2},{3,4}}");
  EXPECT_EQ(cat("{{1,2}}", "{{3,4}}"), "{{1,2},{3,4}}");
  EXPECT_EQ(cat("{}", "{{3,4}}"), "{{3,4}}");
  EXPECT_EQ(cat("{{1,2}}", "{3}"), "ERROR 2202E");
  EXPECT_EQ(cat("{{1,2}}", "{{1}}"), "ERROR 2202E");
  EXPECT_EQ(cat("{{{1}}}", "{1}"), "ERROR 2202E");
}

TEST(ArrayFunctions, SearchReplaceRemoveFill) {
  std::vector<Oid> two{kAnyArray, kAnyElement};
  EXPECT_EQ(Call("array_remove", two, {Ints("{1,2,1}"), Int("1")}, kInt4Array), "{2}");
  EXPECT_EQ(Call("array_remove", two, {Ints("{1,NULL}"), Int(nullptr)}, kInt4Array), "{1}");
  EXPECT_EQ(Call("array_remove", two, {Ints("{{1,2}}"), Int("1")}, kInt4Array), "ERROR 0A000");
  EXPECT_EQ(Call("array_replace", {kAnyArray, kAnyElement, kAnyElement}, {Ints("{{1,2},{1,3}}"), Int("1"), Int("9")},
                 kInt4Array),
            "{{9,2},{9,3}}");
  EXPECT_EQ(Call("array_position", two, {Ints("[5:7]={1,2,3}"), Int("3")}, kInt4), "7");
  EXPECT_EQ(Call("array_position", two, {Ints("{1,2}"), Int("9")}, kInt4), "NULL");
  EXPECT_EQ(Call("array_position", {kAnyArray, kAnyElement, kInt4}, {Ints("{2,1,2}"), Int("2"), Int("2")}, kInt4), "3");
  EXPECT_EQ(Call("array_position", two, {Ints("{{1}}"), Int("1")}, kInt4), "ERROR 0A000");
  EXPECT_EQ(Call("array_positions", two, {Ints("{1,2,1}"), Int("1")}, kInt4Array), "{1,3}");
  EXPECT_EQ(Call("array_positions", two, {Ints("{1}"), Int("5")}, kInt4Array), "{}");
  EXPECT_EQ(Call("array_fill", {kAnyElement, kInt4Array}, {Int("0"), Ints("{2,2}")}, kInt4Array), "{{0,0},{0,0}}");
  EXPECT_EQ(Call("array_fill", {kAnyElement, kInt4Array, kInt4Array}, {Int("1"), Ints("{2}"), Ints("{3}")}, kInt4Array),
            "[3:4]={1,1}");
  EXPECT_EQ(Call("array_fill", {kAnyElement, kInt4Array}, {Int("1"), Ints("{0}")}, kInt4Array), "{}");
  EXPECT_EQ(Call("array_fill", {kAnyElement, kInt4Array}, {Int("1"), Ints(nullptr)}, kInt4Array), "ERROR 22004");
  EXPECT_EQ(Call("array_fill", {kAnyElement, kInt4Array}, {Int("1"), Ints("{NULL}")}, kInt4Array), "ERROR 22004");
  EXPECT_EQ(Call("array_fill", {kAnyElement, kInt4Array}, {Int("1"), Ints("{100000,100000}")}, kInt4Array),
            "ERROR 54000");
  EXPECT_EQ(Call("array_fill", {kAnyElement, kInt4Array, kInt4Array}, {Int("1"), Ints("{2}"), Ints("{1,1}")},
                 kInt4Array),
            "ERROR 22023");
  EXPECT_EQ(Call("array_dims", {kAnyArray}, {Ints("{{1,2},{3,4}}")}, kText), "[1:2][1:2]");
  EXPECT_EQ(Call("array_dims", {kAnyArray}, {Ints("{}")}, kText), "NULL");
}

TEST(ArrayFunctions, StringToArray) {
  std::vector<Oid> two{kText, kText};
  EXPECT_EQ(Call("string_to_array", two, {{kText, "a,b,,c"}, {kText, ","}}, kTextArray), R"({a,b,"",c})");
  EXPECT_EQ(Call("string_to_array", two, {{kText, "a b"}, {kText, nullptr}}, kTextArray), R"({a," ",b})");
  EXPECT_EQ(Call("string_to_array", two, {{kText, "abc"}, {kText, ""}}, kTextArray), "{abc}");
  EXPECT_EQ(Call("string_to_array", two, {{kText, ""}, {kText, ","}}, kTextArray), "{}");
  EXPECT_EQ(Call("string_to_array", two, {{kText, nullptr}, {kText, ","}}, kTextArray), "NULL");
  EXPECT_EQ(Call("string_to_array", {kText, kText, kText}, {{kText, "a,x,b"}, {kText, ","}, {kText, "x"}}, kTextArray),
            "{a,NULL,b}");
}

TEST(ArrayFunctions, Containment) {
  std::vector<Oid> two{kAnyArray, kAnyArray};
  EXPECT_EQ(Call("@>", two, {Ints("{1,2,3}"), Ints("{3,1}")}, oids::kBool), "t");
  EXPECT_EQ(Call("@>", two, {Ints("{1,NULL}"), Ints("{NULL}")}, oids::kBool), "f");
  EXPECT_EQ(Call("<@", two, {Ints("{}"), Ints("{1}")}, oids::kBool), "t");
  EXPECT_EQ(Call("<@", two, {Ints("{1,2}"), Ints("{1}")}, oids::kBool), "f");
  EXPECT_EQ(Call("&&", two, {Ints("{1,2}"), Ints("{2,5}")}, oids::kBool), "t");
  EXPECT_EQ(Call("&&", two, {Ints("{1,NULL}"), Ints("{NULL}")}, oids::kBool), "f");
}

TEST(ArrayFunctions, ArrayOfArrays) {
  IoContext io;
  auto make = [&](std::vector<const char*> subs) {
    std::vector<Value> values;
    std::vector<Oid> types;
    for (const char* s : subs) {
      values.push_back(s ? InputText(kInt4Array, -1, s, io).take() : Value());
      types.push_back(kInt4Array);
    }
    const FunctionDef* d = FunctionCandidates("(subarrays)").front();
    FunctionCallContext ctx{io, types.data()};
    Value out;
    Status st = CallFunction(*d, ctx, values.data(), values.size(), &out);
    return st.ok() ? OutputText(kInt4Array, out, io) : "ERROR " + st.sqlstate();
  };
  EXPECT_EQ(make({"{1,2}", "{3,4}"}), "{{1,2},{3,4}}");
  EXPECT_EQ(make({nullptr, "{3,4}"}), "{{3,4}}");
  EXPECT_EQ(make({"{{1}}", "{{2}}"}), "{{{1}},{{2}}}");
  EXPECT_EQ(make({"{1,2}", "{3}"}), "ERROR 2202E");
  EXPECT_EQ(make({"{}", "{}"}), "{}");
}

TEST(JsonAggregates, PostgresFormats) {
  IoContext io;
  std::vector<Value> ints{Value::Int(1), Value::Int(2), Value()};
  EXPECT_EQ(JsonArrayAggregate(false, kInt4, ints, io)->as_bytes(), "[1, 2, null]");
  EXPECT_EQ(JsonArrayAggregate(true, kInt4, ints, io)->as_bytes(), "[1, 2, null]");
  std::vector<Value> arrays{InputText(kInt4Array, -1, "{1,2}", io).take(), InputText(kInt4Array, -1, "{3}", io).take()};
  EXPECT_EQ(JsonArrayAggregate(false, kInt4Array, arrays, io)->as_bytes(), "[[1,2], \n [3]]");
  std::vector<Value> pairs{Value::Bytes(std::string("b")), Value::Int(1), Value::Bytes(std::string("a")), Value::Int(2),
                           Value::Bytes(std::string("b")), Value::Int(3)};
  EXPECT_EQ(JsonObjectAggregate(false, kText, kInt4, pairs, io)->as_bytes(), R"({ "b" : 1, "a" : 2, "b" : 3 })");
  EXPECT_EQ(JsonObjectAggregate(true, kText, kInt4, pairs, io)->as_bytes(), R"({"a": 2, "b": 3})");
}

}  // namespace
}  // namespace plinth::functions
