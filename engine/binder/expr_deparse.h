// Bound expressions printed back as PostgreSQL's ruleutils.c prints an analysed
// expression (pg_get_constraintdef, pg_get_expr on pg_attrdef.adbin, psql's \d): every
// operator in parentheses, the implicit casts analysis added shown where ruleutils shows
// them ("(qty > (0)::numeric)"), typed literals labelled ("'x'::text"), IN lists as
// "= ANY (ARRAY[...])", CASE on indented lines. Pretty mode (the `pretty` argument of
// those functions) drops the parentheses operator precedence makes redundant.
#pragma once

#include <string>

#include "engine/binder/expr.h"
#include "engine/types/types.h"

namespace plinth {

// `io` prints constants (its reg_names turns regclass OIDs back into names). Column
// references print as the Column node's name. Node kinds with no stored-expression
// meaning (subqueries, aggregates, parameters) print as ruleutils would not: callers
// fall back to the source text for those (see DeparseSupported).
std::string DeparseBoundExpr(const Expr& e, const IoContext& io, bool pretty);

// False when the tree holds a node DeparseBoundExpr cannot print faithfully.
bool DeparseSupported(const Expr& e);

}  // namespace plinth
