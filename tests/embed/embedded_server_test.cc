// The network side of the embedding API: ServerBuilder, EmbeddedServer and TestServer,
// checked with a real libpq client.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <thread>

#include <plinth/embedded_server.h>
#include <plinth/testing.h>

#include "pq.h"

namespace {

template <class Fn>
std::string ExpectSqlError(const char* sqlstate, Fn&& fn) {
  try {
    fn();
  } catch (const plinth::SqlError& e) {
    EXPECT_EQ(e.sqlstate(), sqlstate) << e.what();
    return e.message();
  }
  ADD_FAILURE() << "expected SqlError " << sqlstate;
  return "";
}

std::string LoginError(const std::string& conninfo) {
  try {
    pq::Connection c(conninfo);
    return "";
  } catch (const pq::Error& e) {
    return e.what();
  }
}

std::string Conninfo(const plinth::EmbeddedServer& s, const std::string& user, const std::string& password = "") {
  return "host=127.0.0.1 port=" + std::to_string(s.port()) + " dbname=postgres user=" + user +
         (password.empty() ? "" : " password=" + password);
}

plinth::EmbeddedServer LocalServer(const plinth::EmbeddedDatabase& db) {
  return plinth::ServerBuilder().address("127.0.0.1").port(0).build(db);
}

TEST(EmbeddedServer, LocalAndRemoteShareDataAndTransactions) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  db.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
  db.execute("INSERT INTO t VALUES (1, 'local')");
  auto server = LocalServer(db);
  server.start();
  ASSERT_NE(server.port(), 0);
  EXPECT_EQ(server.uri(), "postgresql://postgres@127.0.0.1:" + std::to_string(server.port()) + "/postgres");

  pq::Connection remote(server.uri());
  EXPECT_EQ(remote.scalar("SELECT v FROM t WHERE id = 1"), "local");
  remote.query("INSERT INTO t VALUES (2, 'remote')");
  EXPECT_EQ(db.execute("SELECT v FROM t WHERE id = $1", {2}).scalar<std::string>(), "remote");

  // A remote transaction's row lock holds up a local writer until the remote COMMIT.
  remote.query("BEGIN");
  remote.query("UPDATE t SET v = 'remote tx' WHERE id = 1");
  EXPECT_EQ(db.execute("SELECT v FROM t WHERE id = 1").scalar<std::string>(), "local");
  std::thread local_writer([&] { db.session().execute("UPDATE t SET v = v || '+local' WHERE id = 1"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  remote.query("COMMIT");
  local_writer.join();
  EXPECT_EQ(remote.scalar("SELECT v FROM t WHERE id = 1"), "remote tx+local");
  server.stop();
  EXPECT_FALSE(server.is_running());
}

TEST(EmbeddedServer, StartTwiceIsAnError) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  auto server = LocalServer(db);
  server.start();
  ExpectSqlError("55000", [&] { server.start(); });
  ExpectSqlError("55000", [&] { server.serve(); });
  EXPECT_TRUE(server.is_running());
  EXPECT_EQ(LoginError(server.uri()), "");  // still serving
}

TEST(EmbeddedServer, PortInUseIsAClearError) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  auto first = LocalServer(db);
  first.start();
  auto second = plinth::ServerBuilder().address("127.0.0.1").port(first.port()).build(db);
  std::string msg = ExpectSqlError("58000", [&] { second.start(); });
  EXPECT_NE(msg.find(std::to_string(first.port())), std::string::npos) << msg;
  EXPECT_FALSE(second.is_running());
  EXPECT_EQ(LoginError(first.uri()), "");  // the first is unaffected
}

TEST(EmbeddedServer, StopThenStartAgain) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  auto server = LocalServer(db);
  server.stop();  // not running: harmless
  server.start();
  uint16_t port = server.port();
  server.stop();
  server.stop();
  EXPECT_NE(LoginError("host=127.0.0.1 user=postgres port=" + std::to_string(port)), "");
  server.start();
  EXPECT_EQ(LoginError(server.uri()), "");
}

TEST(EmbeddedServer, ServeBlocksUntilStop) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  db.execute("CREATE TABLE t (id int)");
  auto server = LocalServer(db);
  std::thread serving([&] { server.serve(); });
  for (int i = 0; i < 200 && server.port() == 0; i++) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(LoginError(server.uri()), "");
  server.stop();
  serving.join();
  EXPECT_FALSE(server.is_running());
}

TEST(EmbeddedServer, DestroyingAServingServerStopsIt) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  uint16_t port = 0;
  {
    auto server = LocalServer(db);
    server.start();
    port = server.port();
    pq::Connection held(server.uri());  // a connection still open at destruction
  }
  EXPECT_NE(LoginError("host=127.0.0.1 user=postgres port=" + std::to_string(port)), "");
}

TEST(EmbeddedServer, ClosedDatabaseCannotBeServed) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  auto server = LocalServer(db);
  db.close();
  ExpectSqlError("08003", [&] { server.start(); });
  ExpectSqlError("08003", [&] { LocalServer(db); });
}

TEST(EmbeddedServer, RunningServerKeepsServingAfterTheHandleCloses) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  db.execute("CREATE TABLE t (id int); INSERT INTO t VALUES (5)");
  auto server = LocalServer(db);
  server.start();
  db.close();
  pq::Connection remote(server.uri());
  EXPECT_EQ(remote.scalar("SELECT id FROM t"), "5");
}

