// Full exchanges through the loaded auth_scram.so, against verifiers produced by a real
// PostgreSQL 15 and against the plugin's own make_verifier output.
#include "auth_harness.h"
#include "data/pg15_verifiers.h"
#include "scram_client.h"

namespace auth_test {
namespace {

constexpr const char* kWrongPasswordFor_u = "password authentication failed for user \"u\"";

class AuthScram : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(vt(), nullptr);
    roles.verifiers[pg15::kScramUser] = pg15::kScramVerifier;
    roles.verifiers[pg15::kScramUser8bit] = pg15::kScramVerifier8bit;
    roles.verifiers[pg15::kMd5User] = pg15::kMd5Verifier;
    for (const auto& c : pg15::kSaslprepCases) roles.verifiers[c.user] = c.verifier;
  }
  const plinth_auth_v1* vt() { return plugin.vtable(); }

  // Runs SCRAM from AuthenticationSASL to the end; returns the final request.
  Request scram_login(Exchange& ex, const std::string& password, ScramClient* out_client = nullptr,
                      const std::string& mechanism = "SCRAM-SHA-256") {
    EXPECT_EQ(ex.first().kind, PLINTH_AUTH_SASL);
    ScramClient client(password, "clientnonce0123456789");
    const Request cont = ex.step(sasl_initial_response(mechanism, client.client_first()));
    EXPECT_EQ(cont.kind, PLINTH_AUTH_SASL_CONTINUE) << cont.message;
    if (cont.kind != PLINTH_AUTH_SASL_CONTINUE) return cont;
    const Request fin = ex.step(client.client_final(cont.payload));
    if (out_client) *out_client = client;
    if (fin.kind == PLINTH_AUTH_SASL_FINAL) {
      EXPECT_EQ(fin.payload, client.expected_server_final());
    }
    return fin;
  }

  std::string make_verifier(const char* method, const char* user, const std::string& password) {
    char out[512];
    size_t len = sizeof out;
    plinth_error err{sizeof err, {}, {}};
    const plinth_status st = vt()->make_verifier(
        method, user, {reinterpret_cast<const uint8_t*>(password.data()), password.size()}, out, &len, &err);
    EXPECT_EQ(st, PLINTH_OK) << err.message;
    return st == PLINTH_OK ? std::string(out, len) : std::string();
  }

  FakeHost host;
  LoadedPlugin plugin{plugin_path("PLINTH_AUTH_SCRAM_PLUGIN"), host};
  RoleStore roles;
};

TEST_F(AuthScram, AdvertisesMethodsAndMechanisms) {
  std::vector<std::string> methods;
  for (const char* const* m = vt()->methods; *m; ++m) methods.emplace_back(*m);
  EXPECT_EQ(methods, (std::vector<std::string>{"scram-sha-256", "md5", "password"}));

  Exchange plain(vt(), roles, "u", "scram-sha-256");
  EXPECT_EQ(plain.first().payload, std::string("SCRAM-SHA-256\0", 14));
  Exchange tls(vt(), roles, "u", "scram-sha-256", std::string(32, '\x5a'));
  EXPECT_EQ(tls.first().payload, std::string("SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0", 33));
}

TEST_F(AuthScram, Pg15ScramVerifierAcceptsRightPassword) {
  Exchange ex(vt(), roles, "u", "scram-sha-256");
  const Request fin = scram_login(ex, pg15::kScramPassword);
  EXPECT_EQ(fin.kind, PLINTH_AUTH_SASL_FINAL) << fin.message;
}

TEST_F(AuthScram, Pg15ScramVerifierWithNonAsciiPassword) {
  Exchange ex(vt(), roles, pg15::kScramUser8bit, "scram-sha-256");
  EXPECT_EQ(scram_login(ex, pg15::kScramPassword8bit).kind, PLINTH_AUTH_SASL_FINAL);
}

TEST_F(AuthScram, Pg15ScramVerifierRefusesWrongPassword) {
  Exchange ex(vt(), roles, "u", "scram-sha-256");
  const Request fin = scram_login(ex, "Secret");
  EXPECT_EQ(fin.kind, PLINTH_AUTH_FAIL);
  EXPECT_EQ(fin.sqlstate, "28P01");
  EXPECT_EQ(fin.message, kWrongPasswordFor_u);
  // The reason goes to the log, never the password.
  ASSERT_FALSE(host.log.empty());
  EXPECT_EQ(host.log.back().find("Secret"), std::string::npos);
}

