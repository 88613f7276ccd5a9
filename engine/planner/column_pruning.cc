#include "engine/planner/column_pruning.h"

#include <algorithm>

namespace plinth {

namespace {

using ColumnSet = std::vector<bool>;

ColumnSet AllOf(const PlanNode& node) { return ColumnSet(node.column_types.size(), true); }

// The columns of the row `e` is evaluated over that it reads. A SubLink's args are
// evaluated over that row (its outer values and ANY/ALL operands); its subplan and its
// `combine` read rows of their own. A column out of range means the expression is not
// what this analysis expects: then every column counts as read.
void MarkColumns(const Expr& e, ColumnSet* used) {
  if (e.kind == ExprKind::Column) {
    if (e.column >= 0 && static_cast<size_t>(e.column) < used->size()) (*used)[e.column] = true;
    else std::fill(used->begin(), used->end(), true);
  }
  for (const auto& a : e.args) MarkColumns(*a, used);
}

void MarkColumns(const std::vector<ExprPtr>& exprs, ColumnSet* used) {
  for (const auto& e : exprs)
    if (e) MarkColumns(*e, used);
}

void MarkColumns(const std::vector<SortKey>& keys, ColumnSet* used) {
  for (const auto& k : keys) MarkColumns(*k.expr, used);
}

// `used` restricted to the columns [from, from + width).
ColumnSet Slice(const ColumnSet& used, size_t from, size_t width) {
  ColumnSet part(width, true);
  for (size_t i = 0; i < width && from + i < used.size(); i++) part[i] = used[from + i];
  return part;
}

void Prune(PlanNode* node, ColumnSet used);

// A join's row is [left columns..., right columns...]; its condition reads both.
void PruneJoin(PlanNode* node, const ColumnSet& used) {
  size_t left_width = node->child->column_types.size();
  size_t right_width = node->right->column_types.size();
  ColumnSet joined = used;
  joined.resize(left_width + right_width, true);
  if (node->predicate) MarkColumns(*node->predicate, &joined);
  ColumnSet left = Slice(joined, 0, left_width);
  ColumnSet right = Slice(joined, left_width, right_width);
  MarkColumns(node->left_keys, &left);
  MarkColumns(node->right_keys, &right);
  if (node->lateral) {
    // The right side reads the left row through its outer frame, built from these.
    MarkColumns(node->lateral_args, &left);
    right = AllOf(*node->right);
  }
  Prune(node->child.get(), std::move(left));
  Prune(node->right.get(), std::move(right));
}

// Fills node->used_columns from `used` (what the parent reads of node's rows) and
// works out what node itself reads of its inputs.
void Prune(PlanNode* node, ColumnSet used) {
  if (!node) return;
  used.resize(node->column_types.size(), true);
  bool all = std::all_of(used.begin(), used.end(), [](bool b) { return b; });
  node->used_columns = all ? ColumnSet() : used;

  PlanNode* child = node->child.get();
  switch (node->kind) {
    case PlanKind::Filter: {
      MarkColumns(*node->predicate, &used);
      Prune(child, std::move(used));
      return;
    }
    case PlanKind::Project: {
      // ProjectOp evaluates every expression, used or not.
      ColumnSet input(child->column_types.size(), false);
      MarkColumns(node->exprs, &input);
      Prune(child, std::move(input));
      return;
    }
    case PlanKind::Sort:
    case PlanKind::Limit: {
      // Sort keys, and FETCH ... WITH TIES peers, are over the node's own rows.
      MarkColumns(node->keys, &used);
      Prune(child, std::move(used));
      return;
    }
    case PlanKind::Distinct: {
      if (node->distinct_columns.empty()) {
        Prune(child, AllOf(*child));
      } else {
        for (int c : node->distinct_columns)
          if (c >= 0 && static_cast<size_t>(c) < used.size()) used[c] = true;
        Prune(child, std::move(used));
      }
      return;
    }
    case PlanKind::Aggregate: {
      ColumnSet input(child->column_types.size(), false);
      MarkColumns(node->group_keys, &input);
      for (const AggregateCall& call : node->aggregates) {
        MarkColumns(call.args, &input);
        if (call.filter) MarkColumns(*call.filter, &input);
        MarkColumns(call.order, &input);
      }
      Prune(child, std::move(input));
      return;
    }
    case PlanKind::HashJoin:
    case PlanKind::NestedLoopJoin:
      PruneJoin(node, used);
      return;
    default:
      // Not modelled (set operations, windows, set-returning functions, ...): their
      // inputs are read whole.
      if (child) Prune(child, AllOf(*child));
      if (node->right) Prune(node->right.get(), AllOf(*node->right));
      return;
  }
}

}  // namespace

void MarkColumnsRead(const Expr& e, std::vector<bool>* columns) { MarkColumns(e, columns); }

void PruneColumns(PlanNode* root) {
  if (root) Prune(root, AllOf(*root));
}

}  // namespace plinth
