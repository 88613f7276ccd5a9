// The method logic linked directly (not through the ABI), for what needs fixed inputs:
// the RFC 7677 exchange with its published server nonce, and the primitives against
// OpenSSL's independent implementations.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <cstring>

#include "crypto.h"
#include "data/pg15_verifiers.h"
#include "exchange.h"
#include "method_router.h"
#include "saslprep.h"
#include "scram_client.h"
#include "scram_server.h"
#include "verifier.h"

namespace plinth::auth {
namespace {

// RFC 7677 section 3.
constexpr const char* kRfcClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr const char* kRfcServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr const char* kRfcServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr const char* kRfcClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr const char* kRfcServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

class Core : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  static ScramSecret rfc_secret(const std::string& password) {
    std::string salt;
    EXPECT_TRUE(base64_decode("W22ZaJ0SNY7soEsUEjb6gQ==", salt));
    const std::string verifier = build_scram_verifier(password, salt, 4096);
    auto secret = parse_scram_secret(verifier);
    EXPECT_TRUE(secret.has_value()) << verifier;
    return secret.value_or(ScramSecret{});
  }
};

TEST_F(Core, Rfc7677Exchange) {
  ScramServer server(rfc_secret("pencil"), false, ChannelBinding{}, kRfcServerNonce);
  EXPECT_EQ(server.handle_client_first(kRfcClientFirst), kRfcServerFirst);
  const auto final_message = server.handle_client_final(kRfcClientFinal);
  ASSERT_TRUE(final_message.has_value());
  EXPECT_EQ(*final_message, kRfcServerFinal);
}

TEST_F(Core, Rfc7677ProofFailsForAnotherPassword) {
  ScramServer server(rfc_secret("pencil2"), false, ChannelBinding{}, kRfcServerNonce);
  server.handle_client_first(kRfcClientFirst);
  EXPECT_FALSE(server.handle_client_final(kRfcClientFinal).has_value());
}

TEST_F(Core, Rfc7677DoomedExchangeFailsEvenWithTheRightProof) {
  ScramServer server(rfc_secret("pencil"), true, ChannelBinding{}, kRfcServerNonce);
  server.handle_client_first(kRfcClientFirst);
  EXPECT_FALSE(server.handle_client_final(kRfcClientFinal).has_value());
}

TEST_F(Core, Rfc7677TestClientAgrees) {
  // Cross-check of the test's own OpenSSL client against the RFC, so the plugin tests
  // built on it rest on known-good ground.
  auth_test::ScramClient client("pencil", "rOprNGfwEbeRWgbNEkqO");
  // The RFC client sends n=user; ours sends n= (like libpq), so compare the proof via
  // our message set rather than the RFC's literal one: rebuild with the RFC's bare.
  ScramServer server(rfc_secret("pencil"), false, ChannelBinding{}, kRfcServerNonce);
  const std::string server_first = server.handle_client_first(client.client_first());
  const std::string final_message = client.client_final(server_first);
  const auto server_final = server.handle_client_final(final_message);
  ASSERT_TRUE(server_final.has_value());
  EXPECT_EQ(*server_final, client.expected_server_final());
}

TEST_F(Core, HiMatchesOpenSslPbkdf2) {
  for (uint32_t iterations : {1u, 2u, 4096u}) {
    const std::string password = "pass\xc3\xa9word", salt = "NaCl-salt";
    unsigned char expected[32];
    PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                      reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                      static_cast<int>(iterations), EVP_sha256(), sizeof expected, expected);
    const ScramKey got = scram_hi(as_bytes(password), as_bytes(salt), iterations);
    EXPECT_EQ(0, std::memcmp(got.data(), expected, sizeof expected)) << iterations;
  }
}

TEST_F(Core, HmacWithLongKeyMatchesRfc4231Case6) {
  // RFC 4231 test case 6: 131-byte key (longer than the block size).
  const std::string key(131, '\xaa');
  const ScramKey mac =
      hmac_sha256(as_bytes(key), as_bytes("Test Using Larger Than Block-Size Key - Hash Key First"));
  EXPECT_EQ(base64_encode(mac), auth_test::b64_encode(std::string(
      "\x60\xe4\x31\x59\x1e\xe0\xb6\x7f\x0d\x8a\x26\xaa\xcb\xf5\xb7\x7f"
      "\x8e\x0b\xc6\x21\x37\x28\xc5\x14\x05\x46\x04\x0f\x0e\xe3\x7f\x54", 32)));
}

