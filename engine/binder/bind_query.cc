// Binding of SELECT: the statement dispatch, the target list, ORDER BY, DISTINCT and
// LIMIT. FROM lives in bind_from.cc, GROUP BY and aggregates in bind_aggregate.cc, set
// operations and WITH in bind_setop.cc, subqueries in bind_subquery.cc.
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/bind_internal.h"
#include "engine/parser/parser.h"

namespace plinth {

namespace {


bool IsNullConst(const PgQuery__Node* n) {
  return n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->isnull;
}

}  // namespace

std::vector<OutputColumn> TableColumns(const TableDef& t) {
  std::vector<OutputColumn> cols;
  for (size_t i = 0; i < t.columns.size(); i++) {
    const ColumnDef& c = t.columns[i];
    cols.push_back(OutputColumn{c.name, c.type, c.typmod, t.oid, static_cast<int16_t>(i + 1)});
  }
  return cols;
}

std::unique_ptr<PlanNode> MakeNode(PlanKind kind, std::vector<Oid> column_types) {
  auto n = std::make_unique<PlanNode>();
  n->kind = kind;
  n->column_types = std::move(column_types);
  return n;
}

std::vector<Oid> TypesOf(const std::vector<OutputColumn>& cols) {
  std::vector<Oid> types;
  for (const auto& c : cols) types.push_back(c.type);
  return types;
}

std::unique_ptr<PlanNode> CastColumns(std::unique_ptr<PlanNode> node, const std::vector<Oid>& types) {
  if (node->column_types == types) return node;
  auto project = MakeNode(PlanKind::Project, types);
  for (size_t i = 0; i < types.size(); i++) {
    Oid from = node->column_types[i];
    auto col = Expr::MakeColumn(static_cast<int>(i), from == oids::kUnknown ? oids::kText : from, -1, "");
    if (from == types[i]) {
      project->exprs.push_back(std::move(col));
      continue;
    }
    auto cast = std::make_unique<Expr>();
    cast->kind = ExprKind::Cast;
    cast->type = types[i];
    cast->cast_context = static_cast<int>(CastContext::Implicit);
    cast->args.push_back(std::move(col));
    project->exprs.push_back(std::move(cast));
  }
  project->child = std::move(node);
  return project;
}

void ShiftColumns(Expr* e, int delta) {
  if (e->kind == ExprKind::Column) e->column += delta;
  for (auto& a : e->args) ShiftColumns(a.get(), delta);
}

Result<std::vector<Oid>> Binder::FinalParamTypes() const {
  for (size_t i = 0; i < param_types_.size(); i++) {
    if (param_types_[i] == 0 || param_types_[i] == oids::kUnknown)
      return Status::Error("42P18", "could not determine data type of parameter $" + std::to_string(i + 1));
  }
  return param_types_;
}

Result<std::shared_ptr<const TableDef>> Binder::ResolveTable(const PgQuery__RangeVar* rv) {
  std::string schema = rv->schemaname ? rv->schemaname : "";
  const TableDef* t = ctx_.catalog->LookupTable(schema, rv->relname, ctx_.search_path);
  if (!t) {
    std::string full = schema.empty() ? rv->relname : schema + "." + rv->relname;
    return PositionedError("42P01", "relation \"" + full + "\" does not exist", rv->location);
  }
  if (relation_log) relation_log->insert(t->oid);
  return ctx_.catalog->tables().at(t->oid);
}

Result<std::unique_ptr<PlanNode>> Binder::BindFrom(const PgQuery__Node* from) {
  // Kept for single-table callers (UPDATE/DELETE helpers); SELECT binds its FROM list
  // item by item (bind_from.cc).
  return BindFromItem(from, nullptr);
}

Result<std::vector<ExprPtr>> Binder::ExpandTargets(const PgQuery__Node* const* items, size_t n,
                                                   std::vector<OutputColumn>* out) {
  std::vector<ExprPtr> exprs;
  for (size_t i = 0; i < n; i++) {
    const PgQuery__ResTarget* rt = items[i]->res_target;
    const PgQuery__Node* val = rt->val;
    // `*` and `t.*` expand to every visible column of the scope (or of t).
    if (val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
      const PgQuery__ColumnRef* cr = val->column_ref;
      if (cr->n_fields > 0 && cr->fields[cr->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR) {
        std::string qual = cr->n_fields >= 2 ? cr->fields[cr->n_fields - 2]->string->sval : "";
        const ScopeEntry* target = nullptr;
        if (!qual.empty()) {
          for (const ScopeEntry& e : scope_)
            if (e.rel_visible && e.alias == qual) target = &e;
          if (!target) {
            PLINTH_RETURN_IF_ERROR(ResolveQualifiedStar(qual, cr->location).status());
            continue;
          }
        }
        bool any = false;
        for (const ScopeEntry& e : scope_) {
          if (target ? &e != target : !e.cols_visible) continue;
          any = true;
          for (size_t c = 0; c < e.columns.size(); c++) {
            const OutputColumn& oc = e.columns[c];
            exprs.push_back(Expr::MakeColumn(e.position(c), oc.type, oc.typmod, oc.name));
            out->push_back(oc);
          }
        }
        if (!any && qual.empty())
          return PositionedError("42601", "SELECT * with no tables specified is not valid", cr->location);
        continue;
      }
    }
    PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindExpr(val));
    if (e->type == oids::kUnknown && !keep_unknown_targets_) {
      PLINTH_ASSIGN_OR_RETURN(e, CoerceTo(std::move(e), oids::kText, -1, CastContext::Implicit, "column"));
    }
    OutputColumn oc;
    oc.name = rt->name && rt->name[0] ? rt->name : (e->name.empty() ? "?column?" : e->name);
    oc.type = e->type;
    oc.typmod = e->typmod;
    if (e->kind == ExprKind::Column) {
      for (const ScopeEntry& se : scope_) {
        for (size_t c = 0; c < se.columns.size(); c++) {
          if (se.position(c) != e->column || se.columns[c].table_oid == 0) continue;
          oc.table_oid = se.columns[c].table_oid;
          oc.attnum = se.columns[c].attnum;
        }
      }
    }
    out->push_back(oc);
    exprs.push_back(std::move(e));
  }
  return exprs;
}

Result<std::unique_ptr<PlanNode>> Binder::BindValues(const PgQuery__SelectStmt* sel, std::vector<OutputColumn>* out) {
  auto values = MakeNode(PlanKind::Values, {});
  size_t width = 0;
  for (size_t r = 0; r < sel->n_values_lists; r++) {
    const PgQuery__List* row = sel->values_lists[r]->list;
    if (r == 0) width = row->n_items;
    else if (row->n_items != width)
      return PositionedError("42601", "VALUES lists must all be the same length", -1);
    std::vector<ExprPtr> exprs;
    for (size_t c = 0; c < row->n_items; c++) {
      if (row->items[c]->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
        return Status::Error("42601", "DEFAULT is not allowed in this context");
      PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindExpr(row->items[c]));
      exprs.push_back(std::move(e));
    }
    values->rows.push_back(std::move(exprs));
  }
  for (size_t c = 0; c < width; c++) {
    std::vector<ExprPtr*> col;
    for (auto& row : values->rows) col.push_back(&row[c]);
    PLINTH_ASSIGN_OR_RETURN(Oid t, CommonType(col, "VALUES"));
    values->column_types.push_back(t);
    out->push_back(OutputColumn{"column" + std::to_string(c + 1), t, -1, 0, 0});
  }
  return values;
}

Result<std::unique_ptr<PlanNode>> Binder::BindSelect(const PgQuery__Node* node, std::vector<OutputColumn>* out) {
  return BindSelectStmt(node->select_stmt, out);
}

Result<std::unique_ptr<PlanNode>> Binder::BindSelectStmt(const PgQuery__SelectStmt* sel, std::vector<OutputColumn>* out) {
  size_t ctes_before = ctes_.size();
  Result<std::unique_ptr<PlanNode>> r = Status::OK();
  Status with = sel->with_clause ? PushWith(sel->with_clause) : Status::OK();
  if (!with.ok()) {
    r = with;
  } else if (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
    auto core = BindSetOp(sel, out);
    if (core.ok()) r = BindOrderLimit(sel, core.take(), out);
    else r = core.status();
  } else if (sel->n_values_lists) {
    auto core = BindValues(sel, out);
    if (core.ok()) r = BindOrderLimit(sel, core.take(), out);
    else r = core.status();
  } else {
    r = BindSimpleSelect(sel, out);
  }
  ctes_.resize(ctes_before);
  return r;
}

Result<std::unique_ptr<PlanNode>> Binder::BindNestedQuery(const PgQuery__Node* node, std::vector<OutputColumn>* out) {
  if (node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
    return Status::Error("0A000", "only SELECT is supported in a subquery yet");
  return BindIsolated(node->select_stmt, out, false);
}

Result<std::unique_ptr<PlanNode>> Binder::BindIsolated(const PgQuery__SelectStmt* sel, std::vector<OutputColumn>* out,
                                                       bool keep_unknown) {
  // A nested query has its own FROM scope, aggregates and clause rules; it shares the
  // query level (outer references) with the statement around it.
  std::vector<ScopeEntry> saved_scope = std::move(scope_);
  scope_.clear();
  AggregateScope* saved_aggs = aggs_;
  const char* saved_forbidden = agg_forbidden_;
  bool saved_in_args = in_agg_args_;
  bool saved_keep = keep_unknown_targets_;
  size_t saved_last = last_item_entry_;
  WindowScope* saved_windows = windows_;
  const PgQuery__SelectStmt* saved_window_clause = window_clause_owner_;
  windows_ = nullptr;
  aggs_ = nullptr;
  agg_forbidden_ = nullptr;
  in_agg_args_ = false;
  keep_unknown_targets_ = keep_unknown;
  auto r = BindSelectStmt(sel, out);
  scope_ = std::move(saved_scope);
  aggs_ = saved_aggs;
  agg_forbidden_ = saved_forbidden;
  in_agg_args_ = saved_in_args;
  keep_unknown_targets_ = saved_keep;
  last_item_entry_ = saved_last;
  windows_ = saved_windows;
  window_clause_owner_ = saved_window_clause;
  return r;
}

Result<std::unique_ptr<PlanNode>> Binder::BindSimpleSelect(const PgQuery__SelectStmt* sel, std::vector<OutputColumn>* out) {
  window_clause_owner_ = sel;
  bool keep_unknown = keep_unknown_targets_;
  keep_unknown_targets_ = false;

  // FROM: items cross-joined left to right; each adds its columns to the scope.
  std::unique_ptr<PlanNode> input;
  agg_forbidden_ = "FROM clause";
  for (size_t i = 0; i < sel->n_from_clause; i++) {
    PLINTH_ASSIGN_OR_RETURN(input, BindFromItem(sel->from_clause[i], std::move(input)));
  }
  PLINTH_RETURN_IF_ERROR(CheckDuplicateAliases());
  if (!input) input = MakeNode(PlanKind::OneRow, {});

  if (sel->where_clause) {
    agg_forbidden_ = "WHERE";
    PLINTH_ASSIGN_OR_RETURN(ExprPtr pred, BindExpr(sel->where_clause));
    PLINTH_ASSIGN_OR_RETURN(pred, ToBoolean(std::move(pred), "WHERE"));
    auto filter = MakeNode(PlanKind::Filter, input->column_types);
    filter->predicate = std::move(pred);
    filter->child = std::move(input);
    input = std::move(filter);
  }

  AggregateScope aggs;
  aggs_ = &aggs;
  agg_forbidden_ = nullptr;
  // Window functions may appear in the target list and ORDER BY only.
  WindowScope windows;
  windows_ = &windows;
  keep_unknown_targets_ = keep_unknown;
  auto targets_r = ExpandTargets(sel->target_list, sel->n_target_list, out);
  keep_unknown_targets_ = false;
  windows_ = nullptr;
  PLINTH_ASSIGN_OR_RETURN(std::vector<ExprPtr> targets, std::move(targets_r));
  size_t visible = targets.size();

  GroupingPlan grouping;
  PLINTH_RETURN_IF_ERROR(BindGroupBy(sel, targets, *out, &grouping));
  ExprPtr having;
  if (sel->having_clause) {
    agg_forbidden_ = "HAVING";  // names the clause for window functions; aggs_ allows aggregates
    PLINTH_ASSIGN_OR_RETURN(having, BindExpr(sel->having_clause));
    PLINTH_ASSIGN_OR_RETURN(having, ToBoolean(std::move(having), "HAVING"));
    agg_forbidden_ = nullptr;
  }
  windows_ = &windows;

  // ORDER BY and DISTINCT ON items are evaluated over the projected row: an output
  // column by name or ordinal, or else an extra hidden column computed from the input.
  int first_hidden_location = -1;
  auto resolve_item = [&](const PgQuery__Node* n, bool allow_names) -> Result<int> {
    int column = -1;
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
      int pos = n->a_const->ival->ival;
      if (pos < 1 || pos > static_cast<int>(visible))
        return PositionedError("42P10", "ORDER BY position " + std::to_string(pos) + " is not in select list",
                               n->a_const->location);
      return pos - 1;
    }
    if (allow_names && n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1 &&
        n->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
      std::string name = n->column_ref->fields[0]->string->sval;
      for (size_t c = 0; c < visible; c++) {
        if ((*out)[c].name != name) continue;
        if (column >= 0 && !ExprEquals(*targets[c], *targets[column]))
          return PositionedError("42702", "ORDER BY \"" + name + "\" is ambiguous", n->column_ref->location);
        if (column < 0) column = static_cast<int>(c);
      }
      if (column >= 0) return column;
    }
    PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindExpr(n));
    if (e->type == oids::kUnknown) {
      PLINTH_ASSIGN_OR_RETURN(e, CoerceTo(std::move(e), oids::kText, -1, CastContext::Implicit, "ORDER BY"));
    }
    for (size_t c = 0; c < visible; c++)
      if (ExprEquals(*targets[c], *e)) return static_cast<int>(c);
    if (first_hidden_location < 0) first_hidden_location = e->location >= 0 ? e->location : -1;
    targets.push_back(std::move(e));
    return static_cast<int>(targets.size() - 1);
  };

