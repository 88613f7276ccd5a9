// Binding of SELECT, VALUES, INSERT, UPDATE and DELETE into logical plans.
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/binder.h"
#include "engine/parser/parser.h"

namespace plinth {

namespace {

Status ErrorAt(const char* sqlstate, std::string message, int location) {
  Status s = Status::Error(sqlstate, std::move(message));
  if (location >= 0) s.with_position(location + 1);
  return s;
}

std::vector<OutputColumn> TableColumns(const TableDef& t) {
  std::vector<OutputColumn> cols;
  for (size_t i = 0; i < t.columns.size(); i++) {
    const ColumnDef& c = t.columns[i];
    cols.push_back(OutputColumn{c.name, c.type, c.typmod, t.oid, static_cast<int16_t>(i + 1)});
  }
  return cols;
}

std::unique_ptr<PlanNode> ScanNode(std::shared_ptr<const TableDef> table) {
  auto scan = std::make_unique<PlanNode>();
  scan->kind = PlanKind::TableScan;
  for (const ColumnDef& c : table->columns) scan->column_types.push_back(c.type);
  scan->table = std::move(table);
  return scan;
}

}  // namespace

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
    return ErrorAt("42P01", "relation \"" + full + "\" does not exist", rv->location);
  }
  return ctx_.catalog->tables().at(t->oid);
}

