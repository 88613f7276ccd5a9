// Set-returning functions as the binder sees them in a select list: unnest(array),
// generate_series(start, stop[, step]), generate_subscripts(array, dim) and
// information_schema._pg_expandarray(array), which returns records. Their rows
// come from the ProjectSet operator (executor/project_set.cc), which runs the calls;
// these definitions give overload resolution and result types, and their impl only
// runs where a set cannot be taken (a WHERE clause, an argument of another function).
#include "engine/functions/registry.h"
#include "engine/types/record.h"

namespace plinth::functions {

namespace {

Status NotAllowedHere(FunctionCallContext&, const Value*, size_t, Value*) {
  return Status::Error("0A000", "set-returning functions are not allowed here");
}

Status RecordField(FunctionCallContext&, const Value* a, size_t, Value* out) {
  std::vector<Value> fields = DecodeRecord(a[0].as_bytes()).second;
  int64_t i = a[1].as_int();
  if (i < 0 || i >= static_cast<int64_t>(fields.size())) return Status::Error("XX000", "record field out of range");
  return Ok(out, fields[static_cast<size_t>(i)]);
}

FunctionDef SetFunction(const char* name, std::vector<Oid> args, Oid result) {
  FunctionDef def{name, std::move(args), result, true, false, false, &NotAllowedHere};
  def.returns_set = true;
  return def;
}

}  // namespace

void RegisterSetFunctions(Registry& r) {
  using namespace oids;
  r.Add(SetFunction("unnest", {kAnyArray}, kAnyElement));
  r.Add(SetFunction("generate_series", {kInt4, kInt4}, kInt4));
  r.Add(SetFunction("generate_series", {kInt4, kInt4, kInt4}, kInt4));
  r.Add(SetFunction("generate_series", {kInt8, kInt8}, kInt8));
  r.Add(SetFunction("generate_series", {kInt8, kInt8, kInt8}, kInt8));
  r.Add(SetFunction("generate_subscripts", {kAnyArray, kInt4}, kInt4));
  // information_schema._pg_expandarray(a): records (x: element, n: its 1-based position).
  r.Add(SetFunction("_pg_expandarray", {kAnyArray}, kRecord));
  // (record).field, bound by the binder's field selection (bind_indirection.cc) with the
  // field's position as the second argument; never called by name.
  r.Add({"(.)", {kRecord, kInt4}, kAny, true, false, false, &RecordField});
}

}  // namespace plinth::functions
