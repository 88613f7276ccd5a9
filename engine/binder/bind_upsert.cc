// Binding of INSERT ... ON CONFLICT: which unique keys arbitrate (PostgreSQL's
// inference from a column list, a named constraint, or every unique key for a bare
// DO NOTHING), and DO UPDATE's SET and WHERE over the existing row and EXCLUDED.
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>

#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"
#include "engine/parser/parser.h"

namespace plinth {

namespace {

// The arbiters whose key columns are exactly `cols` (in any order): the primary key (id
// 0) and the unique indexes over plain columns, as PostgreSQL's inference picks every
// unique index matching the column set. A partial index qualifies when the inference
// clause's WHERE (`where_sql`, deparsed like index predicates) is its predicate;
// PostgreSQL accepts any WHERE that implies the predicate, Plinth the predicate itself.
std::vector<uint32_t> InferArbiters(const TableDef& t, std::vector<int> cols, const std::string& where_sql) {
  std::sort(cols.begin(), cols.end());
  cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
  auto same_set = [&](std::vector<int> key) {
    std::sort(key.begin(), key.end());
    return key == cols;
  };
  std::vector<uint32_t> out;
  if (!t.primary_key.empty() && same_set(t.primary_key)) out.push_back(0);
  for (const IndexDef& ix : t.indexes) {
    if (!ix.unique || (!ix.predicate_sql.empty() && ix.predicate_sql != where_sql)) continue;
    bool plain = std::none_of(ix.columns.begin(), ix.columns.end(), [](int c) { return c < 0; });
    if (plain && same_set(ix.columns)) out.push_back(ix.id);
  }
  return out;
}

Status NoMatchingConstraint() {
  return Status::Error("42P10", "there is no unique or exclusion constraint matching the ON CONFLICT specification");
}

// The column an inference element names: `col`, or `(col)` written as an expression.
Result<int> InferenceColumn(const TableDef& t, const PgQuery__IndexElem* elem) {
  std::string name;
  int location = -1;
  if (elem->name && elem->name[0]) {
    name = elem->name;
  } else if (elem->expr && elem->expr->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
             elem->expr->column_ref->n_fields == 1 &&
             elem->expr->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
    name = elem->expr->column_ref->fields[0]->string->sval;
    location = elem->expr->column_ref->location;
  } else {
    // Expression indexes are not inferred; PostgreSQL would match one with the same
    // expression, which Plinth reports as no match.
    return NoMatchingConstraint();
  }
  int col = t.FindColumn(name);
  if (col < 0) return PositionedError("42703", "column \"" + name + "\" does not exist", location);
  return col;
}

}  // namespace

Status Binder::BindOnConflict(const PgQuery__OnConflictClause* oc, const std::string& alias, Plan* plan) {
  const TableDef& t = *plan->table;
  auto on_conflict = std::make_unique<OnConflictPlan>();
  on_conflict->do_update = oc->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE;
  const PgQuery__InferClause* infer = oc->infer;

  if (!infer) {
    if (on_conflict->do_update)
      return PositionedError("42601", "ON CONFLICT DO UPDATE requires inference specification or constraint name",
                             oc->location)
          .with_hint("For example, ON CONFLICT (column_name).");
    // A bare DO NOTHING: a conflict on any unique key skips the row.
    if (!t.primary_key.empty()) on_conflict->arbiters.push_back(0);
    for (const IndexDef& ix : t.indexes)
      if (ix.unique) on_conflict->arbiters.push_back(ix.id);
  } else if (infer->conname && infer->conname[0]) {
    std::string name = infer->conname;
    if (!t.primary_key.empty() && t.pk_constraint_name == name) {
      on_conflict->arbiters.push_back(0);
    } else if (const IndexDef* ix = t.FindIndex(name); ix && ix->unique && ix->constraint) {
      on_conflict->arbiters.push_back(ix->id);
    } else {
      return Status::Error("42704", "constraint \"" + name + "\" for table \"" + t.name + "\" does not exist");
    }
  } else {
    std::string where_sql;
    if (infer->where_clause) {
      // Bound over the target's columns only to report what PostgreSQL reports (42703,
      // 42804); inference compares the text.
      std::vector<ScopeEntry> saved = std::move(scope_);
      scope_.clear();
      ScopeEntry target;
      target.alias = alias;
      target.table = plan->table;
      target.columns = TableColumns(t);
      scope_.push_back(std::move(target));
      auto bound = BindExpr(infer->where_clause);
      scope_ = std::move(saved);
      if (!bound.ok()) return bound.status();
      PLINTH_RETURN_IF_ERROR(ToBoolean(bound.take(), "WHERE").status());
      PLINTH_ASSIGN_OR_RETURN(where_sql, DeparseExpr(infer->where_clause));
    }
    std::vector<int> cols;
    for (size_t i = 0; i < infer->n_index_elems; i++) {
      PLINTH_ASSIGN_OR_RETURN(int col, InferenceColumn(t, infer->index_elems[i]->index_elem));
      cols.push_back(col);
    }
    on_conflict->arbiters = InferArbiters(t, std::move(cols), where_sql);
    if (on_conflict->arbiters.empty()) return NoMatchingConstraint();
  }

  if (on_conflict->do_update) {
    // SET and WHERE see the existing row under the target's name (or alias) and the
    // row proposed for insertion as EXCLUDED, side by side in one input row.
    scope_.clear();
    ScopeEntry existing;
    existing.alias = alias;
    existing.table = plan->table;
    existing.columns = TableColumns(t);
    ScopeEntry excluded;
    excluded.alias = "excluded";
    excluded.columns = TableColumns(t);
    excluded.offset = static_cast<int>(t.columns.size());
    scope_.push_back(std::move(existing));
    scope_.push_back(std::move(excluded));
    PLINTH_RETURN_IF_ERROR(BindSetClause(oc->target_list, oc->n_target_list, t, &on_conflict->assignments));
    if (oc->where_clause) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr pred, BindExpr(oc->where_clause));
      PLINTH_ASSIGN_OR_RETURN(on_conflict->where, ToBoolean(std::move(pred), "WHERE"));
    }
    scope_.clear();
  }
  plan->on_conflict = std::move(on_conflict);
  return Status::OK();
}

}  // namespace plinth
