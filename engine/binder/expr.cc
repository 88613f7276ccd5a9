#include "engine/binder/expr.h"

namespace plinth {

std::unique_ptr<Expr> Expr::Clone() const {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->type = type;
  e->typmod = typmod;
  e->value = value;
  e->column = column;
  e->param = param;
  e->fn = fn;
  for (const auto& a : args) e->args.push_back(a->Clone());
  e->negate = negate;
  e->has_else = has_else;
  e->is_greatest = is_greatest;
  e->bool_test = bool_test;
  e->cast_context = cast_context;
  e->compare_type = compare_type;
  e->sublink = sublink;
  e->frame_size = frame_size;
  e->subplan = subplan;
  e->combine = combine;
  e->name = name;
  e->location = location;
  return e;
}

}  // namespace plinth
