// The storage directory's guards, checked before LMDB touches any file:
//  - DirLock: an exclusive, non-blocking flock on <path>/plinth.lock, held for the
//    store's lifetime, so a second server on the same directory is refused instead
//    of corrupting it (LMDB alone would happily share the files between processes).
//  - EnsureFormatVersion: <path>/FORMAT_VERSION names the on-disk layout (like
//    PostgreSQL's PG_VERSION). A directory of another version is refused by name.
#pragma once

#include <string>

namespace plinth::storage_lmdb {

// The layout this build reads and writes: the main LMDB database holds every user
// key prefixed with one 0x00 byte (LMDB refuses empty keys), values stored as is;
// wal.0 and wal.1 hold commits LMDB may not have yet (version 2; version 1 had no log
// and is upgraded in place).
constexpr int kFormatVersion = 2;

class DirLock {
 public:
  // Creates the directory if missing, then takes the lock; StoreError 55000 when
  // another process (or another open store in this one) holds it.
  explicit DirLock(const std::string& dir);
  ~DirLock();
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  int fd_ = -1;
};

// Refuses (StoreError 58000) a directory whose FORMAT_VERSION differs or is missing
// next to existing data; writes it (durably) in a fresh directory.
void EnsureFormatVersion(const std::string& dir);
// Writes FORMAT_VERSION atomically and durably (temporary file, fsync, rename).
void WriteFormatVersion(const std::string& dir);

}  // namespace plinth::storage_lmdb
