// Binding of subqueries in expressions (EXISTS, scalar, IN/ANY/ALL, ARRAY) and of
// correlated references. A subquery is bound as a new query level; a column it takes
// from an enclosing level becomes an OuterRef into its outer frame, and the SubLink
// carries the expressions (over the enclosing row) that fill that frame.
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/bind_internal.h"

namespace plinth {

void Binder::EnterLevel() {
  outer_levels_.push_back(SavedLevel{std::move(scope_), std::move(outer_refs_)});
  scope_.clear();
  outer_refs_.clear();
}

std::vector<ExprPtr> Binder::LeaveLevel() {
  std::vector<OuterRefSlot> refs = std::move(outer_refs_);
  scope_ = std::move(outer_levels_.back().scope);
  outer_refs_ = std::move(outer_levels_.back().outer_refs);
  outer_levels_.pop_back();
  size_t current = outer_levels_.size();
  std::vector<ExprPtr> frame;
  for (const OuterRefSlot& r : refs) {
    if (r.level == current) {
      frame.push_back(Expr::MakeColumn(r.position, r.column.type, r.column.typmod, r.column.name));
    } else {
      // Two or more levels up: the enclosing level passes it on from its own frame.
      auto pass = OuterReference(r.level, r.position, r.column, r.column.name);
      frame.push_back(pass.ok() ? pass.take() : Expr::MakeConst(Value::Null(), r.column.type));
    }
  }
  return frame;
}

Result<ExprPtr> Binder::OuterReference(size_t level, int position, const OutputColumn& oc, const std::string& name) {
  size_t slot = outer_refs_.size();
  for (size_t i = 0; i < outer_refs_.size(); i++)
    if (outer_refs_[i].level == level && outer_refs_[i].position == position) slot = i;
  if (slot == outer_refs_.size()) outer_refs_.push_back(OuterRefSlot{level, position, oc});
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::OuterRef;
  e->column = static_cast<int>(slot);
  e->type = oc.type;
  e->typmod = oc.typmod;
  e->name = name;
  return e;
}

Result<ExprPtr> Binder::BindSubLink(const PgQuery__Node* node) {
  const PgQuery__SubLink* sl = node->sub_link;
  SubLinkKind kind;
  switch (sl->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK: kind = SubLinkKind::Exists; break;
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK: kind = SubLinkKind::Scalar; break;
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK: kind = SubLinkKind::Any; break;
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK: kind = SubLinkKind::All; break;
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK: kind = SubLinkKind::Array; break;
    default: return PositionedError("0A000", "this kind of subquery is not supported yet", sl->location);
  }
  std::vector<ExprPtr> lhs;
  if (sl->testexpr) {
    if (sl->testexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
      const PgQuery__RowExpr* row = sl->testexpr->row_expr;
      for (size_t i = 0; i < row->n_args; i++) {
        PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(row->args[i]));
        lhs.push_back(std::move(a));
      }
    } else {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(sl->testexpr));
      lhs.push_back(std::move(a));
    }
  }

  EnterLevel();
  std::vector<OutputColumn> cols;
  auto bound = BindNestedQuery(sl->subselect, &cols);
  std::vector<ExprPtr> frame = LeaveLevel();
  PLINTH_ASSIGN_OR_RETURN(auto plan, std::move(bound));

  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::SubLink;
  e->sublink = kind;
  e->location = sl->location;
  e->name = "?column?";
  e->frame_size = static_cast<int>(frame.size());
  e->args = std::move(frame);
  switch (kind) {
    case SubLinkKind::Exists:
      e->type = oids::kBool;
      e->name = "exists";
      break;
    case SubLinkKind::Scalar:
    case SubLinkKind::Array: {
      if (cols.size() != 1) return PositionedError("42601", "subquery must return only one column", sl->location);
      if (kind == SubLinkKind::Scalar) {
        e->type = cols[0].type;
        e->typmod = cols[0].typmod;
        e->name = cols[0].name;
      } else {
        const TypeInfo* ti = LookupType(cols[0].type);
        if (!ti || !ti->array)
          return PositionedError("42704", "could not find array type for data type " + FormatType(cols[0].type, -1),
                                 sl->location);
        e->type = ti->array;
        e->name = "array";
      }
      break;
    }
    case SubLinkKind::Any:
    case SubLinkKind::All: {
      if (cols.size() > lhs.size()) return PositionedError("42601", "subquery has too many columns", sl->location);
      if (cols.size() < lhs.size()) return PositionedError("42601", "subquery has too few columns", sl->location);
      std::string op = sl->n_oper_name ? NameList(sl->oper_name, sl->n_oper_name).back() : "=";
      // The comparison runs over [lhs values..., subquery columns...]; binding it on the
      // real lhs expressions lets the operator coerce them (untyped literals included).
      size_t n = lhs.size();
      std::vector<ExprPtr> tests;
      for (size_t i = 0; i < n; i++) {
        std::vector<ExprPtr> args;
        args.push_back(std::move(lhs[i]));
        args.push_back(Expr::MakeColumn(static_cast<int>(n + i), cols[i].type, cols[i].typmod, cols[i].name));
        PLINTH_ASSIGN_OR_RETURN(ExprPtr test, BindOperator(op, std::move(args), sl->location));
        if (test->type != oids::kBool)
          return PositionedError("42809", "op ANY/ALL (array) requires operator to yield boolean", sl->location);
        lhs[i] = std::move(test->args[0]);
        test->args[0] = Expr::MakeColumn(static_cast<int>(i), lhs[i]->type, lhs[i]->typmod, "");
        tests.push_back(std::move(test));
      }
      ExprPtr combine;
      if (tests.size() == 1) {
        combine = std::move(tests[0]);
      } else {
        combine = std::make_unique<Expr>();
        combine->kind = op == "<>" ? ExprKind::Or : ExprKind::And;
        combine->type = oids::kBool;
        combine->args = std::move(tests);
      }
      e->combine = std::shared_ptr<const Expr>(combine.release());
      for (auto& l : lhs) e->args.push_back(std::move(l));
      e->type = oids::kBool;
      break;
    }
  }
  e->subplan = std::shared_ptr<PlanNode>(plan.release());
  return e;
}

