// More mathematical functions: div, the cube/square root operators, trigonometry in
// radians and degrees (exact at the special angles, as PostgreSQL), factorial, gcd/lcm,
// width_bucket, the numeric scale functions, setseed, and numeric ln/log/exp/power with
// PostgreSQL's result scales (at least 16 significant digits, more for long inputs).
#include <boost/multiprecision/cpp_dec_float.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

#include "engine/functions/registry.h"
#include "engine/types/numeric.h"

namespace plinth::functions {
namespace {

using oids::kFloat8;
using oids::kInt4;
using oids::kInt8;
using oids::kNumeric;

// Enough digits for PostgreSQL's usual 16-20 significant result digits plus guard digits.
using Decimal = boost::multiprecision::number<boost::multiprecision::cpp_dec_float<120>>;

constexpr int kMinSigDigits = 16;        // NUMERIC_MIN_SIG_DIGITS
constexpr int kMaxDisplayScale = 1000;   // NUMERIC_MAX_DISPLAY_SCALE

Value Num(const Numeric& n) { return Value::Bytes(n.ToString()); }
Result<Numeric> Arg(const Value& v) { return Numeric::Parse(v.as_bytes()); }

Decimal ToDecimal(const Numeric& n) { return Decimal(n.ToString()); }

// A Decimal rounded to `scale` fractional digits as a Numeric.
Result<Numeric> FromDecimal(const Decimal& d, int scale) {
  std::string text = d.str(scale + 8, std::ios_base::fixed);
  PLINTH_ASSIGN_OR_RETURN(Numeric n, Numeric::Parse(text));
  return n.Rounded(scale);
}

int ClampScale(int scale, std::initializer_list<int> at_least) {
  for (int s : at_least) scale = std::max(scale, s);
  return std::clamp(scale, 0, kMaxDisplayScale);
}

// PostgreSQL's estimate_ln_dweight(): the decimal weight of ln(x), roughly.
int EstimateLnWeight(const Numeric& x) {
  double v = x.ToDouble();
  if (v >= 0.9 && v <= 1.1) {
    double d = std::fabs(v - 1.0);
    return d == 0 ? 0 : static_cast<int>(std::floor(std::log10(d)));
  }
  return static_cast<int>(std::log10(std::fabs(std::log(v))));
}

Status CheckLnArg(const Numeric& x) {
  if (x.sign() == 0) return Status::Error("2201E", "cannot take logarithm of zero");
  if (x.sign() < 0) return Status::Error("2201E", "cannot take logarithm of a negative number");
  return Status::OK();
}

Status NumericLn(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Arg(a[0]));
  if (x.is_nan() || x.kind() == Numeric::Kind::PosInf) return Ok(out, Num(x));
  PLINTH_RETURN_IF_ERROR(CheckLnArg(x));
  int weight = 0, first = 0;
  x.LeadingGroup(&weight, &first);
  int dec_digits = (weight + 1) * 4;
  int rscale = dec_digits > 1   ? kMinSigDigits - static_cast<int>(std::log10(dec_digits - 1))
               : dec_digits < 1 ? kMinSigDigits - static_cast<int>(std::log10(1 - dec_digits))
                                : kMinSigDigits;
  PLINTH_ASSIGN_OR_RETURN(Numeric r, FromDecimal(log(ToDecimal(x)), ClampScale(rscale, {x.scale()})));
  return Ok(out, Num(r));
}

Result<Numeric> LogBase(const Numeric& base, const Numeric& x) {
  PLINTH_RETURN_IF_ERROR(CheckLnArg(base));
  PLINTH_RETURN_IF_ERROR(CheckLnArg(x));
  Decimal ln_base = log(ToDecimal(base));
  if (ln_base == 0) return DivisionByZero();
  int rscale = kMinSigDigits - (EstimateLnWeight(x) - EstimateLnWeight(base));
  return FromDecimal(log(ToDecimal(x)) / ln_base, ClampScale(rscale, {base.scale(), x.scale()}));
}

Status NumericLog(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  Numeric base = Numeric::FromInt(10);
  if (n == 2) { PLINTH_ASSIGN_OR_RETURN(base, Arg(a[0])); }
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Arg(a[n - 1]));
  if (x.is_nan() || base.is_nan()) return Ok(out, Num(Numeric::NaN()));
  PLINTH_ASSIGN_OR_RETURN(Numeric r, LogBase(base, x));
  return Ok(out, Num(r));
}

