// The planner: rewrites the binder's logical plan into the plan the executor runs.
// Today it pushes equality and range predicates on a table's primary key into the
// scan (point lookups and range scans instead of full scans). Predicates stay in the
// Filter above as well, so a pushed-down range is only ever a narrowing.
#pragma once

#include "engine/planner/plan.h"

namespace plinth {

void Optimize(Plan* plan);

}  // namespace plinth
