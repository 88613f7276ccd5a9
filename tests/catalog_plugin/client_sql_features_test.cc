// The engine features clients' catalog queries lean on (psql \d, pgjdbc, SQLAlchemy):
// reg* values printed and read as names (CatalogRegNames), int2vector text I/O, array
// subscripts and array functions, set-returning functions in a select list (ProjectSet),
// functions in FROM WITH ORDINALITY or reading earlier FROM items (LATERAL), whole-row
// references, json aggregates, jsonb subscripts. Queries are bound and run over an in-memory
// catalog, without storage or a server.
#include <gtest/gtest.h>

#include <cstring>

#include "engine/binder/binder.h"
#include "engine/executor/eval.h"
#include "engine/executor/operators.h"
#include "engine/parser/parser.h"
#include "engine/session/settings.h"
#include "engine/system/host_catalog.h"
#include "engine/system/reg_names.h"
#include "engine/system/system_catalog.h"

namespace plinth {
namespace {

// A plugin with one relation, pg_catalog.pg_thing (OID 1234), and no rows.
plinth_status NoRows(size_t, const plinth_catalog_reader*, plinth_row_sink*, plinth_error*) { return PLINTH_OK; }
const plinth_catalog_column kColumns[] = {{sizeof(plinth_catalog_column), "oid", 26, -1}};
const plinth_catalog_relation kRelation = {sizeof(plinth_catalog_relation), 1234, "pg_catalog", "pg_thing",
                                           kColumns, 1};
const plinth_catalog_v1 kVtable = {sizeof(plinth_catalog_v1), &kRelation, 1, NoRows, nullptr, 0};

class ClientSqlTest : public ::testing::Test {
 protected:
  ClientSqlTest() {
    auto cat = Catalog::Empty()->Clone();
    cat->PutSchema("extra");
    items_ = AddTable(cat.get(), "public", "items");
    hidden_ = AddTable(cat.get(), "extra", "hidden");
    odd_ = AddTable(cat.get(), "public", "Odd Name");
    catalog_ = cat;
    system_ = std::move(SystemCatalog::Create(&kVtable).value());
    names_ = std::make_unique<CatalogRegNames>(
        RegNameSource{[this]() -> const Catalog& { return *catalog_; }, &settings_, system_.get(), "alice"});
    io_.reg_names = names_.get();
    ctx_.io = &io_;
    ctx_.params = &params_;
  }

  static Oid AddTable(Catalog* cat, const std::string& schema, const std::string& name) {
    TableDef t;
    t.oid = cat->AllocateOid();
    t.schema = schema;
    t.name = name;
    t.columns.resize(1);
    t.columns[0].name = "id";
    t.columns[0].type = oids::kInt4;
    t.primary_key = {0};
    cat->PutTable(t);
    return t.oid;
  }

  // Binds and runs a query; every value as text (NULL as "NULL").
  Result<std::vector<std::vector<std::string>>> Query(const std::string& sql) {
    auto tree = ParseTree::Parse(sql);
    if (!tree.ok()) return tree.status();
    BindContext bctx{catalog_.get(), settings_.search_path(), &io_, system_.get()};
    Binder binder(bctx, {});
    PLINTH_ASSIGN_OR_RETURN(Plan plan, binder.BindQuery(tree.value()->statements()[0].node));
    auto op = BuildOperator(*plan.root);
    PLINTH_RETURN_IF_ERROR(op->Open(ctx_));
    std::vector<std::vector<std::string>> rows;
    Row row;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, op->Next(ctx_, &row));
      if (!more) break;
      std::vector<std::string> text;
      for (size_t i = 0; i < row.size() && i < plan.columns.size(); i++)
        text.push_back(row[i].is_null() ? "NULL" : OutputText(plan.columns[i].type, row[i], io_));
      rows.push_back(std::move(text));
    }
    return rows;
  }

  std::string QueryError(const std::string& sql) {
    auto r = Query(sql);
    return r.ok() ? "ok" : r.status().sqlstate();
  }

  std::shared_ptr<const Catalog> catalog_;
  std::unique_ptr<SystemCatalog> system_;
  SessionSettings settings_;  // search_path "$user", public
  std::unique_ptr<CatalogRegNames> names_;
  IoContext io_;
  std::vector<Value> params_;
  ExecContext ctx_;
  Oid items_ = 0, hidden_ = 0, odd_ = 0;
};

using Rows = std::vector<std::vector<std::string>>;

TEST_F(ClientSqlTest, RegclassPrintsNamesQualifiedWhenNotOnThePath) {
  EXPECT_EQ(names_->Name(oids::kRegclass, items_), "items");
  EXPECT_EQ(names_->Name(oids::kRegclass, hidden_), "extra.hidden");
  EXPECT_EQ(names_->Name(oids::kRegclass, odd_), "\"Odd Name\"");
  EXPECT_EQ(names_->Name(oids::kRegclass, 1234), "pg_thing");
  EXPECT_EQ(names_->Name(oids::kRegclass, 987654), std::nullopt);
  // The primary key's index is a relation too.
  EXPECT_EQ(names_->Name(oids::kRegclass, StableOid("pkey:" + std::to_string(items_))), "items_pkey");
  // Output falls back to the number for an OID nothing has, and without a resolver.
  EXPECT_EQ(OutputText(oids::kRegclass, Value::Int(987654), io_), "987654");
  EXPECT_EQ(OutputText(oids::kRegclass, Value::Int(items_), IoContext{}), std::to_string(items_));
}

