// The SQL face of jsonpath (json_path.h): the operators @? and @@ and the functions
// jsonb_path_exists, jsonb_path_match, jsonb_path_query (set-returning),
// jsonb_path_query_array and jsonb_path_query_first, each with the optional `vars`
// object and `silent` flag. The path is a text argument (there is no jsonpath type).
#include <optional>

#include "engine/functions/json_path.h"
#include "engine/functions/registry.h"

namespace plinth::functions {

namespace {

using oids::kBool;
using oids::kJsonb;
using oids::kText;

// The items of path a[1] over target a[0], with vars a[2] and silent a[3] when given.
// nullopt: an evaluation error that `silent` (or the operators, always silent) hides;
// the existence tests then answer NULL, the queries nothing.
Result<std::optional<std::vector<JsonValue>>> Run(const Value* a, size_t n, bool silent_operator) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue target, ParseJson(a[0].as_bytes()));
  PLINTH_ASSIGN_OR_RETURN(jsonpath::Path path, jsonpath::Parse(a[1].as_bytes()));
  std::optional<JsonValue> vars;
  if (!silent_operator) vars = JsonValue::Object();  // the functions' default vars: '{}'
  if (n > 2) {
    PLINTH_ASSIGN_OR_RETURN(vars, ParseJson(a[2].as_bytes()));
    if (vars->kind != JsonValue::Kind::Object)
      return Status::Error("22023", "\"vars\" argument is not an object")
          .with_detail("Jsonpath parameters should be encoded as key-value pairs of \"vars\" object.");
  }
  bool silent = silent_operator || (n > 3 && a[3].as_bool());
  auto items = jsonpath::Evaluate(path, target, vars ? &*vars : nullptr);
  if (!items.ok()) {
    if (silent && items.status().sqlstate() != "42704") return std::optional<std::vector<JsonValue>>();
    return items.status();
  }
  return std::optional<std::vector<JsonValue>>(items.take());
}

template <bool kOperator>
Status PathExists(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(auto items, Run(a, n, kOperator));
  if (!items) return Ok(out, Value());
  return Ok(out, Value::Bool(!items->empty()));
}

// @@ / jsonb_path_match: the path must give one boolean (or null).
template <bool kOperator>
Status PathMatch(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(auto items, Run(a, n, kOperator));
  if (!items) return Ok(out, Value());
  if (items->size() == 1 && (*items)[0].kind == JsonValue::Kind::Bool) return Ok(out, Value::Bool((*items)[0].scalar == "true"));
  if (items->size() == 1 && (*items)[0].kind == JsonValue::Kind::Null) return Ok(out, Value());
  bool silent = kOperator || (n > 3 && a[3].as_bool());
  if (silent) return Ok(out, Value());
  return Status::Error("22038", "single boolean result is expected");
}

Status PathQueryArray(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(auto items, Run(a, n, false));
  JsonValue array = JsonValue::Array();
  if (items) array.elements = std::move(*items);
  return Ok(out, Value::Bytes(JsonbText(array)));
}

Status PathQueryFirst(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(auto items, Run(a, n, false));
  if (!items || items->empty()) return Ok(out, Value());
  return Ok(out, Value::Bytes(JsonbText(items->front())));
}

Status PathQuery(FunctionCallContext&, const Value* a, size_t n, std::vector<std::vector<Value>>* rows) {
  PLINTH_ASSIGN_OR_RETURN(auto items, Run(a, n, false));
  if (!items) return Status::OK();
  for (const JsonValue& v : *items) rows->push_back({Value::Bytes(JsonbText(v))});
  return Status::OK();
}

Status SetOnly(FunctionCallContext&, const Value*, size_t, Value*) {
  return Status::Error("0A000", "set-returning functions are not allowed here");
}

// The signatures with and without the optional vars and silent arguments.
std::vector<std::vector<Oid>> Signatures() {
  return {{kJsonb, kText}, {kJsonb, kText, kJsonb}, {kJsonb, kText, kJsonb, kBool}};
}

}  // namespace

void RegisterJsonPath(Registry& r) {
  r.Add({"@?", {kJsonb, kText}, kBool, true, false, false, &PathExists<true>});
  r.Add({"@@", {kJsonb, kText}, kBool, true, false, false, &PathMatch<true>});
  for (const auto& args : Signatures()) {
    r.Add({"jsonb_path_exists", args, kBool, true, false, false, &PathExists<false>});
    r.Add({"jsonb_path_match", args, kBool, true, false, false, &PathMatch<false>});
    r.Add({"jsonb_path_query_array", args, kJsonb, true, false, false, &PathQueryArray});
    r.Add({"jsonb_path_query_first", args, kJsonb, true, false, false, &PathQueryFirst});
    FunctionDef query{"jsonb_path_query", args, kJsonb, true, false, false, &SetOnly};
    query.returns_set = true;
    query.set_impl = &PathQuery;
    r.Add(std::move(query));
  }
}

}  // namespace plinth::functions
