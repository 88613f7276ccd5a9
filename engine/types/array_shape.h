// Multidimensional arrays. An array payload (value.h) may carry a shape of several
// dimensions; its elements are then stored flat, in row-major order. Code that only
// knows ArrayData (types.h) sees such an array flattened to one dimension, which is
// what element-wise functions want; I/O, comparison and the functions that report
// dimensions use the shape.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/types/types.h"

namespace plinth {

struct ArrayShape {
  std::vector<int32_t> lengths;       // per dimension, outermost first; empty: no elements
  std::vector<int32_t> lower_bounds;  // same size as lengths
  size_t ndims() const { return lengths.size(); }
};

// The shape of any array payload: one dimension for an ArrayData-built array, none for
// an empty one.
ArrayShape DecodeArrayShape(std::string_view payload);

// A payload of `elements` (row-major) shaped as `shape`; the element count must be the
// product of the lengths. One-dimensional shapes encode exactly as EncodeArray does.
std::string EncodeShapedArray(const ArrayShape& shape, const std::vector<Value>& elements);

}  // namespace plinth