TEST_F(ClientSqlTest, RegInputFindsNamesAndRejectsUnknownOnes) {
  auto oid = [&](Oid type, const char* text) -> std::string {
    auto v = InputText(type, -1, text, io_);
    return v.ok() ? std::to_string(v.value().as_int()) : v.status().sqlstate();
  };
  EXPECT_EQ(oid(oids::kRegclass, "items"), std::to_string(items_));
  EXPECT_EQ(oid(oids::kRegclass, "extra.hidden"), std::to_string(hidden_));
  EXPECT_EQ(oid(oids::kRegclass, "\"Odd Name\""), std::to_string(odd_));
  EXPECT_EQ(oid(oids::kRegclass, "pg_catalog.pg_thing"), "1234");
  EXPECT_EQ(oid(oids::kRegclass, "hidden"), "42P01");  // not on the search_path
  EXPECT_EQ(oid(oids::kRegclass, "a.b.c"), "42601");
  EXPECT_EQ(oid(oids::kRegclass, "42"), "42");  // a number is an OID
  EXPECT_EQ(oid(oids::kRegtype, "jsonb"), "3802");
  EXPECT_EQ(oid(oids::kRegtype, "INTEGER"), "23");
  EXPECT_EQ(oid(oids::kRegtype, "character varying"), "1043");
  EXPECT_EQ(oid(oids::kRegtype, "int4[]"), "1007");
  EXPECT_EQ(oid(oids::kRegtype, "no_such_type"), "42704");
  EXPECT_EQ(oid(oids::kRegnamespace, "extra"), std::to_string(SchemaOid("extra")));
  EXPECT_EQ(oid(oids::kRegnamespace, "pg_catalog"), "11");
  EXPECT_EQ(oid(oids::kRegnamespace, "nowhere"), "3F000");
  EXPECT_EQ(oid(oids::kRegrole, "postgres"), "10");
  EXPECT_EQ(oid(oids::kRegrole, "mallory"), "42704");
  EXPECT_EQ(names_->Name(oids::kRegnamespace, 2200), "public");
  EXPECT_EQ(names_->Name(oids::kRegrole, 10), "postgres");
  EXPECT_EQ(names_->Name(oids::kRegtype, 1043), "character varying");
}

TEST_F(ClientSqlTest, RegCastsInQueries) {
  auto rows = Query("SELECT 'items'::regclass, 'items'::regclass::oid = " + std::to_string(items_) +
                    ", 'pg_thing'::regclass::oid, 11::regnamespace::text, 'jsonb'::regtype::oid");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows.value(), (Rows{{"items", "t", "1234", "pg_catalog", "3802"}}));
}

TEST(Int2VectorTest, TextFormIsSpaceSeparatedAndSubscriptsFromZero) {
  IoContext io;
  auto v = InputText(oids::kInt2Vector, -1, "1 3  2", io);
  ASSERT_TRUE(v.ok());
  ArrayData a = DecodeArray(v.value().as_bytes());
  EXPECT_EQ(a.lower_bound, 0);
  ASSERT_EQ(a.elements.size(), 3u);
  EXPECT_EQ(a.elements[1].as_int(), 3);
  EXPECT_EQ(OutputText(oids::kInt2Vector, v.value(), io), "1 3 2");
  EXPECT_EQ(OutputText(oids::kOidVector, InputText(oids::kOidVector, -1, "", io).value(), io), "");
  EXPECT_FALSE(InputText(oids::kInt2Vector, -1, "1 x", io).ok());
  EXPECT_FALSE(InputText(oids::kInt2Vector, -1, "1 99999", io).ok());  // beyond int2
}

TEST_F(ClientSqlTest, ArraySubscriptsAndFunctions) {
  auto rows = Query(
      "SELECT (ARRAY[10,20,30])[2], (ARRAY[10,20,30])[4], (ARRAY['a','b'])[0], array_upper(ARRAY[1,2,3], 1), "
      "array_lower(ARRAY[1], 1), array_length(ARRAY[5,6], 1), array_upper(ARRAY[1], 2), "
      "array_to_string(ARRAY[1,NULL,3], ','), array_to_string(ARRAY['x',NULL], '-', '*'), "
      "cardinality(ARRAY[1,2]), ARRAY['a'] || ARRAY['b','c'], ARRAY[1] || 2");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows.value(), (Rows{{"20", "NULL", "NULL", "3", "1", "2", "NULL", "1,3", "x-*", "2", "{a,b,c}", "{1,2}"}}));
  EXPECT_EQ(QueryError("SELECT (1)[1]"), "42804");            // not an array
  EXPECT_EQ(QueryError("SELECT (ARRAY[1])['x'::text]"), "42804");  // not an integer subscript
  auto slices = Query("SELECT (ARRAY[1,2,3])[2:], (ARRAY[[1,2],[3,4]])[2][1], (ARRAY[1,2])[3:4]");
  ASSERT_TRUE(slices.ok()) << slices.status().message();
  EXPECT_EQ(slices.value(), (Rows{{"{2,3}", "3", "{}"}}));
  EXPECT_EQ(QueryError("SELECT (ARRAY[1,2])[1:'x'::text]"), "42804");  // not an integer bound
}

