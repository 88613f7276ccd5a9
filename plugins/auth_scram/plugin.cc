// auth_scram: the C ABI face of the password methods (plinth/auth.h). Everything below
// the boundary is C++ that may throw; every entry point here catches, so no exception
// ever reaches the host.
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <sodium.h>
#include <string>

#include "exchange.h"
#include "method_router.h"
#include "plinth/auth.h"
#include "verifier.h"

namespace plinth::auth {
namespace {

constexpr const char* kPluginName = "auth_scram";
constexpr const char* kInternalError = "XX000";
constexpr const char* kInvalidParameter = "22023";
constexpr size_t kMockSecretLen = 32;

struct Globals {
  const plinth_host_api* host = nullptr;
  RouterSettings settings;
};
Globals g;  // written once by plinth_plugin_init, read-only afterwards

void log_line(int32_t level, const std::string& message) {
  if (g.host != nullptr && g.host->log != nullptr) g.host->log(g.host->ctx, level, message.c_str());
}

const char* config_value(const char* key) {
  if (g.host == nullptr || g.host->config_get == nullptr) return nullptr;
  return g.host->config_get(g.host->ctx, key);
}

// One exchange in progress. `last` owns the payload the host is reading, which the ABI
// keeps valid until the next call with this state.
struct ExchangeState {
  std::unique_ptr<Exchange> exchange;
  std::string user;
  Reply last;
  bool finished = false;
};

bool is_terminal(plinth_auth_kind kind) {
  return kind == PLINTH_AUTH_OK || kind == PLINTH_AUTH_FAIL || kind == PLINTH_AUTH_SASL_FINAL;
}

void deliver(ExchangeState& state, Reply reply, plinth_auth_request* out) {
  if (reply.kind == PLINTH_AUTH_FAIL) {
    // What PostgreSQL would put in the log's DETAIL line; the client only sees the message.
    std::string line = "authentication failed for user \"" + state.user + "\": " +
                       reply.failure.message;
    if (!reply.failure.detail.empty()) line += " DETAIL: " + reply.failure.detail;
    if (!reply.log_detail.empty()) line += " DETAIL: " + reply.log_detail;
    log_line(PLINTH_LOG_INFO, line);
  }
  state.last = std::move(reply);
  state.finished = is_terminal(state.last.kind);

  out->kind = state.last.kind;
  std::memcpy(out->md5_salt, state.last.md5_salt.data(), sizeof out->md5_salt);
  out->payload.data = reinterpret_cast<const uint8_t*>(state.last.payload.data());
  out->payload.len = state.last.payload.size();
  out->error.struct_size = sizeof out->error;
  if (state.last.kind == PLINTH_AUTH_FAIL) {
    plinth_error_set(&out->error, state.last.failure.sqlstate.c_str(),
                     state.last.failure.message.c_str());
  } else {
    plinth_error_set(&out->error, "", "");
  }
}

// Runs one exchange step; protocol errors become a FAIL reply (PostgreSQL's FATAL),
// anything else propagates to the boundary as an internal error.
template <typename F>
Reply guarded(F&& step) {
  try {
    return step();
  } catch (const AuthError& e) {
    return Reply::fail(e.failure());
  }
}

// The role's stored verifier through the host callback, growing the buffer once if the
// host says it is too small.
std::optional<std::string> lookup_verifier(const plinth_auth_info& info) {
  if (info.lookup_verifier == nullptr) return std::nullopt;
  std::string buf(256, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    size_t len = buf.size();
    const plinth_status st = info.lookup_verifier(info.ctx, info.user, buf.data(), &len);
    if (st == PLINTH_OK && len < buf.size()) {
      buf.resize(len);
      return buf;
    }
    if (st == PLINTH_NOT_FOUND) return std::nullopt;
    if (st == PLINTH_ERROR && len >= buf.size()) {
      buf.assign(len + 1, '\0');
      continue;
    }
    break;
  }
  throw std::runtime_error("the host's verifier lookup failed");
}

bool has_struct(uint32_t struct_size, size_t needed) { return struct_size >= needed; }

plinth_status start(const plinth_auth_info* info, void** state_out, plinth_auth_request* first,
                    plinth_error* err) {
  if (state_out != nullptr) *state_out = nullptr;
  if (info == nullptr || state_out == nullptr || first == nullptr ||
      !has_struct(info->struct_size, sizeof *info) ||
      !has_struct(first->struct_size, sizeof *first) || info->user == nullptr ||
      info->method == nullptr) {
    plinth_error_set(err, kInternalError,
                     "auth_scram: start() called with missing arguments or undersized structs");
    return PLINTH_ERROR;
  }
  try {
    SessionRequest request;
    request.user = info->user;
    request.method = info->method;
    if (info->tls_endpoint_hash.data != nullptr) {
      request.tls_endpoint_hash.assign(reinterpret_cast<const char*>(info->tls_endpoint_hash.data),
                                       info->tls_endpoint_hash.len);
    }
    request.verifier = lookup_verifier(*info);

    auto state = std::make_unique<ExchangeState>();
    state->user = request.user;
    state->exchange = make_exchange(request, g.settings);
    if (request.verifier) wipe(*request.verifier);
    if (!state->exchange) {
      const std::string msg = std::string(kPluginName) + " does not implement authentication method \"" +
                              request.method + "\"";
      plinth_error_set(err, kInvalidParameter, msg.c_str());
      return PLINTH_ERROR;
    }
    ExchangeState& s = *state;
    deliver(s, guarded([&] { return s.exchange->start(); }), first);
    *state_out = state.release();
    return PLINTH_OK;
  } catch (const std::exception& e) {
    plinth_error_set(err, kInternalError, e.what());
  } catch (...) {
    plinth_error_set(err, kInternalError, "auth_scram: unexpected failure in start()");
  }
  return PLINTH_ERROR;
}

plinth_status step(void* state_ptr, plinth_bytes client_msg, plinth_auth_request* next,
                   plinth_error* err) {
  auto* state = static_cast<ExchangeState*>(state_ptr);
  if (state == nullptr || next == nullptr || !has_struct(next->struct_size, sizeof *next)) {
    plinth_error_set(err, kInternalError, "auth_scram: step() called with missing arguments");
    return PLINTH_ERROR;
  }
  if (state->finished) {
    plinth_error_set(err, kInternalError, "auth_scram: step() called after the exchange ended");
    return PLINTH_ERROR;
  }
  try {
    const std::string_view body(reinterpret_cast<const char*>(client_msg.data),
                                client_msg.data ? client_msg.len : 0);
    deliver(*state, guarded([&] { return state->exchange->step(body); }), next);
    return PLINTH_OK;
  } catch (const std::exception& e) {
    plinth_error_set(err, kInternalError, e.what());
  } catch (...) {
    plinth_error_set(err, kInternalError, "auth_scram: unexpected failure in step()");
  }
  return PLINTH_ERROR;
}

void finish(void* state_ptr) { delete static_cast<ExchangeState*>(state_ptr); }

// PostgreSQL's encrypt_password(): a password that already is a verifier is stored as
// is (dumps restore that way); otherwise it is hashed for the requested method.
std::string verifier_for(std::string_view method, const char* user, std::string_view password) {
  if (password.empty()) {
    throw AuthError({kInvalidParameter, "empty string is not a valid password", {}});
  }
  if (classify_verifier(password) != VerifierKind::kPlaintext) return std::string(password);
  if (method == "scram-sha-256") {
    uint8_t salt[kScramSaltLen];
    random_bytes(salt);
    return build_scram_verifier(password, std::string_view(reinterpret_cast<char*>(salt), sizeof salt),
                                kScramDefaultIterations);
  }
  if (method == "md5") {
    if (user == nullptr) throw AuthError({kInvalidParameter, "md5 verifiers need the user name", {}});
    return build_md5_verifier(password, user);
  }
  throw AuthError({kInvalidParameter,
                   "authentication method \"" + std::string(method) + "\" has no password verifier", {}});
}

plinth_status make_verifier(const char* method, const char* user, plinth_bytes password, char* out,
                            size_t* len, plinth_error* err) {
  if (method == nullptr || len == nullptr || (out == nullptr && *len != 0) ||
      (password.data == nullptr && password.len != 0)) {
    plinth_error_set(err, kInternalError, "auth_scram: make_verifier() called with missing arguments");
    return PLINTH_ERROR;
  }
  try {
    const std::string verifier = verifier_for(
        method, user, std::string_view(reinterpret_cast<const char*>(password.data), password.len));
    if (*len < verifier.size() + 1) {
      *len = verifier.size() + 1;  // the size needed, terminator included
      plinth_error_set(err, kProgramLimitExceeded, "auth_scram: verifier buffer too small");
      return PLINTH_ERROR;
    }
    std::memcpy(out, verifier.c_str(), verifier.size() + 1);
    *len = verifier.size();
    return PLINTH_OK;
  } catch (const AuthError& e) {
    plinth_error_set(err, e.failure().sqlstate.c_str(), e.failure().message.c_str());
  } catch (const std::exception& e) {
    plinth_error_set(err, kInternalError, e.what());
  } catch (...) {
    plinth_error_set(err, kInternalError, "auth_scram: unexpected failure in make_verifier()");
  }
  return PLINTH_ERROR;
}

const char* const kMethods[] = {"scram-sha-256", "md5", "password", nullptr};

const plinth_auth_v1 kVtable = {
    sizeof(plinth_auth_v1), kMethods, start, step, finish, make_verifier,
};

const plinth_plugin kDescriptor = {
    sizeof(plinth_plugin), PLINTH_ABI_MAJOR, PLINTH_ABI_MINOR, PLINTH_KIND_AUTH,
    kPluginName,           "1.0.0",          0,                &kVtable,
};

// Reads [auth_scram] settings into `settings`; false (with err filled) on a bad value.
bool read_settings(RouterSettings& settings, plinth_error* err) {
  if (const char* enc = config_value("password_encryption")) {
    if (std::strcmp(enc, "scram-sha-256") == 0) {
      settings.password_encryption = VerifierKind::kScram;
    } else if (std::strcmp(enc, "md5") == 0) {
      settings.password_encryption = VerifierKind::kMd5;
    } else {
      plinth_error_set(err, kInvalidParameter,
                       "auth_scram: password_encryption must be \"scram-sha-256\" or \"md5\"");
      return false;
    }
  }
  if (const char* secret = config_value("mock_auth_secret"); secret != nullptr && *secret != '\0') {
    settings.mock_auth_secret = secret;
  } else {
    // Without a configured secret the mock salts are stable only for this process's
    // lifetime; configure one to keep them stable across restarts (see docs/auth.md).
    settings.mock_auth_secret.assign(kMockSecretLen, '\0');
    random_bytes(std::span(reinterpret_cast<uint8_t*>(settings.mock_auth_secret.data()),
                           settings.mock_auth_secret.size()));
  }
  return true;
}

}  // namespace
}  // namespace plinth::auth

