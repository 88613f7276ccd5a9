// The two methods where the client sends a password (or its md5 hash) in one
// PasswordMessage: "md5" (salted challenge) and "password" (cleartext).
#pragma once

#include <optional>
#include <string>

#include "exchange.h"

namespace plinth::auth {

// AuthenticationMD5Password with a fresh random salt; the client answers
// "md5" + md5hex(md5hex(password || user) || salt). `md5_verifier` is the stored
// "md5..." string, or nullopt for a role that cannot log in this way (refused at the end
// with the usual text, after a normal-looking exchange).
class Md5Exchange final : public Exchange {
 public:
  Md5Exchange(std::string user, std::optional<std::string> md5_verifier);
  Reply start() override;
  Reply step(std::string_view client_msg) override;

 private:
  std::string user_;
  std::optional<std::string> verifier_;
  std::array<uint8_t, 4> salt_{};
};

// AuthenticationCleartextPassword; the password is checked against either verifier kind.
class CleartextExchange final : public Exchange {
 public:
  CleartextExchange(std::string user, std::optional<std::string> verifier);
  Reply start() override;
  Reply step(std::string_view client_msg) override;

 private:
  std::string user_;
  std::optional<std::string> verifier_;
};

}  // namespace plinth::auth
