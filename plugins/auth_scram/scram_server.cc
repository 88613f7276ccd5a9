#include "scram_server.h"

#include <cstdio>

#include "exchange.h"

namespace plinth::auth {
namespace {

constexpr size_t kRawNonceLen = 18;
constexpr std::string_view kEndPointBindingHeader = "p=tls-server-end-point,,";
constexpr const char* kMalformed = "malformed SCRAM message";

// A byte for an error message: itself if printable ASCII, else hex (never raw client
// bytes in the log).
std::string sanitize_char(char c) {
  char buf[8];
  if (c >= 0x21 && c <= 0x7E) {
    std::snprintf(buf, sizeof buf, "'%c'", c);
  } else {
    std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned char>(c));
  }
  return buf;
}

std::string sanitize_str(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 30)) out.push_back(c >= 0x21 && c <= 0x7E ? c : '?');
  return out;
}

// RFC 5802 "printable": %x21-2B / %x2D-7E.
bool is_printable(std::string_view s) {
  for (char c : s) {
    if (c < 0x21 || c > 0x7E || c == ',') return false;
  }
  return true;
}

// Reads "attr=value[,]" pieces off a SCRAM message. Past the end it sees '\0', like the
// C string walk PostgreSQL does, so error texts match for truncated input.
class AttributeReader {
 public:
  explicit AttributeReader(std::string_view text) : text_(text) {}

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void advance() { ++pos_; }
  bool at_end() const { return pos_ >= text_.size(); }
  size_t position() const { return pos_; }
  std::string_view rest() const { return text_.substr(std::min(pos_, text_.size())); }

  std::string_view value_of(char attr) {
    if (peek() != attr) {
      protocol_violation(kMalformed, std::string("Expected attribute \"") + attr +
                                         "\" but found \"" + sanitize_char(peek()) + "\".");
    }
    advance();
    return value_after_name(attr);
  }

  std::string_view any_attribute(char& attr) {
    attr = peek();
    if (attr == '\0') protocol_violation(kMalformed, "Attribute expected, but found end of string.");
    if (!((attr >= 'A' && attr <= 'Z') || (attr >= 'a' && attr <= 'z'))) {
      protocol_violation(kMalformed, "Attribute expected, but found invalid character \"" +
                                         sanitize_char(attr) + "\".");
    }
    advance();
    return value_after_name(attr);
  }