TEST(EmbeddedServer, ScramPasswordsAndConnectionLimit) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  auto server = plinth::ServerBuilder()
                    .address("127.0.0.1:0")
                    .auth_method(plinth::AuthMethod::ScramSha256)
                    .role("app", "s3cret pass")
                    .max_connections(2)
                    .build(db);
  server.start();
  EXPECT_EQ(LoginError(Conninfo(server, "app", "'s3cret pass'")), "");
  EXPECT_NE(LoginError(Conninfo(server, "app", "wrong")).find("password authentication failed"), std::string::npos);
  EXPECT_NE(LoginError(Conninfo(server, "postgres")), "");
  pq::Connection a(Conninfo(server, "app", "'s3cret pass'"));
  pq::Connection b(Conninfo(server, "app", "'s3cret pass'"));
  EXPECT_NE(LoginError(Conninfo(server, "app", "'s3cret pass'")).find("too many clients"), std::string::npos);
  // The role is usable in process too.
  EXPECT_EQ(db.session("app").execute("SELECT current_user").scalar<std::string>(), "app");
}

TEST(EmbeddedServer, Md5AndCleartextMethods) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  for (auto method : {plinth::AuthMethod::Md5, plinth::AuthMethod::Password}) {
    auto server = plinth::ServerBuilder().port(0).auth_method(method).role("u", "pw").build(db);
    server.start();
    EXPECT_EQ(LoginError(Conninfo(server, "u", "pw")), "");
    EXPECT_NE(LoginError(Conninfo(server, "u", "nope")), "");
  }
}

TEST(EmbeddedServer, TwoServersOverOneDatabase) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  db.execute("CREATE TABLE t (id int)");
  auto a = LocalServer(db);
  auto b = LocalServer(db);
  a.start();
  b.start();
  pq::Connection(a.uri()).query("INSERT INTO t VALUES (1)");
  EXPECT_EQ(pq::Connection(b.uri()).scalar("SELECT count(*) FROM t"), "1");
}

TEST(EmbeddedServer, CacheLimitsReachTheProtocol) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  auto server = plinth::ServerBuilder().port(0).max_prepared_statements(1).max_portals(1).build(db);
  server.start();
  pq::Connection c(server.uri());
  c.query("SELECT 1");  // the unnamed statement does not count
  PGconn* raw = PQconnectdb(server.uri().c_str());
  ASSERT_EQ(PQstatus(raw), CONNECTION_OK);
  PGresult* first = PQprepare(raw, "s1", "SELECT 1", 0, nullptr);
  EXPECT_EQ(PQresultStatus(first), PGRES_COMMAND_OK);
  PQclear(first);
  PGresult* second = PQprepare(raw, "s2", "SELECT 2", 0, nullptr);
  EXPECT_EQ(PQresultStatus(second), PGRES_FATAL_ERROR);
  const char* state = PQresultErrorField(second, PG_DIAG_SQLSTATE);
  EXPECT_STREQ(state ? state : "", "53400");
  PQclear(second);
  PQfinish(raw);
}

TEST(ServerBuilder, MalformedSettingsAreSqlErrors) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  ExpectSqlError("22023", [&] { plinth::ServerBuilder().address("127.0.0.1:99999"); });
  ExpectSqlError("22023", [&] { plinth::ServerBuilder().address("127.0.0.1:http"); });
  ExpectSqlError("22023", [&] { plinth::ServerBuilder().address(":5432"); });
  ExpectSqlError("22023", [&] { plinth::ServerBuilder().address("[::1"); });
  std::string msg = ExpectSqlError("22023", [&] { plinth::ServerBuilder().max_connections(-5).build(db); });
  EXPECT_NE(msg.find("max_connections"), std::string::npos) << msg;
  ExpectSqlError("42704", [&] { plinth::ServerBuilder().setting("bogus", "1").build(db); });
  // An address that is not an IP address is refused when building, naming it.
  msg = ExpectSqlError("22023", [&] { plinth::ServerBuilder().address("not-an-ip").port(0).build(db); });
  EXPECT_NE(msg.find("not-an-ip"), std::string::npos) << msg;
}

TEST(ServerBuilder, Ipv6AddressWithPort) {
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  auto server = plinth::ServerBuilder().address("[::1]:0").build(db);
  try {
    server.start();
  } catch (const plinth::SqlError& e) {
    GTEST_SKIP() << "no IPv6 loopback here: " << e.what();
  }
  EXPECT_EQ(server.uri(), "postgresql://postgres@[::1]:" + std::to_string(server.port()) + "/postgres");
  EXPECT_EQ(LoginError(server.uri()), "");
}

TEST(TestServer, EachInstanceIsFreshAndStopsOnDestruction) {
  uint16_t first_port = 0;
  {
    plinth::TestServer pg("CREATE TABLE items (id int PRIMARY KEY)");
    first_port = pg.port();
    pq::Connection c(pg.connection_string());
    c.query("INSERT INTO items VALUES (1)");
    EXPECT_EQ(pg.database().execute("SELECT count(*) FROM items").scalar<int>(), 1);
    plinth::TestServer other("CREATE TABLE items (id int PRIMARY KEY)");
    EXPECT_NE(other.port(), pg.port());
    EXPECT_EQ(pq::Connection(other.uri()).scalar("SELECT count(*) FROM items"), "0");
  }
  EXPECT_NE(LoginError("host=127.0.0.1 user=postgres port=" + std::to_string(first_port)), "");
}

TEST(TestServer, BadSchemaIsASqlError) {
  ExpectSqlError("42601", [] { plinth::TestServer pg("CREATE TABLE ("); });
}

}  // namespace
