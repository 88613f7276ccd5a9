#include "plugin_harness.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace plinth::conformance {
namespace {

struct LoadedState {
  std::string path;
  void* handle = nullptr;
  plinth_plugin_init_fn init = nullptr;
};

LoadedState& State() {
  static LoadedState state;
  return state;
}

}  // namespace

void LoadedPlugin::Load(const std::string& path) {
  LoadedState& st = State();
  st.path = path;
  st.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!st.handle) {
    std::fprintf(stderr, "storage_conformance: cannot load %s: %s\n", path.c_str(), dlerror());
    std::exit(2);
  }
  st.init = reinterpret_cast<plinth_plugin_init_fn>(dlsym(st.handle, PLINTH_PLUGIN_ENTRY_SYMBOL));
  if (!st.init) {
    std::fprintf(stderr, "storage_conformance: %s does not export %s\n", path.c_str(),
                 PLINTH_PLUGIN_ENTRY_SYMBOL);
    std::exit(2);
  }
}

plinth_plugin_init_fn LoadedPlugin::Init() { return State().init; }
const std::string& LoadedPlugin::Path() { return State().path; }

TestHost::TestHost(std::string data_directory) : data_directory_(std::move(data_directory)) {
  api_.struct_size = sizeof api_;
  api_.abi_major = PLINTH_ABI_MAJOR;
  api_.abi_minor = PLINTH_ABI_MINOR;
  api_.ctx = this;
  api_.log = &TestHost::LogThunk;
  api_.config_get = &TestHost::ConfigThunk;
  api_.data_directory = data_directory_.c_str();
  // PLINTH_STORAGE_CONFIG="key=value,key=value" runs the whole suite under settings
  // (CTest uses it to cover a plugin's modes); tests may still override a key.
  if (const char* extra = std::getenv("PLINTH_STORAGE_CONFIG")) {
    std::string_view rest(extra);
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view item = rest.substr(0, comma);
      if (const size_t eq = item.find('='); eq != std::string_view::npos) {
        config_[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
      }
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
}

void TestHost::LogThunk(void* ctx, int32_t level, const char* msg) {
  auto* host = static_cast<TestHost*>(ctx);
  std::lock_guard lock(host->log_mu_);  // plugins may log from their own threads
  host->log_.push_back(std::to_string(level) + " " + (msg ? msg : "(null)"));
}

const char* TestHost::ConfigThunk(void* ctx, const char* key) {
  auto& cfg = static_cast<TestHost*>(ctx)->config_;
  auto it = cfg.find(key ? key : "");
  return it == cfg.end() ? nullptr : it->second.c_str();
}

plinth_bytes B(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }
std::string S(plinth_bytes b) { return b.len ? std::string(reinterpret_cast<const char*>(b.data), b.len) : ""; }

plinth_write Put(std::string_view k, std::string_view v) { return {PLINTH_WRITE_PUT, B(k), B(v), {}}; }
plinth_write Del(std::string_view k) { return {PLINTH_WRITE_DELETE, B(k), {}, {}}; }
plinth_write DelRange(std::string_view lo, std::string_view hi) {
  return {PLINTH_WRITE_DELETE_RANGE, B(lo), {}, B(hi)};
}

std::string Describe(const plinth_error& err) {
  return std::string("[") + err.sqlstate + "] " + err.message;
}

static plinth_error FreshError() {
  plinth_error err{};
  err.struct_size = sizeof err;
  std::strcpy(err.sqlstate, "?????");
  return err;
}

Snapshot::~Snapshot() { vt_->snapshot_close(snap_); }

std::optional<std::string> Snapshot::Get(std::string_view key) const {
  plinth_bytes value{};
  plinth_error err = FreshError();
  plinth_status st = vt_->get(snap_, B(key), &value, &err);
  if (st == PLINTH_NOT_FOUND) return std::nullopt;
  if (st != PLINTH_OK) {
    ADD_FAILURE() << "get failed: " << Describe(err);
    return std::nullopt;
  }
  return S(value);
}

std::vector<std::pair<std::string, std::string>> Snapshot::Scan() const {
  std::vector<std::pair<std::string, std::string>> out;
  Cursor c(vt_, *this);
  for (plinth_status st = c.Seek(""); st == PLINTH_OK; st = c.Step()) {
    out.emplace_back(*c.Key(), *c.Value());
  }
  return out;
}

Cursor::Cursor(const plinth_storage_v1* vt, const Snapshot& snap) : vt_(vt) {
  plinth_error err = FreshError();
  if (vt_->cursor_open(snap.raw(), &cur_, &err) != PLINTH_OK) {
    ADD_FAILURE() << "cursor_open failed: " << Describe(err);
    cur_ = nullptr;
  }
}

Cursor::~Cursor() {
  if (cur_) vt_->cursor_close(cur_);
}

plinth_status Cursor::Seek(std::string_view key, bool backward) {
  plinth_error err = FreshError();
  plinth_status st = vt_->cursor_seek(cur_, B(key), backward ? 1 : 0, &err);
  if (st == PLINTH_ERROR) ADD_FAILURE() << "cursor_seek failed: " << Describe(err);
  return st;
}

plinth_status Cursor::Step(bool backward) {
  plinth_error err = FreshError();
  plinth_status st = vt_->cursor_step(cur_, backward ? 1 : 0, &err);
  if (st == PLINTH_ERROR) ADD_FAILURE() << "cursor_step failed: " << Describe(err);
  return st;
}

std::optional<std::string> Cursor::Key() const {
  plinth_bytes k{}, v{};
  if (vt_->cursor_current(cur_, &k, &v) != PLINTH_OK) return std::nullopt;
  return S(k);
}

std::optional<std::string> Cursor::Value() const {
  plinth_bytes k{}, v{};
  if (vt_->cursor_current(cur_, &k, &v) != PLINTH_OK) return std::nullopt;
  return S(v);
}

Store::~Store() { vt_->close(store_); }

std::unique_ptr<Snapshot> Store::Snap() const {
  plinth_snapshot* s = nullptr;
  plinth_error err = FreshError();
  if (vt_->snapshot_open(store_, &s, &err) != PLINTH_OK) {
    ADD_FAILURE() << "snapshot_open failed: " << Describe(err);
    return nullptr;
  }
  return std::make_unique<Snapshot>(vt_, s);
}

plinth_status Store::Commit(const std::vector<plinth_write>& writes, plinth_error* err) {
  plinth_error local = FreshError();
  return vt_->commit(store_, writes.data(), writes.size(), err ? err : &local);
}

void Store::MustCommit(const std::vector<plinth_write>& writes) {
  plinth_error err = FreshError();
  plinth_status st = vt_->commit(store_, writes.data(), writes.size(), &err);
  if (st != PLINTH_OK) ADD_FAILURE() << "commit failed (" << st << "): " << Describe(err);
}

std::optional<std::string> Store::Get(std::string_view key) const { return Snap()->Get(key); }

std::pair<uint64_t, uint64_t> Store::Estimate(std::string_view lo, std::string_view hi) const {
  uint64_t keys = ~uint64_t{0}, bytes = ~uint64_t{0};
  plinth_error err = FreshError();
  if (vt_->estimate(store_, B(lo), B(hi), &keys, &bytes, &err) != PLINTH_OK) {
    ADD_FAILURE() << "estimate failed: " << Describe(err);
  }
  return {keys, bytes};
}

const plinth_plugin* InitPlugin(TestHost& host, plinth_error* err) {
  *err = FreshError();
  const plinth_plugin* plugin = nullptr;
  if (LoadedPlugin::Init()(host.api(), &plugin, err) != PLINTH_OK) return nullptr;
  return plugin;
}

std::unique_ptr<Store> OpenStore(TestHost& host, plinth_error* err) {
  const plinth_plugin* plugin = InitPlugin(host, err);
  if (!plugin) return nullptr;
  auto* vt = static_cast<const plinth_storage_v1*>(plugin->vtable);
  *err = FreshError();
  plinth_store* s = nullptr;
  if (vt->open(host.api(), &s, err) != PLINTH_OK) return nullptr;
  return std::make_unique<Store>(vt, s);
}

}  // namespace plinth::conformance