 private:
  std::string_view value_after_name(char attr) {
    if (peek() != '=') {
      protocol_violation(kMalformed,
                         std::string("Expected character \"=\" for attribute \"") + attr + "\".");
    }
    advance();
    const size_t begin = pos_;
    while (!at_end() && peek() != ',') advance();
    const std::string_view value = text_.substr(begin, pos_ - begin);
    if (!at_end()) advance();  // the separating comma
    return value;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

void expect_comma(AttributeReader& in) {
  if (in.peek() != ',') {
    protocol_violation(kMalformed,
                       "Comma expected, but found character \"" + sanitize_char(in.peek()) + "\".");
  }
  in.advance();
}

// Checks shared by both client messages (PostgreSQL's scram_exchange preamble).
void check_message_framing(std::string_view message) {
  if (message.empty()) protocol_violation(kMalformed, "The message is empty.");
  if (message.find('\0') != std::string_view::npos) {
    protocol_violation(kMalformed, "Message length does not match input length.");
  }
}

[[noreturn]] void plus_without_binding_data() {
  protocol_violation(kMalformed,
                     "The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not "
                     "include channel binding data.");
}

}  // namespace

ScramServer::ScramServer(ScramSecret secret, bool doomed, ChannelBinding binding,
                         std::string server_nonce)
    : secret_(std::move(secret)),
      doomed_(doomed),
      binding_(std::move(binding)),
      server_nonce_(std::move(server_nonce)) {}

std::string ScramServer::random_nonce() {
  uint8_t raw[kRawNonceLen];
  random_bytes(raw);
  return base64_encode(raw);
}

std::string ScramServer::handle_client_first(std::string_view message) {
  check_message_framing(message);
  AttributeReader in(message);

  // gs2-cbind-flag: "n" (no binding), "y" (client could, thinks we cannot), "p=<type>".
  cbind_flag_ = in.peek();
  switch (cbind_flag_) {
    case 'n':
      if (binding_.selected) plus_without_binding_data();
      in.advance();
      expect_comma(in);
      break;
    case 'y':
      if (binding_.selected) plus_without_binding_data();
      if (binding_.tls_active) {
        // A downgrade attempt, or a confused client: we did offer channel binding.
        throw AuthError({kInvalidAuthorization, "SCRAM channel binding negotiation error",
                         "The client supports SCRAM channel binding but thinks the server does "
                         "not.  However, this server does support channel binding."});
      }
      in.advance();
      expect_comma(in);
      break;
    case 'p': {
      if (!binding_.selected) {
        protocol_violation(kMalformed,
                           "The client selected SCRAM-SHA-256 without channel binding, but the "
                           "SCRAM message includes channel binding data.");
      }
      const std::string_view type = in.value_of('p');
      if (type != "tls-server-end-point") {
        protocol_violation("unsupported SCRAM channel-binding type \"" + sanitize_str(type) +
                           "\"");
      }
      break;
    }
    default:
      protocol_violation(kMalformed, "Unexpected channel-binding flag \"" +
                                         sanitize_char(cbind_flag_) + "\".");
  }

  if (in.peek() == 'a') {
    throw AuthError({kFeatureNotSupported,
                     "client uses authorization identity, but it is not supported", {}});
  }
  if (in.peek() != ',') {
    protocol_violation(kMalformed, "Unexpected attribute \"" + sanitize_char(in.peek()) +
                                       "\" in client-first-message.");
  }
  in.advance();

  client_first_bare_ = std::string(in.rest());
  if (in.peek() == 'm') {
    throw AuthError({kFeatureNotSupported, "client requires an unsupported SCRAM extension", {}});
  }
  // The SCRAM user name is ignored: the startup packet's user is authoritative
  // (libpq sends an empty one).
  (void)in.value_of('n');
  client_nonce_ = std::string(in.value_of('r'));
  if (!is_printable(client_nonce_)) protocol_violation("non-printable characters in SCRAM nonce");
  while (!in.at_end()) {  // optional extensions: parsed for syntax, otherwise ignored
    char attr;
    (void)in.any_attribute(attr);
  }

  server_first_ = "r=" + client_nonce_ + server_nonce_ + ",s=" + secret_.salt_b64 +
                  ",i=" + std::to_string(secret_.iterations);
  return server_first_;
}

std::optional<std::string> ScramServer::handle_client_final(std::string_view message) {
  check_message_framing(message);
  AttributeReader in(message);

  const std::string_view channel_binding = in.value_of('c');
  if (binding_.selected) {
    std::string cbind_input(kEndPointBindingHeader);
    cbind_input += binding_.endpoint_hash;
    if (channel_binding != base64_encode(as_bytes(cbind_input))) {
      throw AuthError({kInvalidAuthorization, "SCRAM channel binding check failed", {}});
    }
  } else if (!(channel_binding == "biws" && cbind_flag_ == 'n') &&
             !(channel_binding == "eSws" && cbind_flag_ == 'y')) {
    // "biws" and "eSws" are base64 of "n,," and "y,,": the header must be echoed exactly.
    protocol_violation("unexpected SCRAM channel-binding attribute in client-final-message");
  }

  const std::string_view final_nonce = in.value_of('r');

  // Skip extensions up to the proof, remembering where "without-proof" ends (before the
  // comma that precedes "p=").
  char attr = 0;
  std::string_view proof_b64;
  size_t proof_start = 0;
  do {
    proof_start = in.position() - 1;
    proof_b64 = in.any_attribute(attr);
  } while (attr != 'p');

  std::string proof_raw;
  if (!base64_decode(proof_b64, proof_raw) || proof_raw.size() != kScramKeyLen) {
    protocol_violation(kMalformed, "Malformed proof in client-final-message.");
  }
  if (!in.at_end()) {
    protocol_violation(kMalformed, "Garbage found at the end of client-final-message.");
  }
  client_final_without_proof_ = std::string(message.substr(0, proof_start));

  const std::string expected_nonce = client_nonce_ + server_nonce_;
  if (!constant_time_equal(as_bytes(final_nonce), as_bytes(expected_nonce))) {
    protocol_violation("invalid SCRAM response", "Nonce does not match.");
  }

  ScramKey client_proof;
  std::copy(proof_raw.begin(), proof_raw.end(), client_proof.begin());
  // The proof is computed even when doomed, so that timing does not tell whether the
  // role exists.
  if (!proof_is_valid(client_proof) || doomed_) return std::nullopt;

  const ScramKey server_signature = hmac_sha256(secret_.server_key, as_bytes(auth_message()));
  return "v=" + base64_encode(server_signature);
}

std::string ScramServer::auth_message() const {
  return client_first_bare_ + "," + server_first_ + "," + client_final_without_proof_;
}

bool ScramServer::proof_is_valid(const ScramKey& client_proof) const {
  const ScramKey client_signature = hmac_sha256(secret_.stored_key, as_bytes(auth_message()));
  ScramKey client_key;
  for (size_t i = 0; i < client_key.size(); ++i) client_key[i] = client_proof[i] ^ client_signature[i];
  return constant_time_equal(sha256(client_key), secret_.stored_key);
}

}  // namespace plinth::auth
