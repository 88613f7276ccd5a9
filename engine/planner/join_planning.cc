#include "engine/planner/join_planning.h"

#include "engine/functions/functions.h"

namespace plinth {

namespace {

void Conjuncts(ExprPtr e, std::vector<ExprPtr>* out) {
  if (e->kind == ExprKind::And) {
    for (auto& a : e->args) Conjuncts(std::move(a), out);
  } else {
    out->push_back(std::move(e));
  }
}

ExprPtr AndOf(std::vector<ExprPtr> parts) {
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return std::move(parts[0]);
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::And;
  e->type = oids::kBool;
  e->args = std::move(parts);
  return e;
}

// Which sides of a join row (split at `left_width`) an expression reads; `movable` is
// false when it must stay where it is (volatile functions).
struct Sides {
  bool left = false, right = false, movable = true;
};

void Inspect(const Expr& e, int left_width, Sides* s) {
  if (e.kind == ExprKind::Column) (e.column < left_width ? s->left : s->right) = true;
  if (e.fn && e.fn->volatile_) s->movable = false;
  for (const auto& a : e.args) Inspect(*a, left_width, s);
}

void Shift(Expr* e, int delta) {
  if (e->kind == ExprKind::Column) e->column += delta;
  for (auto& a : e->args) Shift(a.get(), delta);
}

void AddFilter(std::unique_ptr<PlanNode>* slot, std::vector<ExprPtr> parts) {
  if (parts.empty()) return;
  auto filter = std::make_unique<PlanNode>();
  filter->kind = PlanKind::Filter;
  filter->column_types = (*slot)->column_types;
  filter->predicate = AndOf(std::move(parts));
  filter->child = std::move(*slot);
  *slot = std::move(filter);
}

// Types whose key encoding identifies equal values exactly (floats have -0 and NaN).
bool Hashable(Oid t) { return t != oids::kFloat4 && t != oids::kFloat8 && t != oids::kUnknown; }

}  // namespace

bool MergeFilterIntoJoin(PlanNode* filter) {
  PlanNode* join = filter->child.get();
  if (!join || join->kind != PlanKind::NestedLoopJoin || join->join_type != JoinType::Inner || join->lateral)
    return false;
  std::unique_ptr<PlanNode> owned = std::move(filter->child);
  ExprPtr pred = std::move(filter->predicate);
  *filter = std::move(*owned);
  std::vector<ExprPtr> parts;
  if (filter->predicate) parts.push_back(std::move(filter->predicate));
  parts.push_back(std::move(pred));
  filter->predicate = AndOf(std::move(parts));
  return true;
}

void PlanJoin(PlanNode* join) {
  if (join->kind != PlanKind::NestedLoopJoin || !join->predicate || join->lateral) return;
  int lw = static_cast<int>(join->child->column_types.size());
  std::vector<ExprPtr> conjuncts, keep, to_left, to_right;
  Conjuncts(std::move(join->predicate), &conjuncts);
  JoinType type = join->join_type;
  for (auto& c : conjuncts) {
    Sides s;
    Inspect(*c, lw, &s);
    // An ON condition may restrict the side whose unmatched rows are not kept.
    if (s.movable && s.left && !s.right && (type == JoinType::Inner || type == JoinType::Right)) {
      to_left.push_back(std::move(c));
    } else if (s.movable && s.right && !s.left && (type == JoinType::Inner || type == JoinType::Left)) {
      Shift(c.get(), -lw);
      to_right.push_back(std::move(c));
    } else {
      keep.push_back(std::move(c));
    }
  }
  AddFilter(&join->child, std::move(to_left));
  AddFilter(&join->right, std::move(to_right));

  std::vector<ExprPtr> residual;
  for (auto& c : keep) {
    bool is_key = false;
    if (c->kind == ExprKind::Func && c->fn && c->fn->name == "=" && c->args.size() == 2 &&
        c->args[0]->type == c->args[1]->type && Hashable(c->args[0]->type)) {
      Sides a, b;
      Inspect(*c->args[0], lw, &a);
      Inspect(*c->args[1], lw, &b);
      int left_arg = -1;
      if (a.movable && b.movable && a.left && !a.right && b.right && !b.left) left_arg = 0;
      if (a.movable && b.movable && b.left && !b.right && a.right && !a.left) left_arg = 1;
      if (left_arg >= 0) {
        ExprPtr r = std::move(c->args[1 - left_arg]);
        Shift(r.get(), -lw);
        join->left_keys.push_back(std::move(c->args[left_arg]));
        join->right_keys.push_back(std::move(r));
        is_key = true;
      }
    }
    if (!is_key) residual.push_back(std::move(c));
  }
  join->predicate = AndOf(std::move(residual));
  if (!join->left_keys.empty()) join->kind = PlanKind::HashJoin;
}

}  // namespace plinth