TEST_F(AuthScram, NoInitialResponseGetsEmptyChallengeFirst) {
  Exchange ex(vt(), roles, "u", "scram-sha-256");
  std::string body("SCRAM-SHA-256\0\xff\xff\xff\xff", 18);  // length -1: no initial response
  const Request empty = ex.step(body);
  ASSERT_EQ(empty.kind, PLINTH_AUTH_SASL_CONTINUE);
  EXPECT_EQ(empty.payload, "");
  ScramClient client(pg15::kScramPassword, "abcdef");
  const Request cont = ex.step(client.client_first());
  ASSERT_EQ(cont.kind, PLINTH_AUTH_SASL_CONTINUE) << cont.message;
  const Request fin = ex.step(client.client_final(cont.payload));
  EXPECT_EQ(fin.kind, PLINTH_AUTH_SASL_FINAL);
  EXPECT_EQ(fin.payload, client.expected_server_final());
}

TEST_F(AuthScram, ServerFirstCarriesNonceSaltAndIterations) {
  Exchange ex(vt(), roles, "u", "scram-sha-256");
  const Request cont = ex.step(sasl_initial_response("SCRAM-SHA-256", "n,,n=,r=CLIENTNONCE"));
  ASSERT_EQ(cont.kind, PLINTH_AUTH_SASL_CONTINUE);
  EXPECT_EQ(cont.payload.rfind("r=CLIENTNONCE", 0), 0u);
  EXPECT_NE(cont.payload.find(",s=9U1tRNznie3yc7lOHcgCMQ==,i=4096"), std::string::npos);
  // Server nonce part: 18 random bytes in base64 = 24 characters.
  const size_t salt_at = cont.payload.find(",s=");
  EXPECT_EQ(salt_at - std::string("r=CLIENTNONCE").size(), 24u);
}

TEST_F(AuthScram, StepAfterTheEndIsAHostError) {
  Exchange ex(vt(), roles, "u", "scram-sha-256");
  ASSERT_EQ(scram_login(ex, pg15::kScramPassword).kind, PLINTH_AUTH_SASL_FINAL);
  EXPECT_EQ(ex.step("anything").status, PLINTH_ERROR);
}

TEST_F(AuthScram, UnknownUserRunsMockExchangeWithStableSaltAndSameFailure) {
  Exchange a(vt(), roles, "nobody", "scram-sha-256");
  const Request cont_a = a.step(sasl_initial_response("SCRAM-SHA-256", "n,,n=,r=N1"));
  ASSERT_EQ(cont_a.kind, PLINTH_AUTH_SASL_CONTINUE);
  Exchange b(vt(), roles, "nobody", "scram-sha-256");
  const Request cont_b = b.step(sasl_initial_response("SCRAM-SHA-256", "n,,n=,r=N1"));
  ASSERT_EQ(cont_b.kind, PLINTH_AUTH_SASL_CONTINUE);
  auto salt_of = [](const std::string& m) { return m.substr(m.find(",s=")); };
  EXPECT_EQ(salt_of(cont_a.payload), salt_of(cont_b.payload));  // no enumeration by salt
  EXPECT_NE(cont_a.payload, cont_b.payload);                    // nonces still fresh
  Exchange c(vt(), roles, "someone-else", "scram-sha-256");
  const Request cont_c = c.step(sasl_initial_response("SCRAM-SHA-256", "n,,n=,r=N1"));
  EXPECT_NE(salt_of(cont_a.payload), salt_of(cont_c.payload));

  Exchange ex(vt(), roles, "nobody", "scram-sha-256");
  const Request fin = scram_login(ex, "whatever");
  EXPECT_EQ(fin.kind, PLINTH_AUTH_FAIL);
  EXPECT_EQ(fin.sqlstate, "28P01");
  EXPECT_EQ(fin.message, "password authentication failed for user \"nobody\"");
}

TEST_F(AuthScram, ScramMethodWithMd5VerifierFailsLikeWrongPassword) {
  Exchange ex(vt(), roles, "m", "scram-sha-256");
  const Request fin = scram_login(ex, pg15::kMd5Password);
  EXPECT_EQ(fin.kind, PLINTH_AUTH_FAIL);
  EXPECT_EQ(fin.message, "password authentication failed for user \"m\"");
}

