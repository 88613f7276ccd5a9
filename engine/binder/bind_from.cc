// Binding of FROM: tables, subqueries, set-returning functions, WITH references and
// joins. Items are joined left-deep, so every ON condition is evaluated over a row that
// starts with the leftmost item; each item's scope entry records where its columns sit.
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <set>

#include "engine/binder/bind_internal.h"
#include "engine/executor/json_to_record.h"
#include "engine/system/system_binding.h"

namespace plinth {

namespace {

int Width(const PlanNode& n) { return static_cast<int>(n.column_types.size()); }

std::unique_ptr<PlanNode> JoinNode(JoinType type, std::unique_ptr<PlanNode> left, std::unique_ptr<PlanNode> right) {
  std::vector<Oid> types = left->column_types;
  types.insert(types.end(), right->column_types.begin(), right->column_types.end());
  auto join = MakeNode(PlanKind::NestedLoopJoin, std::move(types));
  join->join_type = type;
  join->child = std::move(left);
  join->right = std::move(right);
  return join;
}

// Renames columns by an alias's column list: `AS v (num, word)`.
Status ApplyColumnAliases(const PgQuery__Alias* alias, std::vector<OutputColumn>* cols) {
  if (!alias) return Status::OK();
  if (alias->n_colnames > cols->size())
    return Status::Error("42P10", "table \"" + std::string(alias->aliasname) + "\" has " +
                                      std::to_string(cols->size()) + " columns available but " +
                                      std::to_string(alias->n_colnames) + " columns specified");
  for (size_t i = 0; i < alias->n_colnames; i++) (*cols)[i].name = alias->colnames[i]->string->sval;
  return Status::OK();
}

}  // namespace

int LocationOf(const PgQuery__Node* n) {
  if (!n) return -1;
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: return n->column_ref->location;
    case PG_QUERY__NODE__NODE_A_CONST: return n->a_const->location;
    case PG_QUERY__NODE__NODE_FUNC_CALL: return n->func_call->location;
    case PG_QUERY__NODE__NODE_A_EXPR: return n->a_expr->lexpr ? LocationOf(n->a_expr->lexpr) : n->a_expr->location;
    case PG_QUERY__NODE__NODE_TYPE_CAST: return LocationOf(n->type_cast->arg);
    case PG_QUERY__NODE__NODE_SUB_LINK: return n->sub_link->location;
    case PG_QUERY__NODE__NODE_RES_TARGET: return LocationOf(n->res_target->val);
    case PG_QUERY__NODE__NODE_PARAM_REF: return n->param_ref->location;
    case PG_QUERY__NODE__NODE_CASE_EXPR: return n->case_expr->location;
    case PG_QUERY__NODE__NODE_BOOL_EXPR: return n->bool_expr->location;
    case PG_QUERY__NODE__NODE_NULL_TEST: return LocationOf(n->null_test->arg);
    case PG_QUERY__NODE__NODE_ROW_EXPR: return n->row_expr->location;
    default: return -1;
  }
}

Status Binder::CheckDuplicateAliases() const {
  std::set<std::string> seen;
  for (const ScopeEntry& e : scope_) {
    if (!e.rel_visible || e.alias.empty()) continue;
    if (!seen.insert(e.alias).second)
      return Status::Error("42712", "table name \"" + e.alias + "\" specified more than once");
  }
  return Status::OK();
}

Result<std::unique_ptr<PlanNode>> Binder::BindFromItem(const PgQuery__Node* item, std::unique_ptr<PlanNode> left) {
  if (item->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR) return BindJoin(item->join_expr, std::move(left));
  bool lateral = false;
  std::vector<ExprPtr> lateral_args;
  PLINTH_ASSIGN_OR_RETURN(auto node, BindFromLeaf(item, left ? Width(*left) : 0, &lateral, &lateral_args));
  if (!left && !lateral) return node;
  // A LATERAL item first in FROM still needs a join to re-run it: over one empty row.
  if (!left) left = MakeNode(PlanKind::OneRow, {});
  auto join = JoinNode(JoinType::Inner, std::move(left), std::move(node));
  join->lateral = lateral;
  join->lateral_args = std::move(lateral_args);
  return join;
}

