// Bitwise operators on integers: & | # (xor) ~ (not) << >>, for int2, int4 and int8 as
// in PostgreSQL (the result has the operands' type; shifts take an int4 count). pgjdbc's
// getIndexInfo reads a DESC flag with `indoption[i] & 1::smallint`.
#include "engine/functions/registry.h"

namespace plinth::functions {

namespace {

// Truncates to the operand type's width, as the fixed-width C operators PostgreSQL
// uses do (a shift may overflow the type).
int64_t Wrap(Oid type, int64_t v) {
  if (type == oids::kInt2) return static_cast<int16_t>(v);
  if (type == oids::kInt4) return static_cast<int32_t>(v);
  return v;
}

template <Oid kType>
Status And(FunctionCallContext&, const Value* a, size_t, Value* out) { return Ok(out, Value::Int(a[0].as_int() & a[1].as_int())); }
template <Oid kType>
Status Or(FunctionCallContext&, const Value* a, size_t, Value* out) { return Ok(out, Value::Int(a[0].as_int() | a[1].as_int())); }
template <Oid kType>
Status Xor(FunctionCallContext&, const Value* a, size_t, Value* out) { return Ok(out, Value::Int(a[0].as_int() ^ a[1].as_int())); }
template <Oid kType>
Status Not(FunctionCallContext&, const Value* a, size_t, Value* out) { return Ok(out, Value::Int(~a[0].as_int())); }

template <Oid kType>
Status ShiftLeft(FunctionCallContext&, const Value* a, size_t, Value* out) {
  auto bits = static_cast<uint64_t>(a[1].as_int()) & 63;  // C shifts past the width are undefined
  return Ok(out, Value::Int(Wrap(kType, static_cast<int64_t>(static_cast<uint64_t>(a[0].as_int()) << bits))));
}
template <Oid kType>
Status ShiftRight(FunctionCallContext&, const Value* a, size_t, Value* out) {
  auto bits = static_cast<uint64_t>(a[1].as_int()) & 63;
  return Ok(out, Value::Int(a[0].as_int() >> bits));  // arithmetic: the sign is kept
}

template <Oid kType>
void AddFor(Registry& r) {
  r.Add({"&", {kType, kType}, kType, true, false, false, &And<kType>});
  r.Add({"|", {kType, kType}, kType, true, false, false, &Or<kType>});
  r.Add({"#", {kType, kType}, kType, true, false, false, &Xor<kType>});
  r.Add({"~", {kType}, kType, true, false, false, &Not<kType>});
  r.Add({"<<", {kType, oids::kInt4}, kType, true, false, false, &ShiftLeft<kType>});
  r.Add({">>", {kType, oids::kInt4}, kType, true, false, false, &ShiftRight<kType>});
}

}  // namespace

void RegisterBitwise(Registry& r) {
  AddFor<oids::kInt2>(r);
  AddFor<oids::kInt4>(r);
  AddFor<oids::kInt8>(r);
}

}  // namespace plinth::functions
