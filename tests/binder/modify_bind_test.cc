// Binding of INSERT ... ON CONFLICT (arbiter inference and its errors), data-modifying
// WITH entries and multiple-column UPDATE from a subquery, against an in-memory
// catalog: what the plan holds, and PostgreSQL's SQLSTATEs for malformed statements.
#include <gtest/gtest.h>

#include "engine/binder/binder.h"
#include "engine/parser/parser.h"
#include "tests/binder/bind_sql.h"

namespace plinth {
namespace {

class ModifyBindTest : public ::testing::Test {
 protected:
  ModifyBindTest() {
    auto cat = Catalog::Empty()->Clone();
    // inventory (sku text PRIMARY KEY, qty int NOT NULL, note text, code int UNIQUE)
    TableDef t;
    t.oid = cat->AllocateOid();
    t.schema = "public";
    t.name = "inventory";
    t.pk_constraint_name = "inventory_pkey";
    for (auto [name, type] : {std::pair{"sku", oids::kText}, {"qty", oids::kInt4}, {"note", oids::kText},
                              {"code", oids::kInt4}}) {
      ColumnDef c;
      c.name = name;
      c.type = type;
      t.columns.push_back(c);
    }
    t.columns[1].not_null = true;
    t.primary_key = {0};
    IndexDef code;
    code.oid = cat->AllocateOid();
    code.id = t.next_index_id++;
    code.name = "inventory_code_key";
    code.columns = {3};
    code.unique = code.constraint = true;
    t.indexes.push_back(code);
    IndexDef by_note;  // not unique: never an arbiter
    by_note.oid = cat->AllocateOid();
    by_note.id = t.next_index_id++;
    by_note.name = "inventory_note_idx";
    by_note.columns = {2};
    t.indexes.push_back(by_note);
    cat->PutTable(t);
    catalog_ = cat;
  }

  Result<Plan> Bind(const std::string& sql) {
    return testing_support::BindSql(sql, catalog_.get(), &io_, &trees_);
  }

  std::string ErrorOf(const std::string& sql) {
    auto r = Bind(sql);
    return r.ok() ? "ok" : r.status().sqlstate();
  }

