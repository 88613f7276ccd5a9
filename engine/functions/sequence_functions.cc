// Sequence functions (nextval, currval, setval, lastval, pg_get_serial_sequence) and the
// runtime text -> regclass conversion. They are volatile and go through the session's
// SessionServices: sequence state lives in the database and the session, not in the
// arguments.
#include "engine/functions/registry.h"
#include "engine/functions/session_services.h"

namespace plinth::functions {

namespace {

using namespace oids;

Result<SessionServices*> Services(FunctionCallContext& ctx) {
  if (!ctx.services) return Status::Error("0A000", "sequence functions need a session");
  return ctx.services;
}

Status NextVal(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(SessionServices * s, Services(ctx));
  PLINTH_ASSIGN_OR_RETURN(int64_t v, s->NextVal(static_cast<Oid>(a[0].as_int())));
  return Ok(out, Value::Int(v));
}

Status CurrVal(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(SessionServices * s, Services(ctx));
  PLINTH_ASSIGN_OR_RETURN(int64_t v, s->CurrVal(static_cast<Oid>(a[0].as_int())));
  return Ok(out, Value::Int(v));
}

Status LastVal(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(SessionServices * s, Services(ctx));
  PLINTH_ASSIGN_OR_RETURN(int64_t v, s->LastVal());
  return Ok(out, Value::Int(v));
}

Status SetVal(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(SessionServices * s, Services(ctx));
  bool is_called = n < 3 || a[2].as_bool();
  PLINTH_ASSIGN_OR_RETURN(int64_t v, s->SetVal(static_cast<Oid>(a[0].as_int()), a[1].as_int(), is_called));
  return Ok(out, Value::Int(v));
}

Status SerialSequence(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(SessionServices * s, Services(ctx));
  PLINTH_ASSIGN_OR_RETURN(std::string name, s->SerialSequence(a[0].as_bytes(), a[1].as_bytes()));
  return Ok(out, name.empty() ? Value::Null() : Value::Bytes(name));
}

Status TextToRegclass(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(SessionServices * s, Services(ctx));
  PLINTH_ASSIGN_OR_RETURN(Oid oid, s->ResolveRelation(a[0].as_bytes()));
  return Ok(out, Value::Int(oid));
}

FunctionDef Volatile(std::string name, std::vector<Oid> args, Oid result, ScalarImpl impl) {
  FunctionDef d;
  d.name = std::move(name);
  d.args = std::move(args);
  d.result = result;
  d.volatile_ = true;
  d.impl = impl;
  return d;
}

}  // namespace

void RegisterSequences(Registry& r) {
  r.Add(Volatile("nextval", {kRegclass}, kInt8, NextVal));
  r.Add(Volatile("currval", {kRegclass}, kInt8, CurrVal));
  r.Add(Volatile("lastval", {}, kInt8, LastVal));
  r.Add(Volatile("setval", {kRegclass, kInt8}, kInt8, SetVal));
  r.Add(Volatile("setval", {kRegclass, kInt8, kBool}, kInt8, SetVal));
  r.Add(Volatile("pg_get_serial_sequence", {kText, kText}, kText, SerialSequence));
  // regclass(text): how the binder turns a computed name into a relation (stable in PG;
  // volatile here so it is never folded before the session is there).
  r.Add(Volatile("regclass", {kText}, kRegclass, TextToRegclass));
}

}  // namespace plinth::functions
