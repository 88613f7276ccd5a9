// The planner: rewrites the binder's logical plan into the plan the executor runs.
// Today it pushes equality and range predicates on a table's primary key into the
// scan (point lookups and range scans instead of full scans). Predicates stay in the
// Filter above as well, so a pushed-down range is only ever a narrowing. Equality
// joins become hash joins (join_planning.h); finally every node learns which of its
// columns are read above it (column_pruning.h) and whether it is drained
// (read_ahead.h), which the scans and joins use to do less per row.
#pragma once

#include "engine/planner/plan.h"

namespace plinth {

void Optimize(Plan* plan);

}  // namespace plinth
