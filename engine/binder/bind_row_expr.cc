// Row constructors in expressions: ROW(1, 'a') and (1, 'a') as values. As in PostgreSQL
// the result is an anonymous record whose fields are named f1, f2...; unknown literals
// become text. It binds as a call of the registry's record constructor "(row)"
// (functions/record_functions.cc), like a whole-row reference (bind_whole_row.cc).
// Row comparisons and ROW(...) IS NULL never get here: bind_expr.cc takes them apart;
// ROW(...) IS [NOT] DISTINCT FROM ROW(...) is taken apart here (BindRowDistinct).
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"
#include "engine/functions/functions.h"
#include "engine/types/record.h"

namespace plinth {

namespace {

// t.* inside ROW(...): PostgreSQL expands it into t's columns.
bool IsQualifiedStar(const PgQuery__Node* n) {
  if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return false;
  const PgQuery__ColumnRef* ref = n->column_ref;
  return ref->n_fields == 2 && ref->fields[1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
}

bool IsRecordConstructor(const Expr& e) { return e.kind == ExprKind::Func && e.fn && e.fn->name == "(row)"; }

// The bound fields of ROW(...), each t.* spread into its columns; unknown literals stay
// unknown (a comparison resolves them against the other side).
template <typename BindFn>
Result<std::vector<ExprPtr>> BindRowFields(const PgQuery__RowExpr* row, BindFn bind) {
  std::vector<ExprPtr> fields;
  for (size_t i = 0; i < row->n_args; i++) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr v, bind(row->args[i]));
    if (IsQualifiedStar(row->args[i]) && IsRecordConstructor(*v)) {
      // The whole-row record's arguments after its shape are the columns.
      for (size_t c = 1; c < v->args.size(); c++) fields.push_back(std::move(v->args[c]));
    } else {
      fields.push_back(std::move(v));
    }
  }
  return fields;
}

}  // namespace

Result<ExprPtr> Binder::BindRowConstructor(const PgQuery__Node* node) {
  const PgQuery__RowExpr* row = node->row_expr;
  const FunctionDef* constructor = nullptr;
  for (const FunctionDef* d : FunctionCandidates("(row)")) constructor = d;
  if (!constructor) return Status::Error("XX000", "the record constructor is not registered");

  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Func;
  e->fn = constructor;
  e->type = oids::kRecord;
  e->name = "row";
  e->location = row->location;
  std::vector<RecordField> fields;
  PLINTH_ASSIGN_OR_RETURN(std::vector<ExprPtr> values,
                          BindRowFields(row, [this](const PgQuery__Node* n) { return BindExpr(n); }));
  for (ExprPtr& v : values) {
    if (v->type == oids::kUnknown) {
      PLINTH_ASSIGN_OR_RETURN(v, CoerceTo(std::move(v), oids::kText, -1, CastContext::Implicit, "row field"));
    }
    fields.push_back(RecordField{"f" + std::to_string(fields.size() + 1), v->type});
  }
  e->typmod = RegisterRecordShape(fields);
  e->args.push_back(Expr::MakeConst(Value::Int(e->typmod), oids::kInt4));
  for (auto& v : values) e->args.push_back(std::move(v));
  return e;
}

// ROW(a1, a2) IS DISTINCT FROM ROW(b1, b2): a1 IS DISTINCT FROM b1 OR a2 IS DISTINCT
// FROM b2; IS NOT DISTINCT FROM: the AND of the fields' IS NOT DISTINCT FROM.
Result<ExprPtr> Binder::BindRowDistinct(const PgQuery__Node* node) {
  const PgQuery__AExpr* ax = node->a_expr;
  auto bind = [this](const PgQuery__Node* n) { return BindExpr(n); };
  PLINTH_ASSIGN_OR_RETURN(std::vector<ExprPtr> l, BindRowFields(ax->lexpr->row_expr, bind));
  PLINTH_ASSIGN_OR_RETURN(std::vector<ExprPtr> r, BindRowFields(ax->rexpr->row_expr, bind));
  if (l.size() != r.size())
    return PositionedError("42601", "unequal number of entries in row expressions", ax->location);
  bool negate = ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT;
  auto all = std::make_unique<Expr>();
  all->kind = negate ? ExprKind::And : ExprKind::Or;
  all->type = oids::kBool;
  all->name = "?column?";
  for (size_t i = 0; i < l.size(); i++) {
    std::vector<ExprPtr> pair;
    pair.push_back(std::move(l[i]));
    pair.push_back(std::move(r[i]));
    PLINTH_ASSIGN_OR_RETURN(ExprPtr eq, BindOperator("=", std::move(pair), ax->location));
    auto field = std::make_unique<Expr>();
    field->kind = ExprKind::Distinct;
    field->type = oids::kBool;
    field->negate = negate;
    field->fn = eq->fn;
    field->args = std::move(eq->args);
    field->location = ax->location;
    field->name = "?column?";
    all->args.push_back(std::move(field));
  }
  if (all->args.size() == 1) return std::move(all->args[0]);
  return all;
}

}  // namespace plinth
