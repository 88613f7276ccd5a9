// Shape-aware array helpers shared by the array functions (array_functions.cc,
// array_more_functions.cc, the || operators): an array as its dimensions plus its
// elements flattened in row-major order (engine/types/array_shape.h).
#pragma once

#include <vector>

#include "engine/functions/functions.h"
#include "engine/types/array_shape.h"

namespace plinth::functions {

struct ShapedArray {
  ArrayShape shape;             // no dimensions: the empty array
  std::vector<Value> elements;  // row-major; as many as the product of the lengths
};

ShapedArray DecodeShaped(const Value& array);
Value EncodeShaped(const ShapedArray& a);

// The element type of argument `arg`'s array type (text when the caller gave no types).
Oid ArgElementType(const FunctionCallContext& ctx, size_t arg);

// array_cat / ||: arrays of equal rank join along the first dimension; an array of one
// rank less joins as one more slice. PostgreSQL's 2202E errors otherwise.
Result<Value> ConcatArrays(const Value& a, const Value& b);

// a[i][j]...: the element, or NULL when the number of subscripts is not the array's
// rank or a subscript is outside its bounds.
Value ArrayElementAt(const ShapedArray& a, const std::vector<int64_t>& subscripts);

}  // namespace plinth::functions
