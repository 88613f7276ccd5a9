#include "engine/planner/planner.h"

#include <functional>
#include <map>

#include "engine/functions/functions.h"

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

void Walk(PlanNode* node) {
  if (!node) return;
  if (node->kind == PlanKind::Filter) PushDownKeyRange(node);
  Walk(node->child.get());
}

}  // namespace

void Optimize(Plan* plan) { Walk(plan->root.get()); }

}  // namespace plinth
