// Serving an EmbeddedDatabase to PostgreSQL clients (psql, libpq, JDBC, psycopg...) over
// TCP, from inside the application:
//
//   plinth::EmbeddedServer server = plinth::ServerBuilder()
//                                       .address("127.0.0.1").port(0)
//                                       .auth_method(plinth::AuthMethod::ScramSha256)
//                                       .role("app", "secret")
//                                       .max_connections(20)
//                                       .build(db);
//   server.start();                     // or server.serve() to block this thread
//   connect to server.uri("app") ...
//   server.stop();
//
// The server runs the same code as the `plinth` executable; the database is shared
// with the application's own LocalSessions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plinth/embed_export.h"
#include "plinth/embedded.h"

namespace plinth {

namespace detail {
struct ServerState;
}  // namespace detail

// How clients prove who they are (pg_hba.conf's methods), for every user and address.
enum class AuthMethod {
  Trust,        // no password
  Password,     // cleartext password (only over a trusted network)
  Md5,          // md5 challenge
  ScramSha256,  // SCRAM-SHA-256 (PostgreSQL's default)
};

class EmbeddedServer;

class PLINTH_EMBED_API ServerBuilder {
 public:
  // The address to listen on ("127.0.0.1", "::1", "0.0.0.0"); "host:port" sets the port
  // too. Default 127.0.0.1.
  ServerBuilder& address(const std::string& address);
  // Default 5432; 0 takes any free port (read it back with EmbeddedServer::port()).
  ServerBuilder& port(uint16_t port);
  // Default Trust (with the default address, only local clients can connect).
  ServerBuilder& auth_method(AuthMethod method);
  // A login role with a password (stored as a SCRAM or md5 verifier, never in clear).
  ServerBuilder& role(const std::string& name, const std::string& password, bool superuser = false);
  ServerBuilder& max_connections(int n);
  // Per-session limits of the protocol's named prepared statements and portals.
  ServerBuilder& max_prepared_statements(int n);
  ServerBuilder& max_portals(int n);
  // Any other plinth.toml server setting by name ("statement_timeout", "TimeZone"...).
  ServerBuilder& setting(const std::string& name, const std::string& value);

  // A server over `database`, not yet listening. Throws SqlError for an invalid setting
  // (the message names it) or a closed database (08003).
  EmbeddedServer build(const EmbeddedDatabase& database) const;

 private:
  std::vector<std::string> addresses_;
  std::optional<uint16_t> port_;
  AuthMethod auth_ = AuthMethod::Trust;
  struct RoleEntry {
    std::string name, password;
    bool superuser;
  };
  std::vector<RoleEntry> roles_;
  std::map<std::string, std::string> settings_;
};

class PLINTH_EMBED_API EmbeddedServer {
 public:
  EmbeddedServer(EmbeddedServer&&) noexcept;
  EmbeddedServer& operator=(EmbeddedServer&&) noexcept;
  ~EmbeddedServer();  // stops the server

  // Binds, then serves on a background thread; returns once clients can connect.
  // Throws SqlError: 58000 when the address cannot be bound (port in use), 55000 when
  // the server is already running, 08003 when the database was closed.
  void start();
  // Binds, then serves on the calling thread until stop() is called from another one.
  // Same errors as start().
  void serve();
  // Stops listening and closes client connections. Harmless when not running. A stopped
  // server may be started again (it binds anew).
  void stop();
  bool is_running() const;

  // The port actually bound (useful with port 0); 0 before the server first listens.
  uint16_t port() const;
  // A libpq connection URI for `user`: postgresql://user@127.0.0.1:PORT/postgres
  std::string uri(const std::string& user = "postgres") const;

 private:
  friend class ServerBuilder;
  explicit EmbeddedServer(std::unique_ptr<detail::ServerState> state);
  std::unique_ptr<detail::ServerState> state_;
};

}  // namespace plinth
