// WalFiles: the write-ahead log, two preallocated files used in turn.
//
// <dir>/wal.0 and <dir>/wal.1 are created once at a fixed size, so appending a record
// is an overwrite inside the file and fdatasync has no file size to update. Each file
// starts with a header page (magic, generation, state) and then holds records:
//
//   record := payload_len:u32le crc32:u32le generation:u64le payload
//
// The CRC covers generation, length and payload. A file is written by one generation;
// recovery reads its records from the start and stops at the first one that is
// truncated, fails its CRC, or carries another generation (left over from an earlier
// pass over the file) — everything before that point was acknowledged.
//
// A file is "active" while LMDB may lack some of its records and "retired" once they
// are all durably in LMDB (LoggedStore flushes, then retires). Generations only grow,
// also across restarts, so the older of two active files is replayed first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plinth::storage_lmdb {

class WalFiles {
 public:
  static constexpr size_t kHeaderBytes = 4096;
  static constexpr size_t kRecordHeaderBytes = 16;

  // Opens both files, creating (and preallocating) missing ones. Throws StoreError.
  WalFiles(const std::string& dir, uint64_t file_bytes, bool sync);
  ~WalFiles();
  WalFiles(const WalFiles&) = delete;
  WalFiles& operator=(const WalFiles&) = delete;

  // The payloads of every active file, oldest generation first: what LMDB may lack.
  // Malformed bytes end a file's log (they are a torn or stale tail), never an error.
  std::vector<std::string> ReadActive() const;

  // Both files retired: recovery applied their records to LMDB durably.
  void RetireAll();
  // Starts writing the other file (which must be retired) under the next generation.
  void SwitchFile();
  void Retire(int file);
  int current_file() const { return current_; }
  bool writing() const { return writing_; }

  // Whether a payload of this size still fits into the current file.
  bool Fits(size_t payload_bytes) const;
  // Largest payload a fresh file can take.
  uint64_t capacity() const { return file_bytes_ - kHeaderBytes - kRecordHeaderBytes; }
  // Appends one record and, with sync on, makes it durable before returning.
  void Append(std::string_view payload);

 private:
  struct Header {
    uint64_t generation = 0;
    bool active = false;
    bool valid = false;
  };
  Header ReadHeader(int file) const;
  void WriteHeader(int file, uint64_t generation, bool active);
  void SyncFile(int file, const char* what);

  std::string dir_;
  uint64_t file_bytes_;
  bool sync_;
  int fds_[2] = {-1, -1};
  uint64_t generation_ = 0;  // of the file being written; the highest ever used
  int current_ = 0;
  bool writing_ = false;     // a file is active and takes appends
  uint64_t offset_ = kHeaderBytes;
  bool broken_ = false;      // a sync failed: no further appends
};

}  // namespace plinth::storage_lmdb
