// Cursor positioning: seeks in both directions, steps, turnarounds, edges.
#include "conformance_fixture.h"

namespace plinth::conformance {
namespace {

class CursorTest : public StorageTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StorageTest::SetUp());
    store().MustCommit({Put("b", "B"), Put("d", "D"), Put("f", "F")});
  }
};

TEST_F(StorageTest, CursorOnEmptyStoreFindsNothing) {
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  EXPECT_EQ(c.Key(), std::nullopt) << "a new cursor is unpositioned";
  EXPECT_EQ(c.Step(), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Step(true), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Seek(""), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Seek("\xff\xff", true), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Key(), std::nullopt);
}

TEST_F(CursorTest, ForwardSeekFindsFirstKeyAtOrAfter) {
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  EXPECT_EQ(c.Seek("d"), PLINTH_OK);
  EXPECT_EQ(c.Key(), "d");
  EXPECT_EQ(c.Value(), "D");
  EXPECT_EQ(c.Seek("c"), PLINTH_OK);
  EXPECT_EQ(c.Key(), "d");
  EXPECT_EQ(c.Seek(std::string("d\x00", 2)), PLINTH_OK);
  EXPECT_EQ(c.Key(), "f");
  EXPECT_EQ(c.Seek(""), PLINTH_OK);
  EXPECT_EQ(c.Key(), "b");
}

TEST_F(CursorTest, ForwardSeekPastEndLeavesCursorUnpositioned) {
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  ASSERT_EQ(c.Seek("d"), PLINTH_OK);
  EXPECT_EQ(c.Seek("g"), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Key(), std::nullopt);
  EXPECT_EQ(c.Step(), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Step(true), PLINTH_NOT_FOUND);
}

TEST_F(CursorTest, BackwardSeekFindsLastKeyAtOrBefore) {
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  EXPECT_EQ(c.Seek("d", true), PLINTH_OK);
  EXPECT_EQ(c.Key(), "d");
  EXPECT_EQ(c.Seek("e", true), PLINTH_OK);
  EXPECT_EQ(c.Key(), "d");
  EXPECT_EQ(c.Seek(std::string("d\x00", 2), true), PLINTH_OK);
  EXPECT_EQ(c.Key(), "d");
  EXPECT_EQ(c.Seek("\xff\xff\xff", true), PLINTH_OK);
  EXPECT_EQ(c.Key(), "f");
  EXPECT_EQ(c.Value(), "F");
}

TEST_F(CursorTest, BackwardSeekBeforeStartLeavesCursorUnpositioned) {
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  EXPECT_EQ(c.Seek("a", true), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Key(), std::nullopt);
  EXPECT_EQ(c.Seek("", true), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Step(), PLINTH_NOT_FOUND);
}

TEST_F(CursorTest, StepAfterEndAndBeforeStart) {
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  ASSERT_EQ(c.Seek("f"), PLINTH_OK);
  EXPECT_EQ(c.Step(), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Key(), std::nullopt);
  EXPECT_EQ(c.Step(true), PLINTH_NOT_FOUND) << "an unpositioned cursor stays unpositioned";
  ASSERT_EQ(c.Seek("b"), PLINTH_OK);
  EXPECT_EQ(c.Step(true), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Step(), PLINTH_NOT_FOUND);
  EXPECT_EQ(c.Seek("b"), PLINTH_OK) << "a seek repositions after running off";
  EXPECT_EQ(c.Key(), "b");
}

TEST_F(CursorTest, TurnaroundsVisitNeighbours) {
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  ASSERT_EQ(c.Seek("d"), PLINTH_OK);
  ASSERT_EQ(c.Step(), PLINTH_OK);
  EXPECT_EQ(c.Key(), "f");
  ASSERT_EQ(c.Step(true), PLINTH_OK);
  EXPECT_EQ(c.Key(), "d");
  ASSERT_EQ(c.Step(true), PLINTH_OK);
  EXPECT_EQ(c.Key(), "b");
  ASSERT_EQ(c.Step(), PLINTH_OK);
  EXPECT_EQ(c.Key(), "d");
  ASSERT_EQ(c.Seek("e", true), PLINTH_OK);
  ASSERT_EQ(c.Step(), PLINTH_OK);
  EXPECT_EQ(c.Key(), "f");
}

TEST_F(CursorTest, FullScansBothWays) {
  store().MustCommit({Put("a", "A"), Put("z", "Z")});
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  std::string forward, backward;
  for (auto st = c.Seek(""); st == PLINTH_OK; st = c.Step()) forward += *c.Key();
  for (auto st = c.Seek("\xff", true); st == PLINTH_OK; st = c.Step(true)) backward += *c.Key();
  EXPECT_EQ(forward, "abdfz");
  EXPECT_EQ(backward, "zfdba");
}

TEST_F(CursorTest, CursorsOnOneSnapshotAreIndependent) {
  auto snap = store().Snap();
  Cursor c1(vt(), *snap), c2(vt(), *snap);
  ASSERT_EQ(c1.Seek("b"), PLINTH_OK);
  ASSERT_EQ(c2.Seek("f"), PLINTH_OK);
  ASSERT_EQ(c1.Step(), PLINTH_OK);
  EXPECT_EQ(c1.Key(), "d");
  EXPECT_EQ(c2.Key(), "f");
}

TEST_F(CursorTest, CursorSkipsKeysDeletedBeforeTheSnapshot) {
  store().MustCommit({Del("d"), Put("c", "C")});
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  std::string keys;
  for (auto st = c.Seek(""); st == PLINTH_OK; st = c.Step()) keys += *c.Key();
  EXPECT_EQ(keys, "bcf");
  ASSERT_EQ(c.Seek("d", true), PLINTH_OK);
  EXPECT_EQ(c.Key(), "c");
}

TEST_F(CursorTest, UnpositionedCurrentIsNotFoundAndToleratesNullOutputs) {
  auto snap = store().Snap();
  Cursor c(vt(), *snap);
  plinth_bytes k{}, v{};
  EXPECT_EQ(vt()->cursor_current(c.raw(), &k, &v), PLINTH_NOT_FOUND);
}

}  // namespace
}  // namespace plinth::conformance
