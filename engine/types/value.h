// The engine's one value representation. A Value does not know its SQL type: the type
// (a PostgreSQL type OID plus typmod) lives in the schema, the expression or the
// RowDescription, and the functions in types.h interpret the physical payload by it.
//
// Physical payload by type (see docs/types.md):
//   bool                                  -> kind Bool,  b
//   int2, int4, int8, oid                 -> kind Int,   i
//   date                                  -> kind Int,   i = days since 2000-01-01
//                                            (INT32_MIN/INT32_MAX are -infinity/infinity)
//   time                                  -> kind Int,   i = microseconds since midnight
//   timestamp, timestamptz                -> kind Int,   i = microseconds since
//                                            2000-01-01 00:00:00 (UTC for timestamptz);
//                                            INT64_MIN/INT64_MAX are -infinity/infinity
//   float4, float8                        -> kind Float, f
//   text, varchar, bpchar, name, json,    -> kind Bytes, s = the text (UTF-8)
//   jsonb (canonical text), numeric (canonical text, e.g. "-12.340", "NaN"),
//   bytea (raw bytes), uuid (16 raw bytes), timetz (8-byte µs + 4-byte zone offset
//   seconds, little-endian), interval (8-byte µs, 4-byte days, 4-byte months,
//   little-endian)
//   arrays                                -> kind Bytes, s = the engine's array encoding
//                                            (types.h: encode_array/decode_array)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace plinth {

using Oid = uint32_t;

class Value {
 public:
  enum class Kind : uint8_t { Null, Bool, Int, Float, Bytes };

  Value() = default;  // SQL NULL
  static Value Null() { return Value(); }
  static Value Bool(bool b) { Value v; v.kind_ = Kind::Bool; v.i_ = b; return v; }
  static Value Int(int64_t i) { Value v; v.kind_ = Kind::Int; v.i_ = i; return v; }
  static Value Float(double f) { Value v; v.kind_ = Kind::Float; v.f_ = f; return v; }
  static Value Bytes(std::string s) { Value v; v.kind_ = Kind::Bytes; v.s_ = std::move(s); return v; }
  static Value Bytes(std::string_view s) { return Bytes(std::string(s)); }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool as_bool() const { return i_ != 0; }
  int64_t as_int() const { return i_; }
  double as_float() const { return f_; }
  const std::string& as_bytes() const { return s_; }
  std::string& mutable_bytes() { return s_; }

 private:
  Kind kind_ = Kind::Null;
  union {
    int64_t i_ = 0;
    double f_;
  };
  std::string s_;
};

}  // namespace plinth
