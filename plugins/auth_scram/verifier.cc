#include "verifier.h"

#include <charconv>

#include "exchange.h"
#include "saslprep.h"

namespace plinth::auth {
namespace {

constexpr std::string_view kScramScheme = "SCRAM-SHA-256";
constexpr size_t kMd5VerifierLen = 35;  // "md5" + 32 hex digits

bool is_md5_verifier(std::string_view s) {
  if (s.size() != kMd5VerifierLen || !s.starts_with("md5")) return false;
  for (char c : s.substr(3)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Splits `s` at the first `sep`; false when there is none.
bool split_once(std::string_view s, char sep, std::string_view& head, std::string_view& tail) {
  const size_t at = s.find(sep);
  if (at == std::string_view::npos) return false;
  head = s.substr(0, at);
  tail = s.substr(at + 1);
  return true;
}

bool decode_key(std::string_view b64, ScramKey& key) {
  std::string raw;
  if (!base64_decode(b64, raw) || raw.size() != key.size()) return false;
  std::copy(raw.begin(), raw.end(), key.begin());
  return true;
}

}  // namespace

VerifierKind classify_verifier(std::string_view stored) {
  if (is_md5_verifier(stored)) return VerifierKind::kMd5;
  if (parse_scram_secret(stored)) return VerifierKind::kScram;
  return VerifierKind::kPlaintext;
}

std::optional<ScramSecret> parse_scram_secret(std::string_view stored) {
  std::string_view scheme, rest, iterations, salt, stored_key, server_key;
  if (!split_once(stored, '$', scheme, rest) || !split_once(rest, ':', iterations, rest) ||
      !split_once(rest, '$', salt, rest) || !split_once(rest, ':', stored_key, server_key)) {
    return std::nullopt;
  }
  if (scheme != kScramScheme) return std::nullopt;

  ScramSecret secret;
  const auto [end, ec] =
      std::from_chars(iterations.data(), iterations.data() + iterations.size(), secret.iterations);
  // PostgreSQL accepts any strtol() value here; a zero count would make Hi() undefined,
  // so it is refused (such a secret cannot have come from CREATE ROLE).
  if (ec != std::errc() || end != iterations.data() + iterations.size() ||
      secret.iterations == 0) {
    return std::nullopt;
  }
  if (!base64_decode(salt, secret.salt)) return std::nullopt;
  secret.salt_b64 = std::string(salt);
  if (!decode_key(stored_key, secret.stored_key) || !decode_key(server_key, secret.server_key)) {
    return std::nullopt;
  }
  return secret;
}

ScramKeys scram_keys_for_password(std::string_view password, std::string_view salt,
                                  uint32_t iterations) {
  if (password.size() > kMaxPasswordLength) {
    throw AuthError({kProgramLimitExceeded, "password too long", {}});
  }
  std::string prepared = saslprep_or_raw(password);
  ScramKey salted = scram_hi(as_bytes(prepared), as_bytes(salt), iterations);
  const ScramKey client_key = hmac_sha256(salted, as_bytes("Client Key"));
  ScramKeys keys{sha256(client_key), hmac_sha256(salted, as_bytes("Server Key"))};
  std::fill(salted.begin(), salted.end(), 0);
  wipe(prepared);
  return keys;
}

std::string build_scram_verifier(std::string_view password, std::string_view salt,
                                 uint32_t iterations) {
  const ScramKeys keys = scram_keys_for_password(password, salt, iterations);
  return std::string(kScramScheme) + "$" + std::to_string(iterations) + ":" +
         base64_encode(as_bytes(salt)) + "$" + base64_encode(keys.stored_key) + ":" +
         base64_encode(keys.server_key);
}

std::string build_md5_verifier(std::string_view password, std::string_view user) {
  std::string input;
  input.reserve(password.size() + user.size());
  input.append(password).append(user);
  std::string verifier = "md5" + md5_hex(as_bytes(input));
  wipe(input);
  return verifier;
}

bool password_matches(std::string_view password, std::string_view user,
                      std::string_view stored) {
  switch (classify_verifier(stored)) {
    case VerifierKind::kScram: {
      const ScramSecret secret = *parse_scram_secret(stored);
      // As PostgreSQL: recompute ServerKey only, and compare it with the stored one.
      const ScramKeys keys = scram_keys_for_password(password, secret.salt, secret.iterations);
      return constant_time_equal(keys.server_key, secret.server_key);
    }
    case VerifierKind::kMd5:
      return constant_time_equal(as_bytes(build_md5_verifier(password, user)), as_bytes(stored));
    case VerifierKind::kPlaintext:
      break;  // never stored by PostgreSQL 10+; refused rather than compared
  }
  return false;
}

}  // namespace plinth::auth