TEST_F(AuthScram, ChannelBindingWithTls) {
  const std::string hash(32, '\x11');
  Exchange ex(vt(), roles, "u", "scram-sha-256", hash);
  ScramClient client(pg15::kScramPassword, "cbnonce", "p=tls-server-end-point,,", hash);
  const Request cont = ex.step(sasl_initial_response("SCRAM-SHA-256-PLUS", client.client_first()));
  ASSERT_EQ(cont.kind, PLINTH_AUTH_SASL_CONTINUE) << cont.message;
  const Request fin = ex.step(client.client_final(cont.payload));
  EXPECT_EQ(fin.kind, PLINTH_AUTH_SASL_FINAL) << fin.message;
  EXPECT_EQ(fin.payload, client.expected_server_final());
}

TEST_F(AuthScram, ChannelBindingDataMismatchIs28000) {
  const std::string hash(32, '\x11');
  Exchange ex(vt(), roles, "u", "scram-sha-256", hash);
  ScramClient client(pg15::kScramPassword, "cbnonce", "p=tls-server-end-point,,", std::string(32, '\x22'));
  const Request cont = ex.step(sasl_initial_response("SCRAM-SHA-256-PLUS", client.client_first()));
  ASSERT_EQ(cont.kind, PLINTH_AUTH_SASL_CONTINUE);
  const Request fin = ex.step(client.client_final(cont.payload));
  EXPECT_EQ(fin.kind, PLINTH_AUTH_FAIL);
  EXPECT_EQ(fin.sqlstate, "28000");
  EXPECT_EQ(fin.message, "SCRAM channel binding check failed");
}

TEST_F(AuthScram, YFlagOverTlsIsDowngradeError) {
  Exchange ex(vt(), roles, "u", "scram-sha-256", std::string(32, '\x11'));
  const Request r = ex.step(sasl_initial_response("SCRAM-SHA-256", "y,,n=,r=abc"));
  EXPECT_EQ(r.kind, PLINTH_AUTH_FAIL);
  EXPECT_EQ(r.sqlstate, "28000");
  EXPECT_EQ(r.message, "SCRAM channel binding negotiation error");
}

TEST_F(AuthScram, YFlagWithoutTlsIsAccepted) {
  Exchange ex(vt(), roles, "u", "scram-sha-256");
  ScramClient client(pg15::kScramPassword, "ynonce", "y,,");
  const Request cont = ex.step(sasl_initial_response("SCRAM-SHA-256", client.client_first()));
  ASSERT_EQ(cont.kind, PLINTH_AUTH_SASL_CONTINUE);
  EXPECT_EQ(ex.step(client.client_final(cont.payload)).kind, PLINTH_AUTH_SASL_FINAL);
}

// --- md5 -----------------------------------------------------------------------------

TEST_F(AuthScram, Md5RightAndWrongPassword) {
  {
    Exchange ex(vt(), roles, "m", "md5");
    ASSERT_EQ(ex.first().kind, PLINTH_AUTH_MD5);
    const Request r = ex.step(password_message(md5_client_answer(pg15::kMd5Password, "m", ex.first().md5_salt)));
    EXPECT_EQ(r.kind, PLINTH_AUTH_OK) << r.message;
  }
  {
    Exchange ex(vt(), roles, "m", "md5");
    const Request r = ex.step(password_message(md5_client_answer("wrong", "m", ex.first().md5_salt)));
    EXPECT_EQ(r.kind, PLINTH_AUTH_FAIL);
    EXPECT_EQ(r.sqlstate, "28P01");
    EXPECT_EQ(r.message, "password authentication failed for user \"m\"");
  }
}

TEST_F(AuthScram, Md5SaltIsFreshEachTime) {
  Exchange a(vt(), roles, "m", "md5");
  Exchange b(vt(), roles, "m", "md5");
  Exchange c(vt(), roles, "m", "md5");
  const bool all_same = std::memcmp(a.first().md5_salt, b.first().md5_salt, 4) == 0 &&
                        std::memcmp(b.first().md5_salt, c.first().md5_salt, 4) == 0;
  EXPECT_FALSE(all_same);
}

TEST_F(AuthScram, Md5AnswerForAnotherSaltIsRefused) {
  Exchange ex(vt(), roles, "m", "md5");
  unsigned char other[4];
  std::memcpy(other, ex.first().md5_salt, 4);
  other[0] ^= 0xff;
  EXPECT_EQ(ex.step(password_message(md5_client_answer(pg15::kMd5Password, "m", other))).kind,
            PLINTH_AUTH_FAIL);
}

