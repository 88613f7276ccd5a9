// The records DatabaseCluster keeps in the default store (the list of databases and the
// ALTER DATABASE/ROLE ... SET defaults): round trips, and refusal of damaged records
// with XX001 rather than a crash or a silently wrong database.
#include <gtest/gtest.h>

#include "host/server/cluster.h"

namespace plinth {
namespace {

TEST(ClusterRecords, EntryRoundTrip) {
  DatabaseEntry e{16385, "shop", "carol"};
  auto back = DatabaseCluster::DecodeEntry("shop", DatabaseCluster::EncodeEntry(e));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back.value().oid, 16385u);
  EXPECT_EQ(back.value().name, "shop");
  EXPECT_EQ(back.value().owner, "carol");
}

TEST(ClusterRecords, EntryOwnerMayContainNewlines) {
  DatabaseEntry e{16390, "d", "odd\nrole"};
  auto back = DatabaseCluster::DecodeEntry("d", DatabaseCluster::EncodeEntry(e));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value().owner, "odd\nrole");
}

TEST(ClusterRecords, DamagedEntriesAreRefused) {
  for (const char* bad : {"", "16384", "abc\npostgres", "0\npostgres", "-5\npostgres", "16384x\npostgres",
                          "99999999999\npostgres", "\npostgres"}) {
    auto r = DatabaseCluster::DecodeEntry("d", bad);
    ASSERT_FALSE(r.ok()) << "accepted " << bad;
    EXPECT_EQ(r.status().sqlstate(), "XX001");
  }
  EXPECT_FALSE(DatabaseCluster::DecodeEntry("", "16384\npostgres").ok());
}

TEST(ClusterRecords, SettingsRoundTripKeepOrderAndSpaces) {
  std::vector<std::pair<std::string, std::string>> s{{"DateStyle", "SQL, DMY"}, {"search_path", "a, \"b c\""},
                                                     {"application_name", ""}};
  auto back = DatabaseCluster::DecodeSettings(DatabaseCluster::EncodeSettings(s));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), s);
  auto empty = DatabaseCluster::DecodeSettings("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty.value().empty());
}

TEST(ClusterRecords, DamagedSettingsAreRefused) {
  using namespace std::string_literals;
  for (const std::string& bad : {"DateStyle"s, "DateStyle\0"s, "DateStyle\0ISO"s, "\0value\0"s,
                                 "a\0b\0c\0"s}) {
    auto r = DatabaseCluster::DecodeSettings(bad);
    ASSERT_FALSE(r.ok()) << "accepted a record of " << bad.size() << " bytes";
    EXPECT_EQ(r.status().sqlstate(), "XX001");
  }
}

}  // namespace
}  // namespace plinth