Result<std::unique_ptr<PlanNode>> Binder::BindFromLeaf(const PgQuery__Node* item, int base, bool* lateral,
                                                       std::vector<ExprPtr>* lateral_args) {
  ScopeEntry entry;
  entry.offset = base;
  std::unique_ptr<PlanNode> node;
  const PgQuery__Alias* alias = nullptr;
  switch (item->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
      const PgQuery__RangeVar* rv = item->range_var;
      alias = rv->alias;
      entry.alias = rv->relname;
      const CteBinding* cte = nullptr;
      if (!rv->schemaname || !rv->schemaname[0]) {
        for (auto it = ctes_.rbegin(); it != ctes_.rend() && !cte; ++it)
          if ((*it)->name == rv->relname) cte = it->get();
      }
      const SystemRelation* system =
          cte ? nullptr
              : ResolveSystemRelation(ctx_.system, *ctx_.catalog, rv->schemaname ? rv->schemaname : "",
                                      rv->relname, ctx_.search_path);
      if (cte) {
        PLINTH_ASSIGN_OR_RETURN(node, BindCteRef(const_cast<CteBinding&>(*cte), &entry.columns));
      } else if (system) {
        entry.table = system->table;
        entry.columns = TableColumns(*system->table);
        node = MakeNode(PlanKind::SystemScan, TypesOf(entry.columns));
        node->system_catalog = ctx_.system;
        node->system_relation = system;
      } else if (const ViewDef* view = FindViewFor(rv)) {
        if (relation_log) relation_log->insert(view->oid);
        PLINTH_ASSIGN_OR_RETURN(node, BindViewRef(*view, &entry.columns));
        for (auto& c : entry.columns) c.table_oid = 0, c.attnum = 0;
      } else if (const SequenceDef* seq = FindSequenceFor(rv)) {
        node = SequenceRelation(*seq, &entry.columns);
      } else {
        PLINTH_ASSIGN_OR_RETURN(auto table, ResolveTable(rv));
        entry.table = table;
        entry.columns = TableColumns(*table);
        node = MakeNode(PlanKind::TableScan, TypesOf(entry.columns));
        node->table = std::move(table);
      }
      break;
    }
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
      const PgQuery__RangeSubselect* rs = item->range_subselect;
      if (!rs->alias)
        return PositionedError("42601", "subquery in FROM must have an alias", -1)
            .with_hint("For example, FROM (SELECT ...) [AS] foo.");
      alias = rs->alias;
      entry.alias = rs->alias->aliasname;
      if (rs->lateral) {
        // The subquery sees the items to its left as an outer query level whose row
        // is the join's left row.
        EnterLevel();
        auto r = BindNestedQuery(rs->subquery, &entry.columns);
        *lateral_args = LeaveLevel();
        PLINTH_ASSIGN_OR_RETURN(node, std::move(r));
        *lateral = true;
      } else {
        PLINTH_ASSIGN_OR_RETURN(node, BindNestedQuery(rs->subquery, &entry.columns));
      }
      for (auto& c : entry.columns) c.table_oid = 0, c.attnum = 0;
      break;
    }
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
      const PgQuery__RangeFunction* rf = item->range_function;
      alias = rf->alias;
      // A function in FROM is implicitly LATERAL (as in PostgreSQL): its arguments may
      // read the items to its left, which it sees as an outer level whose row is the
      // join's left row. Without such references it stays a plain, run-once scan.
      EnterLevel();
      auto bound = BindRangeFunction(rf, &entry.columns);
      std::vector<ExprPtr> frame = LeaveLevel();
      PLINTH_ASSIGN_OR_RETURN(node, std::move(bound));
      if (!frame.empty()) {
        *lateral = true;
        *lateral_args = std::move(frame);
      }
      entry.alias = entry.columns.empty() ? "" : entry.columns[0].name;
      if (alias) {
        entry.alias = alias->aliasname;
        // A function returning one column takes the alias as its column name too.
        if (alias->n_colnames == 0 && entry.columns.size() == 1 && rf->n_coldeflist == 0) {
          entry.columns[0].name = alias->aliasname;
        }
      }
      break;
    }
    default:
      return Status::Error("0A000", "this kind of FROM item is not supported yet");
  }
  if (alias && alias->aliasname) entry.alias = alias->aliasname;
  PLINTH_RETURN_IF_ERROR(ApplyColumnAliases(alias, &entry.columns));
  scope_.push_back(std::move(entry));
  last_item_entry_ = scope_.size() - 1;
  return node;
}