  std::vector<SortKey> sort_keys;
  for (size_t i = 0; i < sel->n_sort_clause; i++) {
    const PgQuery__SortBy* sb = sel->sort_clause[i]->sort_by;
    SortKey key;
    key.descending = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    key.nulls_first = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
                      (sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && key.descending);
    int before = first_hidden_location;
    PLINTH_ASSIGN_OR_RETURN(int column, resolve_item(sb->node, true));
    if (before < 0 && first_hidden_location < 0 && column >= static_cast<int>(visible))
      first_hidden_location = LocationOf(sb->node);
    key.expr = Expr::MakeColumn(column, targets[column]->type, targets[column]->typmod, "");
    sort_keys.push_back(std::move(key));
  }
  bool distinct_on = sel->n_distinct_clause && sel->distinct_clause[0] != nullptr &&
                     sel->distinct_clause[0]->node_case != PG_QUERY__NODE__NODE__NOT_SET;
  std::vector<int> distinct_columns;
  if (distinct_on) {
    for (size_t i = 0; i < sel->n_distinct_clause; i++) {
      PLINTH_ASSIGN_OR_RETURN(int column, resolve_item(sel->distinct_clause[i], true));
      distinct_columns.push_back(column);
    }
  }
  aggs_ = nullptr;
  windows_ = nullptr;

