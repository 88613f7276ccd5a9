// Stored password verifiers, in PostgreSQL's pg_authid.rolpassword formats:
//   SCRAM-SHA-256$<iterations>:<salt b64>$<StoredKey b64>:<ServerKey b64>
//   md5<32 lower-case hex digits>      (= "md5" + md5hex(password || user))
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crypto.h"

namespace plinth::auth {

inline constexpr uint32_t kScramDefaultIterations = 4096;
inline constexpr size_t kScramSaltLen = 16;

// What a stored string is, judged as PostgreSQL's get_password_type() does. Anything
// that is neither a well-formed md5 hash nor a parseable SCRAM secret is "plaintext".
enum class VerifierKind { kMd5, kScram, kPlaintext };
VerifierKind classify_verifier(std::string_view stored);

struct ScramSecret {
  uint32_t iterations = 0;
  std::string salt_b64;  // kept encoded: it goes into the server-first-message as is
  std::string salt;      // decoded
  ScramKey stored_key{};
  ScramKey server_key{};
};

// nullopt unless `stored` is a complete, well-formed SCRAM-SHA-256 secret.
std::optional<ScramSecret> parse_scram_secret(std::string_view stored);

// The keys a password yields with a given salt and iteration count. The password is
// SASLprep-normalised first (falling back to its raw bytes, as PostgreSQL does).
// Throws AuthError 54000 for passwords over kMaxPasswordLength bytes, like PostgreSQL.
struct ScramKeys {
  ScramKey stored_key;
  ScramKey server_key;
};
ScramKeys scram_keys_for_password(std::string_view password, std::string_view salt,
                                  uint32_t iterations);

std::string build_scram_verifier(std::string_view password, std::string_view salt,
                                 uint32_t iterations);
std::string build_md5_verifier(std::string_view password, std::string_view user);

// Cleartext password check against either verifier kind (constant-time compare).
bool password_matches(std::string_view password, std::string_view user,
                      std::string_view stored);

}  // namespace plinth::auth