TEST_F(Core, Base64RejectsMalformedInput) {
  std::string out;
  EXPECT_TRUE(base64_decode("", out));
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(base64_decode("cGVuY2ls", out));
  EXPECT_EQ(out, "pencil");
  for (const char* bad : {"cGVuY2l", "cGVu Y2ls", "cGVuY2ls=", "c===", "cGVuY2l!", "====", "cGVuY2lsAA"}) {
    EXPECT_FALSE(base64_decode(bad, out)) << bad;
  }
}

TEST_F(Core, VerifierParsing) {
  EXPECT_EQ(classify_verifier(pg15::kScramVerifier), VerifierKind::kScram);
  EXPECT_EQ(classify_verifier(pg15::kMd5Verifier), VerifierKind::kMd5);
  const std::string scram = pg15::kScramVerifier;
  const std::string md5 = pg15::kMd5Verifier;
  for (const std::string& bad : {
           std::string("md5B52328D7451BFEACE80C4B8C338106F9"),  // upper case hex
           md5.substr(0, 34), md5 + "0", std::string("plaintext"), std::string(""),
           "SCRAM-SHA-1" + scram.substr(13),                   // other scheme
           scram.substr(0, scram.size() - 4),                  // truncated key
           "SCRAM-SHA-256$4096x:" + scram.substr(19),          // bad iterations
           "SCRAM-SHA-256$0:" + scram.substr(19),              // zero iterations
           "SCRAM-SHA-256$4096:" + scram.substr(19, 10),       // pieces missing
           std::string("SCRAM-SHA-256$4096:!!!!$a:b"),
       }) {
    EXPECT_EQ(classify_verifier(bad), VerifierKind::kPlaintext) << bad;
  }
  const auto secret = parse_scram_secret(pg15::kScramVerifier);
  ASSERT_TRUE(secret);
  EXPECT_EQ(secret->iterations, 4096u);
  EXPECT_EQ(secret->salt.size(), 16u);
  EXPECT_EQ(secret->salt_b64, "9U1tRNznie3yc7lOHcgCMQ==");
}

TEST_F(Core, PasswordMatchesPg15Verifiers) {
  EXPECT_TRUE(password_matches("secret", "u", pg15::kScramVerifier));
  EXPECT_FALSE(password_matches("secreT", "u", pg15::kScramVerifier));
  EXPECT_TRUE(password_matches("secret", "m", pg15::kMd5Verifier));
  EXPECT_FALSE(password_matches("secret", "other-user", pg15::kMd5Verifier));  // md5 salts with user
  EXPECT_FALSE(password_matches("plain", "u", "plain"));  // plaintext is never compared
}

TEST_F(Core, SaslprepCases) {
  EXPECT_EQ(saslprep_or_raw("ascii stays\x01 as is"), "ascii stays\x01 as is");
  for (const auto& c : pg15::kSaslprepCases) EXPECT_EQ(saslprep_or_raw(c.typed), c.prepared);
  // Invalid UTF-8 and prohibited characters: raw bytes are used unchanged.
  EXPECT_EQ(saslprep_or_raw("\xff\xfe"), "\xff\xfe");
  EXPECT_EQ(saslprep_or_raw("a\xe2\x80\x8e" "b"), "a\xe2\x80\x8e" "b");  // U+200E LRM: prohibited
  EXPECT_EQ(saslprep_or_raw("\xc3\xb6"), "\xc3\xb6");                    // already NFKC
  EXPECT_EQ(saslprep_or_raw("\xe2\x85\xa8"), "IX");                      // ROMAN NUMERAL NINE
}

TEST_F(Core, MockSecretIsDeterministicPerUserAndSecret) {
  const ScramSecret a = mock_scram_secret("ghost", "cluster-secret");
  EXPECT_EQ(a.salt, mock_scram_secret("ghost", "cluster-secret").salt);
  EXPECT_NE(a.salt, mock_scram_secret("ghost2", "cluster-secret").salt);
  EXPECT_NE(a.salt, mock_scram_secret("ghost", "other-secret").salt);
  EXPECT_EQ(a.salt.size(), kScramSaltLen);
  EXPECT_EQ(a.iterations, kScramDefaultIterations);
  std::string decoded;
  ASSERT_TRUE(base64_decode(a.salt_b64, decoded));
  EXPECT_EQ(decoded, a.salt);
}

TEST_F(Core, ParserErrorsCarryPostgresDetail) {
  ScramServer server(ScramSecret{}, false, ChannelBinding{}, "n");
  try {
    server.handle_client_first("n,,n=,r=x,1");
    FAIL() << "accepted a bad extension";
  } catch (const AuthError& e) {
    EXPECT_EQ(e.failure().sqlstate, "08P01");
    EXPECT_EQ(e.failure().message, "malformed SCRAM message");
    EXPECT_EQ(e.failure().detail, "Attribute expected, but found invalid character \"'1'\".");
  }
}

}  // namespace
}  // namespace plinth::auth