Status NumericExp(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Arg(a[0]));
  if (!x.is_finite()) return Ok(out, Num(x.kind() == Numeric::Kind::NegInf ? Numeric() : x));
  double weight = std::clamp(x.ToDouble() * 0.434294481903252, -2000.0, 2000.0);
  if (weight > 110) return Status::Error("22003", "value overflows numeric format");
  int rscale = kMinSigDigits - static_cast<int>(weight);
  PLINTH_ASSIGN_OR_RETURN(Numeric r, FromDecimal(exp(ToDecimal(x)), ClampScale(rscale, {x.scale()})));
  return Ok(out, Num(r));
}

Status NumericPower(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric base, Arg(a[0]));
  PLINTH_ASSIGN_OR_RETURN(Numeric e, Arg(a[1]));
  if (base.is_nan() || e.is_nan()) return Ok(out, Num(Numeric::NaN()));
  if (!base.is_finite() || !e.is_finite()) return Ok(out, Num(Numeric::FromDouble(std::pow(base.ToDouble(), e.ToDouble()), 15)));
  bool integral = Numeric::Compare(e, e.Truncated(0)) == 0;
  if (base.sign() == 0 && e.sign() < 0) return Status::Error("2201F", "zero raised to a negative power is undefined");
  if (base.sign() < 0 && !integral)
    return Status::Error("2201F", "a negative number raised to a non-integer power yields a complex result");
  if (base.sign() == 0) return Ok(out, Num(Numeric(Numeric::Int(e.sign() == 0 ? 1 : 0), ClampScale(kMinSigDigits, {e.scale()}))));
  double weight = e.ToDouble() * std::log10(std::fabs(base.ToDouble()));
  if (integral && e.sign() >= 0 && weight < 4000) {
    // Exact: the unscaled digits raised to the power; PostgreSQL 15 shows at least 16
    // decimals for an integral exponent (power_var_int with NUMERIC_MIN_SIG_DIGITS).
    unsigned power = static_cast<unsigned>(e.ToDouble());
    Numeric exact(boost::multiprecision::pow(base.unscaled(), power), base.scale() * static_cast<int>(power));
    return Ok(out, Num(exact.Rounded(ClampScale(kMinSigDigits, {base.scale()}))));
  }
  if (weight > 110) return Status::Error("22003", "value overflows numeric format");
  int rscale = integral ? ClampScale(kMinSigDigits, {base.scale()})
                        : ClampScale(kMinSigDigits - static_cast<int>(std::clamp(weight, -2000.0, 2000.0)),
                                     {base.scale(), e.scale()});
  Decimal b = ToDecimal(base), r;
  if (integral) {
    r = pow(b, ToDecimal(e));
  } else {
    r = exp(ToDecimal(e) * log(b));
  }
  PLINTH_ASSIGN_OR_RETURN(Numeric n, FromDecimal(r, rscale));
  return Ok(out, Num(n));
}

Status Div(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Arg(a[0]));
  PLINTH_ASSIGN_OR_RETURN(Numeric y, Arg(a[1]));
  if (y.sign() == 0 && y.is_finite()) return DivisionByZero();
  if (x.is_nan() || y.is_nan()) return Ok(out, Num(Numeric::NaN()));
  Numeric::Int xs = x.unscaled() * Pow10(std::max(y.scale() - x.scale(), 0));
  Numeric::Int ys = y.unscaled() * Pow10(std::max(x.scale() - y.scale(), 0));
  return Ok(out, Num(Numeric(xs / ys, 0)));  // cpp_int division truncates toward zero
}

