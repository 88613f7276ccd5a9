// Evaluation of bound expressions over one input row, with SQL's three-valued logic.
#pragma once

#include "engine/binder/expr.h"
#include "engine/common/status.h"
#include "engine/executor/exec_context.h"

namespace plinth {

Status Eval(const Expr& e, const Row& row, ExecContext& ctx, Value* out);
// Evaluates a boolean predicate; NULL counts as false.
Result<bool> EvalPredicate(const Expr& e, const Row& row, ExecContext& ctx);

}  // namespace plinth