Result<ExprPtr> Binder::BindRowCompare(const PgQuery__Node* node) {
  const PgQuery__AExpr* ax = node->a_expr;
  const PgQuery__RowExpr* l = ax->lexpr->row_expr;
  const PgQuery__RowExpr* r = ax->rexpr->row_expr;
  std::string op = NameList(ax->name, ax->n_name).back();
  if (l->n_args != r->n_args)
    return PositionedError("42601", "unequal number of entries in row expressions", ax->location);
  auto compare = [&](size_t i, const std::string& o) -> Result<ExprPtr> {
    std::vector<ExprPtr> args;
    PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(l->args[i]));
    PLINTH_ASSIGN_OR_RETURN(ExprPtr b, BindExpr(r->args[i]));
    args.push_back(std::move(a));
    args.push_back(std::move(b));
    return BindOperator(o, std::move(args), ax->location);
  };
  auto combine = [](ExprKind kind, std::vector<ExprPtr> parts) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->type = oids::kBool;
    e->name = "?column?";
    e->args = std::move(parts);
    return e;
  };
  size_t n = l->n_args;
  if (op == "=" || op == "<>") {
    std::vector<ExprPtr> parts;
    for (size_t i = 0; i < n; i++) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr c, compare(i, op));
      parts.push_back(std::move(c));
    }
    return combine(op == "=" ? ExprKind::And : ExprKind::Or, std::move(parts));
  }
  if (op != "<" && op != "<=" && op != ">" && op != ">=")
    return PositionedError("42883", "could not determine interpretation of row comparison operator " + op,
                           ax->location);
  // Lexicographic: the first unequal pair decides; (a1 < b1) OR (a1 = b1 AND rest).
  std::string strict = op.substr(0, 1);
  PLINTH_ASSIGN_OR_RETURN(ExprPtr acc, compare(n - 1, op));
  for (size_t i = n - 1; i-- > 0;) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr lt, compare(i, strict));
    PLINTH_ASSIGN_OR_RETURN(ExprPtr eq, compare(i, "="));
    std::vector<ExprPtr> both;
    both.push_back(std::move(eq));
    both.push_back(std::move(acc));
    std::vector<ExprPtr> either;
    either.push_back(std::move(lt));
    either.push_back(combine(ExprKind::And, std::move(both)));
    acc = combine(ExprKind::Or, std::move(either));
  }
  return acc;
}

}  // namespace plinth