Status Cbrt(FunctionCallContext&, const Value* a, size_t, Value* out) { return Ok(out, Value::Float(std::cbrt(a[0].as_float()))); }
Status Sqrt(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float();
  if (x < 0) return Status::Error("2201F", "cannot take square root of a negative number");
  return Ok(out, Value::Float(std::sqrt(x)));
}

Status InputOutOfRange() { return Status::Error("22003", "input is out of range"); }

template <double (*kFn)(double), bool kUnitDomain>
Status Trig(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float();
  if (std::isnan(x)) return Ok(out, Value::Float(x));
  if (kUnitDomain && (x < -1 || x > 1)) return InputOutOfRange();
  if (!kUnitDomain && std::isinf(x) && kFn != static_cast<double (*)(double)>(std::atan)) return InputOutOfRange();
  return Ok(out, Value::Float(kFn(x)));
}
Status Cot(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float();
  if (std::isinf(x)) return InputOutOfRange();
  return Ok(out, Value::Float(1.0 / std::tan(x)));
}
Status Atan2(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Float(std::atan2(a[0].as_float(), a[1].as_float())));
}
Status Degrees(FunctionCallContext&, const Value* a, size_t, Value* out) { return Ok(out, Value::Float(a[0].as_float() * (180.0 / M_PI))); }
Status Radians(FunctionCallContext&, const Value* a, size_t, Value* out) { return Ok(out, Value::Float(a[0].as_float() * (M_PI / 180.0))); }

// Degree-based trigonometry scaled so 30, 45, 60 and 90 degrees come out exact.
constexpr double kRadiansPerDegree = M_PI / 180.0;
double SindZeroTo30(double x) { return (std::sin(x * kRadiansPerDegree) / std::sin(30.0 * kRadiansPerDegree)) / 2.0; }
double CosdZeroTo60(double x) {
  return 1.0 - ((1.0 - std::cos(x * kRadiansPerDegree)) / (1.0 - std::cos(60.0 * kRadiansPerDegree))) / 2.0;
}
double SindQ1(double x) { return x <= 30.0 ? SindZeroTo30(x) : CosdZeroTo60(90.0 - x); }
double CosdQ1(double x) { return x <= 60.0 ? CosdZeroTo60(x) : SindZeroTo30(90.0 - x); }

enum class Degree { Sin, Cos, Tan, Cot };

template <Degree kFn>
Status TrigDegrees(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float();
  if (std::isnan(x)) return Ok(out, Value::Float(x));
  if (std::isinf(x)) return InputOutOfRange();
  x = std::fmod(x, 360.0);
  double sign = 1.0;
  if (x < 0.0) {
    x = -x;
    if (kFn != Degree::Cos) sign = -sign;
  }
  if (x > 180.0) {
    x = 360.0 - x;
    if (kFn != Degree::Cos) sign = -sign;
  }
  if (x > 90.0) {
    x = 180.0 - x;
    if (kFn != Degree::Sin) sign = -sign;
  }
  double r = 0;
  switch (kFn) {
    case Degree::Sin: r = SindQ1(x); break;
    case Degree::Cos: r = CosdQ1(x); break;
    case Degree::Tan: r = (SindQ1(x) / CosdQ1(x)) / (SindQ1(45.0) / CosdQ1(45.0)); break;
    case Degree::Cot: r = (CosdQ1(x) / SindQ1(x)) / (CosdQ1(45.0) / SindQ1(45.0)); break;
  }
  r *= sign;
  if (r == 0) r = 0;  // no -0
  return Ok(out, Value::Float(r));
}

enum class InverseDegree { Asin, Acos, Atan };

