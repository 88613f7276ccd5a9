// Test harness: loads an auth plugin .so with dlopen exactly as a host would, gives it a
// fake host (config table, log capture, role store) and drives exchanges.
#pragma once

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plinth/auth.h"

namespace auth_test {

// Plugin paths come from CTest (add_test ENVIRONMENT), never hard-coded.
inline std::string plugin_path(const char* env_var) {
  const char* p = std::getenv(env_var);
  return p ? p : "";
}

struct FakeHost {
  std::map<std::string, std::string> config;
  std::vector<std::string> log;
  plinth_host_api api{};

  FakeHost() {
    api.struct_size = sizeof api;
    api.abi_major = PLINTH_ABI_MAJOR;
    api.abi_minor = PLINTH_ABI_MINOR;
    api.ctx = this;
    api.log = [](void* ctx, int32_t, const char* msg) {
      static_cast<FakeHost*>(ctx)->log.emplace_back(msg);
    };
    api.config_get = [](void* ctx, const char* key) -> const char* {
      auto& cfg = static_cast<FakeHost*>(ctx)->config;
      auto it = cfg.find(key);
      return it == cfg.end() ? nullptr : it->second.c_str();
    };
    api.data_directory = "/nonexistent";
  }
};

class LoadedPlugin {
 public:
  // Fails the current test (and leaves vtable() null) when loading goes wrong.
  LoadedPlugin(const std::string& path, FakeHost& host) {
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
      ADD_FAILURE() << "dlopen(" << path << "): " << dlerror();
      return;
    }
    auto init = reinterpret_cast<plinth_plugin_init_fn>(dlsym(handle_, PLINTH_PLUGIN_ENTRY_SYMBOL));
    if (init == nullptr) {
      ADD_FAILURE() << "no " << PLINTH_PLUGIN_ENTRY_SYMBOL << " in " << path;
      return;
    }
    plinth_error err{sizeof err, {}, {}};
    if (init(&host.api, &descriptor_, &err) != PLINTH_OK) {
      ADD_FAILURE() << "init failed: " << err.sqlstate << " " << err.message;
      descriptor_ = nullptr;
      return;
    }
  }
  // The library stays mapped for the life of the test process (no dlclose): tests load
  // the same plugin repeatedly, and a host never unloads a plugin mid-session either.
  const plinth_plugin* descriptor() const { return descriptor_; }
  const plinth_auth_v1* vtable() const {
    return descriptor_ ? static_cast<const plinth_auth_v1*>(descriptor_->vtable) : nullptr;
  }

 private:
  void* handle_ = nullptr;
  const plinth_plugin* descriptor_ = nullptr;
};

// The role store behind lookup_verifier.
struct RoleStore {
  std::map<std::string, std::string> verifiers;

  static plinth_status lookup(void* ctx, const char* user, char* buf, size_t* len) {
    auto& v = static_cast<RoleStore*>(ctx)->verifiers;
    auto it = v.find(user);
    if (it == v.end()) return PLINTH_NOT_FOUND;
    if (*len < it->second.size() + 1) {
      *len = it->second.size() + 1;
      return PLINTH_ERROR;
    }
    std::memcpy(buf, it->second.c_str(), it->second.size() + 1);
    *len = it->second.size();
    return PLINTH_OK;
  }
};

// What the plugin asked for, copied out of the plugin-owned request.
struct Request {
  plinth_status status = PLINTH_ERROR;
  int32_t kind = -1;
  std::string payload;
  uint8_t md5_salt[4] = {};
  std::string sqlstate;
  std::string message;
};

// One exchange: start() in the constructor, step() per client message, finish() at end.
class Exchange {
 public:
  Exchange(const plinth_auth_v1* vt, RoleStore& roles, const char* user, const char* method,
           const std::string& tls_hash = "", const char* database = "db",
           const char* client_addr = "127.0.0.1")
      : vt_(vt), tls_hash_(tls_hash) {
    info_.struct_size = sizeof info_;
    info_.user = user;
    info_.database = database;
    info_.client_addr = client_addr;
    info_.method = method;
    info_.tls_endpoint_hash = {reinterpret_cast<const uint8_t*>(tls_hash_.data()), tls_hash_.size()};
    info_.lookup_verifier = &RoleStore::lookup;
    info_.ctx = &roles;
    plinth_auth_request req{};
    req.struct_size = sizeof req;
    plinth_error err{sizeof err, {}, {}};
    first_ = copy(vt_->start(&info_, &state_, &req, &err), req, err);
    started_ = first_.status == PLINTH_OK;
  }
  ~Exchange() {
    if (started_) vt_->finish(state_);
  }
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  const Request& first() const { return first_; }

  Request step(std::string_view body) {
    plinth_auth_request req{};
    req.struct_size = sizeof req;
    plinth_error err{sizeof err, {}, {}};
    const plinth_status st = vt_->step(
        state_, plinth_bytes{reinterpret_cast<const uint8_t*>(body.data()), body.size()}, &req, &err);
    return copy(st, req, err);
  }

 private:
  static Request copy(plinth_status st, const plinth_auth_request& req, const plinth_error& err) {
    Request r;
    r.status = st;
    if (st == PLINTH_OK) {
      r.kind = req.kind;
      if (req.payload.len) r.payload.assign(reinterpret_cast<const char*>(req.payload.data), req.payload.len);
      std::memcpy(r.md5_salt, req.md5_salt, 4);
      r.sqlstate = req.error.sqlstate;
      r.message = req.error.message;
    } else {
      r.sqlstate = err.sqlstate;
      r.message = err.message;
    }
    return r;
  }

  const plinth_auth_v1* vt_;
  std::string tls_hash_;
  plinth_auth_info info_{};
  void* state_ = nullptr;
  bool started_ = false;
  Request first_;
};

// A PasswordMessage body: the string and its terminating NUL.
inline std::string password_message(std::string_view password) {
  std::string body(password);
  body.push_back('\0');
  return body;
}

// A SASLInitialResponse body: mechanism NUL, int32 length, client-first-message.
inline std::string sasl_initial_response(std::string_view mechanism, std::string_view data) {
  std::string body(mechanism);
  body.push_back('\0');
  const uint32_t n = static_cast<uint32_t>(data.size());
  for (int shift = 24; shift >= 0; shift -= 8) body.push_back(static_cast<char>((n >> shift) & 0xff));
  body.append(data);
  return body;
}

}  // namespace auth_test
