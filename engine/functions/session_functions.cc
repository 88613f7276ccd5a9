// Functions about the session and the server: pg_sleep (cancellable), current_user,
// session_user, current_database(), current_schema[s], version(), pg_backend_pid().
#include <chrono>
#include <thread>

#include "engine/functions/registry.h"
#include "engine/functions/session_services.h"
#include "engine/types/types.h"

namespace plinth::functions {

namespace {

Status Cancelled() { return Status::Error("57014", "canceling statement due to user request"); }

Status PgSleep(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  using namespace std::chrono;
  double seconds = a[0].as_float();
  auto until = steady_clock::now() + duration_cast<steady_clock::duration>(duration<double>(seconds > 0 ? seconds : 0));
  // Sleep in short slices so CancelRequest and statement_timeout take effect promptly.
  while (steady_clock::now() < until) {
    if (ctx.cancel && ctx.cancel->load(std::memory_order_relaxed)) return Cancelled();
    auto left = until - steady_clock::now();
    std::this_thread::sleep_for(std::min<steady_clock::duration>(left, milliseconds(10)));
  }
  *out = Value::Bytes(std::string());  // void prints as an empty string
  return Status::OK();
}

Status CurrentUser(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  return Ok(out, Value::Bytes(ctx.user ? *ctx.user : std::string("postgres")));
}
Status CurrentDatabase(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  return Ok(out, Value::Bytes(ctx.database ? *ctx.database : std::string("postgres")));
}
std::vector<std::string> SearchPathSchemas(FunctionCallContext& ctx) {
  return ctx.services ? ctx.services->SearchPathSchemas() : std::vector<std::string>{"public"};
}
// NULL when no schema of search_path exists, as in PostgreSQL.
Status CurrentSchema(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  std::vector<std::string> schemas = SearchPathSchemas(ctx);
  return Ok(out, schemas.empty() ? Value::Null() : Value::Bytes(schemas.front()));
}
// current_schemas(include_implicit): pg_catalog is searched first implicitly.
Status CurrentSchemas(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  ArrayData array;
  if (a[0].as_bool()) array.elements.push_back(Value::Bytes(std::string("pg_catalog")));
  for (std::string& s : SearchPathSchemas(ctx)) array.elements.push_back(Value::Bytes(std::move(s)));
  return Ok(out, MakeArrayValue(array));
}
Status Version(FunctionCallContext&, const Value*, size_t, Value* out) {
  return Ok(out, Value::Bytes(std::string(
                     "PostgreSQL 15.0 (Plinth 0.1.0) on x86_64-pc-linux-gnu, compiled by gcc, 64-bit")));
}
Status BackendPid(FunctionCallContext& ctx, const Value*, size_t, Value* out) {
  return Ok(out, Value::Int(ctx.backend_pid));
}

}  // namespace

void RegisterSession(Registry& r) {
  FunctionDef sleep{"pg_sleep", {oids::kFloat8}, oids::kVoid, true, true, false, PgSleep};
  r.Add(sleep);
  r.Add({"current_user", {}, oids::kName, true, false, false, CurrentUser});
  r.Add({"session_user", {}, oids::kName, true, false, false, CurrentUser});
  r.Add({"current_database", {}, oids::kName, true, false, false, CurrentDatabase});
  r.Add({"current_schema", {}, oids::kName, true, false, false, CurrentSchema});
  r.Add({"current_schemas", {oids::kBool}, oids::kNameArray, true, false, false, CurrentSchemas});
  r.Add({"version", {}, oids::kText, true, false, false, Version});
  r.Add({"pg_backend_pid", {}, oids::kInt4, true, false, false, BackendPid});
}

}  // namespace plinth::functions
