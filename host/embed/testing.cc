#include "plinth/testing.h"

namespace plinth {

namespace {
EmbeddedDatabase FreshDatabase(std::string_view schema_sql) {
  EmbeddedDatabase db = EmbeddedDatabase::open_in_memory();
  if (!schema_sql.empty()) db.execute(schema_sql);
  return db;
}
}  // namespace

TestServer::TestServer(std::string_view schema_sql)
    : database_(FreshDatabase(schema_sql)), server_(ServerBuilder().address("127.0.0.1").port(0).build(database_)) {
  server_.start();
}

std::string TestServer::connection_string() const {
  return "host=127.0.0.1 port=" + std::to_string(port()) + " user=postgres dbname=postgres";
}

}  // namespace plinth
