// A view's query printed back as PostgreSQL prints it (engine/binder/query_deparse.h via
// engine/system/view_definition_text.h): the stored SELECT is bound against in-memory
// tables. The expected strings are PostgreSQL 15's pg_get_viewdef output for the same
// tables (tests/sql/catalog_viewdef.sql has the end-to-end comparison).
#include <gtest/gtest.h>

#include "engine/binder/query_deparse.h"
#include "engine/system/view_definition_text.h"

namespace plinth {
namespace {

class QueryDeparseTest : public ::testing::Test {
 protected:
  QueryDeparseTest() {
    auto cat = Catalog::Empty()->Clone();
    AddTable(*cat, "items", {{"id", oids::kInt4}, {"name", oids::kText}, {"qty", oids::kNumeric}, {"cat_id", oids::kInt4}});
    AddTable(*cat, "cats", {{"id", oids::kInt4}, {"title", oids::kText}});
    catalog_ = cat;
  }

  static void AddTable(Catalog& cat, const std::string& name, std::vector<std::pair<std::string, Oid>> columns) {
    TableDef t;
    t.oid = cat.AllocateOid();
    t.schema = "public";
    t.name = name;
    for (auto& [col, type] : columns) {
      ColumnDef c;
      c.name = col;
      c.type = type;
      t.columns.push_back(c);
    }
    cat.PutTable(t);
  }

  ViewDefinitionText View(const std::string& sql, std::vector<std::string> names) {
    ViewDef v;
    v.schema = "public";
    v.name = "v";
    v.query_sql = sql;
    for (std::string& n : names) v.columns.push_back({n, oids::kText, -1});
    return ViewText(*catalog_, v, nullptr);
  }

  std::shared_ptr<Catalog> catalog_;
};

TEST_F(QueryDeparseTest, QualifiesColumnsAndAlignsKeywords) {
  ViewDefinitionText t = View("SELECT id, name FROM items WHERE qty > 1 ORDER BY name", {"id", "name"});
  EXPECT_EQ(t.plain,
            " SELECT items.id,\n    items.name\n   FROM items\n  WHERE (items.qty > (1)::numeric)\n  ORDER BY items.name;");
  EXPECT_EQ(t.pretty,
            " SELECT items.id,\n    items.name\n   FROM items\n  WHERE items.qty > 1::numeric\n  ORDER BY items.name;");
}

TEST_F(QueryDeparseTest, RenamedTargetsShowTheirAlias) {
  ViewDefinitionText t = View("SELECT id, upper(name) FROM items i", {"x", "upper"});
  EXPECT_EQ(t.plain, " SELECT i.id AS x,\n    upper(i.name) AS upper\n   FROM items i;");
}

TEST_F(QueryDeparseTest, JoinsAreParenthesizedOnlyInThePlainForm) {
  ViewDefinitionText t =
      View("SELECT i.id, c.title FROM items i LEFT JOIN cats c ON c.id = i.cat_id", {"id", "title"});
  EXPECT_EQ(t.plain, " SELECT i.id,\n    c.title\n   FROM (items i\n     LEFT JOIN cats c ON ((c.id = i.cat_id)));");
  EXPECT_EQ(t.pretty, " SELECT i.id,\n    c.title\n   FROM items i\n     LEFT JOIN cats c ON c.id = i.cat_id;");
}

TEST_F(QueryDeparseTest, GroupingAggregatesAndLimits) {
  ViewDefinitionText t = View("SELECT cat_id, count(*) AS n FROM items GROUP BY cat_id HAVING count(*) > 1 LIMIT 5 OFFSET 2",
                              {"cat_id", "n"});
  EXPECT_EQ(t.plain,
            " SELECT items.cat_id,\n    count(*) AS n\n   FROM items\n  GROUP BY items.cat_id\n HAVING (count(*) > 1)\n"
            " OFFSET 2\n LIMIT 5;");
}

TEST_F(QueryDeparseTest, StarExpandsToQualifiedColumns) {
  EXPECT_EQ(View("SELECT * FROM cats", {"id", "title"}).plain, " SELECT cats.id,\n    cats.title\n   FROM cats;");
}

TEST_F(QueryDeparseTest, SetOperationArmsAndSubqueries) {
  EXPECT_EQ(View("SELECT id FROM items UNION ALL SELECT id FROM cats", {"id"}).plain,
            " SELECT items.id\n   FROM items\nUNION ALL\n SELECT cats.id\n   FROM cats;");
  EXPECT_EQ(View("SELECT s.id FROM (SELECT id FROM items WHERE qty > 0) s", {"id"}).plain,
            " SELECT s.id\n   FROM ( SELECT items.id\n           FROM items\n          WHERE (items.qty > (0)::numeric)) s;");
}

TEST_F(QueryDeparseTest, SubqueriesInExpressionsIncludingCorrelatedOnes) {
  EXPECT_EQ(View("SELECT id FROM items WHERE id IN (SELECT id FROM cats)", {"id"}).plain,
            " SELECT items.id\n   FROM items\n  WHERE (items.id IN ( SELECT cats.id\n           FROM cats));");
  EXPECT_EQ(View("SELECT id FROM items i WHERE NOT EXISTS (SELECT 1 FROM cats c WHERE c.id = i.cat_id)", {"id"}).pretty,
            " SELECT i.id\n   FROM items i\n  WHERE NOT (EXISTS ( SELECT 1\n           FROM cats c\n"
            "          WHERE c.id = i.cat_id));");
}

TEST_F(QueryDeparseTest, UnsupportedShapesFallBackToTheStoredText) {
  const char* sql = "SELECT id FROM items UNION SELECT id FROM cats UNION SELECT 1";
  ViewDefinitionText t = View(sql, {"id"});
  EXPECT_EQ(t.plain, std::string(" ") + sql + ";");
  EXPECT_EQ(t.pretty, t.plain);
  EXPECT_EQ(View("WITH w AS (SELECT 1 AS a) SELECT a FROM w", {"a"}).plain,
            " WITH w AS (SELECT 1 AS a) SELECT a FROM w;");
}

TEST_F(QueryDeparseTest, MalformedOrStaleQueriesNeverFail) {
  BindContext ctx{catalog_.get(), {"public"}, nullptr};
  IoContext io;
  ctx.io = &io;
  EXPECT_FALSE(DeparseSelectQuery(ctx, "SELECT FROM WHERE", {"a"}, false).has_value());
  EXPECT_FALSE(DeparseSelectQuery(ctx, "", {}, false).has_value());
  EXPECT_FALSE(DeparseSelectQuery(ctx, "SELECT 1; SELECT 2", {"a"}, false).has_value());
  EXPECT_FALSE(DeparseSelectQuery(ctx, "DELETE FROM items", {}, false).has_value());
  EXPECT_FALSE(DeparseSelectQuery(ctx, "SELECT gone FROM items", {"gone"}, false).has_value());
  EXPECT_FALSE(DeparseSelectQuery(ctx, "SELECT id FROM no_such_table", {"id"}, false).has_value());
  // More view columns than the query yields (a stale definition) is refused, not read past.
  EXPECT_FALSE(DeparseSelectQuery(ctx, "SELECT id FROM items", {"id", "extra"}, false).has_value());
  EXPECT_EQ(View("SELECT gone FROM items", {"gone"}).plain, " SELECT gone FROM items;");
}

}  // namespace
}  // namespace plinth
