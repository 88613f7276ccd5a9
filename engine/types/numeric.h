// PostgreSQL's arbitrary-precision numeric: an unscaled integer and a display scale
// (value = unscaled / 10^scale), plus NaN and +-Infinity. Arithmetic is exact where PG's
// is (add, subtract, multiply) and rounds half away from zero where PG rounds (division
// to select_div_scale(), typmods, round()). Never goes through a double.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/common/status.h"

namespace plinth {

class Numeric {
 public:
  using Int = boost::multiprecision::cpp_int;
  enum class Kind : uint8_t { Finite, NaN, PosInf, NegInf };

  Numeric() = default;  // 0
  Numeric(Int unscaled, int scale) : unscaled_(std::move(unscaled)), scale_(scale) {}
  static Numeric NaN() { return Special(Kind::NaN); }
  static Numeric Infinity(bool negative) { return Special(negative ? Kind::NegInf : Kind::PosInf); }
  static Numeric FromInt(int64_t v) { return Numeric(Int(v), 0); }
  // float -> numeric as PG: the value printed with `digits` significant digits
  // (DBL_DIG = 15 for float8, FLT_DIG = 6 for float4) and parsed back.
  static Numeric FromDouble(double v, int digits);

  // numeric_in: whitespace, sign, digits, '.', exponent, NaN, Infinity/inf.
  static Result<Numeric> Parse(std::string_view text);
  std::string ToString() const;  // numeric_out

  Kind kind() const { return kind_; }
  bool is_nan() const { return kind_ == Kind::NaN; }
  bool is_finite() const { return kind_ == Kind::Finite; }
  bool is_inf() const { return kind_ == Kind::PosInf || kind_ == Kind::NegInf; }
  const Int& unscaled() const { return unscaled_; }
  int scale() const { return scale_; }
  int sign() const;  // -1, 0, 1 (NaN: 0)

  // Conversions that round half away from zero and fail with PG's errors.
  Result<int64_t> ToInt64(const char* type_label /* "integer", "smallint", "bigint" */,
                          int64_t min, int64_t max) const;
  double ToDouble() const;

  // numeric(p, s) coercion: round to s, then check precision (22003 numeric field overflow).
  Result<Numeric> ApplyTypmod(int32_t typmod) const;

  Numeric Rounded(int scale) const;   // round(x, s); s < 0 rounds left of the point
  Numeric Truncated(int scale) const; // trunc(x, s)
  Numeric Ceil() const;
  Numeric Floor() const;
  Numeric Abs() const;
  Numeric Negated() const;
  // The same value with trailing fractional zeros removed (1.50 -> 1.5): for hashing.
  Numeric Normalized() const;

  static Numeric Add(const Numeric& a, const Numeric& b);
  static Numeric Sub(const Numeric& a, const Numeric& b);
  static Numeric Mul(const Numeric& a, const Numeric& b);
  static Result<Numeric> Div(const Numeric& a, const Numeric& b);  // 22012 on zero
  static Result<Numeric> Mod(const Numeric& a, const Numeric& b);
  static Result<Numeric> Sqrt(const Numeric& a);
  // btree order: -Infinity < finite values < Infinity < NaN; 1.5 == 1.50.
  static int Compare(const Numeric& a, const Numeric& b);

  // Base-10000 weight of the first non-zero digit group and that group's value, as
  // PostgreSQL's NumericVar holds them (needed for its scale-selection rules).
  void LeadingGroup(int* weight, int* first_digit) const;

 private:
  static Numeric Special(Kind k) { Numeric n; n.kind_ = k; return n; }
  Kind kind_ = Kind::Finite;
  Int unscaled_ = 0;
  int scale_ = 0;
};

// 10^n as a cpp_int (n >= 0).
Numeric::Int Pow10(int n);

}  // namespace plinth

namespace plinth {

// Linear-time views of numeric's canonical text (the value.h payload, "-12.340"), so
// comparison, hashing and key encoding need no big-integer parsing, which is quadratic
// in the number of digits.
struct DecimalText {
  Numeric::Kind kind = Numeric::Kind::Finite;
  bool negative = false;            // never set for zero
  std::string_view int_digits;      // leading zeros removed ("" for 0.xxx)
  std::string_view frac_digits;     // trailing zeros removed
  bool is_zero() const { return int_digits.empty() && frac_digits.empty(); }
};
// False if `s` is not in canonical form (callers then fall back to Numeric::Parse).
bool ParseDecimalText(std::string_view s, DecimalText* out);
int CompareDecimalText(const DecimalText& a, const DecimalText& b);

}  // namespace plinth
