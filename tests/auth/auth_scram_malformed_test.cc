// Malformed and hostile client messages: each must end the exchange with the SQLSTATE
// and primary message PostgreSQL 15 sends, never crash, never authenticate.
#include "auth_harness.h"
#include "data/pg15_verifiers.h"
#include "scram_client.h"

namespace auth_test {
namespace {

constexpr const char* kMalformed = "malformed SCRAM message";

class AuthScramMalformed : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(plugin.vtable(), nullptr);
    roles.verifiers["u"] = pg15::kScramVerifier;
    roles.verifiers["m"] = pg15::kMd5Verifier;
  }
  const plinth_auth_v1* vt() { return plugin.vtable(); }

  // Sends `client_first` in a SASLInitialResponse and returns the plugin's answer.
  Request first_message(const std::string& client_first, const std::string& mech = "SCRAM-SHA-256") {
    ex = std::make_unique<Exchange>(vt(), roles, "u", "scram-sha-256");
    return ex->step(sasl_initial_response(mech, client_first));
  }

  // Completes a correct first round trip, then sends `final_message` (built from the
  // server-first by `make_final`).
  template <typename F>
  Request final_message(F make_final) {
    ex = std::make_unique<Exchange>(vt(), roles, "u", "scram-sha-256");
    client = std::make_unique<ScramClient>(pg15::kScramPassword, "NONCE");
    const Request cont = ex->step(sasl_initial_response("SCRAM-SHA-256", client->client_first()));
    EXPECT_EQ(cont.kind, PLINTH_AUTH_SASL_CONTINUE) << cont.message;
    const std::string good_final = client->client_final(cont.payload);
    return ex->step(make_final(good_final, cont.payload));
  }

  static void expect_fail(const Request& r, const char* sqlstate, const std::string& message) {
    EXPECT_EQ(r.status, PLINTH_OK);
    EXPECT_EQ(r.kind, PLINTH_AUTH_FAIL);
    EXPECT_EQ(r.sqlstate, sqlstate);
    EXPECT_EQ(r.message, message);
  }

  FakeHost host;
  LoadedPlugin plugin{plugin_path("PLINTH_AUTH_SCRAM_PLUGIN"), host};
  RoleStore roles;
  std::unique_ptr<Exchange> ex;
  std::unique_ptr<ScramClient> client;
};

// --- SASLInitialResponse framing -------------------------------------------------------

TEST_F(AuthScramMalformed, InitialResponseFraming) {
  auto send = [&](const std::string& body) {
    ex = std::make_unique<Exchange>(vt(), roles, "u", "scram-sha-256");
    return ex->step(body);
  };
  expect_fail(send(""), "08P01", "invalid string in message");
  expect_fail(send("SCRAM-SHA-256"), "08P01", "invalid string in message");
  expect_fail(send(std::string("SCRAM-SHA-256\0\0\0", 16)), "08P01", "insufficient data left in message");
  expect_fail(send(std::string("SCRAM-SHA-256\0\0\0\0\x10n,,", 21)), "08P01",
              "insufficient data left in message");
  expect_fail(send(std::string("SCRAM-SHA-256\0\xff\xff\xff\xfe", 18)), "08P01",
              "insufficient data left in message");
  expect_fail(send(sasl_initial_response("SCRAM-SHA-256", "n,,n=,r=x") + "junk"), "08P01",
              "invalid message format");
  expect_fail(send(sasl_initial_response("SCRAM-SHA-1", "n,,n=,r=x")), "08P01",
              "client selected an invalid SASL authentication mechanism");
  // The PLUS variant is never offered without TLS, so choosing it is invalid too.
  expect_fail(send(sasl_initial_response("SCRAM-SHA-256-PLUS", "p=tls-server-end-point,,n=,r=x")),
              "08P01", "client selected an invalid SASL authentication mechanism");
}

// --- client-first-message ---------------------------------------------------------------

