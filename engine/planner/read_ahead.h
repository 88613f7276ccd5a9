// Which plan nodes are drained: the node above reads every row they yield before it
// yields anything itself (a Sort, an Aggregate, the materialized right side of a join,
// and what streams into those). Such a node may read its own input ahead of the rows
// it returns: nobody can stop after a few rows, and no statement writes in between. The
// hash join uses it to probe in batches whose table reads overlap.
#pragma once

#include "engine/planner/plan.h"

namespace plinth {

// Sets PlanNode::drained throughout the tree under `root` (whose own rows go to the
// statement, row by row: not drained). Subquery plans are marked on their own.
void MarkDrained(PlanNode* root);

}  // namespace plinth
