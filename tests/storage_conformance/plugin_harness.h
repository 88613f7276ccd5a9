// Loading a storage plugin and driving it through the C ABI, for the conformance
// suite and the bench. Nothing here knows which plugin it is talking to.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plinth/storage.h"

namespace plinth::conformance {

// The plugin .so under test, loaded once per process.
class LoadedPlugin {
 public:
  static void Load(const std::string& path);  // exits with a message on failure
  static plinth_plugin_init_fn Init();
  static const std::string& Path();
};

// A plinth_host_api backed by a string map, with a data directory of its own.
class TestHost {
 public:
  explicit TestHost(std::string data_directory);
  void Set(const std::string& key, const std::string& value) { config_[key] = value; }
  void Unset(const std::string& key) { config_.erase(key); }
  const plinth_host_api* api() { return &api_; }
  const std::string& data_directory() const { return data_directory_; }
  std::vector<std::string> LogLines() const {
    std::lock_guard lock(log_mu_);
    return log_;
  }

 private:
  static void LogThunk(void* ctx, int32_t level, const char* msg);
  static const char* ConfigThunk(void* ctx, const char* key);
  std::string data_directory_;
  std::map<std::string, std::string> config_;
  mutable std::mutex log_mu_;
  std::vector<std::string> log_;
  plinth_host_api api_{};
};

plinth_bytes B(std::string_view s);
std::string S(plinth_bytes b);
plinth_write Put(std::string_view k, std::string_view v);
plinth_write Del(std::string_view k);
plinth_write DelRange(std::string_view lo, std::string_view hi);

// Describes err for test failure messages.
std::string Describe(const plinth_error& err);

class Store;

// A snapshot; closes itself.
class Snapshot {
 public:
  Snapshot(const plinth_storage_v1* vt, plinth_snapshot* s) : vt_(vt), snap_(s) {}
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  std::optional<std::string> Get(std::string_view key) const;
  // Everything visible, in cursor order.
  std::vector<std::pair<std::string, std::string>> Scan() const;
  plinth_snapshot* raw() const { return snap_; }

 private:
  const plinth_storage_v1* vt_;
  plinth_snapshot* snap_;
};

// A cursor; closes itself. Seek/Step return the plinth_status.
class Cursor {
 public:
  Cursor(const plinth_storage_v1* vt, const Snapshot& snap);
  ~Cursor();
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  plinth_status Seek(std::string_view key, bool backward = false);
  plinth_status Step(bool backward = false);
  // The current key, or nullopt when unpositioned.
  std::optional<std::string> Key() const;
  std::optional<std::string> Value() const;
  plinth_cursor* raw() const { return cur_; }

 private:
  const plinth_storage_v1* vt_;
  plinth_cursor* cur_ = nullptr;
};

// An open store; closes itself.
class Store {
 public:
  Store(const plinth_storage_v1* vt, plinth_store* s) : vt_(vt), store_(s) {}
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  std::unique_ptr<Snapshot> Snap() const;
  plinth_status Commit(const std::vector<plinth_write>& writes, plinth_error* err = nullptr);
  void MustCommit(const std::vector<plinth_write>& writes);  // ADD_FAILURE on error
  std::optional<std::string> Get(std::string_view key) const;  // in a fresh snapshot
  std::pair<uint64_t, uint64_t> Estimate(std::string_view lo, std::string_view hi) const;
  plinth_store* raw() const { return store_; }
  const plinth_storage_v1* vtable() const { return vt_; }

 private:
  const plinth_storage_v1* vt_;
  plinth_store* store_;
};

// plinth_plugin_init + checks on the descriptor. Returns nullptr (with err) on failure.
const plinth_plugin* InitPlugin(TestHost& host, plinth_error* err);

// Opens a store; on failure returns nullptr and fills err.
std::unique_ptr<Store> OpenStore(TestHost& host, plinth_error* err);

}  // namespace plinth::conformance
