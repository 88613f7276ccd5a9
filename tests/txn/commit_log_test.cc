// Commit sequence bookkeeping: conflicts are reported only for writes newer than a
// snapshot, writes older than every pinned snapshot are forgotten, and the persisted
// counter's encoding rejects malformed bytes.
#include "engine/txn/commit_log.h"

#include <gtest/gtest.h>

namespace plinth {
namespace {

TEST(CommitLogTest, ReportsOnlyWritesAfterTheSnapshot) {
  CommitLog log(10);
  uint64_t pin = log.Pin();
  EXPECT_EQ(pin, 10u);
  log.Publish(11, {"a"});
  log.Publish(12, {"b"});
  EXPECT_EQ(log.WrittenAfter("a", 10), 11u);
  EXPECT_EQ(log.WrittenAfter("a", 11), 0u);
  EXPECT_EQ(log.WrittenAfter("b", 11), 12u);
  EXPECT_EQ(log.WrittenAfter("c", 0), 0u);
  EXPECT_EQ(log.published(), 12u);
  EXPECT_EQ(log.Next(), 13u);
  log.Unpin(pin);
}

TEST(CommitLogTest, KeysNobodyCanConflictWithAreNotRecorded) {
  CommitLog log(0);
  uint64_t own = log.Pin();
  log.Publish(1, {"a", "b"}, own);  // only the committer's own pin: nothing to track
  EXPECT_EQ(log.tracked_keys(), 0u);
  EXPECT_EQ(log.published(), 1u);
  log.Unpin(own);

  uint64_t committer = log.Pin();
  uint64_t reader = log.Pin();  // another open snapshot at the same sequence
  log.Publish(2, {"c"}, committer);
  EXPECT_EQ(log.tracked_keys(), 1u);
  EXPECT_EQ(log.WrittenAfter("c", reader), 2u);
  log.Unpin(committer);
  log.Unpin(reader);
  EXPECT_EQ(log.tracked_keys(), 0u);
}

TEST(CommitLogTest, ForgetsWritesNoSnapshotCanConflictWith) {
  CommitLog log(0);
  uint64_t old_pin = log.Pin();
  log.Publish(1, {"a", "b"});
  uint64_t newer_pin = log.Pin();
  log.Publish(2, {"a"});
  EXPECT_EQ(log.tracked_keys(), 2u);
  log.Unpin(old_pin);  // now only writes after 1 matter
  EXPECT_EQ(log.tracked_keys(), 1u);
  EXPECT_EQ(log.WrittenAfter("a", newer_pin), 2u);
  EXPECT_EQ(log.WrittenAfter("b", 0), 0u);
  log.Unpin(newer_pin);
  EXPECT_EQ(log.tracked_keys(), 0u);
}

TEST(CommitLogTest, NothingTrackedWithoutPins) {
  CommitLog log(5);
  log.Publish(6, {"x"});
  EXPECT_EQ(log.tracked_keys(), 0u);
  log.Restart(100);
  EXPECT_EQ(log.Next(), 101u);
}

TEST(CommitLogTest, SequenceEncodingRoundTripsAndRejectsMalformed) {
  for (uint64_t v : {1ull, 255ull, 256ull, 0x0102030405060708ull, ~0ull})
    EXPECT_EQ(DecodeCommitSeq(EncodeCommitSeq(v)), v);
  EXPECT_LT(EncodeCommitSeq(255), EncodeCommitSeq(256));  // big-endian: ordered bytes
  EXPECT_EQ(DecodeCommitSeq(""), 0u);
  EXPECT_EQ(DecodeCommitSeq("1234567"), 0u);
  EXPECT_EQ(DecodeCommitSeq("123456789"), 0u);
}

}  // namespace
}  // namespace plinth
