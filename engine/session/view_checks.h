// WITH CHECK OPTION: rows written through a view must stay visible through it.
#pragma once

#include "engine/executor/exec_context.h"
#include "engine/planner/plan.h"

namespace plinth {

// Fails with PostgreSQL's 44000 when `row` (a new row of plan.table, as `t` lays it out)
// makes a check of plan.view_checks false.
Status CheckViewOptions(const Plan& plan, const TableDef& t, const Row& row, ExecContext& ctx);

}  // namespace plinth