TEST_F(AuthScram, Md5MethodSwitchesToScramForScramVerifier) {
  Exchange ex(vt(), roles, "u", "md5");
  EXPECT_EQ(ex.first().kind, PLINTH_AUTH_SASL);
  EXPECT_EQ(scram_login(ex, pg15::kScramPassword).kind, PLINTH_AUTH_SASL_FINAL);
}

TEST_F(AuthScram, Md5MethodUnknownUserFollowsPasswordEncryption) {
  Exchange ex(vt(), roles, "ghost", "md5");  // default password_encryption = scram-sha-256
  EXPECT_EQ(ex.first().kind, PLINTH_AUTH_SASL);
  const Request fin = scram_login(ex, "x");
  EXPECT_EQ(fin.kind, PLINTH_AUTH_FAIL);
  EXPECT_EQ(fin.message, "password authentication failed for user \"ghost\"");
}

TEST(AuthScramConfig, Md5MethodUnknownUserUnderMd5PasswordEncryption) {
  FakeHost host;
  host.config["password_encryption"] = "md5";
  host.config["mock_auth_secret"] = "fixed";
  LoadedPlugin plugin(plugin_path("PLINTH_AUTH_SCRAM_PLUGIN"), host);
  ASSERT_NE(plugin.vtable(), nullptr);
  RoleStore roles;
  Exchange ex(plugin.vtable(), roles, "ghost", "md5");
  ASSERT_EQ(ex.first().kind, PLINTH_AUTH_MD5);  // blends in with md5 users
  const Request r = ex.step(password_message(md5_client_answer("x", "ghost", ex.first().md5_salt)));
  EXPECT_EQ(r.kind, PLINTH_AUTH_FAIL);
  EXPECT_EQ(r.message, "password authentication failed for user \"ghost\"");
}

// --- password (cleartext) ------------------------------------------------------------

TEST_F(AuthScram, CleartextAgainstBothVerifierKinds) {
  struct Case {
    const char* user;
    const char* password;
    plinth_auth_kind expected;
  } cases[] = {
      {"u", "secret", PLINTH_AUTH_OK},   {"u", "secret ", PLINTH_AUTH_FAIL},
      {"m", "secret", PLINTH_AUTH_OK},   {"m", "SECRET", PLINTH_AUTH_FAIL},
      {"x", pg15::kScramPassword8bit, PLINTH_AUTH_OK},
      {"nobody", "secret", PLINTH_AUTH_FAIL},
  };
  for (const Case& c : cases) {
    Exchange ex(vt(), roles, c.user, "password");
    ASSERT_EQ(ex.first().kind, PLINTH_AUTH_CLEARTEXT);
    const Request r = ex.step(password_message(c.password));
    EXPECT_EQ(r.kind, c.expected) << c.user << " / " << c.password;
    if (c.expected == PLINTH_AUTH_FAIL) {
      EXPECT_EQ(r.sqlstate, "28P01");
      EXPECT_EQ(r.message, std::string("password authentication failed for user \"") + c.user + "\"");
    }
  }
}

TEST_F(AuthScram, SaslprepMatchesPostgres) {
  for (const auto& c : pg15::kSaslprepCases) {
    for (const char* pw : {c.typed, c.prepared}) {  // both spellings must log in
      Exchange ex(vt(), roles, c.user, "password");
      EXPECT_EQ(ex.step(password_message(pw)).kind, PLINTH_AUTH_OK) << c.user;
    }
    // And a SCRAM client that sends the prepared form (as libpq does).
    Exchange ex(vt(), roles, c.user, "scram-sha-256");
    EXPECT_EQ(scram_login(ex, c.prepared).kind, PLINTH_AUTH_SASL_FINAL) << c.user;
  }
}

TEST_F(AuthScram, UnrecognisedStoredFormatFailsCleartext) {
  roles.verifiers["odd"] = "not-a-verifier";
  Exchange ex(vt(), roles, "odd", "password");
  const Request r = ex.step(password_message("not-a-verifier"));  // never compared as plaintext
  EXPECT_EQ(r.kind, PLINTH_AUTH_FAIL);
  EXPECT_EQ(r.message, "password authentication failed for user \"odd\"");
}

TEST_F(AuthScram, LongVerifierIsFetchedWithABiggerBuffer) {
  roles.verifiers["long"] = std::string(1000, 'z');
  Exchange ex(vt(), roles, "long", "password");
  EXPECT_EQ(ex.first().status, PLINTH_OK);
  EXPECT_EQ(ex.step(password_message("p")).kind, PLINTH_AUTH_FAIL);
}

// --- make_verifier -------------------------------------------------------------------