TEST_F(AuthScramMalformed, ClientFirstMessage) {
  expect_fail(first_message(""), "08P01", kMalformed);                    // empty
  expect_fail(first_message(std::string("n,,n=,r=a\0b", 11)), "08P01", kMalformed);  // NUL inside
  expect_fail(first_message("n"), "08P01", kMalformed);                   // truncated
  expect_fail(first_message("n,"), "08P01", kMalformed);
  expect_fail(first_message("n,,"), "08P01", kMalformed);
  expect_fail(first_message("n,,n=,"), "08P01", kMalformed);
  expect_fail(first_message("n,,n="), "08P01", kMalformed);
  expect_fail(first_message("x,,n=,r=abc"), "08P01", kMalformed);        // bad cbind flag
  expect_fail(first_message("n;,n=,r=abc"), "08P01", kMalformed);
  expect_fail(first_message("n,x,n=,r=abc"), "08P01", kMalformed);
  expect_fail(first_message("n,,r=abc"), "08P01", kMalformed);            // username missing
  expect_fail(first_message("n,,n=,r=abc,1=x"), "08P01", kMalformed);    // bad extension name
  expect_fail(first_message("n,,n=,r=abc,e"), "08P01", kMalformed);
  expect_fail(first_message("p=tls-server-end-point,,n=,r=abc"), "08P01", kMalformed);  // no PLUS
  expect_fail(first_message("n,,n=,r=ab c"), "08P01", "non-printable characters in SCRAM nonce");
  expect_fail(first_message("n,,n=,r=ab\x7f"), "08P01", "non-printable characters in SCRAM nonce");
  expect_fail(first_message("n,a=admin,n=,r=abc"), "0A000",
              "client uses authorization identity, but it is not supported");
  expect_fail(first_message("n,,m=ext,n=,r=abc"), "0A000",
              "client requires an unsupported SCRAM extension");
}

TEST_F(AuthScramMalformed, ClientFirstAcceptsExtensionsAndUserName) {
  const Request r = first_message("n,,n=ignored,r=abc,x=ext");
  EXPECT_EQ(r.kind, PLINTH_AUTH_SASL_CONTINUE) << r.message;
}

TEST_F(AuthScramMalformed, UnsupportedChannelBindingType) {
  ex = std::make_unique<Exchange>(vt(), roles, "u", "scram-sha-256", std::string(32, 'h'));
  expect_fail(ex->step(sasl_initial_response("SCRAM-SHA-256-PLUS", "p=tls-unique,,n=,r=abc")),
              "08P01", "unsupported SCRAM channel-binding type \"tls-unique\"");
  ex = std::make_unique<Exchange>(vt(), roles, "u", "scram-sha-256", std::string(32, 'h'));
  expect_fail(ex->step(sasl_initial_response("SCRAM-SHA-256-PLUS", "n,,n=,r=abc")), "08P01",
              kMalformed);
}

// --- client-final-message ---------------------------------------------------------------

TEST_F(AuthScramMalformed, WrongNonce) {
  const Request r = final_message([](std::string f, const std::string&) {
    const size_t at = f.find(",r=") + 3;
    f[at] = f[at] == 'A' ? 'B' : 'A';
    return f;
  });
  expect_fail(r, "08P01", "invalid SCRAM response");
}

TEST_F(AuthScramMalformed, NonceWithExtraCharacters) {
  expect_fail(final_message([](std::string f, const std::string&) {
                const size_t p = f.find(",p=");
                return f.insert(p, "X");
              }),
              "08P01", "invalid SCRAM response");
}

TEST_F(AuthScramMalformed, BadBase64Proof) {
  expect_fail(final_message([](std::string f, const std::string&) {
                return f.substr(0, f.find(",p=")) + ",p=!!!notbase64!!!";
              }),
              "08P01", kMalformed);
  expect_fail(final_message([](std::string f, const std::string&) {
                return f.substr(0, f.find(",p=")) + ",p=" + f.substr(f.find(",p=") + 3, 43);  // no padding
              }),
              "08P01", kMalformed);
}

TEST_F(AuthScramMalformed, ProofOfWrongLength) {
  expect_fail(final_message([](std::string f, const std::string&) {
                return f.substr(0, f.find(",p=")) + ",p=" + b64_encode(std::string(31, 'x'));
              }),
              "08P01", kMalformed);
  expect_fail(final_message([](std::string f, const std::string&) {
                return f.substr(0, f.find(",p=")) + ",p=" + b64_encode(std::string(33, 'x'));
              }),
              "08P01", kMalformed);
  expect_fail(final_message([](std::string f, const std::string&) {
                return f.substr(0, f.find(",p=")) + ",p=";
              }),
              "08P01", kMalformed);
}

TEST_F(AuthScramMalformed, WrongChannelBindingFlag) {
  // Client said "n" in client-first, then claims "y" in the final message.
  expect_fail(final_message([](std::string f, const std::string&) {
                return "c=eSws" + f.substr(f.find(",r="));
              }),
              "08P01", "unexpected SCRAM channel-binding attribute in client-final-message");
  expect_fail(final_message([](std::string f, const std::string&) {
                return "c=garbage" + f.substr(f.find(",r="));
              }),
              "08P01", "unexpected SCRAM channel-binding attribute in client-final-message");
}

