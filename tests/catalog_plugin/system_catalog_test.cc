// The engine's side of the catalog plugin ABI: SystemCatalog (vtable checks, text to
// typed values, function lookup) and HostCatalogReader (host relations from a Catalog).
#include <gtest/gtest.h>

#include <cstring>

#include "engine/binder/binder.h"
#include "engine/parser/parser.h"
#include "engine/system/host_catalog.h"
#include "engine/system/system_binding.h"
#include "engine/system/system_catalog.h"

namespace plinth {
namespace {

// A one-relation plugin whose rows the test sets.
std::vector<std::vector<const char*>> g_rows;

plinth_status ScanRows(size_t, const plinth_catalog_reader*, plinth_row_sink* sink, plinth_error*) {
  for (const auto& row : g_rows) {
    std::vector<plinth_bytes> v;
    for (const char* s : row)
      v.push_back(s ? plinth_bytes{reinterpret_cast<const uint8_t*>(s), strlen(s)} : plinth_bytes{nullptr, 0});
    plinth_status st = sink->row(sink->ctx, v.data(), v.size());
    if (st != PLINTH_OK) return st;
  }
  return PLINTH_OK;
}

const plinth_catalog_column kColumns[] = {{sizeof(plinth_catalog_column), "oid", 26, -1},
                                          {sizeof(plinth_catalog_column), "name", 19, -1},
                                          {sizeof(plinth_catalog_column), "flag", 16, -1}};
const plinth_catalog_relation kRelation = {sizeof(plinth_catalog_relation), 1234, "pg_catalog", "pg_thing",
                                           kColumns, 3};
const plinth_catalog_v1 kVtable = {sizeof(plinth_catalog_v1), &kRelation, 1, ScanRows, nullptr, 0};

plinth_catalog_reader g_reader = {sizeof(plinth_catalog_reader), nullptr, nullptr, nullptr};

TEST(SystemCatalogTest, RejectsMissingVtable) { EXPECT_FALSE(SystemCatalog::Create(nullptr).ok()); }

TEST(SystemCatalogTest, RejectsUnknownColumnType) {
  const plinth_catalog_column bad[] = {{sizeof(plinth_catalog_column), "x", 424242, -1}};
  const plinth_catalog_relation rel = {sizeof(plinth_catalog_relation), 1, "pg_catalog", "bad", bad, 1};
  const plinth_catalog_v1 vt = {sizeof(plinth_catalog_v1), &rel, 1, ScanRows, nullptr, 0};
  auto sc = SystemCatalog::Create(&vt);
  ASSERT_FALSE(sc.ok());
  EXPECT_EQ(sc.status().sqlstate(), "F0000");
}

TEST(SystemCatalogTest, FindsRelationsBySchema) {
  auto sc = SystemCatalog::Create(&kVtable);
  ASSERT_TRUE(sc.ok());
  EXPECT_NE(sc.value()->FindRelation("pg_catalog", "pg_thing"), nullptr);
  EXPECT_NE(sc.value()->FindRelation("", "pg_thing"), nullptr);
  EXPECT_EQ(sc.value()->FindRelation("information_schema", "pg_thing"), nullptr);
  EXPECT_EQ(sc.value()->FindRelation("pg_catalog", "nothing"), nullptr);
}

TEST(SystemCatalogTest, ScanConvertsTextIntoColumnTypes) {
  auto sc = SystemCatalog::Create(&kVtable);
  ASSERT_TRUE(sc.ok());
  g_rows = {{"42", "alpha", "t"}, {"7", nullptr, "f"}};
  std::vector<std::vector<Value>> rows;
  IoContext io;
  ASSERT_TRUE(sc.value()->Scan(*sc.value()->FindRelation("pg_catalog", "pg_thing"), &g_reader, io, &rows).ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(OutputText(26, rows[0][0], io), "42");
  EXPECT_EQ(OutputText(19, rows[0][1], io), "alpha");
  EXPECT_TRUE(rows[1][1].is_null());
  EXPECT_EQ(OutputText(16, rows[1][2], io), "f");
}

TEST(SystemCatalogTest, MalformedPluginValueFailsTheScan) {
  auto sc = SystemCatalog::Create(&kVtable);
  ASSERT_TRUE(sc.ok());
  g_rows = {{"not an oid", "x", "t"}};
  std::vector<std::vector<Value>> rows;
  Status st = sc.value()->Scan(*sc.value()->FindRelation("", "pg_thing"), &g_reader, IoContext{}, &rows);
  EXPECT_FALSE(st.ok());
}

TEST(SystemCatalogTest, WrongValueCountFailsTheScan) {
  auto sc = SystemCatalog::Create(&kVtable);
  ASSERT_TRUE(sc.ok());
  g_rows = {{"1", "x"}};
  std::vector<std::vector<Value>> rows;
  Status st = sc.value()->Scan(*sc.value()->FindRelation("", "pg_thing"), &g_reader, IoContext{}, &rows);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.sqlstate(), "XX000");
}

TEST(SystemBindingTest, UserTablesWinUnqualifiedNames) {
  auto sc = SystemCatalog::Create(&kVtable);
  ASSERT_TRUE(sc.ok());
  auto cat = Catalog::Empty()->Clone();
  TableDef t;
  t.oid = cat->AllocateOid();
  t.schema = "public";
  t.name = "pg_thing";
  cat->PutTable(t);
  std::vector<std::string> path{"public"};
  EXPECT_EQ(ResolveSystemRelation(sc.value().get(), *cat, "", "pg_thing", path), nullptr);
  EXPECT_NE(ResolveSystemRelation(sc.value().get(), *cat, "pg_catalog", "pg_thing", path), nullptr);
  EXPECT_EQ(ResolveSystemRelation(nullptr, *cat, "pg_catalog", "pg_thing", path), nullptr);
}

// Binds `sql` against an empty catalog, with or without the plugin.
Result<Plan> BindWith(const SystemCatalog* system, const std::string& sql) {
  auto tree = ParseTree::Parse(sql);
  if (!tree.ok()) return tree.status();
  auto cat = Catalog::Empty();
  IoContext io;
  BindContext ctx{cat.get(), {"public"}, &io, system};
  Binder binder(ctx, {});
  return binder.BindQuery(tree.value()->statements()[0].node);
}

TEST(SystemBindingTest, WithoutPluginSystemRelationsDoNotExist) {
  auto plan = BindWith(nullptr, "SELECT oid FROM pg_catalog.pg_thing");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().sqlstate(), "42P01");
  EXPECT_TRUE(BindWith(nullptr, "SELECT 1 + 1").ok());  // plain SQL is unaffected
}

TEST(SystemBindingTest, PluginRelationBindsAsSystemScan) {
  auto sc = SystemCatalog::Create(&kVtable);
  ASSERT_TRUE(sc.ok());
  for (const char* sql : {"SELECT oid, name FROM pg_catalog.pg_thing", "SELECT flag FROM pg_thing"}) {
    auto plan = BindWith(sc.value().get(), sql);
    ASSERT_TRUE(plan.ok()) << sql << ": " << plan.status().message();
    const PlanNode* n = plan.value().root.get();
    while (n->child) n = n->child.get();
    EXPECT_EQ(n->kind, PlanKind::SystemScan) << sql;
  }
  auto missing = BindWith(sc.value().get(), "SELECT * FROM information_schema.pg_thing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().sqlstate(), "42P01");
}

TEST(HostCatalogReaderTest, TablesColumnsAndConstraints) {
  auto cat = Catalog::Empty()->Clone();
  TableDef t;
  t.oid = cat->AllocateOid();
  t.schema = "public";
  t.name = "items";
  t.columns.resize(2);
  t.columns[0].name = "id";
  t.columns[0].type = 23;
  t.columns[1].name = "label";
  t.columns[1].type = 25;
  t.primary_key = {0};
  t.pk_constraint_name = "items_pkey";
  CheckDef check;
  check.name = "items_id_check";
  check.expr_sql = "id > 0";
  t.checks.push_back(check);
  cat->PutTable(t);
  std::shared_ptr<const Catalog> snapshot = cat;
  HostCatalogReader reader(HostCatalogSource{[snapshot]() -> const Catalog& { return *snapshot; }, nullptr,
                                             "alice", "db", 1});
  std::vector<HostCatalogReader::TextRow> rows;
  ASSERT_TRUE(reader.Rows("plinth_tables", &rows));
  // The table, and its primary key as an index (the engine keeps no IndexDef for it).
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][3], "items");
  EXPECT_EQ(rows[0][4], "r");
  EXPECT_EQ(rows[1][3], "items_pkey");
  EXPECT_EQ(rows[1][4], "i");
  EXPECT_EQ(rows[1][8], rows[0][0]);
  // The table's row type and its array type; an index has none.
  EXPECT_EQ(rows[0][9], std::to_string(RowTypeOid(t.oid)));
  EXPECT_EQ(rows[0][10], std::to_string(RowTypeArrayOid(t.oid)));
  EXPECT_EQ(rows[1][9], "0");
  rows.clear();
  ASSERT_TRUE(reader.Rows("plinth_columns", &rows));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][5], "t");  // primary key implies NOT NULL
  EXPECT_EQ(rows[1][5], "f");
  rows.clear();
  ASSERT_TRUE(reader.Rows("plinth_constraints", &rows));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][3], "p");
  EXPECT_EQ(rows[0][4], "1");
  EXPECT_EQ(rows[1][3], "c");
  // The expression as pg_get_constraintdef prints it, plain and pretty.
  EXPECT_EQ(rows[1][10], "(id > 0)");
  ASSERT_EQ(rows[1].size(), 12u);
  EXPECT_EQ(rows[1][11], "id > 0");
  rows.clear();
  ASSERT_TRUE(reader.Rows("plinth_roles", &rows));
  EXPECT_EQ(rows.size(), 2u);  // the bootstrap superuser and alice
  EXPECT_FALSE(reader.Rows("plinth_nonsense", &rows));
}

TEST(HostCatalogReaderTest, StableOidsAreDeterministicAndHigh) {
  EXPECT_EQ(StableOid("schema:x"), StableOid("schema:x"));
  EXPECT_NE(StableOid("schema:x"), StableOid("schema:y"));
  EXPECT_GE(StableOid("anything"), 0x40000000u);
}

}  // namespace
}  // namespace plinth
