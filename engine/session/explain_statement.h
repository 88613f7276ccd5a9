// EXPLAIN [ANALYZE] [(options)] statement: the plan as text rows of one column,
// "QUERY PLAN" (engine/planner/explain.h has the format).
#pragma once

#include <string>
#include <vector>

#include "engine/session/utility.h"

struct PgQuery__ExplainStmt;

namespace plinth {

Status RunExplain(UtilityContext& ctx, const PgQuery__ExplainStmt* es, std::vector<Row>* rows);

}  // namespace plinth