Result<std::unique_ptr<PlanNode>> Binder::BindFrom(const PgQuery__Node* from) {
  if (from->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
    return Status::Error("0A000", "only single-table FROM clauses are supported yet");
  PLINTH_ASSIGN_OR_RETURN(auto table, ResolveTable(from->range_var));
  ScopeEntry entry;
  const PgQuery__RangeVar* rv = from->range_var;
  entry.alias = rv->alias && rv->alias->aliasname ? rv->alias->aliasname : rv->relname;
  entry.table = table;
  entry.columns = TableColumns(*table);
  entry.offset = 0;
  scope_.push_back(entry);
  return ScanNode(table);
}

Result<std::vector<ExprPtr>> Binder::ExpandTargets(const PgQuery__Node* const* items, size_t n,
                                                   std::vector<OutputColumn>* out) {
  std::vector<ExprPtr> exprs;
  for (size_t i = 0; i < n; i++) {
    const PgQuery__ResTarget* rt = items[i]->res_target;
    const PgQuery__Node* val = rt->val;
    // `*` and `t.*` expand to every column of the scope (or of t).
    if (val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
      const PgQuery__ColumnRef* cr = val->column_ref;
      if (cr->n_fields > 0 && cr->fields[cr->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR) {
        std::string qual = cr->n_fields >= 2 ? cr->fields[cr->n_fields - 2]->string->sval : "";
        bool any = false;
        for (const ScopeEntry& e : scope_) {
          if (!qual.empty() && e.alias != qual) continue;
          any = true;
          for (size_t c = 0; c < e.columns.size(); c++) {
            const OutputColumn& oc = e.columns[c];
            exprs.push_back(Expr::MakeColumn(e.offset + static_cast<int>(c), oc.type, oc.typmod, oc.name));
            out->push_back(oc);
          }
        }
        if (!any) {
          if (qual.empty()) return ErrorAt("42601", "SELECT * with no tables specified is not valid", cr->location);
          return ErrorAt("42P01", "missing FROM-clause entry for table \"" + qual + "\"", cr->location);
        }
        continue;
      }
    }
    PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindExpr(val));
    if (e->type == oids::kUnknown) { PLINTH_ASSIGN_OR_RETURN(e, CoerceTo(std::move(e), oids::kText, -1, CastContext::Implicit, "column")); }
    OutputColumn oc;
    oc.name = rt->name && rt->name[0] ? rt->name : (e->name.empty() ? "?column?" : e->name);
    oc.type = e->type;
    oc.typmod = e->typmod;
    if (e->kind == ExprKind::Column) {
      for (const ScopeEntry& se : scope_) {
        int local = e->column - se.offset;
        if (local >= 0 && local < static_cast<int>(se.columns.size())) {
          oc.table_oid = se.columns[local].table_oid;
          oc.attnum = se.columns[local].attnum;
        }
      }
    }
    out->push_back(oc);
    exprs.push_back(std::move(e));
  }
  return exprs;
}

Result<std::unique_ptr<PlanNode>> Binder::BindSelect(const PgQuery__Node* node, std::vector<OutputColumn>* out) {
  const PgQuery__SelectStmt* sel = node->select_stmt;
  if (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
    return Status::Error("0A000", "UNION/INTERSECT/EXCEPT are not supported yet");
  if (sel->with_clause) return Status::Error("0A000", "WITH is not supported yet");
  if (sel->n_group_clause || sel->having_clause)
    return Status::Error("0A000", "GROUP BY and HAVING are not supported yet");
  if (sel->n_window_clause) return Status::Error("0A000", "window clauses are not supported yet");

  if (sel->n_values_lists) {
    auto values = std::make_unique<PlanNode>();
    values->kind = PlanKind::Values;
    size_t width = 0;
    for (size_t r = 0; r < sel->n_values_lists; r++) {
      const PgQuery__List* row = sel->values_lists[r]->list;
      if (r == 0) width = row->n_items;
      else if (row->n_items != width)
        return Status::Error("42601", "VALUES lists must all be the same length");
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

  std::unique_ptr<PlanNode> input;
  if (sel->n_from_clause == 0) {
    input = std::make_unique<PlanNode>();
    input->kind = PlanKind::OneRow;
  } else if (sel->n_from_clause == 1) {
    PLINTH_ASSIGN_OR_RETURN(input, BindFrom(sel->from_clause[0]));
  } else {
    return Status::Error("0A000", "joins are not supported yet");
  }

  if (sel->where_clause) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr pred, BindExpr(sel->where_clause));
    PLINTH_ASSIGN_OR_RETURN(pred, ToBoolean(std::move(pred), "WHERE"));
    auto filter = std::make_unique<PlanNode>();
    filter->kind = PlanKind::Filter;
    filter->column_types = input->column_types;
    filter->predicate = std::move(pred);
    filter->child = std::move(input);
    input = std::move(filter);
  }

  PLINTH_ASSIGN_OR_RETURN(std::vector<ExprPtr> targets, ExpandTargets(sel->target_list, sel->n_target_list, out));
  size_t visible = targets.size();

  // ORDER BY items are evaluated over the projected row: an output column by name or
  // ordinal, or else an extra hidden column computed from the input.
  std::vector<SortKey> sort_keys;
  for (size_t i = 0; i < sel->n_sort_clause; i++) {
    const PgQuery__SortBy* sb = sel->sort_clause[i]->sort_by;
    SortKey key;
    key.descending = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    key.nulls_first = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
                      (sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && key.descending);
    const PgQuery__Node* n = sb->node;
    int column = -1;
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
      int pos = n->a_const->ival->ival;
      if (pos < 1 || pos > static_cast<int>(visible))
        return ErrorAt("42P10", "ORDER BY position " + std::to_string(pos) + " is not in select list", n->a_const->location);
      column = pos - 1;
    } else if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1 &&
               n->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
      std::string name = n->column_ref->fields[0]->string->sval;
      for (size_t c = 0; c < visible; c++) {
        if ((*out)[c].name == name) {
          if (column >= 0 && targets[c]->kind == ExprKind::Column && targets[column]->kind == ExprKind::Column &&
              targets[c]->column != targets[column]->column)
            return ErrorAt("42702", "ORDER BY \"" + name + "\" is ambiguous", n->column_ref->location);
          if (column < 0) column = static_cast<int>(c);
        }
      }
    }
    if (column < 0) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindExpr(n));
      if (e->type == oids::kUnknown) { PLINTH_ASSIGN_OR_RETURN(e, CoerceTo(std::move(e), oids::kText, -1, CastContext::Implicit, "ORDER BY")); }
      column = static_cast<int>(targets.size());
      targets.push_back(std::move(e));
    }
    key.expr = Expr::MakeColumn(column, targets[column]->type, targets[column]->typmod, "");
    sort_keys.push_back(std::move(key));
  }

  auto project = std::make_unique<PlanNode>();
  project->kind = PlanKind::Project;
  for (auto& t : targets) project->column_types.push_back(t->type);
  project->exprs = std::move(targets);
  project->child = std::move(input);
  std::unique_ptr<PlanNode> top = std::move(project);

  if (sel->n_distinct_clause) {
    if (sel->distinct_clause[0] != nullptr && sel->distinct_clause[0]->node_case != PG_QUERY__NODE__NODE__NOT_SET)
      return Status::Error("0A000", "DISTINCT ON is not supported yet");
    if (top->column_types.size() != visible)
      return Status::Error("42P10", "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
    auto d = std::make_unique<PlanNode>();
    d->kind = PlanKind::Distinct;
    d->column_types = top->column_types;
    d->child = std::move(top);
    top = std::move(d);
  }
  if (!sort_keys.empty()) {
    auto sort = std::make_unique<PlanNode>();
    sort->kind = PlanKind::Sort;
    sort->column_types = top->column_types;
    sort->keys = std::move(sort_keys);
    sort->child = std::move(top);
    top = std::move(sort);
  }
  if (sel->limit_count || sel->limit_offset) {
    auto limit = std::make_unique<PlanNode>();
    limit->kind = PlanKind::Limit;
    limit->column_types = top->column_types;
    if (sel->limit_count &&
        !(sel->limit_count->node_case == PG_QUERY__NODE__NODE_A_CONST && sel->limit_count->a_const->isnull)) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr l, BindExpr(sel->limit_count));
      PLINTH_ASSIGN_OR_RETURN(limit->limit, CoerceTo(std::move(l), oids::kInt8, -1, CastContext::Implicit, "LIMIT"));
    }
    if (sel->limit_offset) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr o, BindExpr(sel->limit_offset));
      PLINTH_ASSIGN_OR_RETURN(limit->offset, CoerceTo(std::move(o), oids::kInt8, -1, CastContext::Implicit, "OFFSET"));
    }
    limit->child = std::move(top);
    top = std::move(limit);
  }
  // Hidden sort columns are dropped by a final projection.
  if (top->column_types.size() != visible) {
    auto trim = std::make_unique<PlanNode>();
    trim->kind = PlanKind::Project;
    for (size_t c = 0; c < visible; c++) {
      trim->exprs.push_back(Expr::MakeColumn(static_cast<int>(c), top->column_types[c], -1, ""));
      trim->column_types.push_back(top->column_types[c]);
    }
    trim->child = std::move(top);
    top = std::move(trim);
  }
  return top;
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
      if (stmt->select_stmt->n_locking_clause) {
        // FOR UPDATE/SHARE: accepted; rows are not locked yet (see docs/transactions.md).
      }
      Plan plan;
      plan.action = PlanAction::Query;
      plan.command = "SELECT";
      PLINTH_ASSIGN_OR_RETURN(plan.root, BindSelect(stmt, &plan.columns));
      return plan;
    }
    case PG_QUERY__NODE__NODE_INSERT_STMT:
      return BindInsert(stmt);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      return BindUpdate(stmt);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      return BindDelete(stmt);
    default:
      return Status::Error("0A000", "statement is not a query");
  }
}

}  // namespace plinth