Result<std::unique_ptr<PlanNode>> Binder::BindJoin(const PgQuery__JoinExpr* j, std::unique_ptr<PlanNode> left) {
  JoinType type;
  switch (j->jointype) {
    case PG_QUERY__JOIN_TYPE__JOIN_INNER: type = JoinType::Inner; break;
    case PG_QUERY__JOIN_TYPE__JOIN_LEFT: type = JoinType::Left; break;
    case PG_QUERY__JOIN_TYPE__JOIN_RIGHT: type = JoinType::Right; break;
    case PG_QUERY__JOIN_TYPE__JOIN_FULL: type = JoinType::Full; break;
    default: return Status::Error("0A000", "this join type is not supported");
  }
  size_t join_first = scope_.size();
  PLINTH_ASSIGN_OR_RETURN(auto lhs, BindFromItem(j->larg, std::move(left)));
  size_t left_entry = last_item_entry_;
  int lw = Width(*lhs);

  std::unique_ptr<PlanNode> rhs;
  bool lateral = false;
  std::vector<ExprPtr> lateral_args;
  size_t right_entry;
  if (j->rarg->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR) {
    // A parenthesized join on the right: bound on its own (its ON conditions see only
    // its own row), then its entries are moved behind the left side's columns.
    std::vector<ScopeEntry> saved = std::move(scope_);
    scope_.clear();
    auto r = BindJoin(j->rarg->join_expr, nullptr);
    std::vector<ScopeEntry> entries = std::move(scope_);
    scope_ = std::move(saved);
    PLINTH_ASSIGN_OR_RETURN(rhs, std::move(r));
    right_entry = scope_.size() + last_item_entry_;
    for (ScopeEntry& e : entries) {
      e.offset += lw;
      for (int& p : e.positions) p += lw;
      scope_.push_back(std::move(e));
    }
  } else {
    PLINTH_ASSIGN_OR_RETURN(rhs, BindFromLeaf(j->rarg, lw, &lateral, &lateral_args));
    right_entry = last_item_entry_;
  }
  auto join = JoinNode(type, std::move(lhs), std::move(rhs));
  join->lateral = lateral;
  join->lateral_args = std::move(lateral_args);

  // USING / NATURAL: equality of same-named columns, merged into one output column.
  std::vector<std::string> using_names;
  if (j->is_natural) {
    for (const auto& lc : scope_[left_entry].columns)
      for (const auto& rc : scope_[right_entry].columns)
        if (lc.name == rc.name) using_names.push_back(lc.name);
  }
  for (size_t i = 0; i < j->n_using_clause; i++) using_names.push_back(j->using_clause[i]->string->sval);

  auto find = [&](const ScopeEntry& e, const std::string& name, const char* side) -> Result<size_t> {
    size_t found = SIZE_MAX;
    for (size_t c = 0; c < e.columns.size(); c++) {
      if (e.columns[c].name != name) continue;
      if (found != SIZE_MAX)
        return Status::Error("42702", "common column name \"" + name + "\" appears more than once in " + side + " table");
      found = c;
    }
    if (found == SIZE_MAX)
      return Status::Error("42703", "column \"" + name + "\" specified in USING clause does not exist in " + side + " table");
    return found;
  };

  std::vector<ExprPtr> conditions;
  std::vector<size_t> left_merged, right_merged;
  for (const std::string& name : using_names) {
    PLINTH_ASSIGN_OR_RETURN(size_t lc, find(scope_[left_entry], name, "left"));
    PLINTH_ASSIGN_OR_RETURN(size_t rc, find(scope_[right_entry], name, "right"));
    left_merged.push_back(lc);
    right_merged.push_back(rc);
    const ScopeEntry& L = scope_[left_entry];
    const ScopeEntry& R = scope_[right_entry];
    std::vector<ExprPtr> args;
    args.push_back(Expr::MakeColumn(L.position(lc), L.columns[lc].type, L.columns[lc].typmod, name));
    args.push_back(Expr::MakeColumn(R.position(rc), R.columns[rc].type, R.columns[rc].typmod, name));
    PLINTH_ASSIGN_OR_RETURN(ExprPtr eq, BindOperator("=", std::move(args), -1));
    conditions.push_back(std::move(eq));
  }
  if (j->quals) {
    agg_forbidden_ = "JOIN conditions";
    PLINTH_ASSIGN_OR_RETURN(ExprPtr on, BindExpr(j->quals));
    PLINTH_ASSIGN_OR_RETURN(on, ToBoolean(std::move(on), "JOIN/ON"));
    agg_forbidden_ = "FROM clause";
    conditions.push_back(std::move(on));
  }
  if (conditions.size() == 1) {
    join->predicate = std::move(conditions[0]);
  } else if (conditions.size() > 1) {
    auto all = std::make_unique<Expr>();
    all->kind = ExprKind::And;
    all->type = oids::kBool;
    all->args = std::move(conditions);
    join->predicate = std::move(all);
  }

  // The join's own entry answers unqualified names: merged columns first, then the
  // rest of the left and right columns.
  ScopeEntry joined;
  std::unique_ptr<PlanNode> top = std::move(join);
  const ScopeEntry L = scope_[left_entry];
  const ScopeEntry R = scope_[right_entry];
  std::unique_ptr<PlanNode> merge;
  for (size_t k = 0; k < using_names.size(); k++) {
    const OutputColumn& lc = L.columns[left_merged[k]];
    const OutputColumn& rc = R.columns[right_merged[k]];
    OutputColumn oc = type == JoinType::Right ? rc : lc;
    int pos = type == JoinType::Right ? R.position(right_merged[k]) : L.position(left_merged[k]);
    if (type == JoinType::Full) {
      // FULL JOIN USING: the merged value is whichever side matched.
      if (!merge) {
        merge = MakeNode(PlanKind::Project, top->column_types);
        for (size_t c = 0; c < top->column_types.size(); c++)
          merge->exprs.push_back(Expr::MakeColumn(static_cast<int>(c), top->column_types[c], -1, ""));
      }
      auto co = std::make_unique<Expr>();
      co->kind = ExprKind::Coalesce;
      std::vector<ExprPtr> args;
      args.push_back(Expr::MakeColumn(L.position(left_merged[k]), lc.type, lc.typmod, lc.name));
      args.push_back(Expr::MakeColumn(R.position(right_merged[k]), rc.type, rc.typmod, rc.name));
      std::vector<ExprPtr*> ptrs{&args[0], &args[1]};
      PLINTH_ASSIGN_OR_RETURN(Oid t, CommonType(ptrs, "JOIN/USING"));
      co->type = t;
      co->args = std::move(args);
      pos = static_cast<int>(merge->exprs.size());
      merge->exprs.push_back(std::move(co));
      merge->column_types.push_back(t);
      oc.type = t;
      oc.table_oid = 0;
      oc.attnum = 0;
    }
    joined.columns.push_back(oc);
    joined.positions.push_back(pos);
  }
  if (merge) {
    merge->child = std::move(top);
    top = std::move(merge);
  }
  for (int side = 0; side < 2; side++) {
    const ScopeEntry& e = side == 0 ? L : R;
    const std::vector<size_t>& merged = side == 0 ? left_merged : right_merged;
    for (size_t c = 0; c < e.columns.size(); c++) {
      if (std::find(merged.begin(), merged.end(), c) != merged.end()) continue;
      joined.columns.push_back(e.columns[c]);
      joined.positions.push_back(e.position(c));
    }
  }
  for (size_t i = join_first; i < scope_.size(); i++) {
    scope_[i].cols_visible = false;
    if (j->alias) scope_[i].rel_visible = false;
  }
  joined.rel_visible = j->alias != nullptr;
  if (j->alias) {
    joined.alias = j->alias->aliasname;
    PLINTH_RETURN_IF_ERROR(ApplyColumnAliases(j->alias, &joined.columns));
  }
  scope_.push_back(std::move(joined));
  last_item_entry_ = scope_.size() - 1;
  return top;
}