  std::vector<uint32_t> Arbiters(const std::string& sql) {
    auto r = Bind(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << (r.ok() ? "" : r.status().message());
    if (!r.ok() || !r.value().on_conflict) return {999};
    return r.value().on_conflict->arbiters;
  }

  std::shared_ptr<const Catalog> catalog_;
  std::vector<std::shared_ptr<const ParseTree>> trees_;  // bound plans may point into them
  IoContext io_;
};

constexpr const char* kInsert = "INSERT INTO inventory VALUES ('a', 1, 'n', 7) ";

TEST_F(ModifyBindTest, InfersArbitersFromColumnsConstraintNamesOrAllUniqueKeys) {
  EXPECT_EQ(Arbiters(std::string(kInsert) + "ON CONFLICT (sku) DO NOTHING"), (std::vector<uint32_t>{0}));
  EXPECT_EQ(Arbiters(std::string(kInsert) + "ON CONFLICT ((code)) DO NOTHING"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(Arbiters(std::string(kInsert) + "ON CONFLICT ON CONSTRAINT inventory_code_key DO NOTHING"),
            (std::vector<uint32_t>{1}));
  EXPECT_EQ(Arbiters(std::string(kInsert) + "ON CONFLICT ON CONSTRAINT inventory_pkey DO NOTHING"),
            (std::vector<uint32_t>{0}));
  // A bare DO NOTHING: every unique key, the non-unique index excluded.
  EXPECT_EQ(Arbiters(std::string(kInsert) + "ON CONFLICT DO NOTHING"), (std::vector<uint32_t>{0, 1}));
}

TEST_F(ModifyBindTest, DoUpdateBindsSetAndWhereOverExistingAndExcluded) {
  auto r = Bind(std::string(kInsert) +
                "ON CONFLICT (sku) DO UPDATE SET qty = inventory.qty + EXCLUDED.qty WHERE EXCLUDED.note <> 'x' "
                "RETURNING sku, qty");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const OnConflictPlan& oc = *r.value().on_conflict;
  EXPECT_TRUE(oc.do_update);
  ASSERT_EQ(oc.assignments.size(), 4u);
  EXPECT_FALSE(oc.assignments[0]);
  EXPECT_TRUE(oc.assignments[1]);
  EXPECT_FALSE(oc.assignments[2]);
  EXPECT_TRUE(oc.where);
  EXPECT_EQ(r.value().returning.size(), 2u);
}

TEST_F(ModifyBindTest, MalformedOnConflictClausesFailLikePostgres) {
  // No unique key over the named columns.
  EXPECT_EQ(ErrorOf(std::string(kInsert) + "ON CONFLICT (note) DO NOTHING"), "42P10");
  EXPECT_EQ(ErrorOf(std::string(kInsert) + "ON CONFLICT (sku, code) DO NOTHING"), "42P10");
  EXPECT_EQ(ErrorOf(std::string(kInsert) + "ON CONFLICT (lower(note)) DO NOTHING"), "42P10");
  EXPECT_EQ(ErrorOf(std::string(kInsert) + "ON CONFLICT (missing) DO NOTHING"), "42703");
  EXPECT_EQ(ErrorOf(std::string(kInsert) + "ON CONFLICT ON CONSTRAINT nope DO NOTHING"), "42704");
  EXPECT_EQ(ErrorOf(std::string(kInsert) + "ON CONFLICT ON CONSTRAINT inventory_note_idx DO NOTHING"), "42704");
  // DO UPDATE needs a target, with PostgreSQL's hint.
  auto r = Bind(std::string(kInsert) + "ON CONFLICT DO UPDATE SET qty = 0");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().sqlstate(), "42601");
  EXPECT_EQ(r.status().info().hint, "For example, ON CONFLICT (column_name).");
  EXPECT_EQ(ErrorOf(std::string(kInsert) + "ON CONFLICT (sku) DO UPDATE SET nope = 1"), "42703");
  EXPECT_EQ(ErrorOf(std::string(kInsert) + "ON CONFLICT (sku) DO UPDATE SET qty = EXCLUDED.nope"), "42703");
  EXPECT_EQ(ErrorOf(std::string(kInsert) + "ON CONFLICT (sku) DO UPDATE SET qty = 1, qty = 2"), "42601");
  // Unqualified, qty names both the existing and the EXCLUDED row.
  EXPECT_EQ(ErrorOf(std::string(kInsert) + "ON CONFLICT (sku) DO UPDATE SET qty = qty + 1"), "42702");
  // RETURNING sees the target row only.
  EXPECT_NE(ErrorOf(std::string(kInsert) + "ON CONFLICT (sku) DO NOTHING RETURNING excluded.qty"), "ok");
}

TEST_F(ModifyBindTest, DataModifyingWithEntriesBecomeWorkTables) {
  auto r = Bind("WITH gone AS (DELETE FROM inventory WHERE qty = 0 RETURNING sku) SELECT * FROM gone");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r.value().modifying_ctes.size(), 1u);
  const ModifyingCte& cte = r.value().modifying_ctes[0];
  EXPECT_EQ(cte.plan->action, PlanAction::Delete);
  ASSERT_TRUE(r.value().root);
  // Entries run even when nothing reads them; the main statement may modify too.
  r = Bind("WITH a AS (UPDATE inventory SET qty = 0 RETURNING sku), b AS (DELETE FROM inventory WHERE false) "
           "INSERT INTO inventory SELECT sku, 1 FROM a");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r.value().modifying_ctes.size(), 2u);
  EXPECT_NE(r.value().modifying_ctes[0].work_table, r.value().modifying_ctes[1].work_table);
  // Reading an entry without RETURNING, or a bad entry, fails.
  EXPECT_EQ(ErrorOf("WITH d AS (DELETE FROM inventory) SELECT * FROM d"), "0A000");
  EXPECT_EQ(ErrorOf("WITH d AS (DELETE FROM nowhere RETURNING *) SELECT * FROM d"), "42P01");
  EXPECT_EQ(ErrorOf("WITH d (a, b) AS (DELETE FROM inventory RETURNING sku) SELECT * FROM d"), "42P10");
}

TEST_F(ModifyBindTest, MultipleColumnUpdateFromSubquery) {
  auto r = Bind("UPDATE inventory SET (qty, note) = (SELECT 1, 'x') WHERE sku = 'a'");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r.value().assignments[1]);
  EXPECT_TRUE(r.value().assignments[2]);
  EXPECT_FALSE(r.value().assignments[0]);
  EXPECT_EQ(ErrorOf("UPDATE inventory SET (qty, note) = (SELECT 1)"), "42601");
  EXPECT_EQ(ErrorOf("UPDATE inventory SET (qty, note) = (SELECT 1, 'x', 2)"), "42601");
  EXPECT_EQ(ErrorOf("UPDATE inventory SET (qty, note) = (1, 'x', 2)"), "42601");
  EXPECT_EQ(ErrorOf("UPDATE inventory SET (qty, nope) = (SELECT 1, 2)"), "42703");
}

}  // namespace
}  // namespace plinth
