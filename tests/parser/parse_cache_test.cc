// The parse cache must hand out exactly the tree the parser would have produced for the
// new text: checked by deparsing both (libpg-query's deparser prints every constant).
#include "engine/parser/parse_cache.h"

#include <gtest/gtest.h>
#include <string>

namespace plinth {
namespace {

// The canonical text of the tree's only statement, through libpg-query's deparser.
std::string Deparse(const ParseTree& tree) {
  auto text = DeparseStatement(tree.statements().at(0).node);
  return text.ok() ? text.take() : "error: " + text.status().message();
}

std::string Fresh(const std::string& sql) {
  auto tree = ParseTree::Parse(sql);
  EXPECT_TRUE(tree.ok()) << sql;
  return Deparse(*tree.value());
}

// Runs `first` then each of `then` through one cache; every result must equal a fresh parse.
void ExpectSameAsParser(const std::string& first, const std::vector<std::string>& then, uint64_t hits) {
  ParseCache cache;
  for (const std::string& sql : std::vector<std::string>{first}) {
    auto tree = cache.Parse(sql);
    ASSERT_TRUE(tree.ok());
    EXPECT_EQ(Deparse(*tree.value()), Fresh(sql));
  }
  for (const std::string& sql : then) {
    auto tree = cache.Parse(sql);
    ASSERT_TRUE(tree.ok()) << sql;
    EXPECT_EQ(Deparse(*tree.value()), Fresh(sql)) << sql;
    EXPECT_EQ(tree.value()->text(), sql);
    EXPECT_EQ(tree.value()->statements().at(0).text, ParseTree::Parse(sql).value()->statements().at(0).text);
  }
  EXPECT_EQ(cache.counters().hits, hits);
}

TEST(ParseCache, PointLookupReusesTreeWithNewConstant) {
  ExpectSameAsParser("SELECT abalance FROM pgbench_accounts WHERE aid = 12345;",
                     {"SELECT abalance FROM pgbench_accounts WHERE aid = 54321;",
                      "SELECT abalance FROM pgbench_accounts WHERE aid = 99999;"},
                     2);
}

TEST(ParseCache, DifferentLengthIsADifferentTemplate) {
  // Lengths are part of the key so every location in the tree stays right.
  ExpectSameAsParser("SELECT * FROM t WHERE id = 5", {"SELECT * FROM t WHERE id = 55"}, 0);
}

TEST(ParseCache, StringsFloatsAndNegativeNumbers) {
  ExpectSameAsParser("UPDATE t SET name = 'it''s', score = -1.5, n = -3 WHERE id = 10",
                     {"UPDATE t SET name = 'ab''c', score = -2.5, n = -7 WHERE id = 11",
                      "UPDATE t SET name = '''''x', score = -9.0, n = -0 WHERE id = 99"},
                     2);
}

TEST(ParseCache, EmptyStringsComeAndGo) {
  // protobuf-c unpacks '' as a pointer to its static empty string, never to be freed.
  ExpectSameAsParser("SELECT 'ab' = '', x FROM t WHERE y = ''",
                     {"SELECT 'cd' = '', x FROM t WHERE y = ''", "SELECT '''' = '', x FROM t WHERE y = ''"}, 2);
}

TEST(ParseCache, InsertValuesAndTypedLiterals) {
  ExpectSameAsParser("INSERT INTO t VALUES (1, 'a', date '2020-01-01', 1e5) RETURNING id",
                     {"INSERT INTO t VALUES (2, 'b', date '2021-12-31', 2e7) RETURNING id"}, 1);
}

TEST(ParseCache, OrdinalsAndLimitsArePatchedToo) {
  ExpectSameAsParser("SELECT a, b FROM t ORDER BY 1 LIMIT 5", {"SELECT a, b FROM t ORDER BY 2 LIMIT 7"}, 1);
}

TEST(ParseCache, EscapeStringsAreNotTemplated) {
  // E'…' is kept verbatim in the key: a different escape string is a different entry.
  ExpectSameAsParser("SELECT E'a\\tb', 1", {"SELECT E'a\\nb', 1", "SELECT E'a\\tb', 2"}, 1);
}

TEST(ParseCache, UtilityStatementsAreParsedEveryTime) {
  ParseCache cache;
  for (const char* sql : {"SET statement_timeout = 5", "SET statement_timeout = 6"}) {
    auto tree = cache.Parse(sql);
    ASSERT_TRUE(tree.ok());
    EXPECT_EQ(Deparse(*tree.value()), Fresh(sql));
  }
  EXPECT_EQ(cache.counters().hits, 0u);
  EXPECT_EQ(cache.counters().uncacheable, 2u);
}

TEST(ParseCache, TreeStillHeldIsNotReused) {
  ParseCache cache;
  auto first = cache.Parse("SELECT 1 + 2");
  ASSERT_TRUE(first.ok());
  auto held = first.take();
  auto second = cache.Parse("SELECT 3 + 4");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Deparse(*held), "SELECT 1 + 2");  // the held tree was not patched
  EXPECT_EQ(Deparse(*second.value()), "SELECT 3 + 4");
  EXPECT_EQ(cache.counters().hits, 0u);
}

TEST(ParseCache, SyntaxErrorsAreReportedAsByTheParser) {
  ParseCache cache;
  ASSERT_TRUE(cache.Parse("SELECT 1 FROM t WHERE a = 1").ok());
  auto bad = cache.Parse("SELECT 1 FROM t WHERE a = = 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().sqlstate(), "42601");
  auto again = cache.Parse("SELECT 2 FROM t WHERE a = 3");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Deparse(*again.value()), "SELECT 2 FROM t WHERE a = 3");
}

TEST(ParseCache, MultiStatementStringsAreNotCached) {
  ParseCache cache;
  ASSERT_TRUE(cache.Parse("SELECT 1; SELECT 2").ok());
  auto tree = cache.Parse("SELECT 3; SELECT 4");
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(tree.value()->statements().size(), 2u);
  EXPECT_EQ(cache.counters().hits, 0u);
}

TEST(ParseCache, EvictsOldestWhenFull) {
  ParseCache cache(2);
  ASSERT_TRUE(cache.Parse("SELECT 1 FROM a").ok());
  ASSERT_TRUE(cache.Parse("SELECT 1 FROM b").ok());
  ASSERT_TRUE(cache.Parse("SELECT 1 FROM c").ok());  // evicts a
  ASSERT_TRUE(cache.Parse("SELECT 2 FROM c").ok());  // hit
  ASSERT_TRUE(cache.Parse("SELECT 2 FROM a").ok());  // miss again
  EXPECT_EQ(cache.counters().hits, 1u);
  EXPECT_EQ(cache.counters().misses, 4u);
}

}  // namespace
}  // namespace plinth
