// auth_trust: the two hba methods that involve no credentials.
//   trust   accept at once (PLINTH_AUTH_OK from start()).
//   reject  refuse at once with PostgreSQL 15's text for an explicit "reject" hba line.
// Neither stores verifiers, so make_verifier always fails.
#include <cstring>
#include <string>

#include "plinth/auth.h"

namespace {

constexpr const char* kInternalError = "XX000";

// PostgreSQL prints "[local]" for Unix-socket clients and states the transport
// encryption; a non-empty tls-server-end-point hash is the ABI's sign of TLS.
std::string reject_message(const plinth_auth_info& info) {
  const std::string host =
      std::strcmp(info.client_addr ? info.client_addr : "local", "local") == 0
          ? "[local]"
          : info.client_addr;
  const char* encryption = info.tls_endpoint_hash.len > 0 ? "SSL encryption" : "no encryption";
  return "pg_hba.conf rejects connection for host \"" + host + "\", user \"" +
         (info.user ? info.user : "") + "\", database \"" + (info.database ? info.database : "") +
         "\", " + encryption;
}

void fill(plinth_auth_request* out, plinth_auth_kind kind, const char* sqlstate,
          const char* message) {
  out->kind = kind;
  std::memset(out->md5_salt, 0, sizeof out->md5_salt);
  out->payload = plinth_bytes{nullptr, 0};
  out->error.struct_size = sizeof out->error;
  plinth_error_set(&out->error, sqlstate, message);
}

plinth_status start(const plinth_auth_info* info, void** state, plinth_auth_request* first,
                    plinth_error* err) {
  if (state != nullptr) *state = nullptr;  // nothing to keep: both methods end in start()
  if (info == nullptr || first == nullptr || info->struct_size < sizeof *info ||
      first->struct_size < sizeof *first || info->method == nullptr) {
    plinth_error_set(err, kInternalError,
                     "auth_trust: start() called with missing arguments or undersized structs");
    return PLINTH_ERROR;
  }
  try {
    if (std::strcmp(info->method, "trust") == 0) {
      fill(first, PLINTH_AUTH_OK, "", "");
      return PLINTH_OK;
    }
    if (std::strcmp(info->method, "reject") == 0) {
      fill(first, PLINTH_AUTH_FAIL, "28000", reject_message(*info).c_str());
      return PLINTH_OK;
    }
    const std::string msg =
        std::string("auth_trust does not implement authentication method \"") + info->method + "\"";
    plinth_error_set(err, "22023", msg.c_str());
  } catch (...) {  // std::string allocation; nothing may cross the ABI
    plinth_error_set(err, kInternalError, "auth_trust: out of memory");
  }
  return PLINTH_ERROR;
}

plinth_status step(void*, plinth_bytes, plinth_auth_request*, plinth_error* err) {
  // Both methods finish in start(); a host calling step() has a bug.
  plinth_error_set(err, kInternalError, "auth_trust: step() called, but trust/reject take no messages");
  return PLINTH_ERROR;
}

void finish(void*) {}

plinth_status make_verifier(const char* method, const char*, plinth_bytes, char*, size_t*,
                            plinth_error* err) {
  (void)method;
  plinth_error_set(err, "22023", "auth_trust methods have no password verifier");
  return PLINTH_ERROR;
}

const char* const kMethods[] = {"trust", "reject", nullptr};

const plinth_auth_v1 kVtable = {sizeof(plinth_auth_v1), kMethods, start, step, finish,
                                make_verifier};

const plinth_plugin kDescriptor = {
    sizeof(plinth_plugin), PLINTH_ABI_MAJOR, PLINTH_ABI_MINOR, PLINTH_KIND_AUTH,
    "auth_trust",          "1.0.0",          0,                &kVtable,
};

}  // namespace

extern "C" PLINTH_EXPORT plinth_status plinth_plugin_init(const plinth_host_api* host,
                                                          const plinth_plugin** out,
                                                          plinth_error* err) {
  if (out == nullptr) {
    plinth_error_set(err, kInternalError, "auth_trust: plinth_plugin_init() needs an out pointer");
    return PLINTH_ERROR;
  }
  if (host != nullptr && host->abi_major != PLINTH_ABI_MAJOR) {
    plinth_error_set(err, kInternalError, "auth_trust: built for Plinth ABI major 1, host differs");
    return PLINTH_ERROR;
  }
  *out = &kDescriptor;
  return PLINTH_OK;
}
