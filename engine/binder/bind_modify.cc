// Binding of INSERT, UPDATE and DELETE.
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"
#include "engine/parser/parser.h"

namespace plinth {

namespace {

std::vector<OutputColumn> ColumnsOf(const TableDef& t) {
  std::vector<OutputColumn> cols;
  for (size_t i = 0; i < t.columns.size(); i++)
    cols.push_back(OutputColumn{t.columns[i].name, t.columns[i].type, t.columns[i].typmod, t.oid,
                                static_cast<int16_t>(i + 1)});
  return cols;
}

std::string ColumnWhat(const ColumnDef& c) { return "column \"" + c.name + "\""; }

// `SET (a, b) = (SELECT x, y ...)` assigns column colno the scalar subquery made of the
// sub-select with only its colno-th target. The parse nodes are shallow copies that
// live as long as this object, which outlives the binding of the assignment.
class SubqueryColumn {
 public:
  SubqueryColumn(const PgQuery__Node* source, int colno) {
    link_ = *source->sub_link;
    link_.sub_link_type = PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK;
    select_node_ = *link_.subselect;
    select_ = *select_node_.select_stmt;
    select_.target_list = &select_.target_list[colno - 1];
    select_.n_target_list = 1;
    select_node_.select_stmt = &select_;
    link_.subselect = &select_node_;
    node_ = *source;
    node_.sub_link = &link_;
  }
  const PgQuery__Node* node() const { return &node_; }

 private:
  PgQuery__Node node_, select_node_;
  PgQuery__SubLink link_;
  PgQuery__SelectStmt select_;
};

// The expression assigned by one SET target. `SET (a, b) = (x, y)` and
// `SET (a, b) = (SELECT ...)` arrive as one target per column, each pointing at the
// shared source and naming its position in it.
Result<const PgQuery__Node*> AssignedValue(const PgQuery__ResTarget* rt,
                                           std::vector<std::unique_ptr<SubqueryColumn>>* keep) {
  if (rt->val->node_case != PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) return rt->val;
  const PgQuery__MultiAssignRef* m = rt->val->multi_assign_ref;
  const PgQuery__Node* source = m->source;
  if (source->node_case == PG_QUERY__NODE__NODE_SUB_LINK) {
    const PgQuery__SubLink* link = source->sub_link;
    const PgQuery__Node* sub = link->subselect;
    if (!sub || sub->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
        sub->select_stmt->op != PG_QUERY__SET_OPERATION__SETOP_NONE || sub->select_stmt->n_values_lists)
      return PositionedError("0A000", "multiple-column UPDATE from this kind of subquery is not supported yet", link->location);
    const PgQuery__SelectStmt* sel = sub->select_stmt;
    for (size_t i = 0; i < sel->n_target_list; i++) {
      const PgQuery__Node* v = sel->target_list[i]->res_target->val;
      if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
          v->column_ref->fields[v->column_ref->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR)
        return PositionedError("0A000", "multiple-column UPDATE from a subquery with * is not supported yet", link->location);
    }
    if (sel->n_target_list != static_cast<size_t>(m->ncolumns))
      return PositionedError("42601", "number of columns does not match number of values", link->location);
    keep->push_back(std::make_unique<SubqueryColumn>(source, m->colno));
    return keep->back()->node();
  }
  if (source->node_case != PG_QUERY__NODE__NODE_ROW_EXPR)
    return Status::Error("0A000", "this kind of multiple-column assignment is not supported yet");
  const PgQuery__RowExpr* row = source->row_expr;
  if (row->n_args != static_cast<size_t>(m->ncolumns))
    return PositionedError("42601", "number of columns does not match number of values", row->location);
  return row->args[m->colno - 1];
}

}  // namespace

// The value a column gets when none is given: its DEFAULT expression, else NULL.
Result<ExprPtr> Binder::DefaultFor(const ColumnDef& col) {
  if (col.default_sql.empty()) return Expr::MakeConst(Value::Null(), col.type, col.typmod);
  PLINTH_ASSIGN_OR_RETURN(auto tree, ParseTree::Parse("SELECT " + col.default_sql));
  const PgQuery__Node* node = tree->statements()[0].node->select_stmt->target_list[0]->res_target->val;
  PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindStandalone(node, nullptr));
  return CoerceTo(std::move(e), col.type, col.typmod, CastContext::Assignment, ColumnWhat(col));
}

