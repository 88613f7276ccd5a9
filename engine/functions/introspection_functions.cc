// Functions that describe values rather than compute with them: pg_typeof(any).
#include "engine/functions/registry.h"

namespace plinth::functions {

namespace {

// pg_typeof reports the argument's resolved type, which the Value alone does not carry:
// it comes from FunctionCallContext::arg_types. It is not strict, because
// pg_typeof(NULL) is still a question with an answer ("unknown").
Status PgTypeof(FunctionCallContext& ctx, const Value*, size_t nargs, Value* out) {
  if (nargs != 1 || ctx.arg_types == nullptr)
    return Status::Error("XX000", "pg_typeof called without its argument type");
  return Ok(out, Value::Int(ctx.arg_types[0]));
}

}  // namespace

void RegisterIntrospection(Registry& r) {
  r.Add({"pg_typeof", {oids::kAny}, oids::kRegtype, /*strict=*/false, false, false, PgTypeof});
}

}  // namespace plinth::functions
