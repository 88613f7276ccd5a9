// Indirection: array subscripts expr[i][j], slices expr[lo:hi], jsonb subscripts
// j['key'][0], record field selection (expr).field, and assignment to an array element
// (UPDATE ... SET a[i] = v). Consecutive subscripts bind as one call of the registry's
// "[]" (array_functions.cc), whose result is the array's element type; slices as one
// call of "[:]" and assignments of "[]=" (array_more_functions.cc); jsonb subscripts as
// the #> operator. A field of a record (engine/types/record.h) binds as a call of "(.)".
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"
#include "engine/functions/functions.h"
#include "engine/types/record.h"

namespace plinth {

namespace {

// PostgreSQL's MAXDIM.
constexpr size_t kMaxArrayDimensions = 6;

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

Result<ExprPtr> Binder::BindSubscript(ExprPtr base, const PgQuery__Node* const* steps, size_t n) {
  if (base->type == oids::kJsonb) return BindJsonbSubscript(std::move(base), steps, n);
  const TypeInfo* array = LookupType(base->type);
  if (!array || !IsArrayType(base->type) || !array->elem) {
    return Status::Error("42804", "cannot subscript type " + FormatType(base->type, -1) +
                                      " because it does not support subscripting");
  }
  bool slice = false;
  for (size_t i = 0; i < n; i++) slice = slice || steps[i]->a_indices->is_slice;
  if (n > kMaxArrayDimensions)
    return Status::Error("54000", "number of array dimensions (" + std::to_string(n) +
                                      ") exceeds the maximum allowed (" + std::to_string(kMaxArrayDimensions) + ")");
  std::vector<ExprPtr> args;
  args.push_back(std::move(base));
  int64_t omitted = 0;  // slices: which bounds were left out (array_more_functions.cc)
  if (slice) args.push_back(nullptr);
  for (size_t i = 0; i < n; i++) {
    const PgQuery__AIndices* idx = steps[i]->a_indices;
    // In a slice a plain subscript [n] means [1:n], as in PostgreSQL.
    const PgQuery__Node* bounds[2] = {slice ? idx->lidx : nullptr, idx->uidx};
    for (int b = slice ? 0 : 1; b < 2; b++) {
      if (!bounds[b]) {
        bool plain = slice && b == 0 && !idx->is_slice;
        if (!plain) omitted |= int64_t{1} << (2 * i + b);
        args.push_back(Expr::MakeConst(Value::Int(1), oids::kInt4));
        continue;
      }
      PLINTH_ASSIGN_OR_RETURN(ExprPtr subscript, BindExpr(bounds[b]));
      PLINTH_ASSIGN_OR_RETURN(subscript, SubscriptToInt(std::move(subscript)));
      args.push_back(std::move(subscript));
    }
  }
  if (slice) args[1] = Expr::MakeConst(Value::Int(omitted), oids::kInt4);
  const FunctionDef* fn = nullptr;
  for (const FunctionDef* d : FunctionCandidates(slice ? "[:]" : "[]")) fn = d;
  if (!fn) return Status::Error("XX000", "the array subscript function is not registered");
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Func;
  e->fn = fn;
  e->type = slice ? args[0]->type : array->elem;
  e->typmod = args[0]->typmod;
  e->name = args[0]->name;
  e->location = args[0]->location;
  e->args = std::move(args);
  return e;
}

// jsonb['key'][0]: PostgreSQL 14's jsonb subscripting, the path operator #> over the
// subscripts as text (integers index arrays, strings name object keys).
Result<ExprPtr> Binder::BindJsonbSubscript(ExprPtr base, const PgQuery__Node* const* steps, size_t n) {
  auto path = std::make_unique<Expr>();
  path->kind = ExprKind::Array;
  path->type = oids::kTextArray;
  path->name = "array";
  for (size_t i = 0; i < n; i++) {
    const PgQuery__AIndices* idx = steps[i]->a_indices;
    int location = LocationOf(idx->uidx);
    if (idx->is_slice) return PositionedError("0A000", "jsonb subscript does not support slices", location);
    PLINTH_ASSIGN_OR_RETURN(ExprPtr subscript, BindExpr(idx->uidx));
    Oid t = subscript->type;
    if (t != oids::kUnknown && !CanCast(t, oids::kInt4, CastContext::Implicit) &&
        !CanCast(t, oids::kText, CastContext::Implicit))
      return PositionedError("42804", "subscript type " + FormatType(t, -1) + " is not supported", location)
          .with_hint("jsonb subscript must be coercible to either integer or text.");
    PLINTH_ASSIGN_OR_RETURN(subscript, CoerceTo(std::move(subscript), oids::kText, -1,
                                                t == oids::kUnknown ? CastContext::Implicit : CastContext::Explicit,
                                                "jsonb subscript"));
    path->args.push_back(std::move(subscript));
  }
  std::string name = base->name;
  int location = base->location;
  std::vector<ExprPtr> args;
  args.push_back(std::move(base));
  args.push_back(std::move(path));
  PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindOperator("#>", std::move(args), location));
  e->name = name;
  return e;
}

Result<ExprPtr> Binder::BindIndirection(const PgQuery__Node* node) {
  const PgQuery__AIndirection* ind = node->a_indirection;
  PLINTH_ASSIGN_OR_RETURN(ExprPtr base, BindExpr(ind->arg));
  for (size_t i = 0; i < ind->n_indirection;) {
    const PgQuery__Node* step = ind->indirection[i];
    if (step->node_case == PG_QUERY__NODE__NODE_STRING) {
      PLINTH_ASSIGN_OR_RETURN(base, SelectField(std::move(base), step->string->sval));
      i++;
      continue;
    }
    if (step->node_case != PG_QUERY__NODE__NODE_A_INDICES)
      return Status::Error("0A000", "this kind of indirection is not supported yet");
    // Consecutive subscripts address one element of a multidimensional array: a[2][1].
    size_t run = 0;
    while (i + run < ind->n_indirection && ind->indirection[i + run]->node_case == PG_QUERY__NODE__NODE_A_INDICES) run++;
    PLINTH_ASSIGN_OR_RETURN(base, BindSubscript(std::move(base), ind->indirection + i, run));
    i += run;
  }
  return base;
}

Result<ExprPtr> Binder::BindSubscriptAssignment(ExprPtr current, const PgQuery__Node* const* steps, size_t n,
                                                const PgQuery__Node* value_node, const std::string& what) {
  const TypeInfo* array = LookupType(current->type);
  if (!array || !IsArrayType(current->type) || !array->elem)
    return Status::Error("42804", "cannot subscript type " + FormatType(current->type, -1) +
                                      " because it does not support subscripting");
  for (size_t i = 0; i < n; i++) {
    if (steps[i]->node_case != PG_QUERY__NODE__NODE_A_INDICES)
      return Status::Error("0A000", "assignment to a field of a composite column is not supported yet");
    if (steps[i]->a_indices->is_slice)
      return Status::Error("0A000", "assignment to an array slice is not supported yet");
  }
  Oid array_type = current->type;
  PLINTH_ASSIGN_OR_RETURN(ExprPtr value, BindExpr(value_node));
  PLINTH_ASSIGN_OR_RETURN(value, CoerceTo(std::move(value), array->elem, -1, CastContext::Assignment, what));
  std::vector<ExprPtr> args;
  args.push_back(std::move(current));
  args.push_back(std::move(value));
  for (size_t i = 0; i < n; i++) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr subscript, BindExpr(steps[i]->a_indices->uidx));
    PLINTH_ASSIGN_OR_RETURN(subscript, SubscriptToInt(std::move(subscript)));
    args.push_back(std::move(subscript));
  }
  const FunctionDef* fn = nullptr;
  for (const FunctionDef* d : FunctionCandidates("[]=")) fn = d;
  if (!fn) return Status::Error("XX000", "the array element assignment function is not registered");
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Func;
  e->fn = fn;
  e->type = array_type;
  e->typmod = args[0]->typmod;
  e->name = args[0]->name;
  e->args = std::move(args);
  return e;
}

Result<ExprPtr> Binder::SubscriptToInt(ExprPtr subscript) {
  if (subscript->type != oids::kInt4 && subscript->type != oids::kUnknown &&
      !CanCast(subscript->type, oids::kInt4, CastContext::Implicit) && subscript->type != oids::kInt8)
    return Status::Error("42804", "array subscript must have type integer");
  return CoerceTo(std::move(subscript), oids::kInt4, -1, CastContext::Assignment, "array subscript");
}

}  // namespace plinth
