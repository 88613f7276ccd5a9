// Mathematical functions for integers, floats and numeric with PostgreSQL's errors.
#include <cmath>

#include "engine/functions/registry.h"
#include "engine/types/numeric.h"

namespace plinth::functions {
namespace {

using oids::kFloat8;
using oids::kInt4;
using oids::kNumeric;

Value Num(const Numeric& n) { return Value::Bytes(n.ToString()); }

Status CheckFloat(double r, bool inputs_finite, Value* out) {
  if (std::isinf(r) && inputs_finite) return Status::Error("22003", "value out of range: overflow");
  return Ok(out, Value::Float(r));
}

template <typename T>
Status IntAbs(FunctionCallContext&, const Value* a, size_t, Value* out) {
  T x = static_cast<T>(a[0].as_int()), r;
  if (x < 0 && __builtin_sub_overflow(T(0), x, &r))
    return OutOfRange(sizeof(T) == 2 ? "smallint" : sizeof(T) == 4 ? "integer" : "bigint");
  return Ok(out, Value::Int(x < 0 ? -static_cast<int64_t>(x) : x));
}
Status FloatAbs(FunctionCallContext&, const Value* a, size_t, Value* out) { return Ok(out, Value::Float(std::fabs(a[0].as_float()))); }

template <typename T>
Status IntMod(FunctionCallContext&, const Value* a, size_t, Value* out) {
  T x = static_cast<T>(a[0].as_int()), y = static_cast<T>(a[1].as_int());
  if (y == 0) return DivisionByZero();
  if (y == -1) return Ok(out, Value::Int(0));
  return Ok(out, Value::Int(x % y));
}

enum class Rounding { Round, Trunc, Ceil, Floor };

template <Rounding kMode>
Status FloatRound(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float(), r;
  switch (kMode) {
    case Rounding::Round: r = std::rint(x); break;  // PG's dround: rint, half to even
    case Rounding::Trunc: r = std::trunc(x); break;
    case Rounding::Ceil: r = std::ceil(x); break;
    case Rounding::Floor: r = std::floor(x); break;
  }
  return Ok(out, Value::Float(r));
}

template <Rounding kMode>
Status NumericRound(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Numeric::Parse(a[0].as_bytes()));
  int scale = n == 2 ? static_cast<int>(std::clamp<int64_t>(a[1].as_int(), -2000, 2000)) : 0;
  switch (kMode) {
    case Rounding::Round: return Ok(out, Num(x.Rounded(scale)));
    case Rounding::Trunc: return Ok(out, Num(x.Truncated(scale)));
    case Rounding::Ceil: return Ok(out, Num(x.Ceil()));
    case Rounding::Floor: return Ok(out, Num(x.Floor()));
  }
  return Status::OK();
}

Status NumericAbs(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Numeric::Parse(a[0].as_bytes()));
  return Ok(out, Num(x.Abs()));
}

Status NumericMod(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Numeric::Parse(a[0].as_bytes()));
  PLINTH_ASSIGN_OR_RETURN(Numeric y, Numeric::Parse(a[1].as_bytes()));
  PLINTH_ASSIGN_OR_RETURN(Numeric r, Numeric::Mod(x, y));
  return Ok(out, Num(r));
}

Status NumericSign(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Numeric::Parse(a[0].as_bytes()));
  if (x.is_nan()) return Ok(out, Num(x));
  return Ok(out, Num(Numeric::FromInt(x.sign())));
}

Status NumericSqrt(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Numeric::Parse(a[0].as_bytes()));
  PLINTH_ASSIGN_OR_RETURN(Numeric r, Numeric::Sqrt(x));
  return Ok(out, Num(r));
}

Status FloatSign(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float();
  return Ok(out, Value::Float(x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0));
}

Status Sqrt(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float();
  if (x < 0) return Status::Error("2201F", "cannot take square root of a negative number");
  return Ok(out, Value::Float(std::sqrt(x)));
}

Status Cbrt(FunctionCallContext&, const Value* a, size_t, Value* out) { return Ok(out, Value::Float(std::cbrt(a[0].as_float()))); }

Status Exp(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float();
  double r = std::exp(x);
  if (r == 0 && std::isfinite(x)) return Status::Error("22003", "value out of range: underflow");
  return CheckFloat(r, std::isfinite(x), out);
}

template <int kBase>  // 0: natural, 10: decimal
Status Log(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float();
  if (x == 0) return Status::Error("2201E", "cannot take logarithm of zero");
  if (x < 0) return Status::Error("2201E", "cannot take logarithm of a negative number");
  return Ok(out, Value::Float(kBase == 10 ? std::log10(x) : std::log(x)));
}

Status Power(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float(), y = a[1].as_float();
  if (x == 0 && y < 0) return Status::Error("2201F", "zero raised to a negative power is undefined");
  if (x < 0 && std::floor(y) != y && std::isfinite(y))
    return Status::Error("2201F", "a negative number raised to a non-integer power yields a complex result");
  double r = std::pow(x, y);
  if (r == 0 && x != 0 && std::isfinite(x) && std::isfinite(y)) return Status::Error("22003", "value out of range: underflow");
  return CheckFloat(r, std::isfinite(x) && std::isfinite(y), out);
}

