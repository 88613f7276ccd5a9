// The log's record format and files: what recovery must trust and what it must not.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store_error.h"
#include "wal_codec.h"
#include "wal_file.h"

namespace plinth::storage_lmdb {
namespace {

plinth_bytes B(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }
plinth_write Put(std::string_view k, std::string_view v) { return {PLINTH_WRITE_PUT, B(k), B(v), {}}; }
plinth_write Del(std::string_view k) { return {PLINTH_WRITE_DELETE, B(k), {}, {}}; }

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/plinth-wal-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(WalCodec, RoundTripsPutsAndDeletesInOrder) {
  std::string binary("a\0b", 3);
  std::vector<plinth_write> writes = {Put("k1", "v1"), Del("k2"), Put(binary, ""), Put("", binary)};
  std::string payload;
  EncodeWrites(writes, &payload);
  std::vector<LoggedWrite> out;
  ASSERT_TRUE(DecodeWrites(payload, &out));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_FALSE(out[0].is_delete);
  EXPECT_EQ(out[0].key, "k1");
  EXPECT_EQ(out[0].value, "v1");
  EXPECT_TRUE(out[1].is_delete);
  EXPECT_EQ(out[1].key, "k2");
  EXPECT_EQ(out[2].key, binary);
  EXPECT_EQ(out[2].value, "");
  EXPECT_EQ(out[3].key, "");
  EXPECT_EQ(out[3].value, binary);
}

TEST(WalCodec, MalformedPayloadsAreRefused) {
  std::string payload;
  std::vector<plinth_write> writes = {Put("key", "value")};
  EncodeWrites(writes, &payload);
  std::vector<LoggedWrite> out;
  for (size_t cut = 1; cut < payload.size(); cut++) {
    out.clear();
    EXPECT_FALSE(DecodeWrites(std::string_view(payload).substr(0, cut), &out)) << "cut at " << cut;
  }
  std::string bad_op = payload;
  bad_op[0] = 7;
  EXPECT_FALSE(DecodeWrites(bad_op, &out));
  std::string huge_len = payload;
  huge_len[4] = '\x7f';  // key length's top byte: runs far past the end
  EXPECT_FALSE(DecodeWrites(huge_len, &out));
}

TEST(WalCodec, RangeDeletesAndNullSlicesCannotBeLogged) {
  std::string payload;
  plinth_write range{PLINTH_WRITE_DELETE_RANGE, B("a"), {}, B("b")};
  EXPECT_THROW(EncodeWrites({&range, 1}, &payload), StoreError);
  plinth_write null_key{PLINTH_WRITE_PUT, {nullptr, 3}, B("v"), {}};
  EXPECT_THROW(EncodeWrites({&null_key, 1}, &payload), StoreError);
}

constexpr uint64_t kFileBytes = 1 << 20;

TEST(WalFiles, AppendedRecordsAreReadBackAfterReopen) {
  TempDir dir;
  {
    WalFiles wal(dir.path(), kFileBytes, true);
    EXPECT_TRUE(wal.ReadActive().empty());
    wal.SwitchFile();
    wal.Append("first");
    wal.Append("second");
  }
  WalFiles wal(dir.path(), kFileBytes, true);
  EXPECT_EQ(wal.ReadActive(), (std::vector<std::string>{"first", "second"}));
  wal.RetireAll();
  EXPECT_TRUE(wal.ReadActive().empty());
}

TEST(WalFiles, BothActiveFilesAreReadOldestGenerationFirst) {
  TempDir dir;
  {
    WalFiles wal(dir.path(), kFileBytes, true);
    wal.SwitchFile();      // file 0
    wal.Append("older");
    wal.SwitchFile();      // file 1, while file 0 is not retired yet
    wal.Append("newer");
  }
  WalFiles wal(dir.path(), kFileBytes, true);
  EXPECT_EQ(wal.ReadActive(), (std::vector<std::string>{"older", "newer"}));
  wal.Retire(0);
  EXPECT_EQ(wal.ReadActive(), (std::vector<std::string>{"newer"}));
}

TEST(WalFiles, ATornTailEndsTheLogWithoutError) {
  TempDir dir;
  {
    WalFiles wal(dir.path(), kFileBytes, true);
    wal.SwitchFile();
    wal.Append("kept");
    wal.Append("torn-record");
  }
  // Flip the last byte of the second record's payload: its CRC no longer matches.
  const uint64_t second = WalFiles::kHeaderBytes + WalFiles::kRecordHeaderBytes + 4;
  const uint64_t last_byte = second + WalFiles::kRecordHeaderBytes + 10;
  int fd = open((dir.path() + "/wal.0").c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(pwrite(fd, "X", 1, static_cast<off_t>(last_byte)), 1);
  close(fd);
  WalFiles wal(dir.path(), kFileBytes, true);
  EXPECT_EQ(wal.ReadActive(), (std::vector<std::string>{"kept"}));
}

TEST(WalFiles, RecordsOfAnEarlierPassOverTheFileAreIgnored) {
  TempDir dir;
  {
    WalFiles wal(dir.path(), kFileBytes, true);
    wal.SwitchFile();  // file 0, generation 1
    wal.Append("old-1");
    wal.Append("old-2");
    wal.Append("old-3");
    wal.SwitchFile();  // file 1
    wal.Retire(0);
    wal.SwitchFile();  // file 0 again, a new generation, over the old records
    wal.Append("new-1");  // same length: the next header lines up with "old-2"
    wal.Retire(1);
  }
  WalFiles wal(dir.path(), kFileBytes, true);
  EXPECT_EQ(wal.ReadActive(), (std::vector<std::string>{"new-1"}));
}

TEST(WalFiles, ACorruptHeaderMakesTheFileUntrusted) {
  TempDir dir;
  {
    WalFiles wal(dir.path(), kFileBytes, true);
    wal.SwitchFile();
    wal.Append("record");
  }
  int fd = open((dir.path() + "/wal.0").c_str(), O_RDWR);
  ASSERT_EQ(pwrite(fd, "Z", 1, 9), 1);  // inside the generation: the header CRC fails
  close(fd);
  WalFiles wal(dir.path(), kFileBytes, true);
  EXPECT_TRUE(wal.ReadActive().empty());
}

TEST(WalFiles, FitsStopsAtTheEndOfTheFile) {
  TempDir dir;
  WalFiles wal(dir.path(), kFileBytes, false);
  EXPECT_FALSE(wal.Fits(1)) << "nothing is written before a file is switched to";
  wal.SwitchFile();
  EXPECT_TRUE(wal.Fits(wal.capacity()));
  EXPECT_FALSE(wal.Fits(wal.capacity() + 1));
  std::string big(wal.capacity() - 100, 'x');
  wal.Append(big);
  EXPECT_FALSE(wal.Fits(100));
  EXPECT_TRUE(wal.Fits(100 - WalFiles::kRecordHeaderBytes));
}

TEST(WalFiles, ATruncatedFileIsRefused) {
  TempDir dir;
  { WalFiles wal(dir.path(), kFileBytes, true); }
  ASSERT_EQ(truncate((dir.path() + "/wal.1").c_str(), 100), 0);
  EXPECT_THROW(WalFiles(dir.path(), kFileBytes, true), StoreError);
}

}  // namespace
}  // namespace plinth::storage_lmdb