  std::unique_ptr<PlanNode> top;
  bool grouped = grouping.present || !aggs.calls.empty() || having;
  PLINTH_ASSIGN_OR_RETURN(input, ApplyGrouping(std::move(input), &grouping, &aggs, &targets, &having));
  if (having) {
    auto filter = MakeNode(PlanKind::Filter, input->column_types);
    filter->predicate = std::move(having);
    filter->child = std::move(input);
    input = std::move(filter);
  }
  PLINTH_ASSIGN_OR_RETURN(input, ApplyWindows(std::move(input), &windows, grouped ? &grouping.keys : nullptr, &targets));
  PLINTH_ASSIGN_OR_RETURN(input, ApplySetFunctions(std::move(input), &targets));

  std::vector<Oid> types;
  for (auto& t : targets) types.push_back(t->type);
  auto project = MakeNode(PlanKind::Project, types);
  project->exprs = std::move(targets);
  project->child = std::move(input);
  top = std::move(project);

  if (sel->n_distinct_clause && !distinct_on) {
    if (top->column_types.size() != visible)
      return PositionedError("42P10", "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                             first_hidden_location);
    auto d = MakeNode(PlanKind::Distinct, top->column_types);
    d->child = std::move(top);
    top = std::move(d);
  }
  if (!sort_keys.empty()) {
    auto sort = MakeNode(PlanKind::Sort, top->column_types);
    for (const auto& k : sort_keys) {
      SortKey copy;
      copy.expr = k.expr->Clone();
      copy.descending = k.descending;
      copy.nulls_first = k.nulls_first;
      sort->keys.push_back(std::move(copy));
    }
    sort->child = std::move(top);
    top = std::move(sort);
  }
  if (distinct_on) {
    auto d = MakeNode(PlanKind::Distinct, top->column_types);
    d->distinct_columns = std::move(distinct_columns);
    d->child = std::move(top);
    top = std::move(d);
  }
  PLINTH_ASSIGN_OR_RETURN(top, ApplyLimit(sel, std::move(top), sort_keys));
  // Hidden sort columns are dropped by a final projection.
  if (top->column_types.size() != visible) {
    std::vector<Oid> vis(top->column_types.begin(), top->column_types.begin() + visible);
    auto trim = MakeNode(PlanKind::Project, vis);
    for (size_t c = 0; c < visible; c++)
      trim->exprs.push_back(Expr::MakeColumn(static_cast<int>(c), top->column_types[c], -1, ""));
    trim->child = std::move(top);
    top = std::move(trim);
  }
  return top;
}

Result<std::unique_ptr<PlanNode>> Binder::ApplyLimit(const PgQuery__SelectStmt* sel, std::unique_ptr<PlanNode> top,
                                                     const std::vector<SortKey>& sort_keys) {
  if (!sel->limit_count && !sel->limit_offset) return top;
  auto limit = MakeNode(PlanKind::Limit, top->column_types);
  agg_forbidden_ = "LIMIT";
  if (sel->limit_count && !IsNullConst(sel->limit_count)) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr l, BindExpr(sel->limit_count));
    PLINTH_ASSIGN_OR_RETURN(limit->limit, CoerceTo(std::move(l), oids::kInt8, -1, CastContext::Implicit, "LIMIT"));
  }
  if (sel->limit_offset) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr o, BindExpr(sel->limit_offset));
    PLINTH_ASSIGN_OR_RETURN(limit->offset, CoerceTo(std::move(o), oids::kInt8, -1, CastContext::Implicit, "OFFSET"));
  }
  agg_forbidden_ = nullptr;
  if (sel->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES) {
    if (sort_keys.empty())
      return Status::Error("42601", "WITH TIES cannot be specified without ORDER BY clause");
    limit->with_ties = true;
    for (const auto& k : sort_keys) {
      SortKey copy;
      copy.expr = k.expr->Clone();
      limit->keys.push_back(std::move(copy));
    }
  }
  limit->child = std::move(top);
  return limit;
}

