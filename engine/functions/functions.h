// The built-in scalar function and operator registry. The binder looks candidates up
// by name, picks an overload with PostgreSQL's resolution rules (CanCast(...,
// Implicit), TypeInfo::category/preferred), casts the arguments to the chosen
// FunctionDef::args and calls impl. Implementations never throw; errors are Status
// values with PostgreSQL's SQLSTATEs and texts.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/types/types.h"

struct plinth_catalog_reader;  // plinth/catalog.h

namespace plinth {

class SessionServices;  // functions/session_services.h

struct FunctionCallContext {
  const IoContext& io;
  // Types of the actual arguments after resolution, one per argument (nullptr if the
  // caller has none). Needed by polymorphic and variadic "any" functions (concat,
  // format, array comparisons): a Value alone does not carry its type.
  const Oid* arg_types = nullptr;
  // now()/current_timestamp is the transaction start, statement_timestamp() the
  // statement start (µs since 2000-01-01 UTC); 0 means "use the wall clock".
  int64_t transaction_timestamp = 0;
  int64_t statement_timestamp = 0;
  std::mt19937_64* rng = nullptr;  // per-session random() state; nullptr: a thread-local one
  // Session facts for current_user, current_database(), pg_backend_pid(); and the
  // statement's cancel flag, which long-running functions (pg_sleep) must watch.
  const std::string* user = nullptr;
  const std::string* database = nullptr;
  int32_t backend_pid = 0;
  const std::atomic<bool>* cancel = nullptr;
  SessionServices* services = nullptr;  // sequences, relation names; nullptr outside a session
  // The definition being called (its `data` identifies a catalog plugin's function) and
  // the session's view of the host catalog those functions read; both may be null.
  const struct FunctionDef* function = nullptr;
  const plinth_catalog_reader* catalog_reader = nullptr;
};

using ScalarImpl = Status (*)(FunctionCallContext&, const Value* args, size_t nargs, Value* out);

struct FunctionDef {
  std::string name;       // lower-case SQL name ("lower", "abs") or operator ("+", "||", "~~")
  std::vector<Oid> args;  // exact parameter types (kAnyElement/kAnyArray for polymorphic)
  Oid result;             // or kAnyElement / kAnyArray for "same as the polymorphic argument"
  bool strict = true;     // NULL in -> NULL out without calling impl
  bool volatile_ = false; // random(), clock_timestamp() differ per call
  bool variadic = false;  // concat, concat_ws: extra args of type kAny after `args`
  ScalarImpl impl = nullptr;
  const void* data = nullptr;  // impl's own payload (catalog plugin functions), else null
  // unnest, generate_series...: rows, not a value. In a select list the binder moves the
  // call into a ProjectSet node (executor/project_set.cc); impl only reports misuse.
  bool returns_set = false;
  // Set-returning functions other than the executor's own unnest/generate_series give
  // all their rows at once through set_impl; each row holds one value per set_columns
  // entry (jsonb_each: key, value), or just one of type `result` when that is empty.
  using SetImpl = Status (*)(FunctionCallContext&, const Value* args, size_t nargs,
                             std::vector<std::vector<Value>>* rows);
  SetImpl set_impl = nullptr;
  std::vector<std::pair<std::string, Oid>> set_columns = {};
};

// Candidates in registration order; empty if none.
const std::vector<const FunctionDef*>& FunctionCandidates(std::string_view name);
// Operators by symbol and arity (1: prefix, 2: infix).
const std::vector<const FunctionDef*>& OperatorCandidates(std::string_view op, int nargs);
// Every registered function and operator (for pg_proc / pg_operator).
const std::vector<const FunctionDef*>& AllFunctions();
bool IsOperatorName(std::string_view name);

// Functions whose parameters have names and defaults (make_interval(days => 10)): the
// names in order and each default as SQL literal text ("" = none; the argument is then
// required). nullptr for every other function.
struct NamedParameterList {
  std::vector<std::string> names;
  std::vector<std::string> defaults;
};
const NamedParameterList* NamedParameters(std::string_view function);

// Calls def with PostgreSQL's strictness rule applied.
Status CallFunction(const FunctionDef& def, FunctionCallContext& ctx, const Value* args,
                    size_t nargs, Value* out);

}  // namespace plinth
