// Descriptor, point reads and writes, key ordering, batches and malformed input.
#include <algorithm>
#include <random>

#include "conformance_fixture.h"

namespace plinth::conformance {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

TEST_F(StorageTest, DescriptorIsAStoragePluginWithACompleteVtable) {
  EXPECT_GE(plugin_->struct_size, sizeof(plinth_plugin));
  EXPECT_EQ(plugin_->abi_major, PLINTH_ABI_MAJOR);
  EXPECT_EQ(plugin_->kind, PLINTH_KIND_STORAGE);
  ASSERT_NE(plugin_->name, nullptr);
  EXPECT_GT(std::string(plugin_->name).size(), 0u);
  ASSERT_NE(plugin_->version, nullptr);
  if (plugin_->capabilities & PLINTH_STORAGE_CAP_DURABLE) {
    EXPECT_TRUE(Persistent()) << "durable without persistent makes no sense";
  }
  const plinth_storage_v1* v = vt();
  ASSERT_GE(v->struct_size, sizeof(plinth_storage_v1));
  EXPECT_TRUE(v->open && v->close && v->snapshot_open && v->snapshot_close && v->get &&
              v->cursor_open && v->cursor_seek && v->cursor_step && v->cursor_current &&
              v->cursor_close && v->commit && v->estimate);
}

TEST_F(StorageTest, InitRejectsNullOut) {
  plinth_error err{};
  EXPECT_EQ(LoadedPlugin::Init()(host_->api(), nullptr, &err), PLINTH_ERROR);
}

TEST_F(StorageTest, EmptyStoreFindsNothing) {
  auto snap = store().Snap();
  EXPECT_EQ(snap->Get("a"), std::nullopt);
  EXPECT_EQ(snap->Get(""), std::nullopt);
  EXPECT_TRUE(snap->Scan().empty());
}

TEST_F(StorageTest, PutGetOverwriteDelete) {
  store().MustCommit({Put("k", "v1")});
  EXPECT_EQ(store().Get("k"), "v1");
  store().MustCommit({Put("k", "v2")});
  EXPECT_EQ(store().Get("k"), "v2");
  EXPECT_EQ(store().Get("k2"), std::nullopt);
  EXPECT_EQ(store().Get("K"), std::nullopt);
  store().MustCommit({Del("k")});
  EXPECT_EQ(store().Get("k"), std::nullopt);
}

TEST_F(StorageTest, EmptyValueIsFoundNotMissing) {
  store().MustCommit({Put("k", "")});
  EXPECT_EQ(store().Get("k"), "");
}

TEST_F(StorageTest, EmptyKeyIsAKeyLikeAnyOther) {
  store().MustCommit({Put("", "empty"), Put("a", "x")});
  EXPECT_EQ(store().Get(""), "empty");
  EXPECT_EQ(store().Snap()->Scan(), (Entries{{"", "empty"}, {"a", "x"}}));
  store().MustCommit({Del("")});
  EXPECT_EQ(store().Get(""), std::nullopt);
  EXPECT_EQ(store().Get("a"), "x");
}

TEST_F(StorageTest, KeysOrderByUnsignedBytesShorterFirst) {
  std::vector<std::string> keys = {
      std::string(""),          std::string("\x00", 1),     std::string("\x00\x00", 2),
      std::string("\x00\x01", 2), std::string("\x01"),      std::string("a"),
      std::string("a\x00", 2),  std::string("ab"),          std::string("abc"),
      std::string("b"),         std::string("\x7f"),        std::string("\x80"),
      std::string("\x80\x00", 2), std::string("\xfe\xff"),  std::string("\xff"),
      std::string("\xff\x00", 2), std::string("\xff\xff"),  std::string("\xff\xff\xff")};
  std::vector<std::string> shuffled = keys;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  std::vector<std::string> values;  // the batch borrows them until commit returns
  values.reserve(shuffled.size());
  std::vector<plinth_write> batch;
  for (const auto& k : shuffled) {
    values.push_back("v" + k);
    batch.push_back(Put(k, values.back()));
  }
  store().MustCommit(batch);

  std::sort(keys.begin(), keys.end());  // std::string compares as unsigned bytes
  Entries scanned = store().Snap()->Scan();
  ASSERT_EQ(scanned.size(), keys.size());
  for (size_t i = 0; i < keys.size(); i++) {
    EXPECT_EQ(scanned[i].first, keys[i]) << "position " << i;
    EXPECT_EQ(scanned[i].second, "v" + keys[i]);
  }
  auto snap = store().Snap();
  for (const auto& k : keys) EXPECT_EQ(snap->Get(k), "v" + k);
}

TEST_F(StorageTest, BinaryValuesRoundTrip) {
  std::string value;
  for (int i = 0; i < 256; i++) value.push_back(static_cast<char>(i));
  store().MustCommit({Put(std::string("\x00k\xff", 3), value)});
  EXPECT_EQ(store().Get(std::string("\x00k\xff", 3)), value);
}

TEST_F(StorageTest, DeletingAnAbsentKeyIsNotAnError) {
  store().MustCommit({Del("never-there")});
  store().MustCommit({Put("a", "1"), Del("a"), Del("a")});
  EXPECT_EQ(store().Get("a"), std::nullopt);
}

TEST_F(StorageTest, BatchAppliesWritesInOrder) {
  store().MustCommit({Put("a", "1"), Del("a")});
  EXPECT_EQ(store().Get("a"), std::nullopt);
  store().MustCommit({Del("b"), Put("b", "2")});
  EXPECT_EQ(store().Get("b"), "2");
  store().MustCommit({Put("c", "1"), Put("c", "2"), Put("c", "3")});
  EXPECT_EQ(store().Get("c"), "3");
  // A range delete removes what the batch put before it, not what it puts after.
  store().MustCommit({Put("r1", "x"), DelRange("r", "s"), Put("r2", "y")});
  EXPECT_EQ(store().Get("r1"), std::nullopt);
  EXPECT_EQ(store().Get("r2"), "y");
}

TEST_F(StorageTest, MixedBatchIsAtomic) {
  store().MustCommit({Put("a", "old"), Put("m1", "x"), Put("m2", "x"), Put("z", "old")});
  auto before = store().Snap();
  store().MustCommit({Put("a", "new"), Del("z"), DelRange("m", "n"), Put("new", "1")});
  auto after = store().Snap();
  EXPECT_EQ(before->Scan(), (Entries{{"a", "old"}, {"m1", "x"}, {"m2", "x"}, {"z", "old"}}));
  EXPECT_EQ(after->Scan(), (Entries{{"a", "new"}, {"new", "1"}}));
}

TEST_F(StorageTest, DeleteRangeIncludesStartExcludesEnd) {
  const std::vector<std::string> keys = {"a", "b", std::string("b\x00", 2), "bz", "c",
                                         std::string("c\x00", 2), "d"};
  std::vector<plinth_write> batch;
  for (const auto& k : keys) batch.push_back(Put(k, "v"));
  store().MustCommit(batch);

  store().MustCommit({DelRange("b", "c")});
  Entries left = store().Snap()->Scan();
  std::vector<std::string> left_keys;
  for (auto& [k, v] : left) left_keys.push_back(k);
  EXPECT_EQ(left_keys, (std::vector<std::string>{"a", "c", std::string("c\x00", 2), "d"}));

  store().MustCommit({DelRange("c", "c")});   // empty range
  store().MustCommit({DelRange("d", "a")});   // inverted range: nothing
  EXPECT_EQ(store().Snap()->Scan().size(), 4u);

  store().MustCommit({DelRange("", std::string("c\x00", 2))});  // from the very first key
  left = store().Snap()->Scan();
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].first, std::string("c\x00", 2));
  EXPECT_EQ(left[1].first, "d");

  store().MustCommit({DelRange("x", "y")});  // range past every key
  store().MustCommit({DelRange(std::string("\x00", 1), "\xff\xff")});
  EXPECT_TRUE(store().Snap()->Scan().empty());
}

