// Subqueries in expressions (ExprKind::SubLink); see subquery.cc.
#pragma once

#include "engine/binder/expr.h"
#include "engine/executor/exec_context.h"

namespace plinth {

Status EvalSubLink(const Expr& e, const Row& row, ExecContext& ctx, Value* out);

}  // namespace plinth
