#include <gtest/gtest.h>

#include "host/config/value_parsers.h"

namespace plinth::config {
namespace {

TEST(ValueParsers, Integers) {
  EXPECT_EQ(ValueOf(ParseInteger(" 42 ", 0, 100)), 42);
  EXPECT_EQ(ValueOf(ParseInteger("+7", 0, 100)), 7);
  EXPECT_EQ(ValueOf(ParseInteger("-3", -5, 100)), -3);
  EXPECT_TRUE(IsError(ParseInteger("", 0, 100)));
  EXPECT_TRUE(IsError(ParseInteger("4 2", 0, 100)));
  EXPECT_TRUE(IsError(ParseInteger("0x10", 0, 100)));
  EXPECT_TRUE(IsError(ParseInteger("101", 0, 100)));
  EXPECT_TRUE(IsError(ParseInteger("99999999999999999999999", 0, 100)));
}

TEST(ValueParsers, Durations) {
  EXPECT_EQ(ValueOf(ParseDurationMs("10", 1, 0, 1 << 30)), 10);
  EXPECT_EQ(ValueOf(ParseDurationMs("10", 1000, 0, 1 << 30)), 10000);
  EXPECT_EQ(ValueOf(ParseDurationMs("2500us", 1, 0, 1 << 30)), 2);
  EXPECT_EQ(ValueOf(ParseDurationMs("1d", 1, 0, int64_t{1} << 40)), 86400000);
  EXPECT_TRUE(IsError(ParseDurationMs("1 sec", 1, 0, 1 << 30)));
  EXPECT_TRUE(IsError(ParseDurationMs("1S", 1, 0, 1 << 30)));  // units are case-sensitive
  EXPECT_TRUE(IsError(ParseDurationMs("9223372036854775807d", 1, 0, 1 << 30)));  // overflow
}

TEST(ValueParsers, Sizes) {
  EXPECT_EQ(ValueOf(ParseSizeBytes("8kB", 0, int64_t{1} << 40)), 8192);
  EXPECT_EQ(ValueOf(ParseSizeBytes("2 TB", 0, int64_t{1} << 42)), int64_t{2} << 40);
  EXPECT_TRUE(IsError(ParseSizeBytes("8KB", 0, int64_t{1} << 40)));
  EXPECT_TRUE(IsError(ParseSizeBytes("1.5MB", 0, int64_t{1} << 40)));
}

TEST(ValueParsers, Booleans) {
  for (const char* t : {"on", "true", "t", "YES", "1"}) EXPECT_TRUE(ValueOf(ParseBool(t))) << t;
  for (const char* f : {"off", "false", "f", "no", "0"}) EXPECT_FALSE(ValueOf(ParseBool(f))) << f;
  for (const char* bad : {"o", "maybe", "", "2"}) EXPECT_TRUE(IsError(ParseBool(bad))) << bad;
}

TEST(ValueParsers, CommaListsAndNames) {
  EXPECT_EQ(SplitCommaList(" a, b ,c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(SplitCommaList("a,,b"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_TRUE(IsValidPluginName("storage_lmdb2"));
  EXPECT_FALSE(IsValidPluginName(""));
  EXPECT_FALSE(IsValidPluginName("3d"));
  EXPECT_FALSE(IsValidPluginName("../x"));
  EXPECT_FALSE(IsValidPluginName("Auth"));
}

}  // namespace
}  // namespace plinth::config
