#include "engine/planner/planner.h"

#include <functional>
#include <map>
#include <unordered_set>

#include "engine/functions/functions.h"
#include "engine/planner/column_pruning.h"
#include "engine/planner/index_selection.h"
#include "engine/planner/join_planning.h"
#include "engine/planner/read_ahead.h"

namespace plinth {

namespace {

// True when e can be evaluated before the scan starts (no column references).
bool IsRowIndependent(const Expr& e) {
  if (e.kind == ExprKind::Column) return false;
  if (e.fn && e.fn->volatile_) return false;
  for (const auto& a : e.args)
    if (!IsRowIndependent(*a)) return false;
  return true;
}

void CollectConjuncts(Expr* e, std::vector<Expr*>* out) {
  if (e->kind == ExprKind::And) {
    for (auto& a : e->args) CollectConjuncts(a.get(), out);
  } else {
    out->push_back(e);
  }
}

// Matches `column OP expr` or `expr OP column` where OP compares two values of the
// column's own type. Returns the normalized operator (as if the column were on the left).
bool MatchComparison(Expr* e, int column, Oid type, std::string* op, Expr** other) {
  if (e->kind != ExprKind::Func || !e->fn || e->args.size() != 2) return false;
  const std::string& name = e->fn->name;
  if (name != "=" && name != "<" && name != "<=" && name != ">" && name != ">=") return false;
  if (e->fn->args[0] != type || e->fn->args[1] != type) return false;
  Expr* l = e->args[0].get();
  Expr* r = e->args[1].get();
  if (l->kind == ExprKind::Column && l->column == column && IsRowIndependent(*r)) {
    *op = name;
    *other = r;
    return true;
  }
  if (r->kind == ExprKind::Column && r->column == column && IsRowIndependent(*l)) {
    static const std::map<std::string, std::string> flip = {{"=", "="}, {"<", ">"}, {"<=", ">="}, {">", "<"}, {">=", "<="}};
    *op = flip.at(name);
    *other = l;
    return true;
  }
  return false;
}

void PushDownKeyRange(PlanNode* filter) {
  PlanNode* scan = filter->child.get();
  if (!scan || scan->kind != PlanKind::TableScan || !scan->range.empty()) return;
  const TableDef& t = *scan->table;
  if (t.primary_key.empty()) return;
  std::vector<Expr*> conjuncts;
  CollectConjuncts(filter->predicate.get(), &conjuncts);
  KeyRange range;
  for (int keycol : t.primary_key) {
    Oid type = t.columns[keycol].type;
    Expr* eq = nullptr;
    Expr *lo = nullptr, *hi = nullptr;
    bool lo_inc = true, hi_inc = true;
    for (Expr* c : conjuncts) {
      std::string op;
      Expr* other = nullptr;
      if (!MatchComparison(c, keycol, type, &op, &other)) continue;
      if (op == "=") eq = other;
      else if (op == ">" || op == ">=") { lo = other; lo_inc = op == ">="; }
      else { hi = other; hi_inc = op == "<="; }
    }
    if (eq) {
      range.equal.push_back(eq->Clone());
      continue;
    }
    if (lo) range.lower = lo->Clone(), range.lower_inclusive = lo_inc;
    if (hi) range.upper = hi->Clone(), range.upper_inclusive = hi_inc;
    break;
  }
  scan->range = std::move(range);
}

// Every expression a node evaluates (to reach the subqueries inside them).
void ForEachExpr(PlanNode* n, const std::function<void(Expr*)>& fn) {
  auto one = [&](ExprPtr& e) {
    if (e) fn(e.get());
  };
  one(n->predicate);
  one(n->limit);
  one(n->offset);
  for (auto& e : n->exprs) one(e);
  for (auto& row : n->rows)
    for (auto& e : row) one(e);
  for (auto& k : n->keys) one(k.expr);
  for (auto& e : n->group_keys) one(e);
  for (auto& a : n->aggregates) {
    for (auto& e : a.args) one(e);
    one(a.filter);
    for (auto& k : a.order) one(k.expr);
  }
  for (auto& e : n->left_keys) one(e);
  for (auto& e : n->right_keys) one(e);
  for (auto& e : n->lateral_args) one(e);
  for (auto& e : n->function_args) one(e);
  for (auto& w : n->windows) {
    for (auto& e : w.args) one(e);
    for (auto& e : w.aggregate.args) one(e);
    one(w.aggregate.filter);
    for (auto& e : w.partition) one(e);
    for (auto& k : w.order) one(k.expr);
    for (FrameBound* b : {&w.start, &w.end}) {
      one(b->offset);
      one(b->range_bound);
    }
  }
}

class Optimizer {
 public:
  void Node(PlanNode* node) {
    if (!node || !seen_.insert(node).second) return;
    if (node->kind == PlanKind::Filter) MergeFilterIntoJoin(node);
    if (node->kind == PlanKind::Filter) PushDownKeyRange(node);
    if (node->kind == PlanKind::Filter) ChooseIndexScan(node);  // index_selection.cc
    if (node->kind == PlanKind::NestedLoopJoin) PlanJoin(node);
    // ORDER BY ... LIMIT k: the sort only needs to keep the best k (+ offset) rows.
    if (node->kind == PlanKind::Limit && !node->with_ties && node->limit && node->child &&
        node->child->kind == PlanKind::Sort && !node->child->limit) {
      node->child->limit = node->limit->Clone();
      if (node->offset) node->child->offset = node->offset->Clone();
    }
    ForEachExpr(node, [this](Expr* e) { Expression(e); });
    Node(node->child.get());
    Node(node->right.get());
  }

  void Expression(Expr* e) {
    if (e->kind == ExprKind::SubLink) {
      Node(e->subplan.get());
      PruneColumns(e->subplan.get());
      MarkDrained(e->subplan.get());
    }
    for (auto& a : e->args) Expression(a.get());
  }

 private:
  std::unordered_set<const PlanNode*> seen_;  // subplans are shared by cloned expressions
};

}  // namespace

void Optimize(Plan* plan) {
  Optimizer opt;
  opt.Node(plan->root.get());
  PruneColumns(plan->root.get());
  MarkDrained(plan->root.get());
  for (auto& e : plan->assignments)
    if (e) opt.Expression(e.get());
  for (auto& e : plan->returning) opt.Expression(e.get());
  for (auto& [name, e] : plan->checks) opt.Expression(e.get());
  if (plan->on_conflict) {
    for (auto& e : plan->on_conflict->assignments)
      if (e) opt.Expression(e.get());
    if (plan->on_conflict->where) opt.Expression(plan->on_conflict->where.get());
  }
  for (ModifyingCte& cte : plan->modifying_ctes) Optimize(cte.plan.get());
}

}  // namespace plinth