Status Random(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  std::uniform_real_distribution<double> dist(0.0, 1.0);
  return Ok(out, Value::Float(dist(Rng(ctx))));
}

Status Pi(FunctionCallContext&, const Value*, size_t, Value* out) { return Ok(out, Value::Float(M_PI)); }

}  // namespace

void RegisterMath(Registry& r) {
  using oids::kFloat4;
  using oids::kInt2;
  using oids::kInt8;
  r.Add({"abs", {kInt2}, kInt2, true, false, false, &IntAbs<int16_t>});
  r.Add({"abs", {kInt4}, kInt4, true, false, false, &IntAbs<int32_t>});
  r.Add({"abs", {kInt8}, kInt8, true, false, false, &IntAbs<int64_t>});
  r.Add({"abs", {kFloat4}, kFloat4, true, false, false, &FloatAbs});
  r.Add({"abs", {kFloat8}, kFloat8, true, false, false, &FloatAbs});
  r.Add({"abs", {kNumeric}, kNumeric, true, false, false, &NumericAbs});
  // The prefix operator @ is abs under another name (PostgreSQL's int4abs...).
  r.Add({"@", {kInt2}, kInt2, true, false, false, &IntAbs<int16_t>});
  r.Add({"@", {kInt4}, kInt4, true, false, false, &IntAbs<int32_t>});
  r.Add({"@", {kInt8}, kInt8, true, false, false, &IntAbs<int64_t>});
  r.Add({"@", {kFloat4}, kFloat4, true, false, false, &FloatAbs});
  r.Add({"@", {kFloat8}, kFloat8, true, false, false, &FloatAbs});
  r.Add({"@", {kNumeric}, kNumeric, true, false, false, &NumericAbs});
  r.Add({"mod", {kInt2, kInt2}, kInt2, true, false, false, &IntMod<int16_t>});
  r.Add({"mod", {kInt4, kInt4}, kInt4, true, false, false, &IntMod<int32_t>});
  r.Add({"mod", {kInt8, kInt8}, kInt8, true, false, false, &IntMod<int64_t>});
  r.Add({"mod", {kNumeric, kNumeric}, kNumeric, true, false, false, &NumericMod});
  r.Add({"round", {kFloat8}, kFloat8, true, false, false, &FloatRound<Rounding::Round>});
  r.Add({"round", {kNumeric}, kNumeric, true, false, false, &NumericRound<Rounding::Round>});
  r.Add({"round", {kNumeric, kInt4}, kNumeric, true, false, false, &NumericRound<Rounding::Round>});
  r.Add({"trunc", {kFloat8}, kFloat8, true, false, false, &FloatRound<Rounding::Trunc>});
  r.Add({"trunc", {kNumeric}, kNumeric, true, false, false, &NumericRound<Rounding::Trunc>});
  r.Add({"trunc", {kNumeric, kInt4}, kNumeric, true, false, false, &NumericRound<Rounding::Trunc>});
  for (const char* name : {"ceil", "ceiling"}) {
    r.Add({name, {kFloat8}, kFloat8, true, false, false, &FloatRound<Rounding::Ceil>});
    r.Add({name, {kNumeric}, kNumeric, true, false, false, &NumericRound<Rounding::Ceil>});
  }
  r.Add({"floor", {kFloat8}, kFloat8, true, false, false, &FloatRound<Rounding::Floor>});
  r.Add({"floor", {kNumeric}, kNumeric, true, false, false, &NumericRound<Rounding::Floor>});
  r.Add({"sign", {kFloat8}, kFloat8, true, false, false, &FloatSign});
  r.Add({"sign", {kNumeric}, kNumeric, true, false, false, &NumericSign});
  r.Add({"sqrt", {kFloat8}, kFloat8, true, false, false, &Sqrt});
  r.Add({"sqrt", {kNumeric}, kNumeric, true, false, false, &NumericSqrt});
  r.Add({"cbrt", {kFloat8}, kFloat8, true, false, false, &Cbrt});
  r.Add({"exp", {kFloat8}, kFloat8, true, false, false, &Exp});
  r.Add({"ln", {kFloat8}, kFloat8, true, false, false, &Log<0>});
  r.Add({"log", {kFloat8}, kFloat8, true, false, false, &Log<10>});
  r.Add({"log10", {kFloat8}, kFloat8, true, false, false, &Log<10>});
  for (const char* name : {"power", "pow"})
    r.Add({name, {kFloat8, kFloat8}, kFloat8, true, false, false, &Power});
  r.Add({"^", {kFloat8, kFloat8}, kFloat8, true, false, false, &Power});
  r.Add({"random", {}, kFloat8, true, true, false, &Random});
  r.Add({"pi", {}, kFloat8, true, false, false, &Pi});
}

}  // namespace plinth::functions