TEST_F(StorageTest, DeleteRangeOverEmptyKey) {
  store().MustCommit({Put("", "e"), Put("a", "a")});
  store().MustCommit({DelRange("", "a")});
  EXPECT_EQ(store().Snap()->Scan(), (Entries{{"a", "a"}}));
}

TEST_F(StorageTest, EmptyBatchCommits) {
  plinth_error err{};
  EXPECT_EQ(vt()->commit(store().raw(), nullptr, 0, &err), PLINTH_OK) << Describe(err);
}

void ExpectErrorFilled(const plinth_error& err) {
  EXPECT_EQ(std::string(err.sqlstate).size(), 5u) << "sqlstate must be 5 characters";
  EXPECT_GT(std::string(err.message).size(), 0u) << "message must say what went wrong";
}

TEST_F(StorageTest, UnknownWriteOpFailsTheWholeBatch) {
  store().MustCommit({Put("keep", "1")});
  plinth_write bad{99, B("x"), B("y"), {}};
  plinth_error err{};
  EXPECT_EQ(store().Commit({Put("a", "1"), Del("keep"), bad}, &err), PLINTH_ERROR);
  ExpectErrorFilled(err);
  EXPECT_EQ(store().Get("a"), std::nullopt) << "a failed batch must leave nothing behind";
  EXPECT_EQ(store().Get("keep"), "1");
}

TEST_F(StorageTest, NullSliceWithLengthIsRejected) {
  plinth_error err{};
  plinth_write null_key{PLINTH_WRITE_PUT, {nullptr, 3}, B("v"), {}};
  EXPECT_EQ(store().Commit({Put("a", "1"), null_key}, &err), PLINTH_ERROR);
  ExpectErrorFilled(err);
  plinth_write null_value{PLINTH_WRITE_PUT, B("k"), {nullptr, 5}, {}};
  EXPECT_EQ(store().Commit({null_value}, &err), PLINTH_ERROR);
  plinth_write null_end{PLINTH_WRITE_DELETE_RANGE, B("a"), {}, {nullptr, 2}};
  EXPECT_EQ(store().Commit({null_end}, &err), PLINTH_ERROR);
  EXPECT_EQ(store().Get("a"), std::nullopt);

  auto snap = store().Snap();
  plinth_bytes value{};
  EXPECT_EQ(vt()->get(snap->raw(), {nullptr, 4}, &value, &err), PLINTH_ERROR);
  ExpectErrorFilled(err);
}

TEST_F(StorageTest, NullDataWithZeroLengthIsTheEmptyKey) {
  plinth_write w{PLINTH_WRITE_PUT, {nullptr, 0}, {nullptr, 0}, {}};
  store().MustCommit({w});
  EXPECT_EQ(store().Get(""), "");
}

}  // namespace
}  // namespace plinth::conformance
