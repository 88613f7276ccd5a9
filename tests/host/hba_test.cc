// pg_hba.conf-format parsing and the address rules shared with [[hba]] tables.
#include <gtest/gtest.h>

#include "host/config/hba.h"

namespace plinth {
namespace {

TEST(HbaFile, ParsesEveryForm) {
  auto rules = ParseHbaText(R"(# TYPE  DATABASE  USER  ADDRESS  METHOD

local    all        all                       trust
host     app,"my db"  alice, bob  10.0.0.0/8   scram-sha-256   # trailing comment
hostssl  all        all   192.168.1.0  255.255.255.0  md5
hostnossl all       all   ::1/128                 password
host     all        all   all                     reject
host     all        all   127.0.0.1               trust
)", "pg_hba.conf");
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  ASSERT_EQ(rules->size(), 6u);
  const auto& r = *rules;
  EXPECT_EQ(r[0].type, "local");
  EXPECT_EQ(r[0].address, "");
  EXPECT_EQ(r[0].source, "pg_hba.conf:3");
  EXPECT_EQ(r[1].databases, (std::vector<std::string>{"app", "my db"}));
  EXPECT_EQ(r[1].users, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(r[1].address, "10.0.0.0/8");
  EXPECT_EQ(r[1].method, "scram-sha-256");
  EXPECT_EQ(r[2].type, "hostssl");
  EXPECT_EQ(r[2].address, "192.168.1.0/24");
  EXPECT_EQ(r[3].address, "::1/128");
  EXPECT_EQ(r[4].address, "all");
  EXPECT_EQ(r[5].address, "127.0.0.1/32");
}

TEST(HbaFile, MalformedLinesNameTheLine) {
  struct Case {
    const char* text;
    const char* expected;
  };
  for (const Case& bad : std::vector<Case>{
           {"hots all all 127.0.0.1/32 trust", "f:1: invalid connection type \"hots\""},
           {"\nhost all all 127.0.0.1/32", "f:2: a host rule needs"},
           {"host all all 127.0.0.1 255.255.255.255", "f:1: missing authentication method"},
           {"host all all", "f:1: a host rule needs"},
           {"local all all", "f:1: a local rule needs"},
           {"host all all 127.0.0.1/40 trust", "f:1: invalid CIDR mask"},
           {"host all all 127.0.0.1/8 trust", "f:1: invalid CIDR address"},
           {"host all all 127.0.0.1/ trust", "f:1: invalid CIDR mask"},
           {"host all all 127.0.0.1/-1 trust", "f:1: invalid CIDR mask"},
           {"host all all 10.0.0.0 255.0.255.0 trust", "f:1: invalid IP mask \"255.0.255.0\""},
           {"host all all 10.0.0.0 ffff:: trust", "f:1: invalid IP mask"},
           {"host all all db.example.com trust", "f:1: invalid IP address"},
           {"host all all samehost trust", "f:1: address keyword \"samehost\" is not supported"},
           {"host all all ::1/128 ident", "f:1: authentication method \"ident\" is not supported"},
           {"host all all ::1/128 MD5!", "f:1: invalid authentication method"},
           {"host all all ::1/128 md5 clientcert=verify-full", "f:1: authentication options"},
           {"host \"all all ::1/128 md5", "f:1: unterminated quoted string"},
           {"host all,,x all ::1/128 md5", "f:1: empty database name"},
           {"host all @admins ::1/128 md5", "f:1: user \"@admins\": @file and +group"},
       }) {
    auto rules = ParseHbaText(bad.text, "f");
    ASSERT_FALSE(rules.ok()) << bad.text;
    EXPECT_EQ(rules.status().message().rfind(bad.expected, 0), 0u) << rules.status().message();
  }
}

TEST(HbaFile, MissingFileIsNamed) {
  auto rules = ParseHbaFile("/nonexistent/pg_hba.conf");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().sqlstate(), "58P01");
  EXPECT_NE(rules.status().message().find("/nonexistent/pg_hba.conf"), std::string::npos);
}

TEST(HbaAddress, Normalization) {
  std::string error;
  EXPECT_EQ(hba::NormalizeAddress("10.0.0.0/8", &error), "10.0.0.0/8");
  EXPECT_EQ(hba::NormalizeAddress("::1", &error), "::1/128");
  EXPECT_EQ(hba::NormalizeAddress("0.0.0.0/0", &error), "0.0.0.0/0");
  EXPECT_EQ(hba::NormalizeAddress("fe80::/10", &error), "fe80::/10");
  EXPECT_TRUE(error.empty()) << error;
  EXPECT_EQ(hba::NormalizeAddress("fe80::1/10", &error), "");
  EXPECT_FALSE(error.empty());
  error.clear();
  EXPECT_EQ(hba::AddressWithMaskToCidr("fe80::", "ffc0::", &error), "fe80::/10");
  EXPECT_TRUE(error.empty()) << error;
}

TEST(HbaDefaults, TrustLoopbackOnly) {
  auto rules = DefaultHbaRules();
  ASSERT_EQ(rules.size(), 2u);
  for (const auto& rule : rules) {
    EXPECT_EQ(rule.type, "host");
    EXPECT_EQ(rule.method, "trust");
    EXPECT_EQ(hba::ValidateRule(rule), "");
  }
}

TEST(HbaMethods, RejectNeedsNoPlugin) {
  std::vector<HbaRule> rules{{"host", {"all"}, {"all"}, "all", "reject", "x:1"}};
  EXPECT_TRUE(hba::CheckMethodsProvided(rules, {}).ok());
  rules[0].method = "md5";
  Status st = hba::CheckMethodsProvided(rules, {});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message().rfind("x:1: method:", 0), 0u) << st.message();
}

}  // namespace
}  // namespace plinth
