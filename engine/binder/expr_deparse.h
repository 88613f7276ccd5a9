// Bound expressions printed back as PostgreSQL's ruleutils.c prints an analysed
// expression (pg_get_constraintdef, pg_get_expr on pg_attrdef.adbin, psql's \d): every
// operator in parentheses, the implicit casts analysis added shown where ruleutils shows
// them ("(qty > (0)::numeric)"), typed literals labelled ("'x'::text"), IN lists as
// "= ANY (ARRAY[...])", CASE on indented lines. Pretty mode (the `pretty` argument of
// those functions) drops the parentheses operator precedence makes redundant.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/binder/expr.h"
#include "engine/planner/plan.h"
#include "engine/types/identifier.h"  // QuoteIdentifier
#include "engine/types/types.h"

namespace plinth {

// `io` prints constants (its reg_names turns regclass OIDs back into names). Column
// references print as the Column node's name. Node kinds with no stored-expression
// meaning (subqueries, aggregates, parameters) print as ruleutils would not: callers
// fall back to the source text for those (see DeparseSupported).
std::string DeparseBoundExpr(const Expr& e, const IoContext& io, bool pretty);

// False when the tree holds a node DeparseBoundExpr cannot print faithfully.
bool DeparseSupported(const Expr& e);

// What a query printer (query_deparse.h) adds for the expressions of a query: column
// references named through its range table ("t.a"), its aggregate calls (AggRef nodes
// index `aggregates`), and the indentation CASE lines continue at.
struct QueryExprScope {
  std::function<std::string(const Expr& column)> column_text;
  // The query of an uncorrelated SubLink as ruleutils prints it (" SELECT ..."); the
  // expression printer adds the EXISTS / IN / op ANY framing. Unset: subqueries are
  // not printed.
  std::function<std::string(const Expr& sublink)> subquery_text;
  const std::vector<AggregateCall>* aggregates = nullptr;
  int indent = 0;
};
std::string DeparseBoundExpr(const Expr& e, const IoContext& io, bool pretty, const QueryExprScope& scope);
// DeparseSupported, also accepting the plain aggregate calls `scope` can name.
bool DeparseSupported(const Expr& e, const QueryExprScope& scope);


}  // namespace plinth