TEST_F(ClientSqlTest, SetReturningFunctionsInTheSelectListRunInLockstep) {
  auto rows = Query("SELECT unnest(ARRAY['a','b','c']), generate_series(1, 2), 'k'");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows.value(), (Rows{{"a", "1", "k"}, {"b", "2", "k"}, {"c", "NULL", "k"}}));
  // Per input row; a row whose calls are all empty produces nothing.
  rows = Query("SELECT x, generate_subscripts(a, 1), unnest(a) FROM (VALUES (1, ARRAY[7,8]), (2, ARRAY[]::int[]), "
               "(3, ARRAY[9])) v(x, a) ORDER BY 1, 2");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows.value(), (Rows{{"1", "1", "7"}, {"1", "2", "8"}, {"3", "1", "9"}}));
  // An SRF where a single value is needed.
  EXPECT_EQ(QueryError("SELECT 1 WHERE generate_series(1, 2) > 0"), "0A000");
  EXPECT_EQ(QueryError("SELECT generate_series(1, 2, 0)"), "22023");
}

TEST_F(ClientSqlTest, FunctionsInFromWithOrdinality) {
  auto rows = Query("SELECT u, n FROM unnest(ARRAY['x','y']) WITH ORDINALITY AS t(u, n)");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows.value(), (Rows{{"x", "1"}, {"y", "2"}}));
  // A scalar function in FROM gives one row.
  rows = Query("SELECT * FROM lower('ABC') WITH ORDINALITY");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows.value(), (Rows{{"abc", "1"}}));
  EXPECT_EQ(QueryError("SELECT * FROM no_such_function(1)"), "42883");
}

}  // namespace
}  // namespace plinth

namespace plinth {
namespace {

// Functions in FROM reading earlier FROM items (implicitly LATERAL), whole-row
// references, the json aggregates and jsonb subscripts.
TEST_F(ClientSqlTest, LateralFunctionsWholeRowsAndJson) {
  auto lateral = Query("SELECT v.n, g FROM (VALUES (1), (2)) v(n), generate_series(1, v.n) g");
  ASSERT_TRUE(lateral.ok()) << lateral.status().message();
  EXPECT_EQ(lateral.value(), (Rows{{"1", "1"}, {"2", "1"}, {"2", "2"}}));
  auto left = Query(
      "SELECT v.j, e FROM (VALUES ('[1]'::jsonb), ('[]'::jsonb)) v(j) LEFT JOIN LATERAL jsonb_array_elements(v.j) e "
      "ON true");
  ASSERT_TRUE(left.ok()) << left.status().message();
  EXPECT_EQ(left.value(), (Rows{{"[1]", "1"}, {"[]", "NULL"}}));
  auto rows = Query(
      "SELECT row_to_json(s), to_jsonb(s), json_agg(s.a) OVER (), s IS NULL "
      "FROM (SELECT 1 AS b, 'x' AS a) s");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows.value(), (Rows{{R"({"b":1,"a":"x"})", R"({"a": "x", "b": 1})", R"(["x"])", "f"}}));
  auto agg = Query("SELECT json_object_agg(k, v ORDER BY k), jsonb_agg(v) FROM (VALUES ('b', 1), ('a', NULL)) t(k, v)");
  ASSERT_TRUE(agg.ok()) << agg.status().message();
  EXPECT_EQ(agg.value(), (Rows{{R"({ "a" : null, "b" : 1 })", "[1, null]"}}));
  auto subscripts = Query(R"(SELECT ('{"a": [1, {"b": 2}]}'::jsonb)['a'][1]['b'], ('[1]'::jsonb)[5])");
  ASSERT_TRUE(subscripts.ok()) << subscripts.status().message();
  EXPECT_EQ(subscripts.value(), (Rows{{"2", "NULL"}}));
  EXPECT_EQ(QueryError("SELECT ('[1]'::jsonb)[1:2]"), "0A000");
  EXPECT_EQ(QueryError("SELECT ('[1]'::jsonb)[true]"), "42804");
  EXPECT_EQ(QueryError("SELECT json_object_agg(NULL::text, 1)"), "22023");
  EXPECT_EQ(QueryError("SELECT nosuch FROM (SELECT 1 AS a) s"), "42703");
  EXPECT_EQ(QueryError("SELECT * FROM (SELECT 1 AS a) s, generate_series(1, t.a) g"), "42P01");
}

}  // namespace
}  // namespace plinth
