#include "engine/executor/json_to_record.h"

#include <string>

#include "engine/functions/json_value.h"

namespace plinth {
namespace {

using functions::JsonValue;

bool IsJsonb(std::string_view function) { return function.substr(0, 5) == "jsonb"; }

const char* KindName(const JsonValue& v) {
  return v.kind == JsonValue::Kind::Array ? "an array"
         : v.kind == JsonValue::Kind::Object ? "an object" : "a scalar";
}

std::string JsonTextOf(const JsonValue& v, bool jsonb) {
  if (!jsonb) return functions::JsonText(v);
  JsonValue copy = v;
  functions::NormalizeJsonb(&copy);
  return functions::JsonbText(copy);
}

// The array literal text ({1,"a\"b",NULL,{2,3}}) of a JSON array, for the array type's
// input function; sub-arrays must all be arrays of one length, as PostgreSQL requires.
Status AppendArrayLiteral(const JsonValue& array, std::string_view key, std::string* out) {
  out->push_back('{');
  bool nested = !array.elements.empty() && array.elements[0].kind == JsonValue::Kind::Array;
  size_t width = nested ? array.elements[0].elements.size() : 0;
  for (size_t i = 0; i < array.elements.size(); i++) {
    const JsonValue& e = array.elements[i];
    if (i) out->push_back(',');
    const bool is_array = e.kind == JsonValue::Kind::Array;
    if (is_array != nested || (nested && e.elements.size() != width)) {
      return Status::Error("22P02", "malformed JSON array")
          .with_detail("Multidimensional arrays must have sub-arrays with matching dimensions.");
    }
    switch (e.kind) {
      case JsonValue::Kind::Null: out->append("NULL"); break;
      case JsonValue::Kind::Array: PLINTH_RETURN_IF_ERROR(AppendArrayLiteral(e, key, out)); break;
      case JsonValue::Kind::Number:
      case JsonValue::Kind::Bool: out->append(e.scalar); break;
      default: {
        const std::string text = e.kind == JsonValue::Kind::String ? e.scalar : functions::JsonText(e);
        out->push_back('"');
        for (char c : text) {
          if (c == '"' || c == '\\') out->push_back('\\');
          out->push_back(c);
        }
        out->push_back('"');
      }
    }
  }
  out->push_back('}');
  return Status::OK();
}

Result<Value> ColumnValue(const JsonValue* v, std::string_view key, Oid type, int32_t typmod,
                          bool jsonb, const IoContext& io) {
  if (v == nullptr || v->kind == JsonValue::Kind::Null) return Value();
  if (type == oids::kJson || type == oids::kJsonb) {
    return InputText(type, typmod, JsonTextOf(*v, jsonb), io);
  }
  if (IsArrayType(type)) {
    if (v->kind != JsonValue::Kind::Array) {
      return Status::Error("22P02", "expected JSON array")
          .with_hint("See the value of key \"" + std::string(key) + "\".");
    }
    std::string literal;
    PLINTH_RETURN_IF_ERROR(AppendArrayLiteral(*v, key, &literal));
    return InputText(type, typmod, literal, io);
  }
  if (v->is_container()) return InputText(type, typmod, JsonTextOf(*v, jsonb), io);
  return InputText(type, typmod, v->scalar, io);  // string contents, number or bool text
}

Status RowFromObject(const JsonValue& object, bool jsonb, const std::vector<std::string>& names,
                     const std::vector<Oid>& types, const std::vector<int32_t>& typmods,
                     const IoContext& io, std::vector<std::vector<Value>>* rows) {
  std::vector<Value> row;
  row.reserve(names.size());
  for (size_t i = 0; i < names.size(); i++) {
    // The last of duplicate keys wins, as in PostgreSQL (it hashes the keys).
    const JsonValue* member = nullptr;
    for (const auto& [k, v] : object.members) {
      if (k == names[i]) member = &v;
    }
    PLINTH_ASSIGN_OR_RETURN(Value value, ColumnValue(member, names[i], types[i], typmods[i], jsonb, io));
    row.push_back(std::move(value));
  }
  rows->push_back(std::move(row));
  return Status::OK();
}

}  // namespace

bool IsJsonToRecordFunction(std::string_view name) {
  return name == "json_to_record" || name == "jsonb_to_record" || name == "json_to_recordset" ||
         name == "jsonb_to_recordset";
}

Status JsonToRecordRows(std::string_view function, const Value& json,
                        const std::vector<std::string>& names, const std::vector<Oid>& types,
                        const std::vector<int32_t>& typmods, const IoContext& io,
                        std::vector<std::vector<Value>>* rows) {
  const bool set = function.size() > 3 && function.substr(function.size() - 3) == "set";
  if (json.is_null()) {
    if (!set) rows->push_back(std::vector<Value>(names.size()));
    return Status::OK();
  }
  const bool jsonb = IsJsonb(function);
  PLINTH_ASSIGN_OR_RETURN(JsonValue parsed, functions::ParseJson(json.as_bytes()));
  if (!set) {
    if (parsed.kind != JsonValue::Kind::Object) {
      return Status::Error("22023", std::string("cannot call populate_composite on ") + KindName(parsed));
    }
    return RowFromObject(parsed, jsonb, names, types, typmods, io, rows);
  }
  if (parsed.kind != JsonValue::Kind::Array) {
    return Status::Error("22023", "cannot call " + std::string(function) + " on " +
                                      (jsonb ? std::string("a non-array") : KindName(parsed)));
  }
  for (const JsonValue& element : parsed.elements) {
    if (element.kind != JsonValue::Kind::Object) {
      return Status::Error("22023", "argument of " + std::string(function) + " must be an array of objects");
    }
    PLINTH_RETURN_IF_ERROR(RowFromObject(element, jsonb, names, types, typmods, io, rows));
  }
  return Status::OK();
}

}  // namespace plinth
