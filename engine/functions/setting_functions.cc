// Run-time settings as functions: current_setting(name [, missing_ok]) and
// set_config(name, value, is_local), the function forms of SHOW and SET. pg_dump's
// output begins with `SELECT pg_catalog.set_config('search_path', '', false);`.
// The settings live in the session, reached through SessionServices.
#include "engine/functions/registry.h"
#include "engine/functions/session_services.h"

namespace plinth::functions {

namespace {

using namespace oids;

Result<SessionServices*> Services(FunctionCallContext& ctx) {
  if (!ctx.services) return Status::Error("0A000", "settings functions need a session");
  return ctx.services;
}

Status CurrentSetting(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(SessionServices * s, Services(ctx));
  bool missing_ok = n >= 2 && a[1].as_bool();
  Result<std::string> value = s->GetSetting(a[0].as_bytes());
  if (!value.ok()) {
    if (missing_ok && value.status().sqlstate() == "42704") return Ok(out, Value::Null());
    return value.status();
  }
  return Ok(out, Value::Bytes(value.take()));
}

// Not strict, as in PostgreSQL: a NULL value resets the setting, a NULL is_local is false.
Status SetConfig(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(SessionServices * s, Services(ctx));
  if (a[0].is_null()) return Status::Error("22023", "SET requires parameter name");
  std::string value = a[1].is_null() ? std::string() : std::string(a[1].as_bytes());
  bool is_local = !a[2].is_null() && a[2].as_bool();
  PLINTH_ASSIGN_OR_RETURN(std::string now, s->SetSetting(a[0].as_bytes(), a[1].is_null() ? nullptr : &value, is_local));
  return Ok(out, Value::Bytes(std::move(now)));
}

FunctionDef Volatile(std::string name, std::vector<Oid> args, Oid result, bool strict, ScalarImpl impl) {
  FunctionDef d;
  d.name = std::move(name);
  d.args = std::move(args);
  d.result = result;
  d.strict = strict;
  d.volatile_ = true;  // they read or change session state: never folded at bind time
  d.impl = impl;
  return d;
}

}  // namespace

void RegisterSettings(Registry& r) {
  r.Add(Volatile("current_setting", {kText}, kText, true, CurrentSetting));
  r.Add(Volatile("current_setting", {kText, kBool}, kText, true, CurrentSetting));
  r.Add(Volatile("set_config", {kText, kText, kBool}, kText, false, SetConfig));
}

}  // namespace plinth::functions
