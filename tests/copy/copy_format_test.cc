// The text-format COPY line parser: fields, NULL markers, backslash escapes, and the
// reuse of one field vector across lines (as CopyFromProducer calls it).
#include "engine/session/copy_format.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace plinth::copyfmt {
namespace {

using Fields = std::vector<std::optional<std::string>>;

Fields Parse(std::string_view line, const CopyOptions& opt = CopyOptions{}) {
  Fields f;
  EXPECT_TRUE(ParseTextLine(line, opt, &f).ok());
  return f;
}

TEST(CopyTextLineTest, SplitsOnTheDelimiter) {
  EXPECT_EQ(Parse("1\t2\tabc"), (Fields{"1", "2", "abc"}));
  EXPECT_EQ(Parse(""), (Fields{""}));
  EXPECT_EQ(Parse("\t"), (Fields{"", ""}));
  EXPECT_EQ(Parse("a\t\tb\t"), (Fields{"a", "", "b", ""}));
  CopyOptions comma;
  comma.delimiter = ',';
  EXPECT_EQ(Parse("x,y\tz", comma), (Fields{"x", "y\tz"}));
}

TEST(CopyTextLineTest, NullMarkerIsComparedBeforeUnescaping) {
  EXPECT_EQ(Parse("\\N\t1"), (Fields{std::nullopt, "1"}));
  EXPECT_EQ(Parse("\\\\N"), (Fields{"\\N"}));  // an escaped backslash, then N: text
  EXPECT_EQ(Parse("\\Nx"), (Fields{"Nx"}));
  CopyOptions custom;
  custom.null_text = "NULL";
  EXPECT_EQ(Parse("NULL\t\\N\t", custom), (Fields{std::nullopt, "N", ""}));
  CopyOptions empty_null;
  empty_null.null_text = "";
  EXPECT_EQ(Parse("\ta", empty_null), (Fields{std::nullopt, "a"}));
}

TEST(CopyTextLineTest, UndoesBackslashEscapes) {
  EXPECT_EQ(Parse("a\\tb\\nc\\\\d"), (Fields{"a\tb\nc\\d"}));
  EXPECT_EQ(Parse("\\b\\f\\r\\v"), (Fields{"\b\f\r\v"}));
  EXPECT_EQ(Parse("\\x41\\x4a\\xg"), (Fields{"AJxg"}));
  EXPECT_EQ(Parse("\\101\\0612\\7"), (Fields{"A12\x07"}));
  EXPECT_EQ(Parse("a\\\tb\tc"), (Fields{"a\tb", "c"}));  // an escaped delimiter does not split
  EXPECT_EQ(Parse("\\q"), (Fields{"q"}));
  EXPECT_EQ(Parse("end\\"), (Fields{"end\\"}));  // a lone trailing backslash stays
  EXPECT_EQ(Parse("a\t\\"), (Fields{"a", "\\"}));
}

TEST(CopyTextLineTest, ReusedVectorTakesEachLinesFieldsExactly) {
  Fields f;
  CopyOptions opt;
  ASSERT_TRUE(ParseTextLine("a long first value that needs the heap\t\\N\tthird", opt, &f).ok());
  EXPECT_EQ(f, (Fields{"a long first value that needs the heap", std::nullopt, "third"}));
  ASSERT_TRUE(ParseTextLine("x\ty", opt, &f).ok());
  EXPECT_EQ(f, (Fields{"x", "y"}));
  ASSERT_TRUE(ParseTextLine("\\N\t2\t3\t4", opt, &f).ok());
  EXPECT_EQ(f, (Fields{std::nullopt, "2", "3", "4"}));
  ASSERT_TRUE(ParseTextLine("", opt, &f).ok());
  EXPECT_EQ(f, (Fields{""}));
}

TEST(CopyCsvRecordTest, QuotesAndNulls) {
  CopyOptions csv;
  csv.format = CopyOptions::Format::Csv;
  csv.delimiter = ',';
  csv.null_text = "";
  Fields f;
  ASSERT_TRUE(ParseCsvRecord("1,\"a,b\",,\"\"", csv, &f).ok());
  EXPECT_EQ(f, (Fields{"1", "a,b", std::nullopt, ""}));
  ASSERT_TRUE(ParseCsvRecord("\"say \"\"hi\"\"\"", csv, &f).ok());
  EXPECT_EQ(f, (Fields{"say \"hi\""}));
  EXPECT_FALSE(ParseCsvRecord("\"unterminated", csv, &f).ok());
  EXPECT_TRUE(CsvRecordIncomplete("1,\"open", csv));
  EXPECT_FALSE(CsvRecordIncomplete("1,\"closed\"", csv));
}

}  // namespace
}  // namespace plinth::copyfmt
