// The C ABI face of storage_lmdb: plinth_plugin_init and the plinth_storage_v1
// vtable. Every entry point catches all C++ exceptions and reports them as
// PLINTH_ERROR with a SQLSTATE; nothing C++ crosses this file's boundary.
#include <exception>
#include <new>
#include <string>
#include <utility>

#include "lmdb_config.h"
#include "logged_store.h"
#include "plinth/cpp/boundary.h"
#include "plinth/storage.h"
#include "store_error.h"

using plinth::storage_lmdb::LoggedStore;
using plinth::storage_lmdb::LmdbConfig;
using plinth::storage_lmdb::ReadConfig;
using plinth::storage_lmdb::StoreError;

namespace {

constexpr const char* kPluginName = "storage_lmdb";
constexpr const char* kPluginVersion = "1.0.0";

// The handle types are opaque to the host; behind them are these objects.
struct Store {
  Store(const LmdbConfig& config, const plinth_host_api* host)
      : data(config, [host](int level, const std::string& message) {
          plinth::sdk::Log(host, static_cast<plinth_log_level>(level), message);
        }),
        host(host) {}
  LoggedStore data;
  const plinth_host_api* host;
};

Store* FromHandle(plinth_store* s) { return reinterpret_cast<Store*>(s); }
LoggedStore::Snapshot* FromHandle(plinth_snapshot* s) {
  return reinterpret_cast<LoggedStore::Snapshot*>(s);
}
LoggedStore::Cursor* FromHandle(plinth_cursor* c) { return reinterpret_cast<LoggedStore::Cursor*>(c); }

// The shared C++ boundary helpers of the SDK (plinth/cpp/boundary.h).
using plinth::sdk::Bytes;
using plinth::sdk::Log;
using plinth::sdk::View;

// Runs body; turns any exception into PLINTH_ERROR + err.
template <typename Body>
plinth_status Guarded(plinth_error* err, Body&& body) noexcept {
  return plinth::sdk::Guarded(kPluginName, err, std::forward<Body>(body));
}

void RequireArg(bool ok, const char* what) { plinth::sdk::RequireArg(kPluginName, ok, what); }

plinth_status Open(const plinth_host_api* host, plinth_store** out, plinth_error* err) {
  return Guarded(err, [&] {
    RequireArg(out != nullptr && host != nullptr, "host or out is null");
    const LmdbConfig config = ReadConfig(*host);
    auto* store = new Store(config, host);
    *out = reinterpret_cast<plinth_store*>(store);
    Log(host, PLINTH_LOG_INFO,
        "storage_lmdb: opened \"" + config.path + "\" (map_size " + std::to_string(config.map_size) +
            " bytes, sync " + (config.sync ? "on" : "off: commits are NOT durable") +
            (config.wal ? ", write-ahead log on" : ", write-ahead log off") + ")");
    return PLINTH_OK;
  });
}

void Close(plinth_store* store) {
  if (!store) return;
  const plinth_host_api* host = FromHandle(store)->host;
  delete FromHandle(store);
  Log(host, PLINTH_LOG_INFO, "storage_lmdb: closed");
}

plinth_status SnapshotOpen(plinth_store* store, plinth_snapshot** out, plinth_error* err) {
  return Guarded(err, [&] {
    RequireArg(store && out, "store or out is null");
    *out = reinterpret_cast<plinth_snapshot*>(FromHandle(store)->data.OpenSnapshot());
    return PLINTH_OK;
  });
}

void SnapshotClose(plinth_snapshot* snap) {
  if (!snap) return;
  LoggedStore::Snapshot* s = FromHandle(snap);
  s->store->CloseSnapshot(s);  // does not throw: it only erases and frees
}

plinth_status Get(plinth_snapshot* snap, plinth_bytes key, plinth_bytes* value, plinth_error* err) {
  return Guarded(err, [&] {
    RequireArg(snap && value, "snapshot or value is null");
    RequireArg(key.data || key.len == 0, "key has a null pointer and a non-zero length");
    LoggedStore::Snapshot* s = FromHandle(snap);
    std::string_view v;
    if (!s->store->Get(*s, View(key), &v)) return PLINTH_NOT_FOUND;
    *value = Bytes(v);
    return PLINTH_OK;
  });
}

plinth_status CursorOpen(plinth_snapshot* snap, plinth_cursor** out, plinth_error* err) {
  return Guarded(err, [&] {
    RequireArg(snap && out, "snapshot or out is null");
    *out = reinterpret_cast<plinth_cursor*>(new LoggedStore::Cursor(FromHandle(snap)));
    return PLINTH_OK;
  });
}

plinth_status CursorSeek(plinth_cursor* cur, plinth_bytes key, int32_t backward, plinth_error* err) {
  return Guarded(err, [&] {
    RequireArg(cur != nullptr, "cursor is null");
    RequireArg(key.data || key.len == 0, "key has a null pointer and a non-zero length");
    return FromHandle(cur)->Seek(View(key), backward != 0) ? PLINTH_OK : PLINTH_NOT_FOUND;
  });
}

plinth_status CursorStep(plinth_cursor* cur, int32_t backward, plinth_error* err) {
  return Guarded(err, [&] {
    RequireArg(cur != nullptr, "cursor is null");
    return FromHandle(cur)->Step(backward != 0) ? PLINTH_OK : PLINTH_NOT_FOUND;
  });
}

plinth_status CursorCurrent(plinth_cursor* cur, plinth_bytes* key, plinth_bytes* value) {
  std::string_view k, v;
  if (!cur || !FromHandle(cur)->Current(&k, &v)) return PLINTH_NOT_FOUND;
  if (key) *key = Bytes(k);
  if (value) *value = Bytes(v);
  return PLINTH_OK;
}

void CursorClose(plinth_cursor* cur) { delete FromHandle(cur); }

plinth_status Commit(plinth_store* store, const plinth_write* writes, size_t n, plinth_error* err) {
  return Guarded(err, [&] {
    RequireArg(store != nullptr, "store is null");
    RequireArg(writes || n == 0, "writes is null");
    FromHandle(store)->data.Commit({writes, n});
    return PLINTH_OK;
  });
}

plinth_status Estimate(plinth_store* store, plinth_bytes lo, plinth_bytes hi, uint64_t* keys,
                       uint64_t* bytes, plinth_error* err) {
  return Guarded(err, [&] {
    RequireArg(store && keys && bytes, "store, keys or bytes is null");
    RequireArg((lo.data || lo.len == 0) && (hi.data || hi.len == 0),
               "bound has a null pointer and a non-zero length");
    FromHandle(store)->data.Estimate(View(lo), View(hi), keys, bytes);
    return PLINTH_OK;
  });
}

constexpr plinth_storage_v1 kVtable = {
    sizeof(plinth_storage_v1),
    Open,
    Close,
    SnapshotOpen,
    SnapshotClose,
    Get,
    CursorOpen,
    CursorSeek,
    CursorStep,
    CursorCurrent,
    CursorClose,
    Commit,
    Estimate,
};

constexpr plinth_plugin kDurableDescriptor = {
    sizeof(plinth_plugin), PLINTH_ABI_MAJOR, PLINTH_ABI_MINOR, PLINTH_KIND_STORAGE,
    kPluginName,           kPluginVersion,
    PLINTH_STORAGE_CAP_PERSISTENT | PLINTH_STORAGE_CAP_DURABLE,
    &kVtable,
};
// sync = off: data survives a clean shutdown, but a crash may lose recent commits.
constexpr plinth_plugin kNonDurableDescriptor = {
    sizeof(plinth_plugin), PLINTH_ABI_MAJOR, PLINTH_ABI_MINOR, PLINTH_KIND_STORAGE,
    kPluginName,           kPluginVersion,   PLINTH_STORAGE_CAP_PERSISTENT,
    &kVtable,
};

// Capabilities depend on the sync setting. An invalid configuration is reported by
// open(), with the key named; here it just leaves the default (durable).
const plinth_plugin* DescriptorFor(const plinth_host_api* host) noexcept {
  try {
    if (host && !ReadConfig(*host).sync) return &kNonDurableDescriptor;
  } catch (...) {
  }
  return &kDurableDescriptor;
}

}  // namespace

extern "C" PLINTH_EXPORT plinth_status plinth_plugin_init(const plinth_host_api* host,
                                                          const plinth_plugin** out,
                                                          plinth_error* err) {
  if (!out) {
    plinth_error_set(err, "XX000", "storage_lmdb: plinth_plugin_init called with out == NULL");
    return PLINTH_ERROR;
  }
  *out = DescriptorFor(host);
  return PLINTH_OK;
}