Result<std::unique_ptr<PlanNode>> Binder::BindOrderLimit(const PgQuery__SelectStmt* sel, std::unique_ptr<PlanNode> input,
                                                         std::vector<OutputColumn>* out) {
  // ORDER BY of a set operation or VALUES: expressions over the result columns.
  std::vector<SortKey> keys;
  if (sel->n_sort_clause) {
    std::vector<ScopeEntry> saved = std::move(scope_);
    scope_.clear();
    ScopeEntry result;
    result.columns = *out;
    result.rel_visible = false;
    scope_.push_back(std::move(result));
    for (size_t i = 0; i < sel->n_sort_clause; i++) {
      const PgQuery__SortBy* sb = sel->sort_clause[i]->sort_by;
      SortKey key;
      key.descending = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
      key.nulls_first = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
                        (sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && key.descending);
      const PgQuery__Node* n = sb->node;
      if (n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        int pos = n->a_const->ival->ival;
        if (pos < 1 || pos > static_cast<int>(out->size())) {
          scope_ = std::move(saved);
          return PositionedError("42P10", "ORDER BY position " + std::to_string(pos) + " is not in select list",
                                 n->a_const->location);
        }
        key.expr = Expr::MakeColumn(pos - 1, (*out)[pos - 1].type, -1, "");
      } else {
        auto e = BindExpr(n);
        if (!e.ok()) {
          scope_ = std::move(saved);
          return e.status();
        }
        key.expr = e.take();
      }
      keys.push_back(std::move(key));
    }
    scope_ = std::move(saved);
    auto sort = MakeNode(PlanKind::Sort, input->column_types);
    for (const auto& k : keys) {
      SortKey copy;
      copy.expr = k.expr->Clone();
      copy.descending = k.descending;
      copy.nulls_first = k.nulls_first;
      sort->keys.push_back(std::move(copy));
    }
    sort->child = std::move(input);
    input = std::move(sort);
  }
  return ApplyLimit(sel, std::move(input), keys);
}

