// Rebasing a DDL commit onto a catalog that moved on (engine/session/catalog_rebase.h):
// merged when one side only moved tables to new storage ranges (TRUNCATE), refused when
// both sides touched one table or rows would land in a range the other side dropped.
#include "engine/session/catalog_rebase.h"

#include <gtest/gtest.h>

#include "engine/session/database.h"
#include "engine/storage/keys.h"

namespace plinth {
namespace {

TableDef Table(Oid oid, const std::string& name) {
  TableDef t;
  t.oid = oid;
  t.schema = "public";
  t.name = name;
  t.columns.push_back(ColumnDef{"id", 23});
  return t;
}

// base: tables a (100) and b (101). Each side starts from a copy of it.
class CatalogRebaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cat = Catalog::Empty();
    cat->PutTable(Table(100, "a"));
    cat->PutTable(Table(101, "b"));
    base_ = cat;
  }
  std::shared_ptr<Catalog> Copy() const {
    auto c = base_->Clone();
    c->BumpVersion();
    return c;
  }
  static void Truncate(Catalog& c, Oid table, Oid storage) {
    TableDef t = *c.TableByOid(table);
    t.storage = storage;
    c.PutTable(std::move(t));
  }
  static WriteOp Row(Oid storage) {
    return WriteOp{PLINTH_WRITE_PUT, keys::IndexPrefix(storage, 0) + "k", "v", {}};
  }
  std::shared_ptr<const Catalog> base_;
};

TEST_F(CatalogRebaseTest, StorageMovesAreRecognised) {
  auto after = Copy();
  Truncate(*after, 100, 0x80000001);
  std::map<Oid, Oid> moved;
  EXPECT_TRUE(OnlyStorageMoved(*base_, *after, &moved));
  EXPECT_EQ(moved, (std::map<Oid, Oid>{{100, 0x80000001}}));
  auto renamed = Copy();
  TableDef t = *renamed->TableByOid(101);
  t.name = "b2";
  renamed->PutTable(t);
  moved.clear();
  EXPECT_FALSE(OnlyStorageMoved(*base_, *renamed, &moved)) << "a rename is more than a move";
  auto created = Copy();
  created->PutTable(Table(created->AllocateOid(), "c"));
  EXPECT_FALSE(OnlyStorageMoved(*base_, *created, &moved));
}

TEST_F(CatalogRebaseTest, OurDdlOntoTheirTruncate) {
  auto theirs = Copy();
  Truncate(*theirs, 100, 0x80000001);
  auto mine = Copy();
  Oid c = mine->AllocateOid();
  mine->PutTable(Table(c, "c"));
  std::vector<WriteOp> batch{Row(c)};
  auto out = RebaseCatalog(*base_, *mine, *theirs, &batch);
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->version(), theirs->version() + 1);
  EXPECT_EQ(out->TableByOid(100)->storage_id(), 0x80000001u) << "their truncate kept";
  EXPECT_NE(out->TableByOid(c), nullptr) << "our table kept";
}

TEST_F(CatalogRebaseTest, OurTruncateOntoTheirDdl) {
  auto theirs = Copy();
  TableDef b = *theirs->TableByOid(101);
  b.columns.push_back(ColumnDef{"note", 25});  // ADD COLUMN without a rewrite
  theirs->PutTable(b);
  theirs->PutTable(Table(theirs->AllocateOid(), "other"));
  auto mine = Copy();
  Truncate(*mine, 101, 0x80000002);
  std::vector<WriteOp> batch{WriteOp{PLINTH_WRITE_PUT, keys::CatalogObject(Database::kDatabaseId, 101),
                                     mine->TableByOid(101)->Serialize(), {}},
                             Row(0x80000002)};
  auto out = RebaseCatalog(*base_, *mine, *theirs, &batch);
  ASSERT_NE(out, nullptr);
  const TableDef* merged = out->TableByOid(101);
  EXPECT_EQ(merged->storage_id(), 0x80000002u);
  EXPECT_EQ(merged->columns.size(), 2u) << "their column kept";
  EXPECT_EQ(out->next_oid(), theirs->next_oid());
  auto stored = TableDef::Deserialize(batch[0].value);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->columns.size(), 2u) << "the catalog write was rewritten from the merged table";
  EXPECT_EQ(stored->storage_id(), 0x80000002u);
}

TEST_F(CatalogRebaseTest, ConflictsAreRefused) {
  std::vector<WriteOp> none;
  {
    SCOPED_TRACE("both truncate one table");
    auto theirs = Copy(), mine = Copy();
    Truncate(*theirs, 100, 0x80000001);
    Truncate(*mine, 100, 0x80000002);
    EXPECT_EQ(RebaseCatalog(*base_, *mine, *theirs, &none), nullptr);
  }
  {
    SCOPED_TRACE("we truncate what they rewrote");
    auto theirs = Copy(), mine = Copy();
    TableDef a = *theirs->TableByOid(100);
    a.storage = 0x80000001;
    a.primary_key = {0};
    theirs->PutTable(a);
    Truncate(*mine, 100, 0x80000002);
    EXPECT_EQ(RebaseCatalog(*base_, *mine, *theirs, &none), nullptr);
  }
  {
    SCOPED_TRACE("we truncate what they dropped");
    auto theirs = Copy(), mine = Copy();
    theirs->DropTable(101);
    Truncate(*mine, 101, 0x80000002);
    EXPECT_EQ(RebaseCatalog(*base_, *mine, *theirs, &none), nullptr);
  }
  {
    SCOPED_TRACE("we wrote rows into the range their truncate dropped");
    auto theirs = Copy(), mine = Copy();
    Truncate(*theirs, 100, 0x80000001);
    mine->PutTable(Table(mine->AllocateOid(), "c"));
    std::vector<WriteOp> batch{Row(100)};
    EXPECT_EQ(RebaseCatalog(*base_, *mine, *theirs, &batch), nullptr);
  }
  {
    SCOPED_TRACE("neither side only truncated");
    auto theirs = Copy(), mine = Copy();
    theirs->PutTable(Table(theirs->AllocateOid(), "x"));
    mine->PutTable(Table(mine->AllocateOid(), "y"));
    EXPECT_EQ(RebaseCatalog(*base_, *mine, *theirs, &none), nullptr);
  }
}

}  // namespace
}  // namespace plinth
