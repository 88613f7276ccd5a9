// A JSON parser that accepts, rejects and reports exactly as PostgreSQL 15's
// (src/common/jsonapi.c): the same tokens, the same error details ("Token "a" is
// invalid.", "Expected JSON value, but found "]".") and the same "JSON data, line N: ..."
// context, so json/jsonb input errors read as they do in PostgreSQL.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/status.h"

namespace plinth::json {

struct Node {
  enum class Kind { Null, String, Number, Bool, Array, Object };  // jsonb's type order
  Kind kind = Kind::Null;
  std::string scalar;  // number text as written, string contents, "true"/"false"
  std::vector<std::pair<std::string, Node>> members;  // objects, in input order
  std::vector<Node> elements;                           // arrays
};

// `unescape` selects jsonb semantics: strings are de-escaped (so \u0000 and unpaired
// surrogates are errors); json only validates escapes, as PostgreSQL's json type does.
Result<Node> Parse(std::string_view text, bool unescape);

// jsonb's btree order (compareJsonbContainers): by type Null < String < Number < Bool <
// Array < Object, containers first by size, a top-level scalar below an equally long
// array. Objects must have their members in jsonb order (canonical text guarantees it).
int CompareJsonb(const Node& a, const Node& b);

// Appends s as a JSON string literal, quoted and escaped as PostgreSQL's escape_json().
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace plinth::json
