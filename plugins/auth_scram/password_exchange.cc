#include "password_exchange.h"

#include "crypto.h"
#include "verifier.h"

namespace plinth::auth {
namespace {

// PostgreSQL's recv_password_packet(): a PasswordMessage is exactly one NUL-terminated
// string, and an empty password is refused outright.
std::string_view password_from_packet(std::string_view body) {
  if (body.empty() || body.find('\0') != body.size() - 1) {
    protocol_violation("invalid password packet size");
  }
  if (body.size() == 1) {
    throw AuthError({kInvalidPassword, "empty password returned by client", {}});
  }
  return body.substr(0, body.size() - 1);
}

std::string no_usable_password(const std::string& user) {
  return "User \"" + user + "\" has no password usable with this method.";
}

}  // namespace

Md5Exchange::Md5Exchange(std::string user, std::optional<std::string> md5_verifier)
    : user_(std::move(user)), verifier_(std::move(md5_verifier)) {}

Reply Md5Exchange::start() {
  random_bytes(salt_);
  Reply r = Reply::of(PLINTH_AUTH_MD5);
  r.md5_salt = salt_;
  return r;
}

Reply Md5Exchange::step(std::string_view client_msg) {
  const std::string_view answer = password_from_packet(client_msg);
  if (!verifier_) return password_failed(user_, no_usable_password(user_));

  // The stored hash plays the password's role: md5hex(stored hex digits || salt).
  std::string salted = verifier_->substr(3);
  salted.append(reinterpret_cast<const char*>(salt_.data()), salt_.size());
  const std::string expected = "md5" + md5_hex(as_bytes(salted));
  if (!constant_time_equal(as_bytes(answer), as_bytes(expected))) {
    return password_failed(user_, "Password does not match for user \"" + user_ + "\".");
  }
  return Reply::ok();
}

CleartextExchange::CleartextExchange(std::string user, std::optional<std::string> verifier)
    : user_(std::move(user)), verifier_(std::move(verifier)) {}

Reply CleartextExchange::start() { return Reply::of(PLINTH_AUTH_CLEARTEXT); }

Reply CleartextExchange::step(std::string_view client_msg) {
  const std::string_view password = password_from_packet(client_msg);
  if (!verifier_) return password_failed(user_, no_usable_password(user_));
  if (classify_verifier(*verifier_) == VerifierKind::kPlaintext) {
    return password_failed(user_, "Password of user \"" + user_ + "\" is in unrecognized format.");
  }
  if (!password_matches(password, user_, *verifier_)) {
    return password_failed(user_, "Password does not match for user \"" + user_ + "\".");
  }
  return Reply::ok();
}

}  // namespace plinth::auth
