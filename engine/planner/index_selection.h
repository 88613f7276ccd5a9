// Index selection: lets a query reach a table's rows through a secondary index instead
// of reading the whole table, when its WHERE clause restricts the index's leading key
// parts (equality on a prefix, then optionally a range on the next part). Expression
// indexes qualify when the predicate uses the same expression, e.g. an index on
// lower(title) serves `WHERE lower(title) = 'x'`.
#pragma once

#include <string>

#include "engine/planner/plan.h"

namespace plinth {

// `filter` is a Filter node. When its child is a TableScan without a usable primary-key
// equality and some secondary index matches the predicate better, turns the child into
// an IndexScan. The Filter keeps the whole predicate, so the index range only narrows.
void ChooseIndexScan(PlanNode* filter);

// EXPLAIN text of an IndexScan node: "Index Scan using <index> on <table>".
std::string DescribeIndexScan(const PlanNode& node);

}  // namespace plinth
