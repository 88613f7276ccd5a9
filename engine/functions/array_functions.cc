// Array inspection functions clients' catalog queries use: array_lower, array_upper,
// array_length, array_ndims, cardinality, array_to_string and the subscript a[i]. Arrays are
// one-dimensional here (ArrayData), so every dimension but 1 is absent (NULL).
#include "engine/functions/registry.h"

namespace plinth::functions {

namespace {

ArrayData Array(const Value& v) { return DecodeArray(v.as_bytes()); }

// The first dimension's bounds; an empty array has no dimensions.
bool HasDimension(const ArrayData& a, int64_t dim) { return dim == 1 && !a.elements.empty(); }

Status ArrayLower(FunctionCallContext&, const Value* a, size_t, Value* out) {
  ArrayData x = Array(a[0]);
  if (!HasDimension(x, a[1].as_int())) return Ok(out, Value());
  return Ok(out, Value::Int(x.lower_bound));
}

Status ArrayUpper(FunctionCallContext&, const Value* a, size_t, Value* out) {
  ArrayData x = Array(a[0]);
  if (!HasDimension(x, a[1].as_int())) return Ok(out, Value());
  return Ok(out, Value::Int(x.lower_bound + static_cast<int64_t>(x.elements.size()) - 1));
}

Status ArrayLength(FunctionCallContext&, const Value* a, size_t, Value* out) {
  ArrayData x = Array(a[0]);
  if (!HasDimension(x, a[1].as_int())) return Ok(out, Value());
  return Ok(out, Value::Int(static_cast<int64_t>(x.elements.size())));
}

Status ArrayNdims(FunctionCallContext&, const Value* a, size_t, Value* out) {
  ArrayData x = Array(a[0]);
  if (x.elements.empty()) return Ok(out, Value());
  return Ok(out, Value::Int(1));
}

// array[i]: the element at subscript i (counting from the lower bound); NULL outside.
// Bound by the binder's subscript syntax (bind_indirection.cc), never called by name.
Status Subscript(FunctionCallContext&, const Value* a, size_t, Value* out) {
  ArrayData x = Array(a[0]);
  int64_t i = a[1].as_int() - x.lower_bound;
  if (i < 0 || i >= static_cast<int64_t>(x.elements.size())) return Ok(out, Value());
  return Ok(out, x.elements[static_cast<size_t>(i)]);
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
