// A parsed json/jsonb value for the JSON functions and operators. jsonb Values hold
// canonical text (engine/types/json_io.cc); functions parse it into a JsonValue, work
// on the tree and print it back, in jsonb's canonical form or json's compact one.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/status.h"
#include "engine/types/json_parser.h"
#include "engine/types/types.h"

namespace plinth::functions {

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object, Raw };
  Kind kind = Kind::Null;
  std::string scalar;  // number text, string contents, "true"/"false"; Raw: json text as given
  std::vector<JsonValue> elements;
  std::vector<std::pair<std::string, JsonValue>> members;

  static JsonValue String(std::string s) { JsonValue v; v.kind = Kind::String; v.scalar = std::move(s); return v; }
  static JsonValue Number(std::string s) { JsonValue v; v.kind = Kind::Number; v.scalar = std::move(s); return v; }
  static JsonValue Bool(bool b) { JsonValue v; v.kind = Kind::Bool; v.scalar = b ? "true" : "false"; return v; }
  static JsonValue Array() { JsonValue v; v.kind = Kind::Array; return v; }
  static JsonValue Object() { JsonValue v; v.kind = Kind::Object; return v; }

  bool is_container() const { return kind == Kind::Array || kind == Kind::Object; }
  const JsonValue* Member(std::string_view key) const;  // objects only; null if absent
};

// Parses json text; objects keep members as written (duplicates too).
Result<JsonValue> ParseJson(std::string_view text);
// jsonb's object rules, recursively: the last duplicate key wins, keys ordered by length
// then bytes.
void NormalizeJsonb(JsonValue* v);
// jsonb's canonical text ({"a": 1, "b": [1, 2]}).
std::string JsonbText(const JsonValue& v);
// json's compact text, as PostgreSQL's datum_to_json prints ({"a":1,"b":[1,2]}).
std::string JsonText(const JsonValue& v);
using json::AppendJsonString;  // "quoted", escaped as escape_json() (engine/types)

// PostgreSQL's to_json/to_jsonb of a value of SQL type `type`: numbers and booleans as
// such, arrays as arrays, json as parsed, everything else as its text in a string.
JsonValue DatumToJson(Oid type, const Value& v, const IoContext& io);
// The same for a value nested in a record or array, where jsonb keeps its own text.
JsonValue NestedDatumToJson(Oid type, const Value& v, const IoContext& io);

// A date, timestamp or timestamptz as json writes it (ISO 8601, whatever the DateStyle):
// "2020-01-02", "2020-01-02T10:00:00", "2020-01-02T10:00:00+05:30".
std::string JsonDatetimeText(Oid type, const Value& v, const IoContext& io);

// Structural equality and jsonb containment (@>).
bool JsonEquals(const JsonValue& a, const JsonValue& b);
bool JsonContains(const JsonValue& container, const JsonValue& contained);

}  // namespace plinth::functions
