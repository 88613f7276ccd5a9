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
};

// Defaults: path = <data_directory>/lmdb, map_size = 64 GiB, sync = on,
// max_readers = 1024.
LmdbConfig ReadConfig(const plinth_host_api& host);

}  // namespace plinth::storage_lmdb
