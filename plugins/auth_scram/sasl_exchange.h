// scram-sha-256 as an Exchange: the SASL layer PostgreSQL wraps around SCRAM
// (AuthenticationSASL with the mechanism list, SASLInitialResponse parsing, the
// AuthenticationSASLContinue/Final replies), driving a ScramServer.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "exchange.h"
#include "scram_server.h"

namespace plinth::auth {

class SaslExchange final : public Exchange {
 public:
  // `secret` nullopt means the role cannot log in with SCRAM (unknown, no password, or
  // an md5 verifier): a mock exchange with `mock_secret` is run and refused at the end.
  // `why_doomed` goes to the server log only.
  SaslExchange(std::string user, std::optional<ScramSecret> secret, ScramSecret mock_secret,
               std::string why_doomed, std::string tls_endpoint_hash);

  Reply start() override;
  Reply step(std::string_view client_msg) override;

 private:
  Reply on_initial_response(std::string_view body);
  Reply on_client_first(std::string_view message);
  Reply on_client_final(std::string_view message);

  enum class Phase { kAwaitInitialResponse, kAwaitClientFirst, kAwaitClientFinal, kDone };

  std::string user_;
  std::optional<ScramSecret> secret_;
  ScramSecret mock_secret_;
  std::string why_doomed_;
  std::string tls_endpoint_hash_;
  Phase phase_ = Phase::kAwaitInitialResponse;
  std::unique_ptr<ScramServer> scram_;
};

}  // namespace plinth::auth
