// Runs a SQL script (many statements) on a fresh session, as `psql -f` would with
// ON_ERROR_STOP: used for init_sql. Returns the first error.
#pragma once

#include <string_view>

#include "engine/common/status.h"

namespace plinth {

class Database;
Status RunScript(Database& db, std::string_view sql);

}  // namespace plinth
