// json_build_object(VARIADIC "any"): a json object from alternating keys and values,
// spelled as PostgreSQL spells it ({"a" : 1, "b" : "x"}). SQLAlchemy's column
// reflection builds its identity options with it.

#include "engine/functions/json_value.h"
#include "engine/functions/registry.h"

namespace plinth::functions {

namespace {

// A value as json: numbers and booleans bare, json as it is, everything else a string.
void AppendJsonValue(Oid type, const Value& v, const IoContext& io, std::string* out) {
  if (v.is_null()) {
    out->append("null");
    return;
  }
  switch (type) {
    case oids::kBool: out->append(v.as_bool() ? "true" : "false"); return;
    case oids::kInt2: case oids::kInt4: case oids::kInt8: case oids::kOid:
    case oids::kFloat4: case oids::kFloat8: case oids::kNumeric: {
      std::string text = OutputText(type, v, io);
      // NaN and infinities are not json numbers.
      if (text == "NaN" || text == "Infinity" || text == "-Infinity") AppendJsonString(text, out);
      else out->append(text);
      return;
    }
    case oids::kJson: case oids::kJsonb: out->append(OutputText(type, v, io)); return;
    case oids::kDate: case oids::kTimestamp: case oids::kTimestamptz:
      AppendJsonString(JsonDatetimeText(type, v, io), out);
      return;
    default:
      if (IsArrayType(type)) {  // [1,2], as array_to_json prints it
        out->append(JsonText(DatumToJson(type, v, io)));
        return;
      }
      AppendJsonString(OutputText(type, v, io), out);
  }
}

Status JsonBuildObject(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  if (n % 2 != 0)
    return Status::Error("22023", "argument list must have even number of elements")
        .with_hint("The arguments of json_build_object() must consist of alternating keys and values.");
  std::string json = "{";
  for (size_t i = 0; i < n; i += 2) {
    if (a[i].is_null()) return Status::Error("22004", "null value not allowed for object key");
    Oid key_type = ctx.arg_types ? ctx.arg_types[i] : oids::kText;
    Oid value_type = ctx.arg_types ? ctx.arg_types[i + 1] : oids::kText;
    if (i) json += ", ";
    AppendJsonString(OutputText(key_type, a[i], ctx.io), &json);
    json += " : ";
    AppendJsonValue(value_type, a[i + 1], ctx.io, &json);
  }
  json += "}";
  return Ok(out, Value::Bytes(std::move(json)));
}

}  // namespace

void RegisterJsonBuild(Registry& r) {
  r.Add({"json_build_object", {}, oids::kJson, false, false, true, &JsonBuildObject});
  r.Add({"json_build_object", {}, oids::kJson, false, false, false, &JsonBuildObject});  // no arguments: {}
}

}  // namespace plinth::functions