Status Binder::BindSetClause(PgQuery__Node* const* targets, size_t n, const TableDef& t, std::vector<ExprPtr>* out) {
  out->clear();
  out->resize(t.columns.size());
  std::vector<std::unique_ptr<SubqueryColumn>> subquery_columns;
  for (size_t i = 0; i < n; i++) {
    const PgQuery__ResTarget* rt = targets[i]->res_target;
    int col = t.FindColumn(rt->name);
    if (col < 0)
      return PositionedError("42703", "column \"" + std::string(rt->name) + "\" of relation \"" + t.name + "\" does not exist",
                     rt->location);
    // PostgreSQL's rewriter reports this one without a position.
    if ((*out)[col]) return Status::Error("42601", "multiple assignments to same column \"" + std::string(rt->name) + "\"");
    PLINTH_ASSIGN_OR_RETURN(const PgQuery__Node* val, AssignedValue(rt, &subquery_columns));
    const ColumnDef& cd = t.columns[col];
    ExprPtr e;
    if (cd.identity == "a" && val->node_case != PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
      return Status::Error("428C9", "column \"" + cd.name + "\" can only be updated to DEFAULT")
          .with_detail("Column \"" + cd.name + "\" is an identity column defined as GENERATED ALWAYS.");
    if (val->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT) {
      PLINTH_ASSIGN_OR_RETURN(e, DefaultFor(cd));
    } else if (rt->n_indirection > 0) {  // SET a[i] = v: the column with one element replaced
      ExprPtr current = Expr::MakeColumn(col, cd.type, cd.typmod, cd.name);
      PLINTH_ASSIGN_OR_RETURN(e, BindSubscriptAssignment(std::move(current), rt->indirection, rt->n_indirection, val,
                                                         ColumnWhat(cd)));
    } else {
      PLINTH_ASSIGN_OR_RETURN(e, BindExpr(val));
      PLINTH_ASSIGN_OR_RETURN(e, CoerceTo(std::move(e), cd.type, cd.typmod, CastContext::Assignment, ColumnWhat(cd)));
    }
    (*out)[col] = std::move(e);
  }
  return Status::OK();
}

Result<Plan> Binder::BindInsert(const PgQuery__Node* node) {
  const PgQuery__InsertStmt* ins = node->insert_stmt;
  if (ins->with_clause) PLINTH_RETURN_IF_ERROR(PushWith(ins->with_clause));
  Plan plan;
  plan.action = PlanAction::Insert;
  plan.command = "INSERT";
  PLINTH_ASSIGN_OR_RETURN(plan.table, ResolveTable(ins->relation));
  const TableDef& t = *plan.table;

  // Which table column each supplied value goes to.
  std::vector<int> targets;
  if (ins->n_cols == 0) {
    for (size_t i = 0; i < t.columns.size(); i++) targets.push_back(static_cast<int>(i));
  } else {
    for (size_t i = 0; i < ins->n_cols; i++) {
      const PgQuery__ResTarget* rt = ins->cols[i]->res_target;
      int col = t.FindColumn(rt->name);
      if (col < 0)
        return PositionedError("42703", "column \"" + std::string(rt->name) + "\" of relation \"" + t.name + "\" does not exist",
                       rt->location);
      for (int seen : targets)
        if (seen == col)
          return PositionedError("42701", "column \"" + std::string(rt->name) + "\" specified more than once", rt->location);
      targets.push_back(col);
    }
  }

  auto full_row = [&](std::vector<ExprPtr> given) -> Result<std::vector<ExprPtr>> {
    std::vector<ExprPtr> row(t.columns.size());
    for (size_t i = 0; i < given.size(); i++) {
      const ColumnDef& col = t.columns[targets[i]];
      // Identity columns: ALWAYS refuses a value unless OVERRIDING SYSTEM VALUE; OVERRIDING
      // USER VALUE makes either kind ignore the given value.
      if (given[i] && col.identity == "a" && ins->override != PG_QUERY__OVERRIDING_KIND__OVERRIDING_SYSTEM_VALUE &&
          ins->override != PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE)
        return Status::Error("428C9", "cannot insert a non-DEFAULT value into column \"" + col.name + "\"")
            .with_detail("Column \"" + col.name + "\" is an identity column defined as GENERATED ALWAYS.")
            .with_hint("Use OVERRIDING SYSTEM VALUE to override.");
      if (given[i] && !col.identity.empty() && ins->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE)
        given[i] = nullptr;
      if (!given[i]) {
        PLINTH_ASSIGN_OR_RETURN(row[targets[i]], DefaultFor(col));
      } else {
        PLINTH_ASSIGN_OR_RETURN(row[targets[i]], CoerceTo(std::move(given[i]), col.type, col.typmod,
                                                          CastContext::Assignment, ColumnWhat(col)));
      }
    }
    for (size_t c = 0; c < row.size(); c++)
      if (!row[c]) { PLINTH_ASSIGN_OR_RETURN(row[c], DefaultFor(t.columns[c])); }
    return row;
  };

  auto values = std::make_unique<PlanNode>();
  values->kind = PlanKind::Values;
  for (const ColumnDef& c : t.columns) values->column_types.push_back(c.type);

  const PgQuery__SelectStmt* sel = ins->select_stmt ? ins->select_stmt->select_stmt : nullptr;
  if (!sel) {
    // INSERT ... DEFAULT VALUES
    std::vector<ExprPtr> none;
    targets.clear();
    PLINTH_ASSIGN_OR_RETURN(auto row, full_row(std::move(none)));
    values->rows.push_back(std::move(row));
    plan.root = std::move(values);
  } else if (sel->n_values_lists) {
    // PostgreSQL's order of checks: the rows agree with each other, then with the
    // target list. Without a column list, missing trailing values take defaults.
    const PgQuery__List* first = sel->values_lists[0]->list;
    for (size_t r = 1; r < sel->n_values_lists; r++) {
      const PgQuery__List* list = sel->values_lists[r]->list;
      if (list->n_items != first->n_items)
        return PositionedError("42601", "VALUES lists must all be the same length",
                       list->n_items ? LocationOf(list->items[0]) : -1);
    }
    if (first->n_items > targets.size())
      return PositionedError("42601", "INSERT has more expressions than target columns", LocationOf(first->items[targets.size()]));
    if (first->n_items < targets.size()) {
      if (ins->n_cols != 0)
        return PositionedError("42601", "INSERT has more target columns than expressions",
                       ins->cols[first->n_items]->res_target->location);
      targets.resize(first->n_items);
    }
    for (size_t r = 0; r < sel->n_values_lists; r++) {
      const PgQuery__List* list = sel->values_lists[r]->list;
      std::vector<ExprPtr> given;
      for (size_t c = 0; c < list->n_items; c++) {
        if (list->items[c]->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT) {
          given.push_back(nullptr);
          continue;
        }
        PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindExpr(list->items[c]));
        given.push_back(std::move(e));
      }
      PLINTH_ASSIGN_OR_RETURN(auto row, full_row(std::move(given)));
      values->rows.push_back(std::move(row));
    }
    plan.root = std::move(values);
  } else {
    // INSERT ... SELECT: project the query's columns onto the table's.
    std::vector<OutputColumn> cols;
    PLINTH_ASSIGN_OR_RETURN(auto source, BindSelect(ins->select_stmt, &cols));
    if (cols.size() > targets.size()) return Status::Error("42601", "INSERT has more expressions than target columns");
    if (cols.size() < targets.size()) {
      // As with VALUES: only an explicit column list must be matched in full.
      if (ins->n_cols != 0)
        return PositionedError("42601", "INSERT has more target columns than expressions",
                       ins->cols[cols.size()]->res_target->location);
      targets.resize(cols.size());
    }
    std::vector<ExprPtr> given;
    for (size_t i = 0; i < cols.size(); i++)
      given.push_back(Expr::MakeColumn(static_cast<int>(i), cols[i].type, cols[i].typmod, cols[i].name));
    PLINTH_ASSIGN_OR_RETURN(auto row, full_row(std::move(given)));
    auto project = std::make_unique<PlanNode>();
    project->kind = PlanKind::Project;
    project->column_types = values->column_types;
    project->exprs = std::move(row);
    project->child = std::move(source);
    plan.root = std::move(project);
  }

  scope_.clear();
  ScopeEntry self;
  self.alias = ins->relation->alias && ins->relation->alias->aliasname ? ins->relation->alias->aliasname : t.name;
  self.columns = ColumnsOf(t);
  if (ins->on_conflict_clause) PLINTH_RETURN_IF_ERROR(BindOnConflict(ins->on_conflict_clause, self.alias, &plan));
  scope_.clear();
  scope_.push_back(std::move(self));
  PLINTH_RETURN_IF_ERROR(BindReturning(ins->returning_list, ins->n_returning_list, &plan));
  PLINTH_RETURN_IF_ERROR(AddChecks(&plan));
  plan.modifying_ctes = std::move(modifying_ctes_);
  return plan;
}

