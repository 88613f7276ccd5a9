#include "sasl_exchange.h"

#include <cstring>

namespace plinth::auth {
namespace {

constexpr std::string_view kScramSha256 = "SCRAM-SHA-256";
constexpr std::string_view kScramSha256Plus = "SCRAM-SHA-256-PLUS";

// Reads SASLInitialResponse fields the way PostgreSQL's pq_getmsg* functions do, with
// their error texts.
class MessageReader {
 public:
  explicit MessageReader(std::string_view body) : body_(body) {}

  std::string_view c_string() {
    const size_t nul = body_.find('\0', pos_);
    if (nul == std::string_view::npos) protocol_violation("invalid string in message");
    const std::string_view s = body_.substr(pos_, nul - pos_);
    pos_ = nul + 1;
    return s;
  }
  int32_t int32() {
    const std::string_view raw = bytes(4);
    uint32_t v = 0;
    for (char c : raw) v = (v << 8) | static_cast<uint8_t>(c);
    return static_cast<int32_t>(v);
  }
  std::string_view bytes(int64_t n) {
    if (n < 0 || static_cast<uint64_t>(n) > body_.size() - pos_) {
      protocol_violation("insufficient data left in message");
    }
    const std::string_view s = body_.substr(pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return s;
  }
  void expect_end() const {
    if (pos_ != body_.size()) protocol_violation("invalid message format");
  }

 private:
  std::string_view body_;
  size_t pos_ = 0;
};

}  // namespace

SaslExchange::SaslExchange(std::string user, std::optional<ScramSecret> secret,
                           ScramSecret mock_secret, std::string why_doomed,
                           std::string tls_endpoint_hash)
    : user_(std::move(user)),
      secret_(std::move(secret)),
      mock_secret_(std::move(mock_secret)),
      why_doomed_(std::move(why_doomed)),
      tls_endpoint_hash_(std::move(tls_endpoint_hash)) {}

Reply SaslExchange::start() {
  // Strongest first; the channel-binding variant only exists over TLS. Each name is
  // NUL-terminated; the list's final empty terminator is the host's (see docs/auth.md).
  std::string mechanisms;
  if (!tls_endpoint_hash_.empty()) {
    mechanisms.append(kScramSha256Plus).push_back('\0');
  }
  mechanisms.append(kScramSha256).push_back('\0');
  return Reply::with_payload(PLINTH_AUTH_SASL, std::move(mechanisms));
}

Reply SaslExchange::step(std::string_view client_msg) {
  switch (phase_) {
    case Phase::kAwaitInitialResponse:
      return on_initial_response(client_msg);
    case Phase::kAwaitClientFirst:
      return on_client_first(client_msg);
    case Phase::kAwaitClientFinal:
      return on_client_final(client_msg);
    case Phase::kDone:
      break;
  }
  protocol_violation("unexpected SASL response after the exchange finished");
}

Reply SaslExchange::on_initial_response(std::string_view body) {
  MessageReader in(body);
  const std::string_view mechanism = in.c_string();

  ChannelBinding binding;
  binding.tls_active = !tls_endpoint_hash_.empty();
  binding.endpoint_hash = tls_endpoint_hash_;
  if (mechanism == kScramSha256Plus && binding.tls_active) {
    binding.selected = true;
  } else if (mechanism != kScramSha256) {
    // Includes -PLUS without TLS: we never offered it.
    protocol_violation("client selected an invalid SASL authentication mechanism");
  }
  const bool doomed = !secret_.has_value();
  scram_ = std::make_unique<ScramServer>(doomed ? mock_secret_ : *secret_, doomed,
                                         std::move(binding), ScramServer::random_nonce());

  const int32_t len = in.int32();
  if (len == -1) {
    // No initial response: send an empty challenge, the client-first comes next.
    in.expect_end();
    phase_ = Phase::kAwaitClientFirst;
    return Reply::with_payload(PLINTH_AUTH_SASL_CONTINUE, {});
  }
  const std::string_view client_first = in.bytes(len);
  in.expect_end();
  return on_client_first(client_first);
}

Reply SaslExchange::on_client_first(std::string_view message) {
  std::string server_first = scram_->handle_client_first(message);
  phase_ = Phase::kAwaitClientFinal;
  return Reply::with_payload(PLINTH_AUTH_SASL_CONTINUE, std::move(server_first));
}

Reply SaslExchange::on_client_final(std::string_view message) {
  std::optional<std::string> server_final = scram_->handle_client_final(message);
  phase_ = Phase::kDone;
  if (!server_final) {
    return password_failed(user_, secret_ ? "Password does not match for user \"" + user_ + "\"."
                                          : why_doomed_);
  }
  return Reply::with_payload(PLINTH_AUTH_SASL_FINAL, std::move(*server_final));
}

}  // namespace plinth::auth
