// Join planning (join_planning.cc): moves filters into inner joins, pushes conditions
// that read one side only down to that side, and turns equality conditions between the
// sides into hash join keys.
#pragma once

#include "engine/planner/plan.h"

namespace plinth {

// A Filter directly over an inner, non-LATERAL join becomes part of the join condition
// (the node is rewritten in place into the join). Returns true when it did.
bool MergeFilterIntoJoin(PlanNode* filter);
// Plans one NestedLoopJoin node: pushes single-side conjuncts into Filters over its
// inputs and picks hash keys (the node becomes a HashJoin).
void PlanJoin(PlanNode* join);

}  // namespace plinth
