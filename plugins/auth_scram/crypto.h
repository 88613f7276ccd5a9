// The cryptographic primitives SCRAM-SHA-256 and md5 authentication are built from.
// SHA-256, HMAC, randomness and constant-time comparison come from libsodium; MD5 (which
// libsodium deliberately lacks) from OpenSSL's EVP interface.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace plinth::auth {

inline constexpr size_t kScramKeyLen = 32;  // SHA-256 output length
using ScramKey = std::array<uint8_t, kScramKeyLen>;

std::span<const uint8_t> as_bytes(std::string_view s);

ScramKey sha256(std::span<const uint8_t> data);
ScramKey hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> message);

// RFC 5802 Hi(): PBKDF2 with HMAC-SHA-256 and a single output block, which is exactly
// SaltedPassword for a 32-byte key.
ScramKey scram_hi(std::span<const uint8_t> password, std::span<const uint8_t> salt,
                  uint32_t iterations);

// Fills `out` from the operating system's CSPRNG.
void random_bytes(std::span<uint8_t> out);

// Overwrites a buffer that held a password or key material, in a way the compiler
// cannot optimise away.
void wipe(std::string& s);

// Equality in time independent of where the inputs differ. Different sizes are unequal.
bool constant_time_equal(std::span<const uint8_t> a, std::span<const uint8_t> b);

// Lower-case hex MD5 of `data` (32 characters). Throws std::runtime_error when the
// OpenSSL provider refuses MD5 (e.g. a FIPS-only configuration).
std::string md5_hex(std::span<const uint8_t> data);

// Base64, standard alphabet with padding (RFC 4648 section 4), as SCRAM and PostgreSQL's
// verifiers use it. decode returns false on any malformed input (bad character, missing
// padding, whitespace, non-zero trailing bits).
std::string base64_encode(std::span<const uint8_t> data);
bool base64_decode(std::string_view text, std::string& out);

}  // namespace plinth::auth
