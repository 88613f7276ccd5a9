#include "method_router.h"

#include "password_exchange.h"
#include "sasl_exchange.h"

namespace plinth::auth {
namespace {

std::unique_ptr<Exchange> scram_exchange(const SessionRequest& request,
                                         const RouterSettings& settings) {
  std::optional<ScramSecret> secret;
  std::string why_doomed;
  if (request.verifier) {
    secret = parse_scram_secret(*request.verifier);
    if (!secret) why_doomed = "User \"" + request.user + "\" does not have a valid SCRAM secret.";
  }
  return std::make_unique<SaslExchange>(request.user, std::move(secret),
                                        mock_scram_secret(request.user, settings.mock_auth_secret),
                                        std::move(why_doomed), request.tls_endpoint_hash);
}

}  // namespace

ScramSecret mock_scram_secret(std::string_view user, std::string_view mock_auth_secret) {
  std::string input(user);
  input.append(mock_auth_secret);
  const ScramKey digest = sha256(as_bytes(input));
  ScramSecret secret;
  secret.iterations = kScramDefaultIterations;
  secret.salt.assign(reinterpret_cast<const char*>(digest.data()), kScramSaltLen);
  secret.salt_b64 = base64_encode(as_bytes(secret.salt));
  // StoredKey/ServerKey stay zero: a doomed exchange never gets to use them for success.
  return secret;
}

std::unique_ptr<Exchange> make_exchange(const SessionRequest& request,
                                        const RouterSettings& settings) {
  if (request.method == "scram-sha-256") return scram_exchange(request, settings);

  if (request.method == "md5") {
    const VerifierKind kind =
        request.verifier ? classify_verifier(*request.verifier) : settings.password_encryption;
    if (kind == VerifierKind::kMd5) return std::make_unique<Md5Exchange>(request.user, request.verifier);
    return scram_exchange(request, settings);
  }

  if (request.method == "password") {
    return std::make_unique<CleartextExchange>(request.user, request.verifier);
  }
  return nullptr;
}

}  // namespace plinth::auth