Result<Plan> Binder::BindUpdate(const PgQuery__Node* node) {
  const PgQuery__UpdateStmt* up = node->update_stmt;
  if (up->with_clause) PLINTH_RETURN_IF_ERROR(PushWith(up->with_clause));
  Plan plan;
  plan.action = PlanAction::Update;
  plan.command = "UPDATE";
  PLINTH_ASSIGN_OR_RETURN(plan.table, ResolveTable(up->relation));
  const TableDef& t = *plan.table;
  ScopeEntry self;
  self.alias = up->relation->alias && up->relation->alias->aliasname ? up->relation->alias->aliasname : t.name;
  self.table = plan.table;
  self.columns = ColumnsOf(t);
  scope_.push_back(self);

  auto scan = std::make_unique<PlanNode>();
  scan->kind = PlanKind::TableScan;
  scan->table = plan.table;
  for (const ColumnDef& c : t.columns) scan->column_types.push_back(c.type);
  // UPDATE ... FROM / DELETE ... USING: the other tables join onto the target's rows,
  // which stay on the left so the row keys reach RunModify through the joins.
  std::unique_ptr<PlanNode> root = std::move(scan);
  for (size_t i = 0; i < up->n_from_clause; i++) { PLINTH_ASSIGN_OR_RETURN(root, BindFromItem(up->from_clause[i], std::move(root))); }
  if (up->where_clause) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr pred, BindExpr(up->where_clause));
    PLINTH_ASSIGN_OR_RETURN(pred, ToBoolean(std::move(pred), "WHERE"));
    auto filter = std::make_unique<PlanNode>();
    filter->kind = PlanKind::Filter;
    filter->column_types = root->column_types;
    filter->predicate = std::move(pred);
    filter->child = std::move(root);
    root = std::move(filter);
  }
  plan.root = std::move(root);

  PLINTH_RETURN_IF_ERROR(BindSetClause(up->target_list, up->n_target_list, t, &plan.assignments));
  PLINTH_RETURN_IF_ERROR(BindReturning(up->returning_list, up->n_returning_list, &plan));
  PLINTH_RETURN_IF_ERROR(AddChecks(&plan));
  plan.modifying_ctes = std::move(modifying_ctes_);
  return plan;
}

