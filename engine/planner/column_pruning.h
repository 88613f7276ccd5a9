// Column pruning: which output columns of each plan node anything above it reads.
//
// Rows keep the full width the binder gave them (every Column expression stays valid),
// so pruning changes no row layout. It only tells the operators that produce rows which
// columns they may leave null: a TableScan then decodes two columns of three, and a
// join copies only the columns its consumers read instead of every column of both
// sides. The analysis is conservative: a node whose needs it does not model passes
// "all columns" down to its inputs.
#pragma once

#include "engine/planner/plan.h"

namespace plinth {

// Sets PlanNode::used_columns for every node under `root` (subqueries inside
// expressions are plans of their own: prune them separately). The root's rows go to
// the statement (client, INSERT, UPDATE, DELETE), which reads every column.
void PruneColumns(PlanNode* root);

// Marks in *columns the columns of its input row that `e` reads (all of them when it
// reads one past the end).
void MarkColumnsRead(const Expr& e, std::vector<bool>* columns);

}  // namespace plinth
