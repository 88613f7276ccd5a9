// ARRAY[[1, 2], [3, 4]] and ARRAY[ARRAY[1], ARRAY[2]]: an array constructor whose
// elements are themselves arrays builds an array of one more dimension, of the same
// array type. It binds as a call of the registry's "(subarrays)" (array_more_functions.cc),
// which checks at run time that the sub-arrays' dimensions match.
#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"
#include "engine/functions/functions.h"

namespace plinth {

Result<ExprPtr> Binder::BindArrayOfArrays(Oid array_type, std::vector<ExprPtr> elements, int location) {
  const FunctionDef* fn = nullptr;
  for (const FunctionDef* d : FunctionCandidates("(subarrays)")) fn = d;
  if (!fn) return Status::Error("XX000", "the array-of-arrays constructor is not registered");
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Func;
  e->fn = fn;
  e->type = array_type;
  e->name = "array";
  e->location = location;
  e->args = std::move(elements);
  return e;
}

}  // namespace plinth
