// The plugin-internal shape of an authentication method: an Exchange turns client
// messages into replies until it reaches OK or FAIL. plugin.cc translates these into the
// C ABI (plinth/auth.h); nothing here crosses the boundary.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "plinth/auth.h"

namespace plinth::auth {

// A refusal the client will see, PostgreSQL-shaped. `detail` mirrors PostgreSQL's
// errdetail; the ABI has no field for it yet, so it only reaches the server log.
struct Failure {
  std::string sqlstate;
  std::string message;
  std::string detail;
};

// Thrown by message parsers deep inside an exchange (like PostgreSQL's ereport(ERROR));
// caught by the exchange's caller and turned into a FAIL reply, never across the ABI.
class AuthError : public std::runtime_error {
 public:
  explicit AuthError(Failure f) : std::runtime_error(f.message), failure_(std::move(f)) {}
  const Failure& failure() const { return failure_; }

 private:
  Failure failure_;
};

inline constexpr const char* kProtocolViolation = "08P01";
inline constexpr const char* kInvalidPassword = "28P01";
inline constexpr const char* kInvalidAuthorization = "28000";
inline constexpr const char* kFeatureNotSupported = "0A000";
inline constexpr const char* kProgramLimitExceeded = "54000";

[[noreturn]] inline void protocol_violation(std::string message, std::string detail = {}) {
  throw AuthError({kProtocolViolation, std::move(message), std::move(detail)});
}

struct Reply {
  plinth_auth_kind kind = PLINTH_AUTH_FAIL;
  std::string payload;                 // SASL mechanisms / SCRAM messages
  std::array<uint8_t, 4> md5_salt{};   // PLINTH_AUTH_MD5 only
  Failure failure;                     // PLINTH_AUTH_FAIL only
  std::string log_detail;              // why it failed, for the server log only

  static Reply of(plinth_auth_kind kind) {
    Reply r;
    r.kind = kind;
    return r;
  }
  static Reply ok() { return of(PLINTH_AUTH_OK); }
  static Reply fail(Failure f, std::string log_detail = {}) {
    Reply r = of(PLINTH_AUTH_FAIL);
    r.failure = std::move(f);
    r.log_detail = std::move(log_detail);
    return r;
  }
  static Reply with_payload(plinth_auth_kind kind, std::string payload) {
    Reply r = of(kind);
    r.payload = std::move(payload);
    return r;
  }
};

// The one failure a client sees for a wrong password, an unknown user or a user without
// a usable verifier — identical text so that roles cannot be enumerated.
inline Reply password_failed(std::string_view user, std::string log_detail = {}) {
  return Reply::fail({kInvalidPassword,
                      "password authentication failed for user \"" + std::string(user) + "\"",
                      {}},
                     std::move(log_detail));
}

class Exchange {
 public:
  virtual ~Exchange() = default;
  virtual Reply start() = 0;
  // Called with each client message body until start()/step() returned OK or FAIL.
  // May throw AuthError for protocol violations.
  virtual Reply step(std::string_view client_msg) = 0;
};

}  // namespace plinth::auth
