// + - * / % and unary minus/plus for integers, floats and numeric, with PostgreSQL's
// overflow (22003) and division-by-zero (22012) errors.
#include <cmath>
#include <limits>

#include "engine/functions/registry.h"
#include "engine/types/numeric.h"

namespace plinth::functions {
namespace {

enum class Op { Add, Sub, Mul, Div, Mod };

template <typename T>
const char* IntLabel() {
  if constexpr (sizeof(T) == 2) return "smallint";
  else if constexpr (sizeof(T) == 4) return "integer";
  else return "bigint";
}

template <typename T, Op op>
Status IntBinary(FunctionCallContext&, const Value* a, size_t, Value* out) {
  T x = static_cast<T>(a[0].as_int()), y = static_cast<T>(a[1].as_int());
  T r{};
  bool overflow = false;
  if constexpr (op == Op::Add) overflow = __builtin_add_overflow(x, y, &r);
  else if constexpr (op == Op::Sub) overflow = __builtin_sub_overflow(x, y, &r);
  else if constexpr (op == Op::Mul) overflow = __builtin_mul_overflow(x, y, &r);
  else {
    if (y == 0) return DivisionByZero();
    if (y == -1) {
      // MIN / -1 overflows; MIN % -1 is 0 (PG special-cases both).
      if constexpr (op == Op::Div) overflow = __builtin_sub_overflow(T(0), x, &r);
      else r = 0;
    } else {
      r = op == Op::Div ? static_cast<T>(x / y) : static_cast<T>(x % y);
    }
  }
  if (overflow) return OutOfRange(IntLabel<T>());
  return Ok(out, Value::Int(r));
}

template <typename T>
Status IntNegate(FunctionCallContext&, const Value* a, size_t, Value* out) {
  T x = static_cast<T>(a[0].as_int()), r;
  if (__builtin_sub_overflow(T(0), x, &r)) return OutOfRange(IntLabel<T>());
  return Ok(out, Value::Int(r));
}

Status Identity(FunctionCallContext&, const Value* a, size_t, Value* out) { return Ok(out, a[0]); }

// Floats: an infinite result from finite inputs is an overflow, a zero result from
// non-zero inputs of a multiplication or division an underflow (PG's float_overflow_error).
template <bool kFloat4, Op op>
Status FloatBinary(FunctionCallContext&, const Value* a, size_t, Value* out) {
  double x = a[0].as_float(), y = a[1].as_float(), r = 0;
  if constexpr (op == Op::Add) r = x + y;
  else if constexpr (op == Op::Sub) r = x - y;
  else if constexpr (op == Op::Mul) r = x * y;
  else {
    if (y == 0) return DivisionByZero();
    r = x / y;
  }
  if constexpr (kFloat4) r = static_cast<float>(r);
  if (std::isinf(r) && !std::isinf(x) && !std::isinf(y))
    return Status::Error("22003", "value out of range: overflow");
  if (r == 0 && x != 0 && (op == Op::Mul ? y != 0 : (op == Op::Div && !std::isinf(y))))
    return Status::Error("22003", "value out of range: underflow");
  return Ok(out, Value::Float(r));
}

Status FloatNegate(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Float(-a[0].as_float()));
}

template <Op op>
Status NumericBinary(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Numeric::Parse(a[0].as_bytes()));
  PLINTH_ASSIGN_OR_RETURN(Numeric y, Numeric::Parse(a[1].as_bytes()));
  Numeric r;
  if constexpr (op == Op::Add) r = Numeric::Add(x, y);
  else if constexpr (op == Op::Sub) r = Numeric::Sub(x, y);
  else if constexpr (op == Op::Mul) r = Numeric::Mul(x, y);
  else if constexpr (op == Op::Div) { PLINTH_ASSIGN_OR_RETURN(r, Numeric::Div(x, y)); }
  else { PLINTH_ASSIGN_OR_RETURN(r, Numeric::Mod(x, y)); }
  return Ok(out, Value::Bytes(r.ToString()));
}

Status NumericNegate(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric x, Numeric::Parse(a[0].as_bytes()));
  return Ok(out, Value::Bytes(x.Negated().ToString()));
}

template <typename T>
void AddIntegerOps(Registry& r, Oid t) {
  r.Add({"+", {t, t}, t, true, false, false, &IntBinary<T, Op::Add>});
  r.Add({"-", {t, t}, t, true, false, false, &IntBinary<T, Op::Sub>});
  r.Add({"*", {t, t}, t, true, false, false, &IntBinary<T, Op::Mul>});
  r.Add({"/", {t, t}, t, true, false, false, &IntBinary<T, Op::Div>});
  r.Add({"%", {t, t}, t, true, false, false, &IntBinary<T, Op::Mod>});
  r.Add({"-", {t}, t, true, false, false, &IntNegate<T>});
  r.Add({"+", {t}, t, true, false, false, &Identity});
}

template <bool kFloat4>
void AddFloatOps(Registry& r, Oid t) {
  r.Add({"+", {t, t}, t, true, false, false, &FloatBinary<kFloat4, Op::Add>});
  r.Add({"-", {t, t}, t, true, false, false, &FloatBinary<kFloat4, Op::Sub>});
  r.Add({"*", {t, t}, t, true, false, false, &FloatBinary<kFloat4, Op::Mul>});
  r.Add({"/", {t, t}, t, true, false, false, &FloatBinary<kFloat4, Op::Div>});
  r.Add({"-", {t}, t, true, false, false, &FloatNegate});
  r.Add({"+", {t}, t, true, false, false, &Identity});
}

}  // namespace

void RegisterArithmetic(Registry& r) {
  AddIntegerOps<int16_t>(r, oids::kInt2);
  AddIntegerOps<int32_t>(r, oids::kInt4);
  AddIntegerOps<int64_t>(r, oids::kInt8);
  AddFloatOps<true>(r, oids::kFloat4);
  AddFloatOps<false>(r, oids::kFloat8);
  // real op double precision in either order computes in double (PostgreSQL's float48pl
  // and friends). Their existence is also what makes real op integer/numeric resolve to
  // double precision: double is the numeric category's preferred type.
  for (auto [l, rt] : {std::pair{oids::kFloat4, oids::kFloat8}, std::pair{oids::kFloat8, oids::kFloat4}}) {
    r.Add({"+", {l, rt}, oids::kFloat8, true, false, false, &FloatBinary<false, Op::Add>});
    r.Add({"-", {l, rt}, oids::kFloat8, true, false, false, &FloatBinary<false, Op::Sub>});
    r.Add({"*", {l, rt}, oids::kFloat8, true, false, false, &FloatBinary<false, Op::Mul>});
    r.Add({"/", {l, rt}, oids::kFloat8, true, false, false, &FloatBinary<false, Op::Div>});
  }
  const Oid n = oids::kNumeric;
  r.Add({"+", {n, n}, n, true, false, false, &NumericBinary<Op::Add>});
  r.Add({"-", {n, n}, n, true, false, false, &NumericBinary<Op::Sub>});
  r.Add({"*", {n, n}, n, true, false, false, &NumericBinary<Op::Mul>});
  r.Add({"/", {n, n}, n, true, false, false, &NumericBinary<Op::Div>});
  r.Add({"%", {n, n}, n, true, false, false, &NumericBinary<Op::Mod>});
  r.Add({"-", {n}, n, true, false, false, &NumericNegate});
  r.Add({"+", {n}, n, true, false, false, &Identity});
}

}  // namespace plinth::functions
