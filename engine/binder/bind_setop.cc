// Binding of UNION/INTERSECT/EXCEPT and of WITH (plain and RECURSIVE). A WITH entry
// is bound again at each reference, in the scope of its definition, so every reference
// is an ordinary subquery; a recursive one becomes a RecursiveUnion whose recursive
// term reads the work table.
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/bind_internal.h"

namespace plinth {

namespace {

const PgQuery__SelectStmt* LeftmostSimple(const PgQuery__SelectStmt* sel) {
  while (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE && sel->larg) sel = sel->larg;
  return sel;
}

int TargetLocation(const PgQuery__SelectStmt* sel, size_t i) {
  const PgQuery__SelectStmt* s = LeftmostSimple(sel);
  if (i >= s->n_target_list) return -1;
  return LocationOf(s->target_list[i]);
}

}  // namespace

Result<std::unique_ptr<PlanNode>> Binder::BindSetOp(const PgQuery__SelectStmt* sel, std::vector<OutputColumn>* out) {
  const char* context = sel->op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? "UNION"
                        : sel->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? "INTERSECT"
                                                                              : "EXCEPT";
  std::vector<OutputColumn> lcols, rcols;
  PLINTH_ASSIGN_OR_RETURN(auto left, BindIsolated(sel->larg, &lcols, true));
  PLINTH_ASSIGN_OR_RETURN(auto right, BindIsolated(sel->rarg, &rcols, true));
  if (lcols.size() != rcols.size())
    return PositionedError("42601", std::string("each ") + context + " query must have the same number of columns",
                           TargetLocation(sel->rarg, 0));
  std::vector<Oid> types;
  for (size_t i = 0; i < lcols.size(); i++) {
    ExprPtr l = Expr::MakeConst(Value::Null(), lcols[i].type);
    ExprPtr r = Expr::MakeConst(Value::Null(), rcols[i].type);
    l->location = TargetLocation(sel->larg, i);
    r->location = TargetLocation(sel->rarg, i);
    std::vector<ExprPtr*> ptrs{&l, &r};
    PLINTH_ASSIGN_OR_RETURN(Oid t, CommonType(ptrs, context));
    types.push_back(t);
  }
  // Casts an arm's columns to the set operation's types; the untyped literals of a
  // plain SELECT arm are converted at bind time, so a bad one is reported at its position.
  auto coerce_arm = [&](std::unique_ptr<PlanNode> arm) -> Result<std::unique_ptr<PlanNode>> {
    if (arm->kind != PlanKind::Project || arm->exprs.size() != types.size()) return CastColumns(std::move(arm), types);
    for (size_t i = 0; i < types.size(); i++) {
      if (arm->exprs[i]->type == types[i]) continue;
      PLINTH_ASSIGN_OR_RETURN(arm->exprs[i], CoerceTo(std::move(arm->exprs[i]), types[i], -1, CastContext::Implicit, context));
      arm->column_types[i] = types[i];
    }
    return arm;
  };
  PLINTH_ASSIGN_OR_RETURN(left, coerce_arm(std::move(left)));
  PLINTH_ASSIGN_OR_RETURN(right, coerce_arm(std::move(right)));
  for (size_t i = 0; i < lcols.size(); i++) {
    OutputColumn oc = lcols[i];
    oc.type = types[i];
    if (oc.typmod != rcols[i].typmod || lcols[i].type != types[i]) oc.typmod = -1;
    oc.table_oid = 0;
    oc.attnum = 0;
    out->push_back(oc);
  }
  auto node = MakeNode(PlanKind::SetOp, types);
  node->set_op = sel->op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? SetOpKind::Union
                 : sel->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? SetOpKind::Intersect
                                                                       : SetOpKind::Except;
  node->set_all = sel->all;
  node->child = std::move(left);
  node->right = std::move(right);
  return node;
}

Status Binder::PushWith(const PgQuery__WithClause* with) {
  for (size_t i = 0; i < with->n_ctes; i++) {
    const PgQuery__CommonTableExpr* cte = with->ctes[i]->common_table_expr;
    auto b = std::make_shared<CteBinding>();
    b->name = cte->ctename;
    b->cte = cte;
    b->recursive = with->recursive;
    // A recursive entry sees itself; any entry sees the ones before it.
    b->visible = ctes_.size() + (with->recursive ? 1 : 0);
    if (cte->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) PLINTH_RETURN_IF_ERROR(BindModifyingCte(*b));
    ctes_.push_back(std::move(b));
  }
  return Status::OK();
}

Result<std::unique_ptr<PlanNode>> Binder::BindCteRef(CteBinding& cte, std::vector<OutputColumn>* cols) {
  if (cte.modifying && !cte.has_returning)
    return Status::Error("0A000", "WITH query \"" + cte.name + "\" does not have a RETURNING clause");
  if (cte.in_recursive_term || cte.modifying) {
    cte.referenced = true;
    *cols = cte.work_columns;
    auto scan = MakeNode(PlanKind::WorkTableScan, TypesOf(cte.work_columns));
    scan->work_table = cte.work_table;
    return scan;
  }
  std::vector<std::shared_ptr<CteBinding>> saved = ctes_;
  ctes_.resize(std::min(cte.visible, ctes_.size()));
  auto r = BindCteQuery(cte, cols);
  ctes_ = std::move(saved);
  return r;
}

Result<std::unique_ptr<PlanNode>> Binder::BindCteQuery(CteBinding& cte, std::vector<OutputColumn>* cols) {
  const PgQuery__SelectStmt* sel = cte.cte->ctequery->select_stmt;
  auto rename = [&](std::vector<OutputColumn>* c) -> Status {
    if (cte.cte->n_aliascolnames > c->size())
      return Status::Error("42P10", "WITH query \"" + cte.name + "\" has " + std::to_string(c->size()) +
                                        " columns available but " + std::to_string(cte.cte->n_aliascolnames) +
                                        " columns specified");
    for (size_t i = 0; i < cte.cte->n_aliascolnames; i++) (*c)[i].name = cte.cte->aliascolnames[i]->string->sval;
    return Status::OK();
  };
  bool recursive_shape = cte.recursive && sel->op == PG_QUERY__SET_OPERATION__SETOP_UNION && !sel->n_sort_clause &&
                         !sel->limit_count && !sel->limit_offset;
  if (!recursive_shape) {
    PLINTH_ASSIGN_OR_RETURN(auto node, BindIsolated(sel, cols, false));
    PLINTH_RETURN_IF_ERROR(rename(cols));
    return node;
  }
  std::vector<OutputColumn> lcols, rcols;
  PLINTH_ASSIGN_OR_RETURN(auto left, BindIsolated(sel->larg, &lcols, false));
  PLINTH_RETURN_IF_ERROR(rename(&lcols));
  cte.in_recursive_term = true;
  cte.referenced = false;
  cte.work_table = next_work_table_++;
  cte.work_columns = lcols;
  bool saved_term = recursive_term_;
  recursive_term_ = true;
  auto r = BindIsolated(sel->rarg, &rcols, false);
  recursive_term_ = saved_term;
  cte.in_recursive_term = false;
  PLINTH_ASSIGN_OR_RETURN(auto right, std::move(r));
  if (lcols.size() != rcols.size())
    return PositionedError("42601", "each UNION query must have the same number of columns",
                           TargetLocation(sel->rarg, 0));
  right = CastColumns(std::move(right), TypesOf(lcols));
  auto node = MakeNode(cte.referenced ? PlanKind::RecursiveUnion : PlanKind::SetOp, TypesOf(lcols));
  node->set_op = SetOpKind::Union;
  node->set_all = sel->all;
  node->work_table = cte.work_table;
  node->child = std::move(left);
  node->right = std::move(right);
  *cols = std::move(lcols);
  return node;
}

}  // namespace plinth
