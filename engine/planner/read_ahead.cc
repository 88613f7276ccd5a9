#include "engine/planner/read_ahead.h"

namespace plinth {

namespace {

void Mark(PlanNode* node, bool drained) {
  if (!node) return;
  node->drained = drained;
  PlanNode* child = node->child.get();
  switch (node->kind) {
    case PlanKind::Filter:
    case PlanKind::Project:
    case PlanKind::Distinct:
      // One output row per input row at most, in order: as drained as they are.
      Mark(child, drained);
      return;
    case PlanKind::HashJoin:
    case PlanKind::NestedLoopJoin:
      // The left side streams; the right side is read whole before the first row.
      Mark(child, drained);
      Mark(node->right.get(), true);
      return;
    case PlanKind::Sort:       // reads all of its input in Open (or none under LIMIT 0)
    case PlanKind::Aggregate:  // reads all of its input in Open
      Mark(child, true);
      return;
    default:
      // Anything else may stop early or interleave its inputs: not drained.
      Mark(child, false);
      Mark(node->right.get(), false);
      return;
  }
}

}  // namespace

void MarkDrained(PlanNode* root) { Mark(root, false); }

}  // namespace plinth