Status Binder::BindReturning(const PgQuery__Node* const* items, size_t n, Plan* plan) {
  if (n == 0) return Status::OK();
  PLINTH_ASSIGN_OR_RETURN(plan->returning, ExpandTargets(items, n, &plan->columns));
  return Status::OK();
}

Status Binder::AddChecks(Plan* plan) {
  const TableDef& t = *plan->table;
  for (const CheckDef& ck : t.checks) {
    PLINTH_ASSIGN_OR_RETURN(auto tree, ParseTree::Parse("SELECT " + ck.expr_sql));
    const PgQuery__Node* expr = tree->statements()[0].node->select_stmt->target_list[0]->res_target->val;
    PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindExpr(expr));
    plan->checks.emplace_back(ck.name, std::move(e));
  }
  return Status::OK();
}

Result<ExprPtr> Binder::BindStandalone(const PgQuery__Node* node, const TableDef* table) {
  std::vector<ScopeEntry> saved = std::move(scope_);
  scope_.clear();
  if (table) {
    ScopeEntry e;
    e.alias = table->name;
    e.table = ctx_.catalog->tables().count(table->oid) ? ctx_.catalog->tables().at(table->oid) : nullptr;
    e.columns = TableColumns(*table);
    scope_.push_back(std::move(e));
  }
  auto r = BindExpr(node);
  scope_ = std::move(saved);
  return r;
}