template <InverseDegree kFn>
Status InverseTrigDegrees(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float();
  if (std::isnan(x)) return Ok(out, Value::Float(x));
  if (kFn != InverseDegree::Atan && (x < -1 || x > 1)) return InputOutOfRange();
  double r = 0;
  switch (kFn) {
    case InverseDegree::Asin: r = std::asin(x) / std::asin(1.0) * 90.0; break;
    case InverseDegree::Acos: r = 90.0 - std::asin(x) / std::asin(1.0) * 90.0; break;
    case InverseDegree::Atan: r = std::atan(x) / std::atan(1.0) * 45.0; break;
  }
  return Ok(out, Value::Float(r));
}

Status Atan2d(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Float(std::atan2(a[0].as_float(), a[1].as_float()) / std::atan(1.0) * 45.0));
}

Status Factorial(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t n = a[0].as_int();
  if (n < 0) return Status::Error("22023", "factorial of a negative number is undefined");
  if (n > 32177) return Status::Error("22003", "value overflows numeric format");
  Numeric::Int r = 1;
  for (int64_t i = 2; i <= n; ++i) r *= i;
  return Ok(out, Num(Numeric(std::move(r), 0)));
}

// gcd/lcm over magnitudes in the unsigned type, so INT_MIN's overflow is detected.
template <typename T, bool kLcm>
Status IntGcdLcm(FunctionCallContext&, const Value* a, size_t, Value* out) {
  using U = std::make_unsigned_t<T>;
  T x = static_cast<T>(a[0].as_int()), y = static_cast<T>(a[1].as_int());
  U ux = x < 0 ? U(0) - U(x) : U(x), uy = y < 0 ? U(0) - U(y) : U(y);
  U g = std::gcd(ux, uy), r = g;
  if (kLcm) {
    if (ux == 0 || uy == 0) return Ok(out, Value::Int(0));
    if (__builtin_mul_overflow(ux / g, uy, &r)) r = U(-1);
  }
  if (r > static_cast<U>(std::numeric_limits<T>::max())) return OutOfRange(sizeof(T) == 4 ? "integer" : "bigint");
  return Ok(out, Value::Int(static_cast<int64_t>(r)));
}

template <bool kLcm>
Status NumericGcdLcm(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Arg(a[0]));
  PLINTH_ASSIGN_OR_RETURN(Numeric y, Arg(a[1]));
  if (!x.is_finite() || !y.is_finite()) return Ok(out, Num(Numeric::NaN()));
  int scale = std::max(x.scale(), y.scale());
  Numeric::Int xs = abs(x.unscaled() * Pow10(scale - x.scale()));
  Numeric::Int ys = abs(y.unscaled() * Pow10(scale - y.scale()));
  Numeric::Int g = boost::multiprecision::gcd(xs, ys);
  if (!kLcm) return Ok(out, Num(Numeric(g, scale)));
  if (xs == 0 || ys == 0) return Ok(out, Num(Numeric(0, scale)));
  return Ok(out, Num(Numeric(xs / g * ys, scale)));
}

Result<int64_t> Bucket(double op, double lo, double hi, int64_t count) {
  if (count <= 0) return Status::Error("2201G", "count must be greater than zero");
  if (lo == hi) return Status::Error("2201G", "lower bound cannot equal upper bound");
  if (std::isnan(op) || std::isnan(lo) || std::isnan(hi))
    return Status::Error("2201G", "operand, lower bound, and upper bound cannot be NaN");
  if (std::isinf(lo) || std::isinf(hi)) return Status::Error("2201G", "lower and upper bounds must be finite");
  if (lo < hi) {
    if (op < lo) return int64_t{0};
    if (op >= hi) return count + 1;
    return static_cast<int64_t>((op - lo) / (hi - lo) * static_cast<double>(count)) + 1;
  }
  if (op > lo) return int64_t{0};
  if (op <= hi) return count + 1;
  return static_cast<int64_t>((lo - op) / (lo - hi) * static_cast<double>(count)) + 1;
}

