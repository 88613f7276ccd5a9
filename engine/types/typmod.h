// Encoding of type modifiers (pg_attribute.atttypmod) exactly as PostgreSQL stores them,
// so typmods cross the wire (RowDescription) unchanged.
#pragma once

#include <cstdint>

namespace plinth::typmod {

inline constexpr int32_t kVarHeader = 4;  // PostgreSQL's VARHDRSZ, added to lengths

// char(n) / varchar(n): n + 4; -1 means unconstrained.
inline int32_t CharLength(int32_t typmod) { return typmod < kVarHeader ? -1 : typmod - kVarHeader; }
inline int32_t MakeCharLength(int32_t n) { return n + kVarHeader; }

// numeric(p, s): ((p << 16) | (s & 0xffff)) + 4; scale may be negative in PG 15.
inline int32_t MakeNumeric(int32_t precision, int32_t scale) {
  return ((precision << 16) | (scale & 0xffff)) + kVarHeader;
}
inline bool IsNumericTypmod(int32_t typmod) { return typmod >= kVarHeader; }
inline int32_t NumericPrecision(int32_t typmod) { return ((typmod - kVarHeader) >> 16) & 0xffff; }
inline int32_t NumericScale(int32_t typmod) {
  return static_cast<int16_t>(((typmod - kVarHeader) & 0x7ff) ^ 1024) - 1024;  // sign-extend 11 bits
}

// interval: (range mask << 16) | precision; precision 0xffff means "not given".
inline constexpr int32_t kIntervalFullRange = 0x7fff;
inline constexpr int32_t kIntervalFullPrecision = 0xffff;
inline int32_t IntervalPrecision(int32_t typmod) { return typmod < 0 ? -1 : (typmod & 0xffff) == 0xffff ? -1 : typmod & 0xffff; }
inline int32_t IntervalRange(int32_t typmod) { return typmod < 0 ? kIntervalFullRange : (typmod >> 16) & 0x7fff; }

}  // namespace plinth::typmod
