// The record constructor behind whole-row references (binder/bind_whole_row.cc): its
// first argument is the record's shape id (engine/types/record.h), the rest are the
// field values. Bound only by the binder, never by name.
#include "engine/functions/registry.h"
#include "engine/types/record.h"

namespace plinth::functions {

namespace {

Status MakeRecord(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  if (n == 0 || a[0].is_null()) return Status::Error("XX000", "record constructor called without a shape");
  std::vector<Value> fields(a + 1, a + n);
  return Ok(out, Value::Bytes(EncodeRecord(static_cast<int32_t>(a[0].as_int()), fields)));
}

}  // namespace

void RegisterRecords(Registry& r) {
  // Not strict: a row of NULL columns is a record, not NULL.
  r.Add({"(row)", {oids::kInt4}, oids::kRecord, false, false, true, &MakeRecord});
}

}  // namespace plinth::functions
