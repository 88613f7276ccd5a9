// Chooses the exchange for an hba method and a stored verifier, as PostgreSQL 15's
// CheckPWChallengeAuth() and CheckPasswordAuth() do:
//   scram-sha-256  SCRAM; mock SCRAM if the role has no SCRAM secret.
//   md5            md5 if the stored verifier is md5, otherwise SCRAM (a SCRAM secret
//                  cannot answer an md5 challenge). With no verifier at all the choice
//                  follows password_encryption so an unknown role blends in.
//   password       cleartext, checked against either verifier kind.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "exchange.h"
#include "verifier.h"

namespace plinth::auth {

struct RouterSettings {
  // Keys the deterministic mock salt (PostgreSQL uses the cluster's mock_auth_nonce).
  std::string mock_auth_secret;
  // What an unknown role pretends to have under "md5" (PostgreSQL's password_encryption).
  VerifierKind password_encryption = VerifierKind::kScram;
};

struct SessionRequest {
  std::string user;
  std::string method;
  std::string tls_endpoint_hash;
  std::optional<std::string> verifier;  // nullopt: unknown role, or one without password
};

// nullptr when `method` is not one of this plugin's methods.
std::unique_ptr<Exchange> make_exchange(const SessionRequest& request,
                                        const RouterSettings& settings);

// A plausible secret for a role that has none: salt = SHA-256(user || secret)[0..16),
// stable per user so that repeated probes see the same salt, 4096 iterations.
ScramSecret mock_scram_secret(std::string_view user, std::string_view mock_auth_secret);

}  // namespace plinth::auth
