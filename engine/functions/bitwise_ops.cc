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

// The shift count as PostgreSQL's C shifts see it on x86-64: taken modulo the width of
// the promoted operand (32 bits for smallint and integer, 64 for bigint), so 1 << 33 is
// 2 and 1 << -1 is -2147483648 -- instead of C's undefined behaviour.
template <Oid kType>
uint64_t ShiftCount(const Value& count) {
  return static_cast<uint64_t>(count.as_int()) & (kType == oids::kInt8 ? 63 : 31);
}

template <Oid kType>
Status ShiftLeft(FunctionCallContext&, const Value* a, size_t, Value* out) {
  auto bits = ShiftCount<kType>(a[1]);
  return Ok(out, Value::Int(Wrap(kType, static_cast<int64_t>(static_cast<uint64_t>(a[0].as_int()) << bits))));
}
template <Oid kType>
Status ShiftRight(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Int(a[0].as_int() >> ShiftCount<kType>(a[1])));  // arithmetic: the sign is kept
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
