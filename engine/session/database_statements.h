// CREATE/DROP/ALTER DATABASE and ALTER ROLE ... SET: the statements about databases
// and stored setting defaults, with PostgreSQL 15's checks and messages. They act on
// the session database's Cluster (session/cluster.h) and, like PostgreSQL's CREATE and
// DROP DATABASE, take effect at once rather than with the surrounding transaction.
#pragma once

#include <string>
#include <vector>

#include "engine/session/utility.h"

namespace plinth {

// Returns true when `node` is one of these statements (then *status says how it went).
bool RunDatabaseStatement(UtilityContext& ctx, const PgQuery__Node* node, std::string* tag,
                          std::vector<Notice>* notices, Status* status);

}  // namespace plinth
