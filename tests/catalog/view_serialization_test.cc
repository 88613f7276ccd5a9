// Views in the stored catalog: a view descriptor survives a round trip and a catalog
// reload, shares the relation namespace, and corrupt bytes are refused.
#include <gtest/gtest.h>

#include "engine/catalog/catalog.h"
#include "engine/types/types.h"

namespace plinth {
namespace {

ViewDef SampleView() {
  ViewDef v;
  v.oid = 16500;
  v.schema = "public";
  v.name = "paid_orders";
  v.columns = {{"id", oids::kInt4, -1}, {"amount", oids::kNumeric, (8 << 16 | 2) + 4}};
  v.query_sql = "SELECT id, amount FROM orders WHERE status = 'paid'";
  v.check_option = ViewCheckOption::Cascaded;
  v.depends_on = {16400, 16450};
  v.comment = "paid ones";
  return v;
}

TEST(ViewDef, RoundTrip) {
  ViewDef v = SampleView();
  auto back = ViewDef::Deserialize(v.Serialize());
  ASSERT_TRUE(back.ok()) << back.status().message();
  const ViewDef& w = back.value();
  EXPECT_EQ(w.oid, v.oid);
  EXPECT_EQ(w.schema, v.schema);
  EXPECT_EQ(w.name, v.name);
  ASSERT_EQ(w.columns.size(), 2u);
  EXPECT_EQ(w.columns[1].name, "amount");
  EXPECT_EQ(w.columns[1].type, oids::kNumeric);
  EXPECT_EQ(w.columns[1].typmod, v.columns[1].typmod);
  EXPECT_EQ(w.query_sql, v.query_sql);
  EXPECT_EQ(w.check_option, ViewCheckOption::Cascaded);
  EXPECT_EQ(w.depends_on, v.depends_on);
  EXPECT_EQ(w.comment, "paid ones");
  EXPECT_EQ(w.FindColumn("amount"), 1);
  EXPECT_EQ(w.FindColumn("nope"), -1);
}

TEST(ViewDef, TruncatedBytesAreRefused) {
  std::string bytes = SampleView().Serialize();
  for (size_t n = 0; n < bytes.size(); n++) {
    auto r = ViewDef::Deserialize(std::string_view(bytes).substr(0, n));
    EXPECT_FALSE(r.ok()) << "accepted a prefix of " << n << " bytes";
  }
}

TEST(ViewDef, BadCheckOptionAndHugeCountsAreRefused) {
  ViewDef v = SampleView();
  v.check_option = ViewCheckOption::None;
  std::string bytes = v.Serialize();
  // The check option byte follows the query text; make it an unknown value.
  size_t at = bytes.find(v.query_sql) + v.query_sql.size();
  bytes[at] = 'x';
  EXPECT_FALSE(ViewDef::Deserialize(bytes).ok());
  std::string huge(1, 'V');
  huge += std::string("\x01\x00\x00", 3);  // oid 1, empty schema and name
  huge += std::string("\xff\xff\xff\xff\x0f", 5);  // an absurd column count
  EXPECT_FALSE(ViewDef::Deserialize(huge).ok());
  EXPECT_FALSE(ViewDef::Deserialize("").ok());
  EXPECT_FALSE(ViewDef::IsViewBlob(""));
}

TEST(ViewCatalog, LoadPutDropAndNamespace) {
  TableDef t;
  t.oid = 16400;
  t.schema = "public";
  t.name = "orders";
  t.columns = {{"id", oids::kInt4, -1, false, "", "", ""}};
  auto cat = Catalog::Load("", {t.Serialize(), SampleView().Serialize()});
  ASSERT_TRUE(cat.ok()) << cat.status().message();
  const Catalog& c = *cat.value();
  ASSERT_NE(c.FindView("public", "paid_orders"), nullptr);
  EXPECT_EQ(c.ViewByOid(16500)->name, "paid_orders");
  EXPECT_EQ(c.LookupView("", "paid_orders", {"app", "public"})->oid, 16500u);
  EXPECT_EQ(c.LookupView("app", "paid_orders", {"public"}), nullptr);
  EXPECT_TRUE(c.RelationExists("public", "paid_orders"));
  EXPECT_EQ(c.FindTable("public", "paid_orders"), nullptr);

  auto copy = c.Clone();
  ViewDef renamed = SampleView();
  renamed.name = "settled";
  copy->PutView(renamed);
  EXPECT_EQ(copy->FindView("public", "paid_orders"), nullptr);
  EXPECT_NE(copy->FindView("public", "settled"), nullptr);
  copy->DropView(16500);
  EXPECT_TRUE(copy->views().empty());
  EXPECT_FALSE(copy->RelationExists("public", "settled"));
  // The original is untouched: catalogs are values.
  EXPECT_NE(c.FindView("public", "paid_orders"), nullptr);
}

TEST(ViewCatalog, CorruptViewFailsTheLoad) {
  std::string bytes = SampleView().Serialize();
  bytes.resize(bytes.size() / 2);
  EXPECT_FALSE(Catalog::Load("", {bytes}).ok());
}

}  // namespace
}  // namespace plinth
