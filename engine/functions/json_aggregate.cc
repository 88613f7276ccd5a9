#include "engine/functions/json_aggregate.h"

#include "engine/functions/json_value.h"

namespace plinth::functions {

namespace {

// A value inside json aggregate text: jsonb keeps its own (spaced) text, as PostgreSQL
// appends jsonb's output function result; everything else is to_json's compact text.
void AppendJson(Oid type, const Value& v, const IoContext& io, std::string* out) {
  if (!v.is_null() && type == oids::kJsonb) {
    out->append(v.as_bytes());
    return;
  }
  out->append(JsonText(DatumToJson(type, v, io)));
}

}  // namespace

Result<Value> JsonArrayAggregate(bool jsonb, Oid type, const std::vector<Value>& values, const IoContext& io) {
  if (jsonb) {
    JsonValue array = JsonValue::Array();
    for (const Value& v : values) array.elements.push_back(DatumToJson(type, v, io));
    NormalizeJsonb(&array);
    return Value::Bytes(JsonbText(array));
  }
  // PostgreSQL's json_agg_transfn puts a line break before every structured element
  // but the first.
  bool structured = IsArrayType(type) || type == oids::kRecord;
  std::string text = "[";
  for (size_t i = 0; i < values.size(); i++) {
    if (i > 0) text += ", ";
    if (i > 0 && structured && !values[i].is_null()) text += "\n ";
    AppendJson(type, values[i], io, &text);
  }
  text += "]";
  return Value::Bytes(std::move(text));
}

Result<Value> JsonObjectAggregate(bool jsonb, Oid key_type, Oid value_type, const std::vector<Value>& keys_and_values,
                                  const IoContext& io) {
  if (jsonb) {
    JsonValue object = JsonValue::Object();
    for (size_t i = 0; i + 1 < keys_and_values.size(); i += 2)
      object.members.emplace_back(OutputText(key_type, keys_and_values[i], io),
                                  DatumToJson(value_type, keys_and_values[i + 1], io));
    NormalizeJsonb(&object);
    return Value::Bytes(JsonbText(object));
  }
  std::string text = "{ ";
  for (size_t i = 0; i + 1 < keys_and_values.size(); i += 2) {
    if (i > 0) text += ", ";
    AppendJsonString(OutputText(key_type, keys_and_values[i], io), &text);
    text += " : ";
    AppendJson(value_type, keys_and_values[i + 1], io, &text);
  }
  text += " }";
  return Value::Bytes(std::move(text));
}

}  // namespace plinth::functions
