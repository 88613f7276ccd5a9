// Turning the engine's results and errors into the public types of plinth/query_result.h
// and plinth/sql_error.h. The only place that sees both sides.
#pragma once

#include "engine/common/status.h"
#include "engine/types/types.h"
#include "host/embed/local_execution.h"
#include "plinth/query_result.h"
#include "plinth/sql_error.h"

namespace plinth {

[[noreturn]] void ThrowSqlError(const Status& status);

// Returns the value, or throws its error as SqlError.
template <class T>
T ValueOrThrow(Result<T> result) {
  if (!result.ok()) ThrowSqlError(result.status());
  return result.take();
}

namespace detail {
struct ResultAccess {
  // Values are converted with the session's I/O settings (TimeZone, DateStyle...), so
  // their text is what a client of that session would receive.
  static QueryResult Build(StatementOutcome outcome, const IoContext& io);
};
}  // namespace detail

}  // namespace plinth
