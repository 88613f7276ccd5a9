// Evaluation of bound expressions over one input row, with SQL's three-valued logic.
#pragma once

#include "engine/binder/expr.h"
#include "engine/common/status.h"
#include "engine/executor/exec_context.h"

namespace plinth {

Status Eval(const Expr& e, const Row& row, ExecContext& ctx, Value* out);
// Runs a set-returning call with FunctionDef::set_impl (regexp_matches, jsonb_each...)
// over `row`: all of its rows, none when a strict call has a NULL argument.
Status CallSetFunction(const Expr& call, const Row& row, ExecContext& ctx, std::vector<std::vector<Value>>* rows);
// Evaluates a boolean predicate; NULL counts as false.
Result<bool> EvalPredicate(const Expr& e, const Row& row, ExecContext& ctx);

}  // namespace plinth
