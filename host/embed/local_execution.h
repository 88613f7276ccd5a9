// Running SQL on an engine Session in process, with the transaction handling a client
// connection gets from the wire protocol (host/server/connection.cc): the simple query
// protocol's implicit transaction over a whole string, and the extended protocol's
// parse/bind/execute for one statement with parameters.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"
#include "engine/executor/exec_context.h"
#include "engine/planner/plan.h"

namespace plinth {

class Session;
struct PreparedStatement;

// What one statement produced, rows fully read.
struct StatementOutcome {
  std::vector<OutputColumn> columns;
  std::vector<Row> rows;
  std::string tag;  // CommandComplete tag; "" for an empty query
};

// Every ';'-separated statement of `sql`; the last statement's outcome. The first error
// stops the string and rolls back its implicit transaction (or fails the open block).
Result<StatementOutcome> RunSimpleQuery(Session& session, std::string_view sql);

// Exactly one statement with parameters $1..$n given as text (nullopt = NULL), typed by
// the statement as a driver's unspecified-type parameters are.
Result<StatementOutcome> RunWithParams(Session& session, std::string_view sql,
                                       const std::vector<std::optional<std::string>>& params);

// Parses, binds and plans exactly one statement once, for RunPreparedStatement to run
// many times (the extended protocol's Parse). A failure ends the implicit transaction
// as a failed statement does.
Result<std::shared_ptr<PreparedStatement>> PrepareOne(Session& session, std::string_view sql);
Result<StatementOutcome> RunPreparedStatement(Session& session, std::shared_ptr<PreparedStatement> stmt,
                                              const std::vector<std::optional<std::string>>& params);

}  // namespace plinth
