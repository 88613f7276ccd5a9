// Array inspection functions clients' catalog queries use: array_lower, array_upper,
// array_length, array_ndims, cardinality, array_to_string and the subscript a[i][j].
// Dimensions come from the array's shape (array_ops.h); an empty array has none.
#include "engine/functions/array_ops.h"
#include "engine/functions/registry.h"

namespace plinth::functions {

namespace {

ArrayData Array(const Value& v) { return DecodeArray(v.as_bytes()); }

// Dimension `dim` (1-based) of the array, or -1 when it has no such dimension.
int Dimension(const ArrayShape& shape, int64_t dim) {
  return dim >= 1 && static_cast<size_t>(dim) <= shape.ndims() ? static_cast<int>(dim - 1) : -1;
}

Status ArrayLower(FunctionCallContext&, const Value* a, size_t, Value* out) {
  ArrayShape shape = DecodeArrayShape(a[0].as_bytes());
  int d = Dimension(shape, a[1].as_int());
  if (d < 0) return Ok(out, Value());
  return Ok(out, Value::Int(shape.lower_bounds[d]));
}

Status ArrayUpper(FunctionCallContext&, const Value* a, size_t, Value* out) {
  ArrayShape shape = DecodeArrayShape(a[0].as_bytes());
  int d = Dimension(shape, a[1].as_int());
  if (d < 0) return Ok(out, Value());
  return Ok(out, Value::Int(int64_t{shape.lower_bounds[d]} + shape.lengths[d] - 1));
}

Status ArrayLength(FunctionCallContext&, const Value* a, size_t, Value* out) {
  ArrayShape shape = DecodeArrayShape(a[0].as_bytes());
  int d = Dimension(shape, a[1].as_int());
  if (d < 0) return Ok(out, Value());
  return Ok(out, Value::Int(shape.lengths[d]));
}

Status ArrayNdims(FunctionCallContext&, const Value* a, size_t, Value* out) {
  ArrayShape shape = DecodeArrayShape(a[0].as_bytes());
  if (shape.ndims() == 0) return Ok(out, Value());
  return Ok(out, Value::Int(static_cast<int64_t>(shape.ndims())));
}

// array[i][j]...: the element at those subscripts (counting from each dimension's lower
// bound); NULL outside the array or when the subscripts are not one per dimension.
// Bound by the binder's subscript syntax (bind_indirection.cc), never called by name.
Status Subscript(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  std::vector<int64_t> subscripts;
  for (size_t i = 1; i < n; i++) subscripts.push_back(a[i].as_int());
  return Ok(out, ArrayElementAt(DecodeShaped(a[0]), subscripts));
}

Status Cardinality(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Int(static_cast<int64_t>(Array(a[0]).elements.size())));
}

// array_to_string(array, delimiter[, null_string]): elements in their text form;
// NULL elements are skipped unless a null_string is given.
Status ArrayToString(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  const TypeInfo* array_type = ctx.arg_types ? LookupType(ctx.arg_types[0]) : nullptr;
  Oid elem = array_type && array_type->elem ? array_type->elem : oids::kText;
  bool null_string = n > 2 && !a[2].is_null();
  std::string text;
  bool first = true;
  for (const Value& v : Array(a[0]).elements) {
    if (v.is_null() && !null_string) continue;
    if (!first) text += a[1].as_bytes();
    first = false;
    if (v.is_null()) text += a[2].as_bytes();
    else if (elem == oids::kBool) text += v.as_bool() ? "t" : "f";
    else OutputText(elem, v, ctx.io, &text);
  }
  return Ok(out, Value::Bytes(std::move(text)));
}

// The 3-argument form is not strict: a NULL null_string means "skip NULLs".
Status ArrayToStringNullable(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  if (a[0].is_null() || a[1].is_null()) return Ok(out, Value());
  return ArrayToString(ctx, a, n, out);
}

}  // namespace

void RegisterArrays(Registry& r) {
  using oids::kAnyArray;
  using oids::kInt4;
  using oids::kText;
  r.Add({"array_lower", {kAnyArray, kInt4}, kInt4, true, false, false, &ArrayLower});
  r.Add({"array_upper", {kAnyArray, kInt4}, kInt4, true, false, false, &ArrayUpper});
  r.Add({"array_length", {kAnyArray, kInt4}, kInt4, true, false, false, &ArrayLength});
  r.Add({"array_ndims", {kAnyArray}, kInt4, true, false, false, &ArrayNdims});
  r.Add({"[]", {kAnyArray, kInt4}, oids::kAnyElement, true, false, false, &Subscript});
  r.Add({"cardinality", {kAnyArray}, kInt4, true, false, false, &Cardinality});
  r.Add({"array_to_string", {kAnyArray, kText}, kText, true, false, false, &ArrayToString});
  r.Add({"array_to_string", {kAnyArray, kText, kText}, kText, false, false, false, &ArrayToStringNullable});
}

}  // namespace plinth::functions
