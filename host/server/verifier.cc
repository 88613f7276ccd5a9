#include "host/server/verifier.h"

#include <cstring>

namespace plinth {

Result<std::string> MakeVerifier(const plinth_auth_v1& auth, const std::string& method, const std::string& user,
                                 const std::string& password) {
  char buf[512];
  size_t len = sizeof buf;
  plinth_error err{};
  err.struct_size = sizeof err;
  plinth_bytes pw{reinterpret_cast<const uint8_t*>(password.data()), password.size()};
  if (auth.make_verifier(method.c_str(), user.c_str(), pw, buf, &len, &err) != PLINTH_OK) {
    std::string state(err.sqlstate, strnlen(err.sqlstate, 5));
    std::string msg(err.message, strnlen(err.message, sizeof err.message));
    return Status::Error(state.size() == 5 ? state : "XX000", msg.empty() ? "could not make a verifier" : msg);
  }
  return std::string(buf, len);
}

}  // namespace plinth
