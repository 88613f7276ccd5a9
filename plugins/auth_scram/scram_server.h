// The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677), following
// PostgreSQL 15's auth-scram.c message by message: the same checks in the same order,
// the same SQLSTATEs and texts. It knows nothing of the wire protocol or the C ABI.
//
//   client-first  -> handle_client_first()  -> server-first  (r=...,s=...,i=...)
//   client-final  -> handle_client_final()  -> server-final  (v=...)   or refusal
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "verifier.h"

namespace plinth::auth {

struct ChannelBinding {
  bool tls_active = false;    // the connection is TLS (so the PLUS variant was offered)
  bool selected = false;      // the client chose SCRAM-SHA-256-PLUS
  std::string endpoint_hash;  // tls-server-end-point data, when tls_active
};

class ScramServer {
 public:
  // `doomed` runs the exchange to the end but refuses it, for mock authentication of
  // unknown users. `server_nonce` must be printable ASCII without ',' (see random_nonce).
  ScramServer(ScramSecret secret, bool doomed, ChannelBinding binding, std::string server_nonce);

  // 18 random bytes in base64, as PostgreSQL makes its nonces.
  static std::string random_nonce();

  // Throws AuthError on malformed or unsupported messages.
  std::string handle_client_first(std::string_view message);
  // The server-final-message when the proof is right; nullopt when it is wrong (or the
  // exchange is doomed). Throws AuthError on malformed messages or a nonce mismatch.
  std::optional<std::string> handle_client_final(std::string_view message);

 private:
  bool proof_is_valid(const ScramKey& client_proof) const;
  std::string auth_message() const;

  ScramSecret secret_;
  bool doomed_;
  ChannelBinding binding_;
  std::string server_nonce_;

  char cbind_flag_ = 0;
  std::string client_first_bare_;
  std::string client_nonce_;
  std::string server_first_;
  std::string client_final_without_proof_;
};

}  // namespace plinth::auth
