// A subset of SQL/JSON path language (PostgreSQL's jsonpath) for @?, @@ and the
// jsonb_path_* functions: lax/strict mode, $ and $variables, @ in filters, member
// (.key, ."key", .*), element ([n], [a to b], [last], [*]) and recursive (.**)
// accessors, filters ? (...), comparisons, && || !, exists(...), starts with,
// is unknown, arithmetic (+ - * / % and unary + -) and the item methods size(),
// type(), double(), abs(), floor(), ceiling(). like_regex and the datetime methods are
// not supported (a 0A000 error says so). The path text is parsed per call: there is no
// jsonpath SQL type yet, paths arrive as text.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"
#include "engine/functions/json_value.h"

namespace plinth::functions::jsonpath {

enum class NodeKind {
  Root, Current, Last, Variable, Literal,                  // $  @  last  $name  1 "x" true null
  Member, AnyMember, AnyElement, Elements, RecursiveAny,   // .k  .*  [*]  [i, j to k]  .**
  Filter, Method,                                          // ? (pred)  .size()
  Arithmetic, Unary,                                       // a + b   -a
  Compare, And, Or, Not, Exists, StartsWith, IsUnknown,    // predicates
};

struct Node {
  NodeKind kind = NodeKind::Root;
  std::string text;         // Member key, Variable name, Method name, operator
  JsonValue literal;        // Literal
  std::unique_ptr<Node> base;                 // accessors: what they apply to
  std::vector<std::unique_ptr<Node>> args;    // operands; Elements: (from, to-or-null) pairs
};

struct Path {
  bool strict = false;
  std::unique_ptr<Node> root;
};

// 42601 "syntax error ... of jsonpath input" on malformed text.
Result<Path> Parse(std::string_view text);

// The items the path selects from `target`; `vars` (an object) names the $variables;
// without one (null, as the operators call it) every variable is JSON null. Predicates at the top give one boolean item (null for unknown).
// A missing $variable is 42704, an error the silent flag does not hide.
Result<std::vector<JsonValue>> Evaluate(const Path& path, const JsonValue& target, const JsonValue* vars);

}  // namespace plinth::functions::jsonpath
