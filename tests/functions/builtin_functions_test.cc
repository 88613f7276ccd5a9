// Built-in functions called through the registry as the executor calls them: arguments
// are given as text in their SQL types and results compared as PostgreSQL 15 prints them.
#include <gtest/gtest.h>

#include "engine/functions/functions.h"

namespace plinth {
namespace {

struct Arg {
  Oid type;
  const char* text;  // nullptr: SQL NULL
};

// The definition with exactly these parameter types (set-returning ones included).
const FunctionDef* Find(const std::string& name, const std::vector<Oid>& types, bool variadic = false) {
  const auto& candidates = IsOperatorName(name) ? OperatorCandidates(name, static_cast<int>(types.size()))
                                                : FunctionCandidates(name);
  for (const FunctionDef* d : candidates) {
    if (variadic && d->variadic) return d;
    if (!variadic && !d->variadic && d->args == types) return d;
  }
  return nullptr;
}

// Calls name(args...) and returns its output text, "NULL", or "ERROR <sqlstate>: <message>".
std::string Call(const std::string& name, const std::vector<Arg>& args, bool variadic = false) {
  IoContext io;
  std::vector<Oid> types;
  std::vector<Value> values;
  for (const Arg& a : args) {
    types.push_back(a.type);
    if (a.text == nullptr) {
      values.emplace_back();
      continue;
    }
    auto v = InputText(a.type, -1, a.text, io);
    if (!v.ok()) return "bad test input";
    values.push_back(v.take());
  }
  const FunctionDef* def = Find(name, types, variadic);
  if (def == nullptr) return "no such function";
  FunctionCallContext ctx{io, types.data()};
  Value out;
  Status st = CallFunction(*def, ctx, values.data(), values.size(), &out);
  if (!st.ok()) return "ERROR " + st.info().sqlstate + ": " + st.info().message;
  return out.is_null() ? "NULL" : OutputText(def->result, out, io);
}

// All rows of a set-returning function, each row's columns joined by '|'.
std::string Rows(const std::string& name, const std::vector<Arg>& args) {
  IoContext io;
  std::vector<Oid> types;
  std::vector<Value> values;
  for (const Arg& a : args) {
    types.push_back(a.type);
    values.push_back(InputText(a.type, -1, a.text, io).take());
  }
  const FunctionDef* def = Find(name, types);
  if (def == nullptr || def->set_impl == nullptr) return "no such set function";
  FunctionCallContext ctx{io, types.data()};
  std::vector<std::vector<Value>> rows;
  Status st = def->set_impl(ctx, values.data(), values.size(), &rows);
  if (!st.ok()) return "ERROR " + st.info().message;
  std::string out;
  for (const auto& row : rows) {
    if (!out.empty()) out += ";";
    for (size_t c = 0; c < row.size(); ++c) {
      Oid type = def->set_columns.empty() ? def->result : def->set_columns[c].second;
      if (c) out += "|";
      out += row[c].is_null() ? "NULL" : OutputText(type, row[c], io);
    }
  }
  return out;
}

constexpr Oid kText = oids::kText, kInt4 = oids::kInt4, kInt8 = oids::kInt8, kNum = oids::kNumeric,
              kF8 = oids::kFloat8, kJsonb = oids::kJsonb, kTextArr = oids::kTextArray, kBool = oids::kBool;

TEST(Strings, CodesAndTranslation) {
  EXPECT_EQ(Call("ascii", {{kText, "A"}}), "65");
  EXPECT_EQ(Call("ascii", {{kText, ""}}), "0");
  EXPECT_EQ(Call("chr", {{kInt4, "233"}}), "é");
  EXPECT_EQ(Call("chr", {{kInt4, "0"}}), "ERROR 54000: null character not permitted");
  EXPECT_EQ(Call("to_hex", {{kInt4, "-1"}}), "ffffffff");
  EXPECT_EQ(Call("to_hex", {{kInt8, "9223372036854775807"}}), "7fffffffffffffff");
  EXPECT_EQ(Call("translate", {{kText, "hello"}, {kText, "el"}, {kText, "ip"}}), "hippo");
  EXPECT_EQ(Call("translate", {{kText, "abc"}, {kText, "b"}, {kText, ""}}), "ac");
  EXPECT_EQ(Call("overlay", {{kText, "Txxxxas"}, {kText, "hom"}, {kInt4, "2"}, {kInt4, "4"}}), "Thomas");
  EXPECT_EQ(Call("encode", {{oids::kBytea, "abc"}, {kText, "base64"}}), "YWJj");
  EXPECT_EQ(Call("decode", {{kText, "zz"}, {kText, "hex"}}), "ERROR 22023: invalid hexadecimal digit: \"z\"");
  EXPECT_EQ(Call("encode", {{oids::kBytea, "abc"}, {kText, "rot13"}}), "ERROR 22023: unrecognized encoding: \"rot13\"");
}

TEST(Format, ConversionsAndErrors) {
  EXPECT_EQ(Call("format", {{kText, "[%5s] [%-5s] [%2$s] [%1$s]"}, {kText, "a"}, {kText, "b"}}, true),
            "[    a] [b    ] [b] [a]");
  EXPECT_EQ(Call("format", {{kText, "%I.%I"}, {kText, "my schema"}, {kText, "select"}}, true), "\"my schema\".\"select\"");
  EXPECT_EQ(Call("format", {{kText, "%L"}, {kText, "it's"}}, true), "'it''s'");
  EXPECT_EQ(Call("format", {{kText, "%L"}, {kText, nullptr}}, true), "NULL");
  EXPECT_EQ(Call("format", {{kText, "%s %s"}, {kText, "one"}}, true), "ERROR 22023: too few arguments for format()");
  EXPECT_EQ(Call("format", {{kText, "%q"}, {kText, "x"}}, true), "ERROR 22023: unrecognized format() type specifier \"q\"");
  EXPECT_EQ(Call("format", {{kText, "50%"}}), "ERROR 22023: unterminated format() type specifier");
  EXPECT_EQ(Call("quote_ident", {{kText, "Needs Quote"}}), "\"Needs Quote\"");
  EXPECT_EQ(Call("quote_literal", {{kText, "back\\slash"}}), "E'back\\\\slash'");
}

TEST(NumberFormat, ToChar) {
  EXPECT_EQ(Call("to_char", {{kNum, "12345.678"}, {kText, "99,999.99"}}), " 12,345.68");
  EXPECT_EQ(Call("to_char", {{kInt4, "-5"}, {kText, "000"}}), "-005");
  EXPECT_EQ(Call("to_char", {{kNum, "0.5"}, {kText, "FM0.00"}}), "0.50");
  EXPECT_EQ(Call("to_char", {{kNum, "123456"}, {kText, "999"}}), " ###");
  EXPECT_EQ(Call("to_char", {{kNum, "1.5"}, {kText, "FM9.99"}}), "1.5");
  EXPECT_EQ(Call("to_char", {{kNum, "0.5"}, {kText, "9.99"}}), "  .50");
  EXPECT_EQ(Call("to_char", {{kNum, "-0.5"}, {kText, "9.99"}}), " -.50");
  EXPECT_EQ(Call("to_char", {{kNum, "-12.5"}, {kText, "FM999.9"}}), "-12.5");
  EXPECT_EQ(Call("to_char", {{kNum, "123"}, {kText, "999PR"}}), " 123 ");
  EXPECT_EQ(Call("to_char", {{kNum, "-123"}, {kText, "999PR"}}), "<123>");
}

TEST(Regex, Functions) {
  EXPECT_EQ(Call("regexp_replace", {{kText, "2024-01-15"}, {kText, "(\\d+)-(\\d+)-(\\d+)"}, {kText, "\\3/\\2/\\1"}}),
            "15/01/2024");
  EXPECT_EQ(Call("regexp_replace", {{kText, "AbA"}, {kText, "a"}, {kText, "x"}, {kText, "gi"}}), "xbx");
  EXPECT_EQ(Call("regexp_match", {{kText, "foo123bar456"}, {kText, "(\\d+)\\D+(\\d+)"}}), "{123,456}");
  EXPECT_EQ(Call("regexp_match", {{kText, "abc"}, {kText, "z"}}), "NULL");
  EXPECT_EQ(Rows("regexp_matches", {{kText, "a1b22c333"}, {kText, "\\d+"}, {kText, "g"}}), "{1};{22};{333}");
  EXPECT_EQ(Call("regexp_split_to_array", {{kText, "a, b,c"}, {kText, ",\\s*"}}), "{a,b,c}");
  EXPECT_EQ(Call("regexp_split_to_array", {{kText, "abc"}, {kText, ""}}), "{a,b,c}");
  EXPECT_EQ(Call("regexp_split_to_array", {{kText, ",a,"}, {kText, ","}}), "{\"\",a,\"\"}");
  EXPECT_EQ(Call("regexp_replace", {{kText, "abc"}, {kText, "x*"}, {kText, "-"}, {kText, "g"}}), "-a-b-c-");
  EXPECT_EQ(Call("substring", {{kText, "foobar"}, {kText, "(o+)(b)"}}), "oo");
  EXPECT_EQ(Call("substring", {{kText, "foobar"}, {kText, "f#\"o+#\"b%"}, {kText, "#"}}), "oo");
  EXPECT_EQ(Call("regexp_count", {{kText, "banana"}, {kText, "an"}}), "2");
  EXPECT_EQ(Call("regexp_instr", {{kText, "banana"}, {kText, "an"}, {kInt4, "1"}, {kInt4, "2"}}), "4");
  EXPECT_EQ(Call("similar_to_escape", {{kText, "a_%(b|c)"}}), "^(?:a..*(?:b|c))$");
  EXPECT_EQ(Call("regexp_match", {{kText, "abc"}, {kText, "("}}), "ERROR 2201B: invalid regular expression: parentheses () not balanced");
  EXPECT_EQ(Call("regexp_replace", {{kText, "a"}, {kText, "a"}, {kText, "b"}, {kText, "z"}}),
            "ERROR 22023: invalid regular expression option: \"z\"");
}

TEST(Math, NumericScalesAndDomains) {
  EXPECT_EQ(Call("power", {{kNum, "2.0"}, {kNum, "0.5"}}), "1.4142135623730950");
  EXPECT_EQ(Call("power", {{kNum, "2"}, {kNum, "100"}}), "1267650600228229401496703205376.0000000000000000");
  EXPECT_EQ(Call("log", {{kNum, "2.0"}, {kNum, "1024.0"}}), "10.0000000000000000");
  EXPECT_EQ(Call("ln", {{kNum, "2.718281828459045"}}), "0.9999999999999999");
  EXPECT_EQ(Call("div", {{kNum, "-9"}, {kNum, "4"}}), "-2");
  EXPECT_EQ(Call("div", {{kNum, "1"}, {kNum, "0"}}), "ERROR 22012: division by zero");
  EXPECT_EQ(Call("gcd", {{kInt4, "-12"}, {kInt4, "18"}}), "6");
  EXPECT_EQ(Call("gcd", {{kInt4, "-2147483648"}, {kInt4, "0"}}), "ERROR 22003: integer out of range");
  EXPECT_EQ(Call("factorial", {{kInt8, "-1"}}), "ERROR 22023: factorial of a negative number is undefined");
  EXPECT_EQ(Call("sind", {{kF8, "30"}}), "0.5");
  EXPECT_EQ(Call("atand", {{kF8, "1"}}), "45");
  EXPECT_EQ(Call("acos", {{kF8, "2"}}), "ERROR 22003: input is out of range");
  EXPECT_EQ(Call("width_bucket", {{kNum, "5.35"}, {kNum, "0.024"}, {kNum, "10.06"}, {kInt4, "5"}}), "3");
  EXPECT_EQ(Call("trim_scale", {{kNum, "1.500"}}), "1.5");
  EXPECT_EQ(Call("ln", {{kNum, "0"}}), "ERROR 2201E: cannot take logarithm of zero");
}

TEST(Json, AccessAndEdit) {
  const char* doc = R"({"a": {"b": 1}, "items": [{"sku": "A1"}, {"sku": "B2"}]})";
  EXPECT_EQ(Call("->", {{kJsonb, doc}, {kText, "a"}}), "{\"b\": 1}");
  EXPECT_EQ(Call("#>>", {{kJsonb, doc}, {kTextArr, "{items,-1,sku}"}}), "B2");
  EXPECT_EQ(Call("->>", {{kJsonb, "5"}, {kInt4, "0"}}), "5");
  EXPECT_EQ(Call("@>", {{kJsonb, doc}, {kJsonb, R"({"items": [{"sku": "A1"}]})"}}), "t");
  EXPECT_EQ(Call("@>", {{kJsonb, "[1, [2]]"}, {kJsonb, "[2]"}}), "f");
  EXPECT_EQ(Call("||", {{kJsonb, R"({"a": {"b": 1}})"}, {kJsonb, R"({"a": 2, "c": 3})"}}), "{\"a\": 2, \"c\": 3}");
  EXPECT_EQ(Call("jsonb_set", {{kJsonb, R"({"a": 1})"}, {kTextArr, "{x}"}, {kJsonb, "\"new\""}}), "{\"a\": 1, \"x\": \"new\"}");
  EXPECT_EQ(Call("jsonb_insert", {{kJsonb, R"({"a": [1, 3]})"}, {kTextArr, "{a,1}"}, {kJsonb, "2"}}), "{\"a\": [1, 2, 3]}");
  EXPECT_EQ(Call("#-", {{kJsonb, R"({"a": {"b": 1, "c": 2}})"}, {kTextArr, "{a,b}"}}), "{\"a\": {\"c\": 2}}");
  EXPECT_EQ(Call("-", {{kJsonb, "\"x\""}, {kText, "x"}}), "ERROR 22023: cannot delete from scalar");
  EXPECT_EQ(Call("jsonb_array_length", {{kJsonb, R"({"a": 1})"}}), "ERROR 22023: cannot get array length of a non-array");
  EXPECT_EQ(Call("jsonb_typeof", {{kJsonb, "null"}}), "null");
  EXPECT_EQ(Call("jsonb_pretty", {{kJsonb, R"({"c": {}})"}}), "{\n    \"c\": {\n    }\n}");
}

TEST(Json, SetReturningAndMalformed) {
  EXPECT_EQ(Rows("jsonb_each_text", {{kJsonb, R"({"b": [1], "a": "x", "c": null})"}}), "a|x;b|[1];c|NULL");
  EXPECT_EQ(Rows("jsonb_array_elements", {{kJsonb, R"([1, "two", null])"}}), "1;\"two\";null");
  EXPECT_EQ(Rows("jsonb_array_elements", {{kJsonb, R"({"a": 1})"}}), "ERROR cannot extract elements from an object");
  // A json value whose text does not parse (stored by a bug or a plugin) errors, never crashes.
  IoContext io;
  Oid types[2] = {kJsonb, kText};
  FunctionCallContext ctx{io, types};
  Value args[2] = {Value::Bytes(std::string("{\"a\": ")), Value::Bytes(std::string("a"))};
  Value out;
  Status st = CallFunction(*Find("->", {kJsonb, kText}), ctx, args, 2, &out);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.info().sqlstate, "22P02");
}

TEST(Datetime, FormattingAndParsing) {
  EXPECT_EQ(Call("to_char", {{oids::kTimestamp, "2024-03-05 14:30:15"}, {kText, "HH12:MI AM"}}), "02:30 PM");
  EXPECT_EQ(Call("to_char", {{oids::kTimestamp, "2024-03-05"}, {kText, "Day, DD Month YYYY"}}), "Tuesday  , 05 March     2024");
  EXPECT_EQ(Call("to_char", {{oids::kTimestamp, "2024-03-05"}, {kText, "FMDay FMMonth DDth"}}), "Tuesday March 05th");
  EXPECT_EQ(Call("to_date", {{kText, "05 Mar 2024"}, {kText, "DD Mon YYYY"}}), "2024-03-05");
  EXPECT_EQ(Call("to_date", {{kText, "2024-13-01"}, {kText, "YYYY-MM-DD"}}),
            "ERROR 22008: date/time field value out of range: \"2024-13-01\"");
  EXPECT_EQ(Call("to_timestamp", {{kF8, "1700000000.5"}}), "2023-11-14 22:13:20.5+00");
  EXPECT_EQ(Call("make_time", {{kInt4, "25"}, {kInt4, "0"}, {kF8, "0"}}), "ERROR 22008: time field value out of range: 25:00:00");
  EXPECT_EQ(Call("overlaps", {{oids::kDate, "2024-01-01"}, {oids::kDate, "2024-02-01"}, {oids::kDate, "2024-02-01"},
                              {oids::kDate, "2024-03-01"}}),
            "f");
}

}  // namespace
}  // namespace plinth
