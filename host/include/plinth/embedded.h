// Plinth as a library: a PostgreSQL-compatible database inside your process.
//
//   plinth::EmbeddedDatabase db = plinth::EmbeddedDatabase::open_in_memory();
//   db.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
//   db.execute("INSERT INTO users VALUES ($1, $2)", {1, "Alice"});
//   for (const auto& row : db.execute("SELECT id, name FROM users"))
//     auto [id, name] = row.as<int, std::string>();
//
// The same database can be served to PostgreSQL clients at the same time (see
// plinth/embedded_server.h): local calls and remote clients share one engine, so they
// see the same data and take part in the same transactions, with PostgreSQL's locking.
//
// Errors are thrown as plinth::SqlError carrying the SQLSTATE. Nothing in these headers
// exposes the engine; see docs/embedding.md.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plinth/embed_export.h"
#include "plinth/query_result.h"
#include "plinth/sql_error.h"

namespace plinth {

namespace detail {
struct DatabaseState;
struct SessionState;
struct PreparedState;
}  // namespace detail

struct DatabaseOptions {
  // Where a persistent store keeps its files; empty: an in-memory database.
  std::string data_directory;
  // The storage plugin, by name; empty: "storage_memory" without a data directory,
  // else "storage_lmdb". Loaded through the same plugin host as the server's.
  std::string storage_plugin;
  // Where the plugin .so files are; empty: the build tree's plugins/ directory next to
  // libplinth, else the installed <libdir>/plinth.
  std::string plugins_directory;
  // Any other plinth.toml setting by name ("TimeZone", "storage_lmdb.map_size",
  // "plugins.catalog", "init_sql"...), as text; see docs/configuration.md.
  std::map<std::string, std::string> settings;
  // The server log (stderr): debug, info, warning, error. Embedded use is quiet by default.
  std::string log_level = "warning";
};

// A statement parsed, bound and planned once by LocalSession::prepare, run any number
// of times with new parameters (what a driver's prepared statement is). It belongs to
// its session: it runs in the session's transaction and is unusable once the session
// closes (08003). Like the session, not for concurrent use from several threads.
class PLINTH_EMBED_API PreparedQuery {
 public:
  QueryResult execute(const std::vector<Param>& params = {});
  // How many parameters ($1..$n) the statement takes.
  size_t parameter_count() const;

 private:
  friend class LocalSession;
  explicit PreparedQuery(std::shared_ptr<detail::PreparedState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::PreparedState> state_;
};

// An in-process session: its own transaction state (BEGIN ... COMMIT), settings and
// prepared statements, like one client connection. Not for concurrent use from several
// threads; open one session per thread.
class PLINTH_EMBED_API LocalSession {
 public:
  // Runs any number of ';'-separated statements, as a simple query does (outside BEGIN
  // they form one implicit transaction), and returns the last statement's result.
  QueryResult execute(std::string_view sql);
  // Runs one statement with parameters $1..$n.
  QueryResult execute(std::string_view sql, const std::vector<Param>& params);
  // Prepares one statement (parameters $1..$n, typed from their use) for repeated runs;
  // SqlError for a statement that does not parse or bind.
  PreparedQuery prepare(std::string_view sql);
  // 'I' idle, 'T' inside a transaction block, 'E' in a failed block (until ROLLBACK).
  char transaction_status() const;
  // Ends the session (an open transaction is rolled back). Later calls throw 08003.
  void close();
  bool is_open() const;

 private:
  friend class EmbeddedDatabase;
  explicit LocalSession(std::shared_ptr<detail::SessionState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::SessionState> state_;
};

// A handle to an open database. Copies share the database (like a shared pointer);
// close() closes it for every copy. The data stays open while a server built from it
// still runs.
class PLINTH_EMBED_API EmbeddedDatabase {
 public:
  static EmbeddedDatabase open_in_memory();
  // A persistent database in `directory` (created if missing).
  static EmbeddedDatabase open(const std::string& directory, const std::string& storage_plugin = "storage_lmdb");
  static EmbeddedDatabase open(const DatabaseOptions& options);

  // As LocalSession::execute, on the database's own session. Calls from several threads
  // are serialised; for concurrent work or separate transactions use session().
  QueryResult execute(std::string_view sql);
  QueryResult execute(std::string_view sql, const std::vector<Param>& params);

  // A new session of its own, as `user` (a role of the database).
  LocalSession session(const std::string& user = "postgres");

  void close();
  bool is_open() const;

 private:
  friend class ServerBuilder;
  explicit EmbeddedDatabase(std::shared_ptr<detail::DatabaseState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::DatabaseState> state_;
};

}  // namespace plinth