TEST_F(AuthScramMalformed, FinalMessageStructure) {
  expect_fail(final_message([](std::string, const std::string&) { return std::string(); }), "08P01",
              kMalformed);
  expect_fail(final_message([](std::string f, const std::string&) { return f.substr(f.find(",r=") + 1); }),
              "08P01", kMalformed);  // c= missing
  expect_fail(final_message([](std::string f, const std::string&) { return f.substr(0, f.find(",p=")); }),
              "08P01", kMalformed);  // proof missing
  expect_fail(final_message([](std::string f, const std::string&) { return f + ",z=trailing"; }),
              "08P01", kMalformed);  // garbage after the proof
  expect_fail(final_message([](std::string f, const std::string&) { return f.substr(0, 10); }),
              "08P01", kMalformed);  // truncated
}

TEST_F(AuthScramMalformed, ExtensionsBeforeProofAreSignedAndAccepted) {
  ex = std::make_unique<Exchange>(vt(), roles, "u", "scram-sha-256");
  ScramClient c(pg15::kScramPassword, "NONCE");
  const Request cont = ex->step(sasl_initial_response("SCRAM-SHA-256", c.client_first()));
  ASSERT_EQ(cont.kind, PLINTH_AUTH_SASL_CONTINUE);
  // A correct proof over the unextended message does not cover an inserted extension.
  const std::string f = c.client_final(cont.payload);
  const std::string tampered = f.substr(0, f.find(",p=")) + ",x=1" + f.substr(f.find(",p="));
  expect_fail(ex->step(tampered), "28P01", "password authentication failed for user \"u\"");
}

TEST_F(AuthScramMalformed, ProofFlippedBitIsWrongPassword) {
  expect_fail(final_message([](std::string f, const std::string&) {
                const std::string proof = b64_decode(f.substr(f.find(",p=") + 3));
                std::string flipped = proof;
                flipped[0] = static_cast<char>(flipped[0] ^ 1);
                return f.substr(0, f.find(",p=") + 3) + b64_encode(flipped);
              }),
              "28P01", "password authentication failed for user \"u\"");
}

// --- PasswordMessage ----------------------------------------------------------------------

TEST_F(AuthScramMalformed, PasswordPacket) {
  for (const char* method : {"password", "md5"}) {
    const char* user = std::strcmp(method, "md5") == 0 ? "m" : "u";
    Exchange a(vt(), roles, user, method);
    expect_fail(a.step(""), "08P01", "invalid password packet size");
    Exchange b(vt(), roles, user, method);
    expect_fail(b.step("secret"), "08P01", "invalid password packet size");  // no NUL
    Exchange c(vt(), roles, user, method);
    expect_fail(c.step(std::string("sec\0ret\0", 8)), "08P01", "invalid password packet size");
    Exchange d(vt(), roles, user, method);
    expect_fail(d.step(std::string("\0", 1)), "28P01", "empty password returned by client");
  }
}

TEST_F(AuthScramMalformed, OverlongCleartextPassword) {
  Exchange ex2(vt(), roles, "u", "password");
  expect_fail(ex2.step(password_message(std::string(1025, 'a'))), "54000", "password too long");
}

TEST_F(AuthScramMalformed, RandomBytesNeverAuthenticate) {
  // A small deterministic fuzz: random bodies at every step must never yield OK.
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  for (int i = 0; i < 300; ++i) {
    Exchange e(vt(), roles, "u", i % 3 == 0 ? "password" : "scram-sha-256");
    for (int round = 0; round < 3; ++round) {
      std::string body(next() % 64, '\0');
      for (char& ch : body) ch = static_cast<char>(next() >> 16);
      if (i % 2 && round == 0 && i % 3 != 0) body = sasl_initial_response("SCRAM-SHA-256", body);
      const Request r = e.step(body);
      if (r.status != PLINTH_OK) break;  // the exchange had already ended
      ASSERT_NE(r.kind, PLINTH_AUTH_OK);
      ASSERT_NE(r.kind, PLINTH_AUTH_SASL_FINAL);
      if (r.kind == PLINTH_AUTH_FAIL) break;
    }
  }
}

}  // namespace
}  // namespace auth_test
