#include "scram_client.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <cstdio>
#include <map>

namespace auth_test {
namespace {

using Bytes = std::string;

Bytes hmac(std::string_view key, std::string_view msg) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out, &len);
  return Bytes(reinterpret_cast<char*>(out), len);
}

Bytes sha256(std::string_view data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return Bytes(reinterpret_cast<char*>(out), sizeof out);
}

Bytes xor_bytes(const Bytes& a, const Bytes& b) {
  Bytes out(a);
  for (size_t i = 0; i < out.size() && i < b.size(); ++i) out[i] = static_cast<char>(out[i] ^ b[i]);
  return out;
}

std::string md5_hex(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_md5(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", out[i]);
    hex += buf;
  }
  return hex;
}

}  // namespace

std::string b64_encode(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(raw.data()),
                                static_cast<int>(raw.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string b64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return {};
  std::string out(text.size() / 4 * 3 + 1, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return {};
  size_t len = static_cast<size_t>(n);
  // EVP_DecodeBlock does not strip padding; do it by counting '='.
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) --len;
  out.resize(len);
  return out;
}

ScramClient::ScramClient(std::string password, std::string client_nonce, std::string gs2_header,
                         std::string endpoint_hash)
    : password_(std::move(password)),
      client_nonce_(std::move(client_nonce)),
      gs2_header_(std::move(gs2_header)),
      endpoint_hash_(std::move(endpoint_hash)) {}

std::string ScramClient::client_first() const { return gs2_header_ + "n=,r=" + client_nonce_; }

std::string ScramClient::client_final(std::string_view server_first) {
  // r=<nonce>,s=<salt>,i=<iterations>
  std::map<char, std::string> attrs;
  size_t pos = 0;
  while (pos < server_first.size()) {
    const size_t comma = server_first.find(',', pos);
    const std::string_view part =
        server_first.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    if (part.size() >= 2 && part[1] == '=') attrs[part[0]] = std::string(part.substr(2));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  if (!attrs.count('r') || !attrs.count('s') || !attrs.count('i')) return {};
  const std::string salt = b64_decode(attrs['s']);
  const int iterations = std::stoi(attrs['i']);

  unsigned char salted[32];
  PKCS5_PBKDF2_HMAC(password_.data(), static_cast<int>(password_.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                    iterations, EVP_sha256(), sizeof salted, salted);
  const Bytes salted_password(reinterpret_cast<char*>(salted), sizeof salted);
  const Bytes client_key = hmac(salted_password, "Client Key");
  const Bytes stored_key = sha256(client_key);
  const Bytes server_key = hmac(salted_password, "Server Key");

  without_proof_ = "c=" + b64_encode(gs2_header_ + endpoint_hash_) + ",r=" + attrs['r'];
  const std::string client_first_bare = "n=,r=" + client_nonce_;
  const std::string auth_message =
      client_first_bare + "," + std::string(server_first) + "," + without_proof_;
  proof_b64_ = b64_encode(xor_bytes(client_key, hmac(stored_key, auth_message)));
  expected_server_final_ = "v=" + b64_encode(hmac(server_key, auth_message));
  return without_proof_ + ",p=" + proof_b64_;
}

std::string md5_client_answer(std::string_view password, std::string_view user,
                              const unsigned char salt[4]) {
  const std::string inner = md5_hex(std::string(password) + std::string(user));
  return "md5" + md5_hex(inner + std::string(reinterpret_cast<const char*>(salt), 4));
}

}  // namespace auth_test
