// Internal to the binder: what its SELECT files (bind_query.cc, bind_from.cc,
// bind_aggregate.cc, bind_setop.cc, bind_subquery.cc, bind_column.cc) share.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/binder/binder.h"

struct PgQuery__CommonTableExpr;

namespace plinth {

inline Status PositionedError(const char* sqlstate, std::string message, int location) {
  Status s = Status::Error(sqlstate, std::move(message));
  if (location >= 0) s.with_position(location + 1);
  return s;
}

// The aggregate calls met while binding one query's target list, HAVING and ORDER BY.
struct AggregateScope {
  std::vector<AggregateCall> calls;
};

// The window function calls met while binding one query's target list and ORDER BY.
struct WindowScope {
  std::vector<WindowCall> calls;
};

// A WITH entry visible to FROM clauses.
struct CteBinding {
  std::string name;
  const PgQuery__CommonTableExpr* cte = nullptr;
  size_t visible = 0;       // ctes_ entries visible inside its own query
  bool recursive = false;   // WITH RECURSIVE: may read its own work table
  // While its recursive term is bound, references read the work table.
  bool in_recursive_term = false;
  bool referenced = false;  // the recursive term did refer to it
  int work_table = -1;
  std::vector<OutputColumn> work_columns;
  // A data-modifying entry (INSERT/UPDATE/DELETE): references read its RETURNING rows
  // as work table `work_table` (columns work_columns); has_returning false if it has none.
  bool modifying = false;
  bool has_returning = false;
};

// GROUP BY, bound: the distinct key expressions and the grouping sets over them.
struct GroupingPlan {
  std::vector<ExprPtr> keys;
  std::vector<std::vector<int>> sets;  // empty: one set of every key
  bool present = false;                // the query had a GROUP BY clause
};

std::vector<OutputColumn> TableColumns(const TableDef& t);
// The parse position of an expression node (-1 when it has none).
int LocationOf(const PgQuery__Node* n);
bool IsAggregateName(const std::string& name);
bool IsWindowOnlyFunction(const std::string& name);  // row_number, rank, lag... (bind_window.cc)
// Structural equality of bound expressions (GROUP BY matching).
bool ExprEquals(const Expr& a, const Expr& b);
// The record shape (kRecord typmod) of a bound call of a record-returning function such
// as _pg_expandarray, or -1 (bind_srf.cc).
int32_t RecordShapeOfCall(const Expr& call);
// Adds delta to every Column reference (not into subquery bodies).
void ShiftColumns(Expr* e, int delta);
std::unique_ptr<PlanNode> MakeNode(PlanKind kind, std::vector<Oid> column_types);
std::vector<Oid> TypesOf(const std::vector<OutputColumn>& cols);
// Wraps `node` in a Project that casts column i to types[i] where they differ.
std::unique_ptr<PlanNode> CastColumns(std::unique_ptr<PlanNode> node, const std::vector<Oid>& types);

}  // namespace plinth
