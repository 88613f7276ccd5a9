// The engine's only view of storage: a thin C++ wrapper over the plinth_storage_v1
// vtable of whichever plugin the config chose. It turns plinth_status/plinth_error into
// Status and closes handles in destructors, nothing more: ordering, snapshots and
// atomic batches are the plugin's contract (sdk/include/plinth/storage.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"
#include "plinth/storage.h"

namespace plinth {

class Store;

class Snapshot {
 public:
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  // Sets *found; *value is copied (the engine keeps values beyond the call).
  Status Get(std::string_view key, std::string* value, bool* found);
  plinth_snapshot* handle() const { return snap_; }
  const Store& store() const { return *store_; }

 private:
  friend class Store;
  Snapshot(const Store* store, plinth_snapshot* snap) : store_(store), snap_(snap) {}
  const Store* store_;
  plinth_snapshot* snap_;
};

// A forward/backward cursor over a snapshot. Key/value views stay valid until the
// snapshot closes.
class Cursor {
 public:
  explicit Cursor(std::shared_ptr<Snapshot> snap);
  ~Cursor();
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  Status status() const { return status_; }
  // Position at the first key >= key (backward: last key <= key). Returns whether positioned.
  Result<bool> Seek(std::string_view key, bool backward = false);
  Result<bool> Step(bool backward = false);
  std::string_view key() const { return key_; }
  std::string_view value() const { return value_; }

 private:
  Result<bool> Load(plinth_status st, const plinth_error& err);
  std::shared_ptr<Snapshot> snap_;
  plinth_cursor* cur_ = nullptr;
  Status status_;
  std::string_view key_, value_;
};

struct WriteOp {
  plinth_write_op op;
  std::string key, value, end_key;
};

class Store {
 public:
  // Takes the plugin's vtable and an opened store; closes it on destruction.
  Store(const plinth_storage_v1* vt, plinth_store* store, uint64_t capabilities)
      : vt_(vt), store_(store), caps_(capabilities) {}
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  static Result<std::unique_ptr<Store>> Open(const plinth_storage_v1* vt, const plinth_host_api* host,
                                             uint64_t capabilities);

  Result<std::shared_ptr<Snapshot>> OpenSnapshot() const;
  Status Commit(const std::vector<WriteOp>& writes) const;
  // One atomic batch made of several parts, in order (a commit group's batches).
  Status Commit(const std::vector<const std::vector<WriteOp>*>& parts) const;
  // A batch already in the ABI's form, its slices borrowed for the call: bulk writers
  // that build keys in their own buffers and point values into a snapshot.
  Status CommitRaw(const plinth_write* writes, size_t n) const;
  Status Estimate(std::string_view lo, std::string_view hi, uint64_t* keys, uint64_t* bytes) const;
  const plinth_storage_v1* vtable() const { return vt_; }
  bool persistent() const { return caps_ & PLINTH_STORAGE_CAP_PERSISTENT; }

 private:
  const plinth_storage_v1* vt_;
  plinth_store* store_;
  uint64_t caps_;
};

Status StatusFromPlugin(const plinth_error& err);

}  // namespace plinth
