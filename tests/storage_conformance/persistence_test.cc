// For persistent plugins only: restart survival, single-server locking, refusal of
// corrupted or foreign-format directories, and rejected settings.
#include <fstream>

#include "conformance_fixture.h"

namespace plinth::conformance {
namespace {
namespace fs = std::filesystem;

class PersistentTest : public StorageTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StorageTest::SetUp());
    if (!Persistent()) GTEST_SKIP() << "the plugin is not persistent";
  }
};

TEST_F(PersistentTest, DataSurvivesCloseAndReopen) {
  store().MustCommit({Put("a", "1"), Put("b", std::string(200000, 'b')), Put("", "empty")});
  store().MustCommit({Del("a"), Put("c", "3")});
  ASSERT_NO_FATAL_FAILURE(Open());
  auto snap = store().Snap();
  EXPECT_EQ(snap->Get("a"), std::nullopt);
  EXPECT_EQ(snap->Get("b"), std::string(200000, 'b'));
  EXPECT_EQ(snap->Get("c"), "3");
  EXPECT_EQ(snap->Get(""), "empty");
}

TEST_F(PersistentTest, SecondOpenOfTheSameDirectoryIsRefused) {
  store().MustCommit({Put("a", "1")});
  plinth_error err{};
  auto second = OpenStore(*host_, &err);
  EXPECT_EQ(second, nullptr) << "two stores on one directory would corrupt it";
  EXPECT_EQ(std::string(err.sqlstate).size(), 5u);
  EXPECT_NE(std::string(err.message).find(dir_), std::string::npos)
      << "the message should name the directory: " << err.message;
  EXPECT_EQ(store().Get("a"), "1") << "the first store is unaffected";
  store_.reset();
  auto third = OpenStore(*host_, &err);
  EXPECT_NE(third, nullptr) << "once the first closes, the directory is free: " << Describe(err);
}

// Overwrites the start of every sizeable file, as a disk or a stray tool might.
TEST_F(PersistentTest, CorruptedDataIsRefusedNotCrashedOn) {
  store().MustCommit({Put("a", std::string(50000, 'a'))});
  store_.reset();
  int corrupted = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    if (!entry.is_regular_file() || entry.file_size() < 4096) continue;
    std::fstream f(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
    std::string junk(std::min<uintmax_t>(entry.file_size(), 65536), '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    corrupted++;
  }
  ASSERT_GT(corrupted, 0);
  plinth_error err{};
  auto reopened = OpenStore(*host_, &err);
  EXPECT_EQ(reopened, nullptr) << "opened a corrupted store";
  EXPECT_GT(std::string(err.message).size(), 0u);
}

// The Plinth convention (like PostgreSQL's PG_VERSION): a FORMAT_VERSION file in the
// store's directory. Plugins without one skip this check.
TEST_F(PersistentTest, OtherFormatVersionIsRefusedByName) {
  store_.reset();
  fs::path version_file;
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    if (entry.path().filename() == "FORMAT_VERSION") version_file = entry.path();
  }
  if (version_file.empty()) GTEST_SKIP() << "no FORMAT_VERSION file";
  std::ofstream(version_file, std::ios::trunc) << "999\n";
  plinth_error err{};
  auto reopened = OpenStore(*host_, &err);
  EXPECT_EQ(reopened, nullptr);
  EXPECT_NE(std::string(err.message).find("999"), std::string::npos)
      << "the message should name the version found: " << err.message;
}

TEST_F(PersistentTest, InvalidSettingsAreRefusedNamingTheKey) {
  store_.reset();
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"map_size", "abc"}, {"map_size", "-1"}, {"map_size", "12x"}, {"map_size", ""},
      {"map_size", "99999999999999999999999"}, {"sync", "maybe"}, {"sync", ""}};
  for (const auto& [key, value] : bad) {
    TestHost host(dir_ + "/bad");
    host.Set(key, value);
    plinth_error err{};
    auto s = OpenStore(host, &err);
    EXPECT_EQ(s, nullptr) << key << "=" << value << " was accepted";
    EXPECT_STREQ(err.sqlstate, "22023") << key << "=" << value;
    EXPECT_NE(std::string(err.message).find(key), std::string::npos)
        << "message should name " << key << ": " << err.message;
  }
}

TEST_F(PersistentTest, SyncOffIsPersistentButNotDurable) {
  host_->Set("sync", "off");
  ASSERT_NO_FATAL_FAILURE(Open());
  EXPECT_TRUE(plugin_->capabilities & PLINTH_STORAGE_CAP_PERSISTENT);
  EXPECT_FALSE(plugin_->capabilities & PLINTH_STORAGE_CAP_DURABLE);
  store().MustCommit({Put("a", "1")});
  ASSERT_NO_FATAL_FAILURE(Open());
  EXPECT_EQ(store().Get("a"), "1") << "a clean close keeps data even without sync";
}

TEST_F(PersistentTest, ExplicitPathIsUsed) {
  host_->Set("path", dir_ + "/elsewhere");
  ASSERT_NO_FATAL_FAILURE(Open());
  store().MustCommit({Put("a", "1")});
  store_.reset();
  EXPECT_TRUE(fs::exists(dir_ + "/elsewhere"));
}

}  // namespace
}  // namespace plinth::conformance
