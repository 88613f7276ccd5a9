// JSON input errors, jsonb ordering, IntervalStyle/DateStyle output and
// multidimensional array text I/O. Expected texts are PostgreSQL 15's (taken from
// tests/sql/expected/types_json.out, types_interval.out, types_datetime.out and
// types_array.out, which a real server produced).
#include <gtest/gtest.h>

#include <vector>

#include "engine/types/array_shape.h"
#include "engine/types/interval_styles.h"
#include "engine/types/types.h"

namespace plinth {
namespace {

Status InputError(Oid type, std::string_view text, const IoContext& io = IoContext()) {
  auto v = InputText(type, -1, text, io);
  EXPECT_FALSE(v.ok()) << text;
  return v.ok() ? Status::OK() : v.status();
}

std::string RoundTrip(Oid type, std::string_view text, const IoContext& io = IoContext()) {
  auto v = InputText(type, -1, text, io);
  EXPECT_TRUE(v.ok()) << text << ": " << (v.ok() ? "" : v.status().info().message);
  return v.ok() ? OutputText(type, *v, io) : std::string();
}

struct JsonErrorCase {
  Oid type;
  const char* input;
  const char* sqlstate;
  const char* message;
  const char* detail;
  const char* context;
};

TEST(JsonInput, ErrorsReadAsPostgres) {
  const JsonErrorCase cases[] = {
      {oids::kJson, "{\"a\":", "22P02", "invalid input syntax for type json", "The input string ended unexpectedly.",
       "JSON data, line 1: {\"a\":"},
      {oids::kJsonb, "{a: 1}", "22P02", "invalid input syntax for type json", "Token \"a\" is invalid.",
       "JSON data, line 1: {a..."},
      {oids::kJsonb, "[1, 2,]", "22P02", "invalid input syntax for type json",
       "Expected JSON value, but found \"]\".", "JSON data, line 1: [1, 2,]"},
      {oids::kJson, "", "22P02", "invalid input syntax for type json", "The input string ended unexpectedly.",
       "JSON data, line 1: "},
      {oids::kJson, "\"bad \\x\"", "22P02", "invalid input syntax for type json",
       "Escape sequence \"\\x\" is invalid.", "JSON data, line 1: \"bad \\x..."},
      {oids::kJsonb, "\"\\u0000\"", "22P05", "unsupported Unicode escape sequence",
       "\\u0000 cannot be converted to text.", "JSON data, line 1: \"\\u0000..."},
      {oids::kJsonb, "{\"a\": 1} extra", "22P02", "invalid input syntax for type json",
       "Token \"extra\" is invalid.", "JSON data, line 1: {\"a\": 1} extra"},
      {oids::kJsonb, "TRUE", "22P02", "invalid input syntax for type json", "Token \"TRUE\" is invalid.",
       "JSON data, line 1: TRUE"},
  };
  for (const auto& c : cases) {
    Status s = InputError(c.type, c.input);
    EXPECT_EQ(s.info().sqlstate, c.sqlstate) << c.input;
    EXPECT_EQ(s.info().message, c.message) << c.input;
    EXPECT_EQ(s.info().detail, c.detail) << c.input;
    EXPECT_EQ(s.info().context, c.context) << c.input;
  }
}

TEST(JsonInput, JsonKeepsWhatJsonbRejects) {
  EXPECT_EQ(RoundTrip(oids::kJson, "\"\\u0000\""), "\"\\u0000\"");
  EXPECT_EQ(RoundTrip(oids::kJsonb, "\"\\ud83d\\ude00\""), "\"\xF0\x9F\x98\x80\"");
  EXPECT_EQ(RoundTrip(oids::kJsonb, "{\"z\": 1, \"a\": 2, \"mm\": 3}"), "{\"a\": 2, \"z\": 1, \"mm\": 3}");
  EXPECT_EQ(RoundTrip(oids::kJsonb, "{\"a\":1,\"a\":2}"), "{\"a\": 2}");
}

TEST(JsonInput, MultiLineContextCountsLines) {
  Status s = InputError(oids::kJson, "[1,\n 2,\n x]");
  EXPECT_EQ(s.info().detail, "Token \"x\" is invalid.");
  EXPECT_EQ(s.info().context, "JSON data, line 3:  x...");
}

int CompareJsonb(std::string_view a, std::string_view b) {
  IoContext io;
  auto x = InputText(oids::kJsonb, -1, a, io), y = InputText(oids::kJsonb, -1, b, io);
  EXPECT_TRUE(x.ok() && y.ok());
  return Compare(oids::kJsonb, *x, *y);
}

TEST(JsonbOrder, FollowsPostgres) {
  EXPECT_EQ(CompareJsonb("1", "1.0"), 0);
  EXPECT_EQ(Hash(oids::kJsonb, *InputText(oids::kJsonb, -1, "[1]", IoContext())),
            Hash(oids::kJsonb, *InputText(oids::kJsonb, -1, "[1.00]", IoContext())));
  EXPECT_EQ(CompareJsonb("{\"a\": 1, \"b\": 2}", "{\"b\": 2, \"a\": 1}"), 0);
  EXPECT_NE(CompareJsonb("[1, 2]", "[2, 1]"), 0);
  EXPECT_LT(CompareJsonb("\"abc\"", "1"), 0);
  EXPECT_LT(CompareJsonb("null", "false"), 0);
  EXPECT_LT(CompareJsonb("[]", "{}"), 0);
  // ORDER BY jb in types_json: null < "a string" < [6 elements] < {"a": 2} < {2 keys}.
  EXPECT_LT(CompareJsonb("null", "\"a string\""), 0);
  EXPECT_LT(CompareJsonb("\"a string\"", "[1, \"two\", true, null, 1.50, 100]"), 0);
  EXPECT_LT(CompareJsonb("[1, \"two\", true, null, 1.50, 100]", "{\"a\": 2}"), 0);
  EXPECT_LT(CompareJsonb("[]", "null"), 0);  // an empty top-level array sorts below a scalar
  EXPECT_LT(CompareJsonb("{\"a\": 2}", "{\"a\": [1], \"b\": 1}"), 0);
}

TEST(JsonbOrder, KeyEncodingAgreesWithCompare) {
  const char* docs[] = {"null", "true", "false", "0", "1.50", "-2", "\"\"", "\"a\"", "\"ab\"", "[]", "[1]",
                        "[1, 2]", "[\"x\", null]", "{}", "{\"a\": 1}", "{\"b\": 1}", "{\"a\": [1, {\"c\": 2}]}",
                        "{\"a\": 1, \"b\": 2}", "[[1], {}]", "\"q\\\"uote\""};
  IoContext io;
  std::vector<Value> values;
  for (const char* d : docs) {
    auto v = InputText(oids::kJsonb, -1, d, io);
    ASSERT_TRUE(v.ok()) << d;
    values.push_back(*v);
  }
  auto sign = [](int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; };
  for (const Value& a : values) {
    std::string ka;
    EncodeKey(oids::kJsonb, a, false, &ka);
    std::string_view in = ka;
    auto back = DecodeKey(oids::kJsonb, &in, false);
    ASSERT_TRUE(back.ok()) << a.as_bytes();
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(Compare(oids::kJsonb, a, *back), 0) << a.as_bytes() << " vs " << back->as_bytes();
    for (const Value& b : values) {
      std::string kb;
      EncodeKey(oids::kJsonb, b, false, &kb);
      EXPECT_EQ(sign(ka.compare(kb)), sign(Compare(oids::kJsonb, a, b))) << a.as_bytes() << " vs " << b.as_bytes();
    }
  }
  std::string_view garbage = "\x01\x01\x09";
  EXPECT_FALSE(DecodeKey(oids::kJsonb, &garbage, false).ok());
}

std::string IntervalIn(std::string_view text, const char* style) {
  IoContext io;
  io.intervalstyle = style;
  return RoundTrip(oids::kInterval, text, io);
}

TEST(IntervalStyles, MatchPostgres) {
  EXPECT_EQ(IntervalIn("1 year 2 months 3 days 04:05:06.5", "iso_8601"), "P1Y2M3DT4H5M6.5S");
  EXPECT_EQ(IntervalIn("-1 hour", "iso_8601"), "PT-1H");
  EXPECT_EQ(IntervalIn("0", "iso_8601"), "PT0S");
  EXPECT_EQ(IntervalIn("1 year 2 months", "sql_standard"), "1-2");
  EXPECT_EQ(IntervalIn("3 days 04:05:06", "sql_standard"), "3 4:05:06");
  EXPECT_EQ(IntervalIn("-1 day", "sql_standard"), "-1 0:00:00");
  EXPECT_EQ(IntervalIn("1 year 2 months 3 days 04:05:06", "postgres_verbose"),
            "@ 1 year 2 mons 3 days 4 hours 5 mins 6 secs");
  EXPECT_EQ(IntervalIn("-90 minutes", "postgres_verbose"), "@ 1 hour 30 mins ago");
  EXPECT_EQ(IntervalIn("1-6", "postgres"), "1 year 6 mons");
}

TEST(DateStyles, MatchPostgres) {
  IoContext io;
  auto style = datetime::CanonicalDateStyle("SQL, DMY", "ISO, MDY");
  ASSERT_TRUE(style.ok());
  io.datestyle = *style;
  EXPECT_EQ(RoundTrip(oids::kDate, "2024-01-15", io), "15/01/2024");
  EXPECT_EQ(RoundTrip(oids::kTimestamp, "2024-01-15 10:30", io), "15/01/2024 10:30:00");
  EXPECT_EQ(RoundTrip(oids::kDate, "05/04/2024", io), "05/04/2024");
  style = datetime::CanonicalDateStyle("German", io.datestyle);
  ASSERT_TRUE(style.ok());
  EXPECT_EQ(*style, "German, DMY");
  io.datestyle = *style;
  EXPECT_EQ(RoundTrip(oids::kDate, "2024-01-15", io), "15.01.2024");
  style = datetime::CanonicalDateStyle("Postgres, MDY", io.datestyle);
  ASSERT_TRUE(style.ok());
  io.datestyle = *style;
  EXPECT_EQ(RoundTrip(oids::kTimestamp, "2024-01-15 10:30", io), "Mon Jan 15 10:30:00 2024");
  EXPECT_EQ(RoundTrip(oids::kTimestamptz, "2024-01-15 10:30+00", io), "Mon Jan 15 10:30:00 2024 UTC");
  EXPECT_FALSE(datetime::CanonicalDateStyle("Klingon", "ISO, MDY").ok());
  EXPECT_FALSE(datetime::CanonicalDateStyle("ISO, SQL", "ISO, MDY").ok());
}

TEST(MultidimensionalArrays, TextRoundTrip) {
  EXPECT_EQ(RoundTrip(oids::kInt4Array, "{{1,2},{3,4}}"), "{{1,2},{3,4}}");
  EXPECT_EQ(RoundTrip(oids::kInt4Array, " { { 1 , 2 } , { 3 , 4 } } "), "{{1,2},{3,4}}");
  EXPECT_EQ(RoundTrip(oids::kInt4Array, "[0:1][2:3]={{1,2},{3,4}}"), "[0:1][2:3]={{1,2},{3,4}}");
  EXPECT_EQ(RoundTrip(oids::kTextArray, "{{\"a b\",NULL}}"), "{{\"a b\",NULL}}");
  EXPECT_EQ(RoundTrip(oids::kInt4Array, "[0:2]={7,8,9}"), "[0:2]={7,8,9}");
  EXPECT_EQ(RoundTrip(oids::kInt4Array, "{}"), "{}");

  auto v = InputText(oids::kInt4Array, -1, "{{1,2,3},{4,5,6}}", IoContext());
  ASSERT_TRUE(v.ok());
  ArrayShape shape = DecodeArrayShape(v->as_bytes());
  ASSERT_EQ(shape.ndims(), 2u);
  EXPECT_EQ(shape.lengths[0], 2);
  EXPECT_EQ(shape.lengths[1], 3);
  EXPECT_EQ(DecodeArray(v->as_bytes()).elements.size(), 6u);  // flattened for 1-D code
  EXPECT_EQ(DecodeArray(v->as_bytes()).elements[4].as_int(), 5);
}

TEST(MultidimensionalArrays, ShapeDecidesEquality) {
  IoContext io;
  auto flat = InputText(oids::kInt4Array, -1, "{1,2}", io), tall = InputText(oids::kInt4Array, -1, "{{1},{2}}", io);
  ASSERT_TRUE(flat.ok() && tall.ok());
  EXPECT_NE(Compare(oids::kInt4Array, *flat, *tall), 0);
}

TEST(MultidimensionalArrays, MalformedLiterals) {
  struct Case {
    const char* input;
    const char* detail;
  };
  const Case cases[] = {
      {"{{1,2},{3}}", "Multidimensional arrays must have sub-arrays with matching dimensions."},
      {"{1,2", "Unexpected end of input."},
      {"{{1,2},3}", "Unexpected array element."},
      {"{1,{2}}", "Unexpected \"{\" character."},
      {"{1,2}x", "Junk after closing right brace."},
      {"[1:3]={1,2}", "Specified array dimensions do not match array contents."},
      {"[1:2]{1,2}", "Missing \"=\" after array dimensions."},
      {"1,2", "Array value must start with \"{\" or dimension information."},
  };
  for (const auto& c : cases) {
    Status s = InputError(oids::kInt4Array, c.input);
    EXPECT_EQ(s.info().sqlstate, "22P02") << c.input;
    EXPECT_EQ(s.info().message, std::string("malformed array literal: \"") + c.input + "\"");
    EXPECT_EQ(s.info().detail, c.detail) << c.input;
  }
}

TEST(MultidimensionalArrays, BinaryRoundTrip) {
  IoContext io;
  auto v = InputText(oids::kInt4Array, -1, "[2:3][1:2]={{1,NULL},{3,4}}", io);
  ASSERT_TRUE(v.ok());
  std::string wire;
  SendBinary(oids::kInt4Array, *v, io, &wire);
  auto back = ReceiveBinary(oids::kInt4Array, -1, wire, io);
  ASSERT_TRUE(back.ok()) << back.status().info().message;
  EXPECT_EQ(OutputText(oids::kInt4Array, *back, io), "[2:3][1:2]={{1,NULL},{3,4}}");
}

}  // namespace
}  // namespace plinth
