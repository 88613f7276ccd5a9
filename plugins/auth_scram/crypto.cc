#include "crypto.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <stdexcept>

namespace plinth::auth {

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

ScramKey sha256(std::span<const uint8_t> data) {
  ScramKey out;
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

ScramKey hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> message) {
  // crypto_auth_hmacsha256_init accepts keys of any length (hashing long ones, as
  // RFC 2104 requires), unlike the one-shot crypto_auth_hmacsha256 with its fixed key.
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, message.data(), message.size());
  ScramKey out;
  crypto_auth_hmacsha256_final(&state, out.data());
  sodium_memzero(&state, sizeof state);
  return out;
}

ScramKey scram_hi(std::span<const uint8_t> password, std::span<const uint8_t> salt,
                  uint32_t iterations) {
  // U1 = HMAC(password, salt || INT(1)); Ui = HMAC(password, Ui-1); Hi = U1 ^ ... ^ Un.
  crypto_auth_hmacsha256_state keyed;  // the password-keyed state, reused for every round
  crypto_auth_hmacsha256_init(&keyed, password.data(), password.size());

  static constexpr uint8_t kBlockIndexOne[4] = {0, 0, 0, 1};
  crypto_auth_hmacsha256_state round = keyed;
  crypto_auth_hmacsha256_update(&round, salt.data(), salt.size());
  crypto_auth_hmacsha256_update(&round, kBlockIndexOne, sizeof kBlockIndexOne);
  ScramKey u;
  crypto_auth_hmacsha256_final(&round, u.data());

  ScramKey result = u;
  for (uint32_t i = 1; i < iterations; ++i) {
    round = keyed;
    crypto_auth_hmacsha256_update(&round, u.data(), u.size());
    crypto_auth_hmacsha256_final(&round, u.data());
    for (size_t j = 0; j < result.size(); ++j) result[j] ^= u[j];
  }
  sodium_memzero(&keyed, sizeof keyed);
  sodium_memzero(&round, sizeof round);
  sodium_memzero(u.data(), u.size());
  return result;
}

void random_bytes(std::span<uint8_t> out) { randombytes_buf(out.data(), out.size()); }

void wipe(std::string& s) { sodium_memzero(s.data(), s.size()); }

bool constant_time_equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string md5_hex(std::span<const uint8_t> data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &digest_len, EVP_md5(), nullptr) != 1 ||
      digest_len != 16) {
    throw std::runtime_error("could not compute MD5 digest");
  }
  std::string hex(digest_len * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, digest_len);
  hex.pop_back();  // sodium_bin2hex writes a terminating NUL
  return hex;
}

std::string base64_encode(std::span<const uint8_t> data) {
  const size_t size = sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string text(size, '\0');
  sodium_bin2base64(text.data(), text.size(), data.data(), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  text.resize(size - 1);  // drop the terminating NUL
  return text;
}

bool base64_decode(std::string_view text, std::string& out) {
  out.assign(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  // No `ignore` set and no end pointer: the whole input must be valid padded base64.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    out.clear();
    return false;
  }
  out.resize(len);
  return true;
}

}  // namespace plinth::auth
