#include "lmdb_config.h"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string_view>

#include "store_error.h"

namespace plinth::storage_lmdb {
namespace {

// LMDB files are sparse and the map is only address space, so reserve plenty: a
// full map means a pause to grow it (see LmdbStore::GrowMap), better never hit.
constexpr uint64_t kDefaultMapSize = uint64_t{64} << 30;
constexpr uint32_t kDefaultMaxReaders = 1024;
constexpr uint64_t kDefaultWalFileSize = uint64_t{64} << 20;
constexpr uint64_t kDefaultMemtableSize = uint64_t{16} << 20;
constexpr uint32_t kDefaultFlushIntervalMs = 1000;

const char* Get(const plinth_host_api& host, const char* key) {
  return host.config_get ? host.config_get(host.ctx, key) : nullptr;
}

[[noreturn]] void Invalid(const char* key, std::string_view value, const char* expected) {
  throw StoreError("22023", std::string("invalid value for setting \"storage_lmdb.") + key +
                                "\": \"" + std::string(value) + "\" (expected " + expected + ")");
}

uint64_t ParseUnsigned(const char* key, std::string_view text, uint64_t min, uint64_t max,
                       const char* expected) {
  if (text.empty() || text.size() > 20) Invalid(key, text, expected);
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') Invalid(key, text, expected);
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) Invalid(key, text, expected);
    value = value * 10 + digit;
  }
  if (value < min || value > max) Invalid(key, text, expected);
  return value;
}

bool ParseBool(const char* key, std::string_view text) {
  // PostgreSQL's spellings of a boolean setting, plus TOML's true/false.
  for (const char* yes : {"on", "true", "yes", "1"}) if (text == yes) return true;
  for (const char* no : {"off", "false", "no", "0"}) if (text == no) return false;
  Invalid(key, text, "on or off");
}

}  // namespace

LmdbConfig ReadConfig(const plinth_host_api& host) {
  LmdbConfig cfg{};
  const std::string data_dir = host.data_directory ? host.data_directory : "";

  if (const char* path = Get(host, "path")) {
    if (!*path) Invalid("path", path, "a directory");
    std::filesystem::path p(path);
    // A relative path is taken relative to the data directory, like PostgreSQL's
    // relative tablespace-free paths, so a config file works wherever -D points.
    cfg.path = p.is_absolute() || data_dir.empty() ? p.string() : (std::filesystem::path(data_dir) / p).string();
  } else {
    if (data_dir.empty()) {
      throw StoreError("22023",
                       "storage_lmdb: no \"storage_lmdb.path\" setting and the host gave no data "
                       "directory; set one of them");
    }
    cfg.path = (std::filesystem::path(data_dir) / "lmdb").string();
  }

  cfg.map_size = kDefaultMapSize;
  if (const char* v = Get(host, "map_size")) {
    cfg.map_size = ParseUnsigned("map_size", v, 1, std::numeric_limits<uint64_t>::max() / 2,
                                 "a positive number of bytes");
  }
  cfg.sync = true;
  if (const char* v = Get(host, "sync")) cfg.sync = ParseBool("sync", v);
  cfg.max_readers = kDefaultMaxReaders;
  if (const char* v = Get(host, "max_readers")) {
    cfg.max_readers = static_cast<uint32_t>(
        ParseUnsigned("max_readers", v, 1, 1 << 20, "a number of readers between 1 and 1048576"));
  }
  cfg.wal = true;
  if (const char* v = Get(host, "wal")) cfg.wal = ParseBool("wal", v);
  cfg.wal_file_size = kDefaultWalFileSize;
  if (const char* v = Get(host, "wal_file_size")) {
    cfg.wal_file_size = ParseUnsigned("wal_file_size", v, uint64_t{1} << 20, uint64_t{1} << 40,
                                      "a number of bytes between 1048576 and 2^40");
  }
  cfg.memtable_size = kDefaultMemtableSize;
  if (const char* v = Get(host, "memtable_size")) {
    cfg.memtable_size = ParseUnsigned("memtable_size", v, 0, uint64_t{1} << 40,
                                      "a number of bytes up to 2^40");
  }
  cfg.flush_interval_ms = kDefaultFlushIntervalMs;
  if (const char* v = Get(host, "flush_interval_ms")) {
    cfg.flush_interval_ms = static_cast<uint32_t>(ParseUnsigned(
        "flush_interval_ms", v, 1, 3600000, "a number of milliseconds between 1 and 3600000"));
  }
  return cfg;
}

}  // namespace plinth::storage_lmdb