Result<Plan> Binder::BindDelete(const PgQuery__Node* node) {
  const PgQuery__DeleteStmt* del = node->delete_stmt;
  if (del->with_clause) PLINTH_RETURN_IF_ERROR(PushWith(del->with_clause));
  Plan plan;
  plan.action = PlanAction::Delete;
  plan.command = "DELETE";
  PLINTH_ASSIGN_OR_RETURN(plan.table, ResolveTable(del->relation));
  const TableDef& t = *plan.table;
  ScopeEntry self;
  self.alias = del->relation->alias && del->relation->alias->aliasname ? del->relation->alias->aliasname : t.name;
  self.table = plan.table;
  self.columns = ColumnsOf(t);
  scope_.push_back(self);
  auto scan = std::make_unique<PlanNode>();
  scan->kind = PlanKind::TableScan;
  scan->table = plan.table;
  for (const ColumnDef& c : t.columns) scan->column_types.push_back(c.type);
  // UPDATE ... FROM / DELETE ... USING: the other tables join onto the target's rows,
  // which stay on the left so the row keys reach RunModify through the joins.
  std::unique_ptr<PlanNode> root = std::move(scan);
  for (size_t i = 0; i < del->n_using_clause; i++) { PLINTH_ASSIGN_OR_RETURN(root, BindFromItem(del->using_clause[i], std::move(root))); }
  if (del->where_clause) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr pred, BindExpr(del->where_clause));
    PLINTH_ASSIGN_OR_RETURN(pred, ToBoolean(std::move(pred), "WHERE"));
    auto filter = std::make_unique<PlanNode>();
    filter->kind = PlanKind::Filter;
    filter->column_types = root->column_types;
    filter->predicate = std::move(pred);
    filter->child = std::move(root);
    root = std::move(filter);
  }
  plan.root = std::move(root);
  PLINTH_RETURN_IF_ERROR(BindReturning(del->returning_list, del->n_returning_list, &plan));
  plan.modifying_ctes = std::move(modifying_ctes_);
  return plan;
}

}  // namespace plinth
