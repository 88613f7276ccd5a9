// The binder entry points the view printer (query_deparse.cc) uses: it walks the parse
// tree itself and needs only the FROM scope and each expression bound over it.
#include "engine/binder/bind_internal.h"
#include <pg_query/pg_query.pb-c.h>

namespace plinth {

Status Binder::BindFromForDeparse(const PgQuery__SelectStmt* sel) {
  std::unique_ptr<PlanNode> input;
  for (size_t i = 0; i < sel->n_from_clause; i++) {
    PLINTH_ASSIGN_OR_RETURN(input, BindFromItem(sel->from_clause[i], std::move(input)));
  }
  return CheckDuplicateAliases();
}

void Binder::EnterDeparseLevelOf(const Binder& outer) {
  outer_levels_ = outer.outer_levels_;
  outer_levels_.push_back(SavedLevel{outer.scope_, outer.outer_refs_});
  scope_.clear();
  outer_refs_.clear();
}

bool Binder::OuterRefSource(int slot, const std::vector<ScopeEntry>** scope, int* position) const {
  if (slot < 0 || static_cast<size_t>(slot) >= outer_refs_.size()) return false;
  const OuterRefSlot& ref = outer_refs_[static_cast<size_t>(slot)];
  if (ref.level >= outer_levels_.size()) return false;
  *scope = &outer_levels_[ref.level].scope;
  *position = ref.position;
  return true;
}

Result<ExprPtr> Binder::BindQueryClauseExpr(const PgQuery__Node* node, std::vector<AggregateCall>* aggregates) {
  AggregateScope scope;
  aggs_ = &scope;
  agg_forbidden_ = nullptr;
  auto bound = BindExpr(node);
  aggs_ = nullptr;
  // AggRef indexes are per scope: renumber them after the calls collected so far.
  PLINTH_ASSIGN_OR_RETURN(ExprPtr e, std::move(bound));
  int base = static_cast<int>(aggregates->size());
  for (AggregateCall& call : scope.calls) aggregates->push_back(std::move(call));
  if (base > 0) {
    std::vector<Expr*> stack{e.get()};
    while (!stack.empty()) {
      Expr* x = stack.back();
      stack.pop_back();
      if (x->kind == ExprKind::AggRef) x->column += base;
      for (ExprPtr& a : x->args)
        if (a) stack.push_back(a.get());
    }
  }
  return e;
}

}  // namespace plinth