Result<Plan> Binder::BindQuery(const PgQuery__Node* stmt) {
  switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT: {
      if (stmt->select_stmt->into_clause) return Status::Error("0A000", "SELECT INTO is not supported yet");
      Plan plan;
      plan.action = PlanAction::Query;
      plan.command = "SELECT";
      const PgQuery__SelectStmt* sel = stmt->select_stmt;
      if (sel->n_locking_clause) {
        const PgQuery__LockingClause* lc = sel->locking_clause[0]->locking_clause;
        const char* what = lc->strength >= PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORNOKEYUPDATE ? "FOR UPDATE" : "FOR SHARE";
        if (sel->n_group_clause || sel->having_clause)
          return Status::Error("0A000", std::string(what) + " is not allowed with GROUP BY clause");
        if (sel->n_distinct_clause) return Status::Error("0A000", std::string(what) + " is not allowed with DISTINCT clause");
        if (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
          return Status::Error("0A000", std::string(what) + " is not allowed with UNION/INTERSECT/EXCEPT");
        if (lc->wait_policy != PG_QUERY__LOCK_WAIT_POLICY__LockWaitBlock)
          return Status::Error("0A000", "NOWAIT and SKIP LOCKED are not supported yet");
        if (sel->n_from_clause != 1 || sel->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
          return Status::Error("0A000", std::string(what) + " is supported on a single table only (for now)");
        plan.row_lock = lc->strength >= PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORNOKEYUPDATE ? 2 : 1;
      }
      PLINTH_ASSIGN_OR_RETURN(plan.root, BindSelect(stmt, &plan.columns));
      plan.modifying_ctes = std::move(modifying_ctes_);
      return plan;
    }
    case PG_QUERY__NODE__NODE_INSERT_STMT:
      if (const ViewDef* v = FindViewFor(stmt->insert_stmt->relation)) return BindViewModify(stmt, *v);
      return BindInsert(stmt);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      if (const ViewDef* v = FindViewFor(stmt->update_stmt->relation)) return BindViewModify(stmt, *v);
      return BindUpdate(stmt);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      if (const ViewDef* v = FindViewFor(stmt->delete_stmt->relation)) return BindViewModify(stmt, *v);
      return BindDelete(stmt);
    default:
      return Status::Error("0A000", "statement is not a query");
  }
}

}  // namespace plinth