Status WidthBucketFloat(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(int64_t b, Bucket(a[0].as_float(), a[1].as_float(), a[2].as_float(), a[3].as_int()));
  return Ok(out, Value::Int(b));
}

// Exact for numeric: the bucket is floor((op - lo) * count / (hi - lo)) + 1.
Status WidthBucketNumeric(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric op, Arg(a[0]));
  PLINTH_ASSIGN_OR_RETURN(Numeric lo, Arg(a[1]));
  PLINTH_ASSIGN_OR_RETURN(Numeric hi, Arg(a[2]));
  int64_t count = a[3].as_int();
  if (!op.is_finite() || !lo.is_finite() || !hi.is_finite()) {
    PLINTH_ASSIGN_OR_RETURN(int64_t b, Bucket(op.ToDouble(), lo.ToDouble(), hi.ToDouble(), count));
    return Ok(out, Value::Int(b));
  }
  if (count <= 0) return Status::Error("2201G", "count must be greater than zero");
  int cmp = Numeric::Compare(lo, hi);
  if (cmp == 0) return Status::Error("2201G", "lower bound cannot equal upper bound");
  bool ascending = cmp < 0;
  if (ascending ? Numeric::Compare(op, lo) < 0 : Numeric::Compare(op, lo) > 0) return Ok(out, Value::Int(0));
  if (ascending ? Numeric::Compare(op, hi) >= 0 : Numeric::Compare(op, hi) <= 0) return Ok(out, Value::Int(count + 1));
  Numeric num = ascending ? Numeric::Sub(op, lo) : Numeric::Sub(lo, op);
  Numeric den = ascending ? Numeric::Sub(hi, lo) : Numeric::Sub(lo, hi);
  num = Numeric::Mul(num, Numeric::FromInt(count));
  int scale = std::max(num.scale(), den.scale());
  Numeric::Int q = (num.unscaled() * Pow10(scale - num.scale())) / (den.unscaled() * Pow10(scale - den.scale()));
  return Ok(out, Value::Int(static_cast<int64_t>(q) + 1));
}

Status Scale(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Arg(a[0]));
  if (!x.is_finite()) return Ok(out, Value());
  return Ok(out, Value::Int(x.scale()));
}
Status MinScale(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Arg(a[0]));
  if (!x.is_finite()) return Ok(out, Value());
  return Ok(out, Value::Int(x.Normalized().scale()));
}
Status TrimScale(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Arg(a[0]));
  return Ok(out, Num(x.Normalized()));
}

Status SetSeed(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  double seed = a[0].as_float();
  if (seed < -1 || seed > 1 || std::isnan(seed))
    return Status::Error("22003", "setseed parameter " + std::to_string(seed) + " is out of allowed range [-1,1]");
  uint64_t bits;
  std::memcpy(&bits, &seed, sizeof bits);
  Rng(ctx).seed(bits);
  return Ok(out, Value::Bytes(std::string()));  // void: an empty, non-null result
}

}  // namespace

