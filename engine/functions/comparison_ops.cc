// = <> < <= > >= for every type, through types.h's Compare() so operators, sorting and
// index keys agree.
#include "engine/functions/registry.h"

namespace plinth::functions {
namespace {

enum class Cmp { Eq, Ne, Lt, Le, Gt, Ge };

template <Oid kType, Cmp kOp>
Status CompareImpl(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int c = Compare(kType, a[0], a[1]);
  bool r = false;
  switch (kOp) {
    case Cmp::Eq: r = c == 0; break;
    case Cmp::Ne: r = c != 0; break;
    case Cmp::Lt: r = c < 0; break;
    case Cmp::Le: r = c <= 0; break;
    case Cmp::Gt: r = c > 0; break;
    case Cmp::Ge: r = c >= 0; break;
  }
  return Ok(out, Value::Bool(r));
}

template <Oid kType>
void AddComparisons(Registry& r) {
  r.Add({"=", {kType, kType}, oids::kBool, true, false, false, &CompareImpl<kType, Cmp::Eq>});
  r.Add({"<>", {kType, kType}, oids::kBool, true, false, false, &CompareImpl<kType, Cmp::Ne>});
  r.Add({"<", {kType, kType}, oids::kBool, true, false, false, &CompareImpl<kType, Cmp::Lt>});
  r.Add({"<=", {kType, kType}, oids::kBool, true, false, false, &CompareImpl<kType, Cmp::Le>});
  r.Add({">", {kType, kType}, oids::kBool, true, false, false, &CompareImpl<kType, Cmp::Gt>});
  r.Add({">=", {kType, kType}, oids::kBool, true, false, false, &CompareImpl<kType, Cmp::Ge>});
}

template <Oid... kTypes>
void AddAll(Registry& r) { (AddComparisons<kTypes>(r), ...); }

}  // namespace

void RegisterComparisons(Registry& r) {
  using namespace oids;
  AddAll<kBool, kChar, kName, kInt2, kInt4, kInt8, kText, kOid, kFloat4, kFloat8, kBpchar,
         kDate, kTime, kTimestamp, kTimestamptz, kInterval, kTimetz, kNumeric,
         kUuid, kJsonb, kBytea, kRegclass, kRegtype>(r);
  // real vs double precision compares as double (float48eq...), so `real_col = 0.1`
  // resolves to it, as in PostgreSQL, and does not match the rounded real 0.1.
  for (auto [l, rt] : {std::pair{kFloat4, kFloat8}, std::pair{kFloat8, kFloat4}}) {
    r.Add({"=", {l, rt}, kBool, true, false, false, &CompareImpl<kFloat8, Cmp::Eq>});
    r.Add({"<>", {l, rt}, kBool, true, false, false, &CompareImpl<kFloat8, Cmp::Ne>});
    r.Add({"<", {l, rt}, kBool, true, false, false, &CompareImpl<kFloat8, Cmp::Lt>});
    r.Add({"<=", {l, rt}, kBool, true, false, false, &CompareImpl<kFloat8, Cmp::Le>});
    r.Add({">", {l, rt}, kBool, true, false, false, &CompareImpl<kFloat8, Cmp::Gt>});
    r.Add({">=", {l, rt}, kBool, true, false, false, &CompareImpl<kFloat8, Cmp::Ge>});
  }
  // varchar and json have no operators of their own in PostgreSQL (varchar uses text's).
  // Arrays compare element-wise; one operator set per concrete array type because the
  // element type decides the element order.
  AddAll<kBoolArray, kInt2Array, kInt4Array, kInt8Array, kTextArray,
         kBpcharArray, kNameArray, kFloat4Array, kFloat8Array, kNumericArray, kDateArray,
         kTimestampArray, kTimestamptzArray, kIntervalArray, kUuidArray, kOidArray,
         kByteaArray, kTimeArray, kJsonbArray, kCharArray>(r);
  // Records (whole-row references, record-returning calls) compare as values, by
  // PostgreSQL's record_cmp (types/compare.cc); row constructors are expanded by the
  // binder instead, with SQL's NULL rules.
  AddComparisons<kRecord>(r);
}

}  // namespace plinth::functions
