// The catalog's stored form: every descriptor survives a round trip, and bytes that
// are cut short or point outside the table are refused instead of trusted.
#include <gtest/gtest.h>

#include "engine/catalog/catalog.h"
#include "engine/types/types.h"

namespace plinth {
namespace {

TableDef SampleTable() {
  TableDef t;
  t.oid = 16400;
  t.schema = "app";
  t.name = "people";
  t.columns = {{"id", oids::kInt4, -1, true, "nextval('people_id_seq'::regclass)", "", "the key"},
               {"email", oids::kText, -1, false, "", "", ""},
               {"age", oids::kInt4, -1, false, "", "", ""}};
  t.primary_key = {0};
  t.pk_constraint_name = "people_pkey";
  IndexDef lower;
  lower.oid = 16401;
  lower.id = 1;
  lower.name = "people_lower_idx";
  lower.columns = {-1, 2};
  lower.exprs = {"lower(email)", ""};
  lower.descending = {false, true};
  lower.predicate_sql = "age >= 18";
  lower.unique = true;
  t.indexes.push_back(lower);
  t.checks.push_back({"people_age_check", "age >= 0"});
  ForeignKeyDef fk;
  fk.name = "people_id_fkey";
  fk.columns = {0};
  fk.ref_table = 16300;
  fk.ref_columns = {0};
  fk.on_delete = FkAction::Cascade;
  fk.on_update = FkAction::SetNull;
  t.foreign_keys.push_back(fk);
  t.next_index_id = 2;
  t.temporary = true;
  t.comment = "people we know";
  return t;
}

TEST(TableDef, RoundTripKeepsEveryField) {
  TableDef t = SampleTable();
  auto back = TableDef::Deserialize(t.Serialize());
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->name, "people");
  EXPECT_EQ(back->columns[0].comment, "the key");
  EXPECT_EQ(back->columns[0].default_sql, t.columns[0].default_sql);
  ASSERT_EQ(back->indexes.size(), 1u);
  const IndexDef& ix = back->indexes[0];
  EXPECT_EQ(ix.columns, (std::vector<int>{-1, 2}));
  EXPECT_EQ(ix.exprs[0], "lower(email)");
  EXPECT_TRUE(ix.is_expression(0));
  EXPECT_TRUE(ix.is_descending(1));
  EXPECT_EQ(ix.predicate_sql, "age >= 18");
  EXPECT_TRUE(ix.unique);
  ASSERT_EQ(back->foreign_keys.size(), 1u);
  EXPECT_EQ(back->foreign_keys[0].on_delete, FkAction::Cascade);
  EXPECT_EQ(back->foreign_keys[0].on_update, FkAction::SetNull);
  EXPECT_EQ(back->foreign_keys[0].ref_table, 16300u);
  EXPECT_TRUE(back->temporary);
  EXPECT_EQ(back->comment, "people we know");
  EXPECT_EQ(back->FindIndex("people_lower_idx"), &back->indexes[0]);
}

TEST(TableDef, EveryTruncationIsRefused) {
  std::string bytes = SampleTable().Serialize();
  for (size_t n = 0; n < bytes.size(); n++)
    EXPECT_FALSE(TableDef::Deserialize(std::string_view(bytes).substr(0, n)).ok()) << "prefix of " << n << " bytes";
}

TEST(TableDef, UnknownFormatIsRefused) {
  std::string bytes = SampleTable().Serialize();
  bytes[0] = 0x7f;
  auto r = TableDef::Deserialize(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().sqlstate(), "XX001");
}

TEST(TableDef, ColumnPositionOutsideTheTableIsRefused) {
  TableDef t = SampleTable();
  t.primary_key = {7};  // there are 3 columns
  EXPECT_FALSE(TableDef::Deserialize(t.Serialize()).ok());
  t = SampleTable();
  t.foreign_keys[0].columns = {-1};
  EXPECT_FALSE(TableDef::Deserialize(t.Serialize()).ok());
}

TEST(SequenceDef, RoundTripAndCorruption) {
  SequenceDef s;
  s.oid = 16500;
  s.schema = "public";
  s.name = "tickets_id_seq";
  s.type = oids::kInt2;
  s.start = 10;
  s.increment = -5;
  s.min = -100;
  s.max = 10;
  s.cycle = true;
  s.owned_by_table = 16400;
  s.owned_by_column = "id";
  std::string bytes = s.Serialize();
  auto back = SequenceDef::Deserialize(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->increment, -5);
  EXPECT_EQ(back->min, -100);
  EXPECT_TRUE(back->cycle);
  EXPECT_EQ(back->owned_by_column, "id");
  for (size_t n = 0; n < bytes.size(); n++)
    EXPECT_FALSE(SequenceDef::Deserialize(std::string_view(bytes).substr(0, n)).ok());
}

TEST(Catalog, LoadsTablesAndSequencesAndSharesTheirNamespace) {
  SequenceDef s;
  s.oid = 16500;
  s.schema = "app";
  s.name = "counter";
  TableDef t = SampleTable();
  auto cat = Catalog::Load("", {t.Serialize(), s.Serialize()});
  ASSERT_TRUE(cat.ok()) << cat.status().message();
  const Catalog& c = **cat;
  EXPECT_NE(c.FindTable("app", "people"), nullptr);
  EXPECT_NE(c.LookupSequence("", "counter", {"public", "app"}), nullptr);
  EXPECT_TRUE(c.RelationExists("app", "people"));
  EXPECT_TRUE(c.RelationExists("app", "counter"));
  EXPECT_TRUE(c.RelationExists("app", "people_lower_idx"));
  EXPECT_TRUE(c.RelationExists("app", "people_pkey"));
  EXPECT_FALSE(c.RelationExists("public", "people"));
  EXPECT_EQ(c.LookupIndexTable("", "people_lower_idx", {"app"}), c.FindTable("app", "people"));
}

TEST(Catalog, CorruptObjectFailsTheLoad) {
  EXPECT_FALSE(Catalog::Load("", {std::string("\x02\xff", 2)}).ok());
  EXPECT_FALSE(Catalog::Load(std::string("\x01\x05", 2), {}).ok());  // header cut short
}

TEST(Catalog, SchemasComeAndGo) {
  auto cat = Catalog::Empty();
  cat->PutSchema("app");
  EXPECT_TRUE(cat->HasSchema("app"));
  cat->DropSchema("app");
  EXPECT_FALSE(cat->HasSchema("app"));
  EXPECT_TRUE(cat->HasSchema("public"));
}

TEST(SplitQualifiedName, FoldsUnquotedAndKeepsQuoted) {
  auto r = SplitQualifiedName("App.\"My \"\"Seq\"\"\"");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<std::string>{"app", "My \"Seq\""}));
  r = SplitQualifiedName("Tickets_ID_seq");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<std::string>{"tickets_id_seq"}));
}

TEST(SplitQualifiedName, MalformedNamesAreRefused) {
  for (const char* bad : {"", ".", "a.", ".b", "a..b", "\"unterminated", "a.b.c.d", "\"x\"y"}) {
    auto r = SplitQualifiedName(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().sqlstate(), "42602");
  }
}

}  // namespace
}  // namespace plinth
