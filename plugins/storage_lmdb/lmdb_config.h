// The [storage_lmdb] settings, read through host->config_get and validated once at
// open. A bad value is a StoreError with SQLSTATE 22023 naming the key.
#pragma once

#include <cstdint>
#include <string>

#include "plinth/plugin.h"

namespace plinth::storage_lmdb {

struct LmdbConfig {
  std::string path;         // absolute directory holding the environment
  uint64_t map_size;        // bytes of address space reserved for the map (grows on demand)
  bool sync;                // true: every commit is fsync'ed (durable)
  uint32_t max_readers;     // LMDB reader slots = concurrently open snapshots
  // The write-ahead log (see logged_store.h). Off: every commit is its own LMDB
  // transaction (two syncs when sync is on), as before the log existed.
  bool wal;
  uint64_t wal_file_size;       // bytes of each of the two log files
  uint64_t memtable_size;       // logged bytes after which they are written to LMDB
  uint32_t flush_interval_ms;   // and at the latest this long after the first of them
};

// Defaults: path = <data_directory>/lmdb, map_size = 64 GiB, sync = on,
// max_readers = 1024, wal = on, wal_file_size = 64 MiB, memtable_size = 16 MiB,
// flush_interval_ms = 1000.
LmdbConfig ReadConfig(const plinth_host_api& host);

}  // namespace plinth::storage_lmdb
