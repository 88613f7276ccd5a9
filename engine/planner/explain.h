// EXPLAIN: the text PostgreSQL prints for a plan, from Plinth's plan tree.
//
// Node names follow PostgreSQL ("Seq Scan on t", "Index Scan using t_pkey on t",
// "Hash Join", "Sort", "Limit", "Aggregate", ...), with their detail lines ("Filter:",
// "Index Cond:", "Hash Cond:", "Sort Key:", "Group Key:") and the same indentation and
// "->" arrows. Plinth's plans have nodes PostgreSQL does not print: a Filter becomes the
// "Filter:" line of the node below it, and a projection is not shown. Costs are the
// planner's rough estimates, not PostgreSQL's cost model.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/planner/plan.h"

namespace plinth {

struct ExplainOptions {
  bool analyze = false;
  bool costs = true;
  bool timing = true;   // ANALYZE: actual times (TIMING OFF leaves rows and loops)
  bool verbose = false; // accepted; output is the same
  bool summary = true;  // ANALYZE: Planning Time / Execution Time lines
};

// What EXPLAIN ANALYZE measured for one plan node.
struct NodeActuals {
  uint64_t rows = 0;   // over all loops
  uint64_t loops = 0;  // times the node was opened
  double startup_ms = 0, total_ms = 0;  // summed over loops
};

// The measurements of a node, or null when it never ran (or without ANALYZE).
using ActualsLookup = std::function<const NodeActuals*(const PlanNode*)>;

// One string per output line, without the trailing summary lines.
std::vector<std::string> ExplainPlan(const Plan& plan, const ExplainOptions& options, const ActualsLookup& actuals);

// A bound expression as EXPLAIN shows it: "(id = 1)", "((a > 2) AND (b IS NULL))".
std::string ExprText(const Expr& e);

}  // namespace plinth
