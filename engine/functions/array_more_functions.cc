// Array functions beyond inspection (array_functions.cc): slices and subscript
// assignment (bound from a[1:2] and SET a[i] = v, binder/bind_indirection.cc),
// array_dims, array_remove, array_replace, array_position(s), array_fill,
// string_to_array and the containment operators @> <@ &&. Multidimensional arrays keep
// their shape wherever PostgreSQL keeps it; errors and texts are PostgreSQL 15's.
#include <algorithm>

#include "engine/functions/array_ops.h"
#include "engine/functions/registry.h"

namespace plinth::functions {

ShapedArray DecodeShaped(const Value& array) {
  ShapedArray a;
  a.shape = DecodeArrayShape(array.as_bytes());
  a.elements = DecodeArray(array.as_bytes()).elements;
  return a;
}

Value EncodeShaped(const ShapedArray& a) {
  if (a.elements.empty()) return MakeArrayValue(ArrayData{});
  return Value::Bytes(EncodeShapedArray(a.shape, a.elements));
}

Oid ArgElementType(const FunctionCallContext& ctx, size_t arg) {
  const TypeInfo* t = ctx.arg_types ? LookupType(ctx.arg_types[arg]) : nullptr;
  return t && t->elem ? t->elem : oids::kText;
}

namespace {

Status Incompatible(const std::string& detail) {
  return Status::Error("2202E", "cannot concatenate incompatible arrays").with_detail(detail);
}

}  // namespace

Result<Value> ConcatArrays(const Value& a, const Value& b) {
  ShapedArray x = DecodeShaped(a), y = DecodeShaped(b);
  if (x.elements.empty()) return b;
  if (y.elements.empty()) return a;
  size_t nx = x.shape.ndims(), ny = y.shape.ndims();
  ShapedArray r;
  if (nx == ny) {
    for (size_t d = 1; d < nx; d++)
      if (x.shape.lengths[d] != y.shape.lengths[d])
        return Incompatible("Arrays with differing element dimensions are not compatible for concatenation.");
    r.shape = x.shape;
    r.shape.lengths[0] += y.shape.lengths[0];
  } else if (nx == ny + 1 || ny == nx + 1) {
    // The lower-rank array is one more slice of the other, at its end or its start.
    const ShapedArray& big = nx > ny ? x : y;
    const ShapedArray& slice = nx > ny ? y : x;
    for (size_t d = 0; d < slice.shape.ndims(); d++)
      if (slice.shape.lengths[d] != big.shape.lengths[d + 1])
        return Incompatible("Arrays with differing dimensions are not compatible for concatenation.");
    r.shape = big.shape;
    r.shape.lengths[0] += 1;
    if (nx < ny) r.shape.lower_bounds[0] = 1;  // prepending renumbers from 1, as array_cat does
  } else {
    return Incompatible("Arrays of " + std::to_string(nx) + " and " + std::to_string(ny) +
                        " dimensions are not compatible for concatenation.");
  }
  r.elements = std::move(x.elements);
  r.elements.insert(r.elements.end(), y.elements.begin(), y.elements.end());
  return EncodeShaped(r);
}

Value ArrayElementAt(const ShapedArray& a, const std::vector<int64_t>& subscripts) {
  if (subscripts.size() != a.shape.ndims() || a.elements.empty()) return Value();
  size_t offset = 0;
  for (size_t d = 0; d < subscripts.size(); d++) {
    int64_t i = subscripts[d] - a.shape.lower_bounds[d];
    if (i < 0 || i >= a.shape.lengths[d]) return Value();
    offset = offset * static_cast<size_t>(a.shape.lengths[d]) + static_cast<size_t>(i);
  }
  return offset < a.elements.size() ? a.elements[offset] : Value();
}

namespace {

// Calls `visit` with the flat index of every element inside the box [from, to]
// (inclusive, per dimension, in the array's own subscripts), in row-major order.
template <typename Visit>
void ForEachInBox(const ArrayShape& shape, const std::vector<int64_t>& from, const std::vector<int64_t>& to,
                  Visit visit) {
  size_t n = shape.ndims();
  std::vector<int64_t> at = from;
  for (;;) {
    size_t offset = 0;
    for (size_t d = 0; d < n; d++)
      offset = offset * static_cast<size_t>(shape.lengths[d]) + static_cast<size_t>(at[d] - shape.lower_bounds[d]);
    visit(offset);
    // Advance like an odometer: the last dimension first, carrying into earlier ones.
    size_t d = n;
    for (;;) {
      if (d == 0) return;
      --d;
      if (++at[d] <= to[d]) break;
      at[d] = from[d];
    }
  }
}

// PostgreSQL's MaxArraySize: arrays never hold more elements.
constexpr int64_t kMaxArraySize = (int64_t{1} << 27) - 1;

Status TooLarge() {
  return Status::Error("54000", "array size exceeds the maximum allowed (" + std::to_string(kMaxArraySize) + ")");
}

// a[lo:hi]...: args are the array, a bitmask of omitted bounds (bit 2k: dimension k's
// lower, bit 2k+1: its upper) and a (lower, upper) pair per subscript. Bounds outside
// the array are clipped; an empty range gives '{}'. The result counts from 1.
Status Slice(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  ShapedArray x = DecodeShaped(a[0]);
  int64_t omitted = a[1].as_int();
  size_t nsubs = (n - 2) / 2;
  size_t ndims = x.shape.ndims();
  if (ndims == 0 || nsubs > ndims) return Ok(out, MakeArrayValue(ArrayData{}));
  std::vector<int64_t> from(ndims), to(ndims);
  ShapedArray r;
  for (size_t d = 0; d < ndims; d++) {
    int64_t lb = x.shape.lower_bounds[d], ub = lb + x.shape.lengths[d] - 1;
    from[d] = lb;
    to[d] = ub;
    if (d < nsubs) {
      if (!(omitted & (int64_t{1} << (2 * d)))) from[d] = std::max(lb, a[2 + 2 * d].as_int());
      if (!(omitted & (int64_t{1} << (2 * d + 1)))) to[d] = std::min(ub, a[3 + 2 * d].as_int());
    }
    if (from[d] > to[d]) return Ok(out, MakeArrayValue(ArrayData{}));
    r.shape.lengths.push_back(static_cast<int32_t>(to[d] - from[d] + 1));
    r.shape.lower_bounds.push_back(1);
  }
  ForEachInBox(x.shape, from, to, [&](size_t i) { r.elements.push_back(x.elements[i]); });
  return Ok(out, EncodeShaped(r));
}

// SET a[i]... = v: args are the array (NULL acts as '{}'), the new element and the
// subscripts. A one-dimensional array grows to take a subscript past either end,
// padding with NULLs; an empty one becomes [i:i]={v}.
Status AssignElement(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  std::vector<int64_t> subs;
  for (size_t i = 2; i < n; i++) {
    if (a[i].is_null()) return Status::Error("22004", "array subscript in assignment must not be null");
    subs.push_back(a[i].as_int());
  }
  ShapedArray x = a[0].is_null() ? ShapedArray{} : DecodeShaped(a[0]);
  if (x.elements.empty()) {
    ShapedArray r;
    for (int64_t s : subs) {
      r.shape.lengths.push_back(1);
      r.shape.lower_bounds.push_back(static_cast<int32_t>(s));
    }
    r.elements.push_back(a[1]);
    return Ok(out, EncodeShaped(r));
  }
  if (subs.size() != x.shape.ndims()) return Status::Error("2202E", "wrong number of array subscripts");
  if (subs.size() == 1) {
    int64_t lb = x.shape.lower_bounds[0], ub = lb + x.shape.lengths[0] - 1;
    int64_t s = subs[0];
    if (std::max(ub, s) - std::min(lb, s) + 1 > kMaxArraySize) return TooLarge();
    if (s < lb) {
      x.elements.insert(x.elements.begin(), static_cast<size_t>(lb - s), Value());
      x.shape.lower_bounds[0] = static_cast<int32_t>(s);
      lb = s;
    } else if (s > ub) {
      x.elements.resize(x.elements.size() + static_cast<size_t>(s - ub));
    }
    x.elements[static_cast<size_t>(s - lb)] = a[1];
    x.shape.lengths[0] = static_cast<int32_t>(x.elements.size());
    return Ok(out, EncodeShaped(x));
  }
  size_t offset = 0;
  for (size_t d = 0; d < subs.size(); d++) {
    int64_t i = subs[d] - x.shape.lower_bounds[d];
    if (i < 0 || i >= x.shape.lengths[d]) return Status::Error("2202E", "array subscript out of range");
    offset = offset * static_cast<size_t>(x.shape.lengths[d]) + static_cast<size_t>(i);
  }
  x.elements[offset] = a[1];
  return Ok(out, EncodeShaped(x));
}

// array_dims: "[1:2][1:3]"; NULL for an empty array.
Status ArrayDims(FunctionCallContext&, const Value* a, size_t, Value* out) {
  ArrayShape shape = DecodeArrayShape(a[0].as_bytes());
  if (shape.ndims() == 0) return Ok(out, Value());
  std::string text;
  for (size_t d = 0; d < shape.ndims(); d++)
    text += "[" + std::to_string(shape.lower_bounds[d]) + ":" +
            std::to_string(int64_t{shape.lower_bounds[d]} + shape.lengths[d] - 1) + "]";
  return Ok(out, Value::Bytes(std::move(text)));
}

// NULL matches NULL (IS NOT DISTINCT FROM), as array_remove and array_position compare.
bool SameElement(Oid type, const Value& x, const Value& y) {
  if (x.is_null() || y.is_null()) return x.is_null() && y.is_null();
  return Compare(type, x, y) == 0;
}

Status ArrayRemove(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  if (a[0].is_null()) return Ok(out, Value());
  ShapedArray x = DecodeShaped(a[0]);
  if (x.shape.ndims() > 1)
    return Status::Error("0A000", "removing elements from multidimensional arrays is not supported");
  Oid elem = ArgElementType(ctx, 0);
  std::vector<Value> kept;
  for (Value& v : x.elements)
    if (!SameElement(elem, v, a[1])) kept.push_back(std::move(v));
  if (kept.size() == x.elements.size()) return Ok(out, a[0]);
  ArrayData r;
  r.lower_bound = x.shape.ndims() ? x.shape.lower_bounds[0] : 1;
  r.elements = std::move(kept);
  return Ok(out, MakeArrayValue(r));
}

Status ArrayReplace(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  if (a[0].is_null()) return Ok(out, Value());
  ShapedArray x = DecodeShaped(a[0]);
  Oid elem = ArgElementType(ctx, 0);
  for (Value& v : x.elements)
    if (SameElement(elem, v, a[1])) v = a[2];
  return Ok(out, EncodeShaped(x));
}

Status SearchableArray(const ShapedArray& x) {
  if (x.shape.ndims() > 1)
    return Status::Error("0A000", "searching for elements in multidimensional arrays is not supported");
  return Status::OK();
}

// array_position(a, v[, start]): the subscript of the first match at or after start.
Status ArrayPosition(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  if (a[0].is_null()) return Ok(out, Value());
  if (n > 2 && a[2].is_null()) return Status::Error("22004", "initial position must not be null");
  ShapedArray x = DecodeShaped(a[0]);
  PLINTH_RETURN_IF_ERROR(SearchableArray(x));
  if (x.elements.empty()) return Ok(out, Value());
  Oid elem = ArgElementType(ctx, 0);
  int64_t lb = x.shape.lower_bounds[0];
  for (size_t i = 0; i < x.elements.size(); i++) {
    int64_t subscript = lb + static_cast<int64_t>(i);
    if (n > 2 && subscript < a[2].as_int()) continue;
    if (SameElement(elem, x.elements[i], a[1])) return Ok(out, Value::Int(subscript));
  }
  return Ok(out, Value());
}

Status ArrayPositions(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  if (a[0].is_null()) return Ok(out, Value());
  ShapedArray x = DecodeShaped(a[0]);
  PLINTH_RETURN_IF_ERROR(SearchableArray(x));
  Oid elem = ArgElementType(ctx, 0);
  ArrayData r;
  for (size_t i = 0; i < x.elements.size(); i++)
    if (SameElement(elem, x.elements[i], a[1])) r.elements.push_back(Value::Int(x.shape.lower_bounds[0] + int64_t(i)));
  return Ok(out, MakeArrayValue(r));
}

// array_fill(v, dims[, lower_bounds]).
Status ArrayFill(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  if (a[1].is_null() || (n > 2 && a[2].is_null()))
    return Status::Error("22004", "dimension array or low bound array cannot be null");
  std::vector<Value> dims = DecodeArray(a[1].as_bytes()).elements;
  std::vector<Value> lower = n > 2 ? DecodeArray(a[2].as_bytes()).elements : std::vector<Value>{};
  if (n > 2 && lower.size() != dims.size())
    return Status::Error("22023", "wrong number of array subscripts")
        .with_detail("Low bound array has different size than dimensions array.");
  if (dims.size() > 6)
    return Status::Error("54000", "number of array dimensions (" + std::to_string(dims.size()) +
                                      ") exceeds the maximum allowed (6)");
  ShapedArray r;
  int64_t count = dims.empty() ? 0 : 1;
  for (size_t d = 0; d < dims.size(); d++) {
    if (dims[d].is_null() || (n > 2 && lower[d].is_null()))
      return Status::Error("22004", "dimension values cannot be null");
    int64_t length = dims[d].as_int();
    if (length < 0) length = 0;
    count *= length;
    if (count > kMaxArraySize) return TooLarge();
    r.shape.lengths.push_back(static_cast<int32_t>(length));
    r.shape.lower_bounds.push_back(n > 2 ? static_cast<int32_t>(lower[d].as_int()) : 1);
  }
  if (count == 0) return Ok(out, MakeArrayValue(ArrayData{}));
  r.elements.assign(static_cast<size_t>(count), a[0]);
  return Ok(out, EncodeShaped(r));
}

// string_to_array(s, delimiter[, null_string]): a NULL delimiter splits into characters,
// an empty one gives the whole string; fields equal to null_string become NULL.
Status StringToArray(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  if (a[0].is_null()) return Ok(out, Value());
  const std::string& s = a[0].as_bytes();
  ArrayData r;
  if (s.empty()) return Ok(out, MakeArrayValue(r));
  std::vector<std::string> fields;
  if (a[1].is_null()) {
    for (size_t i = 0; i < s.size();) {  // one UTF-8 character at a time
      size_t len = 1;
      auto lead = static_cast<unsigned char>(s[i]);
      if (lead >= 0xF0) len = 4;
      else if (lead >= 0xE0) len = 3;
      else if (lead >= 0xC0) len = 2;
      fields.push_back(s.substr(i, len));
      i += len;
    }
  } else if (a[1].as_bytes().empty()) {
    fields.push_back(s);
  } else {
    const std::string& delimiter = a[1].as_bytes();
    size_t start = 0;
    for (;;) {
      size_t at = s.find(delimiter, start);
      if (at == std::string::npos) {
        fields.push_back(s.substr(start));
        break;
      }
      fields.push_back(s.substr(start, at - start));
      start = at + delimiter.size();
    }
  }
  bool null_string = n > 2 && !a[2].is_null();
  for (std::string& f : fields) {
    if (null_string && f == a[2].as_bytes()) r.elements.push_back(Value());
    else r.elements.push_back(Value::Bytes(std::move(f)));
  }
  return Ok(out, MakeArrayValue(r));
}

// Whether some non-null element of `x` equals `v` (NULLs never match in containment).
bool HasElement(Oid elem, const std::vector<Value>& x, const Value& v) {
  if (v.is_null()) return false;
  for (const Value& e : x)
    if (!e.is_null() && Compare(elem, e, v) == 0) return true;
  return false;
}

// a @> b (kReverse: a <@ b): every element of the contained array is in the other.
template <bool kReverse>
Status Contains(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  Oid elem = ArgElementType(ctx, 0);
  std::vector<Value> container = DecodeArray(a[kReverse ? 1 : 0].as_bytes()).elements;
  for (const Value& v : DecodeArray(a[kReverse ? 0 : 1].as_bytes()).elements)
    if (!HasElement(elem, container, v)) return Ok(out, Value::Bool(false));
  return Ok(out, Value::Bool(true));
}

Status Overlaps(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  Oid elem = ArgElementType(ctx, 0);
  std::vector<Value> x = DecodeArray(a[0].as_bytes()).elements;
  for (const Value& v : DecodeArray(a[1].as_bytes()).elements)
    if (HasElement(elem, x, v)) return Ok(out, Value::Bool(true));
  return Ok(out, Value::Bool(false));
}

// ARRAY[sub, sub...] of arrays: one dimension more. NULL sub-arrays are skipped, as
// PostgreSQL does; the others must all have the same dimensions.
Status ArrayOfArrays(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  ShapedArray r;
  bool first = true;
  int32_t count = 0;
  for (size_t i = 0; i < n; i++) {
    if (a[i].is_null()) continue;
    ShapedArray sub = DecodeShaped(a[i]);
    if (first) {
      r.shape = sub.shape;
      first = false;
    } else if (sub.shape.lengths != r.shape.lengths || sub.shape.lower_bounds != r.shape.lower_bounds) {
      return Status::Error("2202E", "multidimensional arrays must have array expressions with matching dimensions");
    }
    r.elements.insert(r.elements.end(), sub.elements.begin(), sub.elements.end());
    count++;
  }
  if (r.elements.empty()) return Ok(out, MakeArrayValue(ArrayData{}));
  r.shape.lengths.insert(r.shape.lengths.begin(), count);
  r.shape.lower_bounds.insert(r.shape.lower_bounds.begin(), 1);
  if (r.shape.ndims() > 6)
    return Status::Error("54000", "number of array dimensions (" + std::to_string(r.shape.ndims()) +
                                      ") exceeds the maximum allowed (6)");
  return Ok(out, EncodeShaped(r));
}

}  // namespace

void RegisterMoreArrays(Registry& r) {
  using oids::kAnyArray;
  using oids::kAnyElement;
  using oids::kBool;
  using oids::kInt4;
  using oids::kText;
  // Bound by the binder's subscript syntax only; both take further int4 subscripts.
  r.Add({"[:]", {kAnyArray, kInt4}, kAnyArray, true, false, true, &Slice});
  r.Add({"[]=", {kAnyArray, kAnyElement}, kAnyArray, false, false, true, &AssignElement});
  r.Add({"(subarrays)", {}, kAnyArray, false, false, true, &ArrayOfArrays});
  r.Add({"array_dims", {kAnyArray}, kText, true, false, false, &ArrayDims});
  r.Add({"array_remove", {kAnyArray, kAnyElement}, kAnyArray, false, false, false, &ArrayRemove});
  r.Add({"array_replace", {kAnyArray, kAnyElement, kAnyElement}, kAnyArray, false, false, false, &ArrayReplace});
  r.Add({"array_position", {kAnyArray, kAnyElement}, kInt4, false, false, false, &ArrayPosition});
  r.Add({"array_position", {kAnyArray, kAnyElement, kInt4}, kInt4, false, false, false, &ArrayPosition});
  r.Add({"array_positions", {kAnyArray, kAnyElement}, oids::kInt4Array, false, false, false, &ArrayPositions});
  r.Add({"array_fill", {kAnyElement, oids::kInt4Array}, kAnyArray, false, false, false, &ArrayFill});
  r.Add({"array_fill", {kAnyElement, oids::kInt4Array, oids::kInt4Array}, kAnyArray, false, false, false, &ArrayFill});
  r.Add({"string_to_array", {kText, kText}, oids::kTextArray, false, false, false, &StringToArray});
  r.Add({"string_to_array", {kText, kText, kText}, oids::kTextArray, false, false, false, &StringToArray});
  r.Add({"@>", {kAnyArray, kAnyArray}, kBool, true, false, false, &Contains<false>});
  r.Add({"<@", {kAnyArray, kAnyArray}, kBool, true, false, false, &Contains<true>});
  r.Add({"&&", {kAnyArray, kAnyArray}, kBool, true, false, false, &Overlaps});
  r.Add({"arraycontains", {kAnyArray, kAnyArray}, kBool, true, false, false, &Contains<false>});
  r.Add({"arraycontained", {kAnyArray, kAnyArray}, kBool, true, false, false, &Contains<true>});
  r.Add({"arrayoverlap", {kAnyArray, kAnyArray}, kBool, true, false, false, &Overlaps});
}

}  // namespace plinth::functions
