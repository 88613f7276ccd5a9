// The pg_type OIDs of table row types (engine/system/host_catalog.h): derived from the
// table's OID alone, so stable across restarts, and clear of sequential and StableOid
// OIDs.
#include <gtest/gtest.h>

#include "engine/system/host_catalog.h"

namespace plinth {
namespace {

TEST(RowTypeOid, RoundTripsThroughTheRelation) {
  for (Oid rel : {kFirstUserOid, kFirstUserOid + 1, Oid{0x0FFFFFFF}}) {
    bool is_array = true;
    EXPECT_EQ(RowTypeRelation(RowTypeOid(rel), &is_array), rel);
    EXPECT_FALSE(is_array);
    EXPECT_EQ(RowTypeRelation(RowTypeArrayOid(rel), &is_array), rel);
    EXPECT_TRUE(is_array);
  }
}

TEST(RowTypeOid, StaysBetweenSequentialAndStableOids) {
  for (Oid rel : {kFirstUserOid, Oid{0x0FFFFFFF}}) {
    EXPECT_GE(RowTypeOid(rel), Oid{0x20000000});
    EXPECT_LT(RowTypeArrayOid(rel), Oid{0x40000000});
    EXPECT_LT(RowTypeArrayOid(rel), StableOid("schema:anything"));
    EXPECT_NE(RowTypeOid(rel), RowTypeOid(rel + 1));
    EXPECT_NE(RowTypeArrayOid(rel), RowTypeOid(rel + 1));
  }
}

TEST(RowTypeOid, RejectsOidsOutsideTheScheme) {
  bool is_array = false;
  EXPECT_EQ(RowTypeOid(0x10000000), 0u);  // beyond the range the scheme covers: no row type
  EXPECT_EQ(RowTypeRelation(23, &is_array), 0u);  // int4
  EXPECT_EQ(RowTypeRelation(kFirstUserOid, &is_array), 0u);
  EXPECT_EQ(RowTypeRelation(StableOid("schema:x"), &is_array), 0u);
}

}  // namespace
}  // namespace plinth
