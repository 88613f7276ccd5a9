// CHECK constraints and column defaults printed back as PostgreSQL prints them
// (engine/system/stored_expr_text.h over engine/binder/expr_deparse.h): the stored SQL is
// bound against an in-memory table and deparsed plain and pretty. The expected strings
// are PostgreSQL 15's pg_get_constraintdef / pg_get_expr output for the same tables
// (tests/sql/catalog_deparse.sql has the end-to-end comparison).
#include <gtest/gtest.h>

#include "engine/binder/expr_deparse.h"
#include "engine/system/stored_expr_text.h"

namespace plinth {
namespace {

class ExprDeparseTest : public ::testing::Test {
 protected:
  ExprDeparseTest() {
    auto cat = Catalog::Empty()->Clone();
    table_.oid = cat->AllocateOid();
    table_.schema = "public";
    table_.name = "items";
    for (auto [name, type, typmod] : {std::tuple{"qty", oids::kNumeric, -1}, {"name", oids::kText, -1},
                                      {"code", oids::kVarchar, 14}, {"big", oids::kInt8, -1},
                                      {"small", oids::kInt2, -1}, {"score", oids::kInt4, -1}}) {
      ColumnDef c;
      c.name = name;
      c.type = type;
      c.typmod = typmod;
      table_.columns.push_back(c);
    }
    cat->PutTable(table_);
    catalog_ = cat;
  }

  StoredExprText Check(const std::string& sql) { return CheckText(*catalog_, table_, sql, nullptr); }
  StoredExprText Default(Oid type, const std::string& sql) {
    ColumnDef c;
    c.name = "d";
    c.type = type;
    c.default_sql = sql;
    return DefaultText(*catalog_, c, nullptr);
  }

  TableDef table_;
  std::shared_ptr<Catalog> catalog_;
};

TEST_F(ExprDeparseTest, ShowsImplicitCastsOfOperatorArguments) {
  EXPECT_EQ(Check("qty > 0").plain, "(qty > (0)::numeric)");
  EXPECT_EQ(Check("qty > 0").pretty, "qty > 0::numeric");
  EXPECT_EQ(Check("code <> ''").plain, "((code)::text <> ''::text)");
  EXPECT_EQ(Check("code <> ''").pretty, "code::text <> ''::text");
  EXPECT_EQ(Check("name <> ''").plain, "(name <> ''::text)");
}

TEST_F(ExprDeparseTest, IntegerOperatorsNeedNoCastAcrossWidths) {
  EXPECT_EQ(Check("big + 1 > 2 * big - 7").plain, "((big + 1) > ((2 * big) - 7))");
  EXPECT_EQ(Check("big + 1 > 2 * big - 7").pretty, "(big + 1) > (2 * big - 7)");
  EXPECT_EQ(Check("small > -5").plain, "(small > '-5'::integer)");
}

TEST_F(ExprDeparseTest, BooleanStructureAndLists) {
  EXPECT_EQ(Check("qty BETWEEN 1 AND 10").plain, "((qty >= (1)::numeric) AND (qty <= (10)::numeric))");
  EXPECT_EQ(Check("name IN ('a', 'b')").plain, "(name = ANY (ARRAY['a'::text, 'b'::text]))");
  EXPECT_EQ(Check("score NOT IN (7)").plain, "(score <> 7)");
  EXPECT_EQ(Check("NOT score = 3 OR name IS NULL").plain, "((NOT (score = 3)) OR (name IS NULL))");
  EXPECT_EQ(Check("NOT score = 3 OR name IS NULL").pretty, "NOT score = 3 OR name IS NULL");
  EXPECT_EQ(Check("name LIKE 'a%'").plain, "(name ~~ 'a%'::text)");
}

TEST_F(ExprDeparseTest, CaseIsIndented) {
  EXPECT_EQ(Check("CASE WHEN score > 10 THEN score < 100 ELSE score IS NOT NULL END").plain,
            "\nCASE\n    WHEN (score > 10) THEN (score < 100)\n    ELSE (score IS NOT NULL)\nEND");
}

TEST_F(ExprDeparseTest, DefaultsHideTheirTopLevelCast) {
  EXPECT_EQ(Default(oids::kText, "'x'").plain, "'x'::text");
  EXPECT_EQ(Default(oids::kVarchar, "'x'").plain, "'x'::character varying");
  EXPECT_EQ(Default(oids::kNumeric, "0").plain, "0");
  EXPECT_EQ(Default(oids::kInt8, "42").plain, "42");
  EXPECT_EQ(Default(oids::kInt2, "-1").plain, "'-1'::integer");
  EXPECT_EQ(Default(oids::kBool, "true").plain, "true");
  EXPECT_EQ(Default(oids::kDate, "'2020-01-02'").plain, "'2020-01-02'::date");
  EXPECT_EQ(Default(oids::kFloat8, "0.5").plain, "0.5");
}

TEST_F(ExprDeparseTest, UnprintableInputFallsBackToTheTextAsWritten) {
  // Malformed or no longer bindable stored SQL never fails a catalog listing.
  EXPECT_EQ(Check("qty >").plain, "(qty >)");
  EXPECT_EQ(Check("missing_column > 0").plain, "(missing_column > 0)");
  EXPECT_EQ(Check("missing_column > 0").pretty, "missing_column > 0");
  EXPECT_EQ(Default(oids::kInt4, "'not a number'").plain, "'not a number'");
  EXPECT_EQ(Default(oids::kInt4, "(SELECT 1)").plain, "(SELECT 1)");
}

TEST_F(ExprDeparseTest, QuotesIdentifiersThatNeedIt) {
  auto col = Expr::MakeColumn(0, oids::kInt4, -1, "Mixed\"Case");
  IoContext io;
  EXPECT_EQ(DeparseBoundExpr(*col, io, false), "\"Mixed\"\"Case\"");
}

}  // namespace
}  // namespace plinth