extern "C" PLINTH_EXPORT plinth_status plinth_plugin_init(const plinth_host_api* host,
                                                          const plinth_plugin** out,
                                                          plinth_error* err) {
  using namespace plinth::auth;
  try {
    if (out == nullptr) {
      plinth_error_set(err, kInternalError, "auth_scram: plinth_plugin_init() needs an out pointer");
      return PLINTH_ERROR;
    }
    if (host != nullptr && host->abi_major != PLINTH_ABI_MAJOR) {
      plinth_error_set(err, kInternalError, "auth_scram: built for Plinth ABI major 1, host differs");
      return PLINTH_ERROR;
    }
    if (sodium_init() < 0) {
      plinth_error_set(err, kInternalError, "auth_scram: libsodium failed to initialise");
      return PLINTH_ERROR;
    }
    // config_value() reads through g.host, so point it at this host while reading, and
    // keep the previous globals if the configuration is refused.
    const Globals previous = g;
    g.host = host;
    RouterSettings settings;
    if (!read_settings(settings, err)) {
      g = previous;
      return PLINTH_ERROR;
    }
    g.settings = std::move(settings);
    *out = &kDescriptor;
    return PLINTH_OK;
  } catch (...) {
    plinth_error_set(err, kInternalError, "auth_scram: initialisation failed");
    return PLINTH_ERROR;
  }
}
