// A client-side SCRAM-SHA-256 written for the tests on OpenSSL (PKCS5_PBKDF2_HMAC, HMAC,
// SHA256, EVP base64) — deliberately not sharing code with the plugin (libsodium), so a
// bug in one cannot hide a bug in the other.
#pragma once

#include <string>
#include <string_view>

namespace auth_test {

std::string b64_encode(std::string_view raw);
std::string b64_decode(std::string_view text);  // empty on error

class ScramClient {
 public:
  // gs2_header: "n,,", "y,," or "p=tls-server-end-point,,". endpoint_hash: for "p".
  ScramClient(std::string password, std::string client_nonce, std::string gs2_header = "n,,",
              std::string endpoint_hash = "");

  std::string client_first() const;  // gs2 header + client-first-message-bare
  // Parses server-first; returns client-final-message. Empty string when the server
  // message is unusable (the test then fails on the next assertion).
  std::string client_final(std::string_view server_first);
  // The "v=" the server must answer with (computed during client_final).
  const std::string& expected_server_final() const { return expected_server_final_; }
  const std::string& client_final_without_proof() const { return without_proof_; }
  const std::string& proof_b64() const { return proof_b64_; }

 private:
  std::string password_, client_nonce_, gs2_header_, endpoint_hash_;
  std::string without_proof_, proof_b64_, expected_server_final_;
};

// "md5" + md5hex(md5hex(password || user) || salt), as libpq computes it.
std::string md5_client_answer(std::string_view password, std::string_view user,
                              const unsigned char salt[4]);

}  // namespace auth_test
