// Internal: what the public handles of plinth/embedded.h and plinth/embedded_server.h
// point to. Engine types live here, out of the public headers.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "host/server/shared_database.h"

namespace plinth {

class Session;
struct PreparedStatement;

namespace detail {

// One in-process session. Holds the database open while it lives, so a session (or a
// server) outliving the EmbeddedDatabase handle's close() never touches freed memory.
struct SessionState {
  std::shared_ptr<SharedDatabase> shared;             // declared first: outlives session
  std::shared_ptr<const std::atomic<bool>> database_closed;
  std::mutex mu;                                      // one statement at a time
  std::unique_ptr<Session> session;                   // null once closed
  ~SessionState();

  // Throws SqlError 08003 when this session or its database was closed. Caller holds mu.
  Session& Use();
  void Close();
};

// A LocalSession::prepare result: the engine's statement and the session it belongs to.
struct PreparedState {
  std::shared_ptr<SessionState> session;
  std::shared_ptr<PreparedStatement> statement;
};

struct DatabaseState {
  std::shared_ptr<SharedDatabase> shared;  // null once closed
  std::shared_ptr<std::atomic<bool>> closed = std::make_shared<std::atomic<bool>>(false);
  // The settings the database was opened with; servers built over it start from them
  // (TimeZone, DateStyle...).
  std::map<std::string, std::string> settings;
  std::mutex mu;  // guards shared and default_session
  std::shared_ptr<SessionState> default_session;

  // The open database, or SqlError 08003.
  std::shared_ptr<SharedDatabase> Get();
  std::shared_ptr<SessionState> NewSession(const std::string& user);
};

}  // namespace detail
}  // namespace plinth
