// The one exception type of the embedding API: an error as PostgreSQL reports it, with
// its SQLSTATE, so an application can react to, say, 23505 (unique violation) the same
// way whether it ran the statement in process or through a driver.
#pragma once

#include <stdexcept>
#include <string>

#include "plinth/embed_export.h"

namespace plinth {

class PLINTH_EMBED_API SqlError : public std::runtime_error {
 public:
  SqlError(std::string sqlstate, std::string message, std::string detail = {}, std::string hint = {});

  // Five characters, e.g. "42P01" (undefined table). The API's own misuse errors use
  // the standard classes too: 08003 for a closed database or session, 55000 for a
  // server that is already running, 58000 for a port that cannot be bound.
  const std::string& sqlstate() const noexcept { return sqlstate_; }
  // The primary message, as PostgreSQL words it (lower case, no SQLSTATE).
  const std::string& message() const noexcept { return message_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::string& hint() const noexcept { return hint_; }

 private:
  std::string sqlstate_, message_, detail_, hint_;
};

}  // namespace plinth