void RegisterMoreMath(Registry& r) {
  r.Add({"div", {kNumeric, kNumeric}, kNumeric, true, false, false, &Div});
  r.Add({"|/", {kFloat8}, kFloat8, true, false, false, &Sqrt});
  r.Add({"||/", {kFloat8}, kFloat8, true, false, false, &Cbrt});
  r.Add({"ln", {kNumeric}, kNumeric, true, false, false, &NumericLn});
  r.Add({"log", {kNumeric}, kNumeric, true, false, false, &NumericLog});
  r.Add({"log10", {kNumeric}, kNumeric, true, false, false, &NumericLog});
  r.Add({"log", {kNumeric, kNumeric}, kNumeric, true, false, false, &NumericLog});
  r.Add({"exp", {kNumeric}, kNumeric, true, false, false, &NumericExp});
  for (const char* name : {"power", "pow"}) r.Add({name, {kNumeric, kNumeric}, kNumeric, true, false, false, &NumericPower});
  r.Add({"^", {kNumeric, kNumeric}, kNumeric, true, false, false, &NumericPower});
  r.Add({"degrees", {kFloat8}, kFloat8, true, false, false, &Degrees});
  r.Add({"radians", {kFloat8}, kFloat8, true, false, false, &Radians});
  r.Add({"sin", {kFloat8}, kFloat8, true, false, false, &Trig<std::sin, false>});
  r.Add({"cos", {kFloat8}, kFloat8, true, false, false, &Trig<std::cos, false>});
  r.Add({"tan", {kFloat8}, kFloat8, true, false, false, &Trig<std::tan, false>});
  r.Add({"cot", {kFloat8}, kFloat8, true, false, false, &Cot});
  r.Add({"asin", {kFloat8}, kFloat8, true, false, false, &Trig<std::asin, true>});
  r.Add({"acos", {kFloat8}, kFloat8, true, false, false, &Trig<std::acos, true>});
  r.Add({"atan", {kFloat8}, kFloat8, true, false, false, &Trig<std::atan, false>});
  r.Add({"atan2", {kFloat8, kFloat8}, kFloat8, true, false, false, &Atan2});
  r.Add({"sind", {kFloat8}, kFloat8, true, false, false, &TrigDegrees<Degree::Sin>});
  r.Add({"cosd", {kFloat8}, kFloat8, true, false, false, &TrigDegrees<Degree::Cos>});
  r.Add({"tand", {kFloat8}, kFloat8, true, false, false, &TrigDegrees<Degree::Tan>});
  r.Add({"cotd", {kFloat8}, kFloat8, true, false, false, &TrigDegrees<Degree::Cot>});
  r.Add({"asind", {kFloat8}, kFloat8, true, false, false, &InverseTrigDegrees<InverseDegree::Asin>});
  r.Add({"acosd", {kFloat8}, kFloat8, true, false, false, &InverseTrigDegrees<InverseDegree::Acos>});
  r.Add({"atand", {kFloat8}, kFloat8, true, false, false, &InverseTrigDegrees<InverseDegree::Atan>});
  r.Add({"atan2d", {kFloat8, kFloat8}, kFloat8, true, false, false, &Atan2d});
  r.Add({"factorial", {kInt8}, kNumeric, true, false, false, &Factorial});
  r.Add({"gcd", {kInt4, kInt4}, kInt4, true, false, false, &IntGcdLcm<int32_t, false>});
  r.Add({"gcd", {kInt8, kInt8}, kInt8, true, false, false, &IntGcdLcm<int64_t, false>});
  r.Add({"gcd", {kNumeric, kNumeric}, kNumeric, true, false, false, &NumericGcdLcm<false>});
  r.Add({"lcm", {kInt4, kInt4}, kInt4, true, false, false, &IntGcdLcm<int32_t, true>});
  r.Add({"lcm", {kInt8, kInt8}, kInt8, true, false, false, &IntGcdLcm<int64_t, true>});
  r.Add({"lcm", {kNumeric, kNumeric}, kNumeric, true, false, false, &NumericGcdLcm<true>});
  r.Add({"width_bucket", {kFloat8, kFloat8, kFloat8, kInt4}, kInt4, true, false, false, &WidthBucketFloat});
  r.Add({"width_bucket", {kNumeric, kNumeric, kNumeric, kInt4}, kInt4, true, false, false, &WidthBucketNumeric});
  r.Add({"scale", {kNumeric}, kInt4, true, false, false, &Scale});
  r.Add({"min_scale", {kNumeric}, kInt4, true, false, false, &MinScale});
  r.Add({"trim_scale", {kNumeric}, kNumeric, true, false, false, &TrimScale});
  r.Add({"setseed", {kFloat8}, oids::kVoid, true, true, false, &SetSeed});
}

}  // namespace plinth::functions
