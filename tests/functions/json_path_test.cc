// The jsonpath subset (engine/functions/json_path*.cc): parsing, lax and strict
// evaluation, predicates and the SQL functions' silent handling, malformed paths
// included. Expected results are what PostgreSQL 15 answers for the same calls.
#include <gtest/gtest.h>

#include "engine/functions/functions.h"
#include "engine/functions/json_path.h"

namespace plinth::functions {
namespace {

// The items of `path` over `json`, as jsonb texts joined by " | ", or "ERROR <state>".
std::string Query(const std::string& json, const std::string& path, const std::string& vars = "") {
  auto target = ParseJson(json);
  if (!target.ok()) return "bad test input";
  auto parsed = jsonpath::Parse(path);
  if (!parsed.ok()) return "ERROR " + parsed.status().sqlstate();
  JsonValue variables;
  if (!vars.empty()) variables = ParseJson(vars).take();
  auto items = jsonpath::Evaluate(*parsed, *target, vars.empty() ? nullptr : &variables);
  if (!items.ok()) return "ERROR " + items.status().sqlstate();
  std::string out;
  for (const JsonValue& v : *items) out += (out.empty() ? "" : " | ") + JsonbText(v);
  return out;
}

TEST(JsonPath, Accessors) {
  EXPECT_EQ(Query(R"({"a": {"b": [1, 2, 3]}})", "$.a.b"), "[1, 2, 3]");
  EXPECT_EQ(Query(R"({"a": {"b": [1, 2, 3]}})", "$.a.b[*]"), "1 | 2 | 3");
  EXPECT_EQ(Query(R"({"a": [1, 2, 3]})", "$.a[0, 2]"), "1 | 3");
  EXPECT_EQ(Query(R"({"a": [1, 2, 3]})", "$.a[1 to last]"), "2 | 3");
  EXPECT_EQ(Query(R"({"a": [1, 2, 3]})", "$.a[last - 1]"), "2");
  EXPECT_EQ(Query(R"({"a b": 1})", R"($."a b")"), "1");
  EXPECT_EQ(Query(R"({"a": 1, "b": 2})", "$.*"), "1 | 2");
  // Lax mode also unwraps the array .** passes through, so 2 comes twice (as in PostgreSQL).
  EXPECT_EQ(Query(R"({"a": {"c": 1}, "b": [{"c": 2}]})", "$.**.c"), "1 | 2 | 2");
  EXPECT_EQ(Query(R"({"a": {"c": 1}, "b": [{"c": 2}]})", "strict $.**.c"), "1 | 2");
}

TEST(JsonPath, LaxUnwrapsAndStrictComplains) {
  EXPECT_EQ(Query(R"([{"a": 1}, {"a": 2}, 3])", "$.a"), "1 | 2");
  EXPECT_EQ(Query(R"([{"a": 1}, {"a": 2}, 3])", "strict $.a"), "ERROR 2203A");
  EXPECT_EQ(Query(R"({"a": 1})", "$.b"), "");
  EXPECT_EQ(Query(R"({"a": 1})", "strict $.b"), "ERROR 2203A");
  EXPECT_EQ(Query("[1, 2]", "$[5]"), "");
  EXPECT_EQ(Query("[1, 2]", "strict $[5]"), "ERROR 22033");
  EXPECT_EQ(Query("7", "$[0]"), "7");
  EXPECT_EQ(Query("7", "strict $[*]"), "ERROR 22039");
}

TEST(JsonPath, Filters) {
  EXPECT_EQ(Query(R"({"a": [1, 2, 3]})", "$.a[*] ? (@ > 2)"), "3");
  EXPECT_EQ(Query(R"({"a": [1, 2, 3]})", "$.a ? (@ >= 2 && @ != 3)"), "2");
  EXPECT_EQ(Query(R"([{"n": "xy"}, {"n": "z"}])", R"($[*] ? (@.n starts with "x").n)"), R"("xy")");
  EXPECT_EQ(Query(R"([1, "a", null])", "$[*] ? (@ == null)"), "null");
  // Incomparable items make the comparison unknown, which a filter drops.
  EXPECT_EQ(Query(R"([1, "a"])", "$[*] ? (@ > 0)"), "1");
  EXPECT_EQ(Query(R"([1, "a"])", "$[*] ? ((@ > 0) is unknown)"), R"("a")");
  EXPECT_EQ(Query(R"([{"x": 1}, {}])", "$[*] ? (exists(@.x))"), R"({"x": 1})");
  EXPECT_EQ(Query(R"([1, 5])", "$[*] ? (!(@ < 3))"), "5");
  EXPECT_EQ(Query(R"([1, 5])", "$[*] ? (@ > $min)", R"({"min": 2})"), "5");
}

TEST(JsonPath, PredicatesAndArithmetic) {
  EXPECT_EQ(Query(R"({"a": 1})", "$.a == 1"), "true");
  EXPECT_EQ(Query(R"({"a": "x"})", "$.a > 1"), "null");
  EXPECT_EQ(Query(R"({"a": 2.5})", "$.a * 2 + 1"), "6.0");
  EXPECT_EQ(Query("[1, 2]", "$.size()"), "2");
  EXPECT_EQ(Query(R"({"a": -1.5})", "$.a.abs()"), "1.5");
  EXPECT_EQ(Query(R"([1, "s", {}])", "$[*].type()"), R"("number" | "string" | "object")");
  EXPECT_EQ(Query("[1, 2]", "$ + 1"), "ERROR 22038");
  EXPECT_EQ(Query("1", "$ / 0"), "ERROR 22012");
  EXPECT_EQ(Query("1", "$x", "{}"), "ERROR 42704");
  EXPECT_EQ(Query("1", "$x"), "null");
  // A missing variable is an error even inside a filter.
  EXPECT_EQ(Query("[1]", "$[*] ? (@ == $x)", "{}"), "ERROR 42704");
}

TEST(JsonPath, MalformedPaths) {
  EXPECT_EQ(Query("1", ""), "ERROR 42601");
  EXPECT_EQ(Query("1", "$."), "ERROR 42601");
  EXPECT_EQ(Query("1", "$[1"), "ERROR 42601");
  EXPECT_EQ(Query("1", "$ ? (@ > 1"), "ERROR 42601");
  EXPECT_EQ(Query("1", R"($."unterminated)"), "ERROR 42601");
  EXPECT_EQ(Query("1", "$ == "), "ERROR 42601");
  EXPECT_EQ(Query("1", "1a"), "ERROR 42601");
  EXPECT_EQ(Query("1", "$ $"), "ERROR 42601");
  EXPECT_EQ(Query("1", R"($ like_regex "a")"), "ERROR 0A000");
  EXPECT_EQ(Query("1", "$.nosuch()"), "ERROR 0A000");
}

// The SQL functions, through the registry as the executor calls them.
std::string Call(const std::string& name, const std::vector<const char*>& args) {
  IoContext io;
  std::vector<Oid> types{oids::kJsonb, oids::kText, oids::kJsonb, oids::kBool};
  types.resize(args.size());
  std::vector<Value> values;
  for (size_t i = 0; i < args.size(); i++) values.push_back(InputText(types[i], -1, args[i], io).take());
  for (const FunctionDef* d : IsOperatorName(name) ? OperatorCandidates(name, 2) : FunctionCandidates(name)) {
    if (d->args != types || !d->impl) continue;
    FunctionCallContext ctx{io, types.data()};
    Value out;
    if (d->set_impl) {
      std::vector<std::vector<Value>> rows;
      Status st = d->set_impl(ctx, values.data(), values.size(), &rows);
      if (!st.ok()) return "ERROR " + st.sqlstate();
      std::string s;
      for (auto& r : rows) s += (s.empty() ? "" : " | ") + OutputText(oids::kJsonb, r[0], io);
      return s;
    }
    Status st = CallFunction(*d, ctx, values.data(), values.size(), &out);
    if (!st.ok()) return "ERROR " + st.sqlstate();
    return out.is_null() ? "NULL" : OutputText(d->result, out, io);
  }
  return "no such function";
}

TEST(JsonPathFunctions, OperatorsAreSilent) {
  EXPECT_EQ(Call("@?", {R"({"a": [1, 2, 3]})", "$.a[*] ? (@ > 2)"}), "t");
  EXPECT_EQ(Call("@?", {R"({"a": 1})", "strict $.b"}), "NULL");
  EXPECT_EQ(Call("@@", {R"({"a": [1, 2]})", "$.a[*] > 1"}), "t");
  EXPECT_EQ(Call("@@", {R"({"a": 1})", "$.a"}), "NULL");
  EXPECT_EQ(Call("@?", {"1", "$ ?"}), "ERROR 42601");  // a malformed path is always an error
  // The operators have no vars: a variable is null there, an error in the functions.
  EXPECT_EQ(Call("@?", {R"({"a": 1})", "$.a ? (@ == $x)"}), "f");
  EXPECT_EQ(Call("@?", {R"({"a": null})", "$.a ? (@ == $x)"}), "t");
  EXPECT_EQ(Call("jsonb_path_exists", {R"({"a": 1})", "$.a ? (@ == $x)"}), "ERROR 42704");
}

TEST(JsonPathFunctions, SilentFlagAndVars) {
  EXPECT_EQ(Call("jsonb_path_exists", {R"({"a": 1})", "strict $.b"}), "ERROR 2203A");
  EXPECT_EQ(Call("jsonb_path_exists", {R"({"a": 1})", "strict $.b", "{}", "true"}), "NULL");
  EXPECT_EQ(Call("jsonb_path_query_array", {"[1, 2, 3]", "strict $[5]", "{}", "true"}), "[]");
  EXPECT_EQ(Call("jsonb_path_query_array", {"[1, 2, 3]", "$[*] ? (@ >= $m)", R"({"m": 2})"}), "[2, 3]");
  EXPECT_EQ(Call("jsonb_path_exists", {"[1]", "$", "[1]"}), "ERROR 22023");
  EXPECT_EQ(Call("jsonb_path_match", {"[1]", "$[*]"}), "ERROR 22038");
  EXPECT_EQ(Call("jsonb_path_query_first", {"[1, 2]", "$[*]"}), "1");
  EXPECT_EQ(Call("jsonb_path_query_first", {"[]", "$[*]"}), "NULL");
  EXPECT_EQ(Call("jsonb_path_query", {R"({"a": [1, {"b": 2}]})", "$.a[*]"}), R"(1 | {"b": 2})");
}

}  // namespace
}  // namespace plinth::functions