Result<std::unique_ptr<PlanNode>> Binder::BindRangeFunction(const PgQuery__RangeFunction* rf,
                                                            std::vector<OutputColumn>* cols) {
  if (rf->n_functions != 1 || rf->is_rowsfrom)
    return Status::Error("0A000", "only a single function is supported in FROM yet");
  const PgQuery__List* pair = rf->functions[0]->list;
  const PgQuery__Node* call = pair->items[0];
  if (call->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
    return Status::Error("0A000", "this kind of function in FROM is not supported yet");
  const PgQuery__FuncCall* fc = call->func_call;
  std::vector<std::string> names = NameList(fc->funcname, fc->n_funcname);
  std::string name = names.empty() ? "" : names.back();
  PLINTH_RETURN_IF_ERROR(CheckColumnDefinitionList(rf, name, fc->location));
  agg_forbidden_ = "functions in FROM";
  std::vector<ExprPtr> args;
  for (size_t i = 0; i < fc->n_args; i++) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(fc->args[i]));
    args.push_back(std::move(a));
  }
  agg_forbidden_ = "FROM clause";
  if (IsJsonToRecordFunction(name)) return BindJsonToRecord(rf, name, std::move(args), fc->location, cols);
  Oid result = 0;
  bool scalar = false;
  if (name == "generate_series" && (args.size() == 2 || args.size() == 3)) {
    bool wide = false;
    for (auto& a : args) wide = wide || a->type == oids::kInt8;
    result = wide ? oids::kInt8 : oids::kInt4;
    for (auto& a : args) {
      PLINTH_ASSIGN_OR_RETURN(a, CoerceTo(std::move(a), result, -1, CastContext::Implicit, "argument"));
    }
  } else if (name == "unnest" && args.size() == 1 && IsArrayType(args[0]->type)) {
    result = LookupType(args[0]->type)->elem;
  } else {
    // Any other function: a scalar one in FROM yields one row holding its result
    // (executor/function_scan.cc runs it as the single argument of an unnamed scan).
    PLINTH_ASSIGN_OR_RETURN(ExprPtr call, BindFunction(name, std::move(args), fc->location));
    if (call->fn->set_impl && !call->fn->set_columns.empty()) {
      // A set function with named output columns (jsonb_each: key, value): the scan
      // runs the call (function_scan.cc) and yields one column per output.
      std::vector<Oid> types;
      for (const auto& [column, type] : call->fn->set_columns) {
        types.push_back(type);
        cols->push_back(OutputColumn{column, type, -1, 0, 0});
      }
      if (rf->ordinality) types.push_back(oids::kInt8);
      auto node = MakeNode(PlanKind::FunctionScan, types);
      node->function = name;
      node->function_args.push_back(std::move(call));
      if (rf->ordinality) cols->push_back(OutputColumn{"ordinality", oids::kInt8, -1, 0, 0});
      return node;
    }
    scalar = !call->fn->set_impl;  // else the scan runs the set call (function_scan.cc)
    result = call->type;
    args.clear();
    args.push_back(std::move(call));
  }
  std::vector<Oid> types{result};
  if (rf->ordinality) types.push_back(oids::kInt8);  // WITH ORDINALITY: the row number
  auto node = MakeNode(PlanKind::FunctionScan, types);
  node->function = scalar ? std::string() : name;
  node->function_args = std::move(args);
  cols->push_back(OutputColumn{name, result, -1, 0, 0});
  if (rf->ordinality) cols->push_back(OutputColumn{"ordinality", oids::kInt8, -1, 0, 0});
  return node;
}

}  // namespace plinth