TEST_F(AuthScram, MakeVerifierScramRoundTrips) {
  const std::string v = make_verifier("scram-sha-256", "new", "hunter2");
  ASSERT_EQ(v.rfind("SCRAM-SHA-256$4096:", 0), 0u) << v;
  // 16-byte salt -> 24 base64 chars; two 32-byte keys -> 44 chars each.
  EXPECT_EQ(v.size(), std::string("SCRAM-SHA-256$4096:").size() + 24 + 1 + 44 + 1 + 44);
  EXPECT_NE(v, make_verifier("scram-sha-256", "new", "hunter2"));  // fresh salt
  roles.verifiers["new"] = v;
  Exchange ok(vt(), roles, "new", "scram-sha-256");
  EXPECT_EQ(scram_login(ok, "hunter2").kind, PLINTH_AUTH_SASL_FINAL);
  Exchange bad(vt(), roles, "new", "scram-sha-256");
  EXPECT_EQ(scram_login(bad, "hunter3").kind, PLINTH_AUTH_FAIL);
  Exchange clear(vt(), roles, "new", "password");
  EXPECT_EQ(clear.step(password_message("hunter2")).kind, PLINTH_AUTH_OK);
}

TEST_F(AuthScram, MakeVerifierMd5MatchesPostgres) {
  EXPECT_EQ(make_verifier("md5", "m", "secret"), pg15::kMd5Verifier);
  roles.verifiers["new"] = make_verifier("md5", "new", "pw");
  Exchange ex(vt(), roles, "new", "md5");
  EXPECT_EQ(ex.step(password_message(md5_client_answer("pw", "new", ex.first().md5_salt))).kind,
            PLINTH_AUTH_OK);
}

TEST_F(AuthScram, MakeVerifierKeepsExistingVerifiers) {
  EXPECT_EQ(make_verifier("scram-sha-256", "u", pg15::kScramVerifier), pg15::kScramVerifier);
  EXPECT_EQ(make_verifier("scram-sha-256", "m", pg15::kMd5Verifier), pg15::kMd5Verifier);
}

TEST_F(AuthScram, MakeVerifierErrors) {
  plinth_error err{sizeof err, {}, {}};
  const std::string pw = "secret";
  const plinth_bytes bytes{reinterpret_cast<const uint8_t*>(pw.data()), pw.size()};
  char small[8];
  size_t len = sizeof small;
  EXPECT_EQ(vt()->make_verifier("md5", "u", bytes, small, &len, &err), PLINTH_ERROR);
  EXPECT_EQ(len, 36u);  // the size needed, NUL included
  len = 64;
  char out[64];
  EXPECT_EQ(vt()->make_verifier("password", "u", bytes, out, &len, &err), PLINTH_ERROR);
  EXPECT_EQ(vt()->make_verifier("md5", nullptr, bytes, out, &len, &err), PLINTH_ERROR);
  EXPECT_EQ(vt()->make_verifier("md5", "u", plinth_bytes{nullptr, 0}, out, &len, &err), PLINTH_ERROR);
  std::string huge(2000, 'a');
  len = sizeof out;
  EXPECT_EQ(vt()->make_verifier("scram-sha-256", "u",
                                {reinterpret_cast<const uint8_t*>(huge.data()), huge.size()}, out, &len, &err),
            PLINTH_ERROR);
  EXPECT_STREQ(err.sqlstate, "54000");
}

TEST_F(AuthScram, UnknownMethodIsAnError) {
  Exchange ex(vt(), roles, "u", "trust");
  EXPECT_EQ(ex.first().status, PLINTH_ERROR);
}

TEST(AuthScramConfig, BadPasswordEncryptionRefusesToLoad) {
  // A second, separate load with a bad setting must fail init with a clear message.
  FakeHost host;
  host.config["password_encryption"] = "rot13";
  void* h = dlopen(plugin_path("PLINTH_AUTH_SCRAM_PLUGIN").c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(h, nullptr);
  auto init = reinterpret_cast<plinth_plugin_init_fn>(dlsym(h, PLINTH_PLUGIN_ENTRY_SYMBOL));
  ASSERT_NE(init, nullptr);
  const plinth_plugin* d = nullptr;
  plinth_error err{sizeof err, {}, {}};
  EXPECT_EQ(init(&host.api, &d, &err), PLINTH_ERROR);
  EXPECT_NE(std::string(err.message).find("password_encryption"), std::string::npos);
}

}  // namespace
}  // namespace auth_test
