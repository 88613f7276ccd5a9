#include "auth_harness.h"

namespace auth_test {
namespace {

class AuthTrust : public ::testing::Test {
 protected:
  FakeHost host;
  LoadedPlugin plugin{plugin_path("PLINTH_AUTH_TRUST_PLUGIN"), host};
  RoleStore roles;
  const plinth_auth_v1* vt() { return plugin.vtable(); }
};

TEST_F(AuthTrust, DescribesItselfAsAuthPlugin) {
  ASSERT_NE(plugin.descriptor(), nullptr);
  EXPECT_EQ(plugin.descriptor()->kind, PLINTH_KIND_AUTH);
  EXPECT_EQ(plugin.descriptor()->abi_major, PLINTH_ABI_MAJOR);
  EXPECT_STREQ(plugin.descriptor()->name, "auth_trust");
  ASSERT_NE(vt(), nullptr);
  EXPECT_EQ(vt()->struct_size, sizeof(plinth_auth_v1));
  std::vector<std::string> methods;
  for (const char* const* m = vt()->methods; *m; ++m) methods.emplace_back(*m);
  EXPECT_EQ(methods, (std::vector<std::string>{"trust", "reject"}));
}

TEST_F(AuthTrust, TrustAcceptsAtStart) {
  ASSERT_NE(vt(), nullptr);
  Exchange ex(vt(), roles, "alice", "trust");
  EXPECT_EQ(ex.first().status, PLINTH_OK);
  EXPECT_EQ(ex.first().kind, PLINTH_AUTH_OK);
}

TEST_F(AuthTrust, RejectUsesPostgresText) {
  ASSERT_NE(vt(), nullptr);
  Exchange ex(vt(), roles, "alice", "reject", "", "shop", "127.0.0.1");
  ASSERT_EQ(ex.first().status, PLINTH_OK);
  EXPECT_EQ(ex.first().kind, PLINTH_AUTH_FAIL);
  EXPECT_EQ(ex.first().sqlstate, "28000");
  EXPECT_EQ(ex.first().message,
            "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"alice\", database "
            "\"shop\", no encryption");
}

TEST_F(AuthTrust, RejectNamesLocalSocketAndTls) {
  ASSERT_NE(vt(), nullptr);
  Exchange local(vt(), roles, "bob", "reject", "", "db", "local");
  EXPECT_EQ(local.first().message,
            "pg_hba.conf rejects connection for host \"[local]\", user \"bob\", database \"db\", "
            "no encryption");
  Exchange tls(vt(), roles, "bob", "reject", std::string(32, 'h'), "db", "::1");
  EXPECT_EQ(tls.first().message,
            "pg_hba.conf rejects connection for host \"::1\", user \"bob\", database \"db\", "
            "SSL encryption");
}

TEST_F(AuthTrust, UnknownMethodIsAnError) {
  ASSERT_NE(vt(), nullptr);
  Exchange ex(vt(), roles, "alice", "md5");
  EXPECT_EQ(ex.first().status, PLINTH_ERROR);
  EXPECT_NE(ex.first().message.find("md5"), std::string::npos);
}

TEST_F(AuthTrust, StartRejectsUndersizedStructs) {
  ASSERT_NE(vt(), nullptr);
  plinth_auth_info info{};
  info.struct_size = 4;  // a host that did not fill struct_size properly
  info.method = "trust";
  info.user = "u";
  plinth_auth_request req{};
  req.struct_size = sizeof req;
  plinth_error err{sizeof err, {}, {}};
  void* state = nullptr;
  EXPECT_EQ(vt()->start(&info, &state, &req, &err), PLINTH_ERROR);
  EXPECT_EQ(vt()->start(nullptr, &state, &req, &err), PLINTH_ERROR);
}

TEST_F(AuthTrust, HasNoVerifiers) {
  ASSERT_NE(vt(), nullptr);
  char out[128];
  size_t len = sizeof out;
  plinth_error err{sizeof err, {}, {}};
  const std::string pw = "secret";
  EXPECT_EQ(vt()->make_verifier("trust", "u", {reinterpret_cast<const uint8_t*>(pw.data()), pw.size()},
                                out, &len, &err),
            PLINTH_ERROR);
  EXPECT_STRNE(err.message, "");
}

}  // namespace
}  // namespace auth_test
