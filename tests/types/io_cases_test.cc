// Text input/output of every supported type against PostgreSQL 15's results
// (io_cases.tsv), plus casts (cast_cases.tsv).
#include <gtest/gtest.h>

#include "tests/types/case_file.h"

namespace plinth {
namespace {

using testing::Describe;
using testing::ParseTypeSpec;
using testing::ReadCases;

TEST(TypesIo, MatchesPostgresTextIo) {
  auto rows = ReadCases("io_cases.tsv");
  ASSERT_GT(rows.size(), 100u);
  int failures = 0;
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 4u);
    auto type = ParseTypeSpec(r[0]);
    ASSERT_TRUE(type.ok()) << r[0] << ": " << type.status().message();
    IoContext io;
    io.timezone = r[1];
    // 'literal'::type(n) is the input function then an explicit length coercion.
    auto v = InputText(type->first, -1, r[2], io);
    if (v.ok()) v = Cast(*v, type->first, type->first, type->second, CastContext::Explicit, io);
    std::string got = v.ok() ? OutputText(type->first, *v, io) : Describe(v.status());
    EXPECT_EQ(got, r[3]) << "type " << r[0] << ", input \"" << r[2] << "\", TimeZone " << r[1];
    if (got != r[3]) ++failures;
  }
  EXPECT_EQ(failures, 0);
}

TEST(TypesIo, RoundTripsItsOwnOutput) {
  // Output must be valid input that yields the same value (a property PG guarantees).
  for (const auto& r : ReadCases("io_cases.tsv")) {
    if (r[3].rfind("ERROR", 0) == 0 || r[1] != "UTC") continue;
    auto type = ParseTypeSpec(r[0]);
    IoContext io;
    auto v = InputText(type->first, -1, r[2], io);
    if (!v.ok()) continue;
    v = Cast(*v, type->first, type->first, type->second, CastContext::Explicit, io);
    std::string text = OutputText(type->first, *v, io);
    auto again = InputText(type->first, type->second, text, io);
    ASSERT_TRUE(again.ok()) << r[0] << " " << text << ": " << again.status().message();
    EXPECT_EQ(Compare(type->first, *v, *again), 0) << r[0] << " " << text;
    EXPECT_EQ(OutputText(type->first, *again, io), text);
  }
}

TEST(TypesCast, MatchesPostgresExplicitCasts) {
  auto rows = ReadCases("cast_cases.tsv");
  ASSERT_GT(rows.size(), 30u);
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 4u);
    auto from = ParseTypeSpec(r[0]);
    auto to = ParseTypeSpec(r[1]);
    ASSERT_TRUE(from.ok() && to.ok()) << r[0] << " " << r[1];
    IoContext io;
    std::string got;
    auto v = InputText(from->first, -1, r[2], io);
    if (v.ok()) v = Cast(*v, from->first, from->first, from->second, CastContext::Explicit, io);
    if (!v.ok()) {
      got = Describe(v.status());
    } else {
      auto c = Cast(*v, from->first, to->first, to->second, CastContext::Explicit, io);
      got = c.ok() ? OutputText(to->first, *c, io) : Describe(c.status());
    }
    EXPECT_EQ(got, r[3]) << r[0] << " -> " << r[1] << " of \"" << r[2] << "\"";
  }
}

}  // namespace
}  // namespace plinth
