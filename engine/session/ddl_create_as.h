// CREATE TABLE ... AS and SELECT ... INTO.
#pragma once

#include <string>
#include <vector>

#include "engine/session/utility.h"

struct PgQuery__Node;
struct PgQuery__IntoClause;

namespace plinth {

// `query` is the SELECT (for SELECT INTO: the statement itself; its INTO clause is
// ignored when binding). *tag becomes "SELECT n".
Status CreateTableAs(UtilityContext& ctx, const PgQuery__Node* query, const PgQuery__IntoClause* into,
                     bool if_not_exists, std::string* tag, std::vector<Notice>* notices);

}  // namespace plinth
