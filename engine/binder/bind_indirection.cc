// Indirection: array subscripts expr[i] and record field selection (expr).field.
// Arrays are one-dimensional, so one subscript selects an element; it binds as a call of
// the registry's "[]" function (array_functions.cc), whose result is the array's
// element type. A field of a record (engine/types/record.h) binds as a call of "(.)".
// Slices (a[1:2]) are not supported yet.
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"
#include "engine/functions/functions.h"
#include "engine/types/record.h"

namespace plinth {

namespace {

// (record).field: a call of the registry's "(.)" with the field's position.
Result<ExprPtr> SelectField(ExprPtr base, const std::string& field) {
  const std::vector<RecordField>* shape = base->type == oids::kRecord ? RecordShape(base->typmod) : nullptr;
  if (!shape) {
    return Status::Error("42809", "column notation ." + field + " applied to type " + FormatType(base->type, -1) +
                                      ", which is not a composite type");
  }
  for (size_t i = 0; i < shape->size(); i++) {
    if ((*shape)[i].name != field) continue;
    const FunctionDef* fn = nullptr;
    for (const FunctionDef* d : FunctionCandidates("(.)")) fn = d;
    if (!fn) return Status::Error("XX000", "the record field function is not registered");
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::Func;
    e->fn = fn;
    e->type = (*shape)[i].type;
    e->name = field;
    e->location = base->location;
    e->args.push_back(std::move(base));
    e->args.push_back(Expr::MakeConst(Value::Int(static_cast<int64_t>(i)), oids::kInt4));
    return e;
  }
  return Status::Error("42703", "could not identify column \"" + field + "\" in record data type");
}

}  // namespace

Result<ExprPtr> Binder::BindIndirection(const PgQuery__Node* node) {
  const PgQuery__AIndirection* ind = node->a_indirection;
  PLINTH_ASSIGN_OR_RETURN(ExprPtr base, BindExpr(ind->arg));
  for (size_t i = 0; i < ind->n_indirection; i++) {
    const PgQuery__Node* step = ind->indirection[i];
    if (step->node_case == PG_QUERY__NODE__NODE_STRING) {
      PLINTH_ASSIGN_OR_RETURN(base, SelectField(std::move(base), step->string->sval));
      continue;
    }
    if (step->node_case != PG_QUERY__NODE__NODE_A_INDICES)
      return Status::Error("0A000", "this kind of indirection is not supported yet");
    const PgQuery__AIndices* idx = step->a_indices;
    if (idx->is_slice) return Status::Error("0A000", "array slices are not supported yet");
    const TypeInfo* array = LookupType(base->type);
    if (!array || !IsArrayType(base->type) || !array->elem) {
      return Status::Error("42804", "cannot subscript type " + FormatType(base->type, -1) +
                                        " because it does not support subscripting");
    }
    PLINTH_ASSIGN_OR_RETURN(ExprPtr subscript, BindExpr(idx->uidx));
    if (subscript->type != oids::kInt4 && subscript->type != oids::kUnknown &&
        !CanCast(subscript->type, oids::kInt4, CastContext::Implicit) && subscript->type != oids::kInt8)
      return Status::Error("42804", "array subscript must have type integer");
    PLINTH_ASSIGN_OR_RETURN(subscript, CoerceTo(std::move(subscript), oids::kInt4, -1, CastContext::Assignment,
                                                "array subscript"));
    const FunctionDef* fn = nullptr;
    for (const FunctionDef* d : FunctionCandidates("[]")) fn = d;
    if (!fn) return Status::Error("XX000", "the array subscript function is not registered");
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::Func;
    e->fn = fn;
    e->type = array->elem;
    e->typmod = base->typmod;
    e->name = base->name;
    e->location = base->location;
    e->args.push_back(std::move(base));
    e->args.push_back(std::move(subscript));
    base = std::move(e);
  }
  return base;
}

}  // namespace plinth
