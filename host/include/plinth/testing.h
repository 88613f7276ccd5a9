// A throwaway PostgreSQL-compatible server for application tests, in one line:
//
//   TEST(Orders, Totals) {
//     plinth::TestServer pg;                         // fresh in-memory database, free port
//     MyApp app(pg.uri());                           // postgresql://postgres@127.0.0.1:N/postgres
//     ...
//   }                                                // stopped and discarded here
//
// Each TestServer has its own database, so tests cannot see each other's data and may
// run in parallel.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "plinth/embed_export.h"
#include "plinth/embedded.h"
#include "plinth/embedded_server.h"

namespace plinth {

class PLINTH_EMBED_API TestServer {
 public:
  // Starts a server on 127.0.0.1 (trust authentication, user postgres) over a new
  // in-memory database, after running `schema_sql` (any statements) in it.
  explicit TestServer(std::string_view schema_sql = {});
  ~TestServer() = default;  // the server stops first, then the database goes
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  uint16_t port() const { return server_.port(); }
  std::string host() const { return "127.0.0.1"; }
  // postgresql://postgres@127.0.0.1:PORT/postgres
  std::string uri() const { return server_.uri(); }
  // The libpq keyword form: "host=127.0.0.1 port=PORT user=postgres dbname=postgres"
  std::string connection_string() const;
  // The served database, for seeding and checking from the test itself.
  EmbeddedDatabase& database() { return database_; }

 private:
  EmbeddedDatabase database_;  // declared first: outlives the server
  EmbeddedServer server_;
};

}  // namespace plinth
