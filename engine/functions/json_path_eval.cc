// The jsonpath evaluator (json_path.h), after PostgreSQL's jsonpath_exec.c semantics:
// a path yields a sequence of items; in lax mode accessors and comparisons unwrap one
// level of arrays and structural errors yield nothing, in strict mode they are errors;
// predicates are three-valued and any error inside one makes it unknown.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/functions/json_path.h"
#include "engine/types/numeric.h"

namespace plinth::functions::jsonpath {

namespace {

using Kind = JsonValue::Kind;
using Items = std::vector<JsonValue>;
enum class Truth { False, True, Unknown };

const char* const kMissingVariable = "42704";

// Errors about the shape of the data (a missing key, an item of the wrong kind for an
// accessor, a subscript outside the array), which lax mode and .** do not raise.
bool IsStructural(const Status& st) {
  const std::string& s = st.sqlstate();
  return s == "2203A" || s == "2203C" || s == "22039" || s == "22033";
}

// Whether an accessor chain passes through .**.
bool AfterRecursive(const Node& n) {
  switch (n.kind) {
    case NodeKind::RecursiveAny: return true;
    case NodeKind::Member: case NodeKind::AnyMember: case NodeKind::AnyElement: case NodeKind::Elements:
    case NodeKind::Filter: case NodeKind::Method:
      return AfterRecursive(*n.base);
    default: return false;
  }
}

Truth FromBool(bool b) { return b ? Truth::True : Truth::False; }

Status NotSingleNumeric(const std::string& side, const std::string& op) {
  return Status::Error("22038", side + " operand of jsonpath operator " + op + " is not a single numeric value");
}

const char* TypeName(const JsonValue& v) {
  switch (v.kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return "boolean";
    case Kind::Number: return "number";
    case Kind::String: return "string";
    case Kind::Array: return "array";
    case Kind::Object: return "object";
    case Kind::Raw: break;
  }
  return "unknown";
}

Result<Numeric> NumberOf(const JsonValue& v) { return Numeric::Parse(v.scalar); }

// -1/0/1 of two items of the same scalar kind; Unknown when they do not compare.
Truth CompareItems(const std::string& op, const JsonValue& a, const JsonValue& b) {
  if (a.kind != b.kind) {
    // Nulls against non-nulls: only "not equal" holds.
    if (a.kind == Kind::Null || b.kind == Kind::Null) return FromBool(op == "!=");
    return Truth::Unknown;
  }
  int c = 0;
  switch (a.kind) {
    case Kind::Null: c = 0; break;
    case Kind::Bool: c = (a.scalar == "true") - (b.scalar == "true"); break;
    case Kind::String: c = a.scalar.compare(b.scalar); break;  // UTF-8 bytes: code point order
    case Kind::Number: {
      auto x = NumberOf(a), y = NumberOf(b);
      if (!x.ok() || !y.ok()) return Truth::Unknown;
      c = Numeric::Compare(*x, *y);
      break;
    }
    default: return Truth::Unknown;  // arrays and objects do not compare
  }
  if (op == "==") return FromBool(c == 0);
  if (op == "!=") return FromBool(c != 0);
  if (op == "<") return FromBool(c < 0);
  if (op == "<=") return FromBool(c <= 0);
  if (op == ">") return FromBool(c > 0);
  return FromBool(c >= 0);
}

class Evaluator {
 public:
  Evaluator(bool strict, const JsonValue& root, const JsonValue* vars) : strict_(strict), root_(root), vars_(vars) {}

  Status Eval(const Node& n, const JsonValue* current, Items* out) {
    switch (n.kind) {
      case NodeKind::Root: out->push_back(root_); return Status::OK();
      case NodeKind::Current:
        if (!current) return Status::Error("42601", "@ is not allowed in root expressions");
        out->push_back(*current);
        return Status::OK();
      case NodeKind::Last:
        if (last_ < -1) return Status::Error("42601", "LAST is allowed only in array subscripts");
        out->push_back(JsonValue::Number(std::to_string(last_)));
        return Status::OK();
      case NodeKind::Variable: {
        if (!vars_) {  // no vars at all (the @? and @@ operators): every variable is null
          out->push_back(JsonValue{});
          return Status::OK();
        }
        const JsonValue* v = vars_->Member(n.text);
        if (!v) return Status::Error(kMissingVariable, "could not find jsonpath variable \"" + n.text + "\"");
        out->push_back(*v);
        return Status::OK();
      }
      case NodeKind::Literal: out->push_back(n.literal); return Status::OK();
      case NodeKind::Arithmetic: return Arithmetic(n, current, out);
      case NodeKind::Unary: return UnaryMinus(n, current, out);
      case NodeKind::Compare: case NodeKind::And: case NodeKind::Or: case NodeKind::Not:
      case NodeKind::Exists: case NodeKind::StartsWith: case NodeKind::IsUnknown: {
        Truth t = Predicate(n, current);
        out->push_back(t == Truth::Unknown ? JsonValue{} : JsonValue::Bool(t == Truth::True));
        return Status::OK();
      }
      default: break;
    }
    // An accessor: applied to each item its base yields. After .** even strict mode
    // skips the items it does not apply to, as PostgreSQL does.
    Items bases;
    PLINTH_RETURN_IF_ERROR(Eval(*n.base, current, &bases));
    bool tolerant = AfterRecursive(*n.base);
    for (const JsonValue& item : bases) {
      Status st = Access(n, item, current, /*unwrap=*/!strict_, out);
      if (!st.ok() && !(tolerant && IsStructural(st))) return st;
    }
    return Status::OK();
  }

  // The first error no predicate may hide (see Failed).
  const Status& hard_error() const { return hard_error_; }

  Truth Predicate(const Node& n, const JsonValue* current) {
    switch (n.kind) {
      case NodeKind::And: {
        Truth l = Predicate(*n.args[0], current);
        if (l == Truth::False) return l;
        Truth r = Predicate(*n.args[1], current);
        return r == Truth::True ? l : r;
      }
      case NodeKind::Or: {
        Truth l = Predicate(*n.args[0], current);
        if (l == Truth::True) return l;
        Truth r = Predicate(*n.args[1], current);
        return r == Truth::False ? l : r;
      }
      case NodeKind::Not: {
        Truth t = Predicate(*n.base, current);
        return t == Truth::Unknown ? t : FromBool(t == Truth::False);
      }
      case NodeKind::IsUnknown: return FromBool(Predicate(*n.base, current) == Truth::Unknown);
      case NodeKind::Exists: {
        Items items;
        if (Failed(Eval(*n.base, current, &items))) return Truth::Unknown;
        return FromBool(!items.empty());
      }
      case NodeKind::Compare:
      case NodeKind::StartsWith: return Comparison(n, current);
      default: {
        // A plain value where a predicate belongs: a single boolean item decides.
        Items items;
        if (Failed(Eval(n, current, &items)) || items.size() != 1 || items[0].kind != Kind::Bool) return Truth::Unknown;
        return FromBool(items[0].scalar == "true");
      }
    }
  }

 private:
  // Lax mode's automatic unwrapping of one level of arrays in operand sequences.
  Status Operand(const Node& n, const JsonValue* current, Items* out) {
    Items items;
    PLINTH_RETURN_IF_ERROR(Eval(n, current, &items));
    for (JsonValue& v : items) {
      if (!strict_ && v.kind == Kind::Array) {
        for (JsonValue& e : v.elements) out->push_back(std::move(e));
      } else {
        out->push_back(std::move(v));
      }
    }
    return Status::OK();
  }

  Truth Comparison(const Node& n, const JsonValue* current) {
    Items left, right;
    if (Failed(Operand(*n.args[0], current, &left)) || Failed(Operand(*n.args[1], current, &right))) return Truth::Unknown;
    bool starts_with = n.kind == NodeKind::StartsWith;
    if (starts_with && (right.size() != 1 || right[0].kind != Kind::String)) return Truth::Unknown;
    bool found = false, error = false;
    for (const JsonValue& l : left) {
      for (const JsonValue& r : right) {
        Truth t;
        if (starts_with) {
          t = l.kind != Kind::String ? Truth::Unknown : FromBool(l.scalar.compare(0, r.scalar.size(), r.scalar) == 0);
        } else {
          t = CompareItems(n.text, l, r);
        }
        if (t == Truth::Unknown) {
          if (strict_) return t;
          error = true;
        } else if (t == Truth::True) {
          if (!strict_) return t;
          found = true;
        }
      }
    }
    if (found && !error) return Truth::True;
    return error ? Truth::Unknown : Truth::False;
  }

  Status Arithmetic(const Node& n, const JsonValue* current, Items* out) {
    Items left, right;
    PLINTH_RETURN_IF_ERROR(Operand(*n.args[0], current, &left));
    PLINTH_RETURN_IF_ERROR(Operand(*n.args[1], current, &right));
    if (left.size() != 1 || left[0].kind != Kind::Number) return NotSingleNumeric("left", n.text);
    if (right.size() != 1 || right[0].kind != Kind::Number) return NotSingleNumeric("right", n.text);
    PLINTH_ASSIGN_OR_RETURN(Numeric x, NumberOf(left[0]));
    PLINTH_ASSIGN_OR_RETURN(Numeric y, NumberOf(right[0]));
    Numeric r;
    switch (n.text[0]) {
      case '+': r = Numeric::Add(x, y); break;
      case '-': r = Numeric::Sub(x, y); break;
      case '*': r = Numeric::Mul(x, y); break;
      case '/': { PLINTH_ASSIGN_OR_RETURN(r, Numeric::Div(x, y)); break; }
      default: { PLINTH_ASSIGN_OR_RETURN(r, Numeric::Mod(x, y)); break; }
    }
    out->push_back(JsonValue::Number(r.ToString()));
    return Status::OK();
  }

  Status UnaryMinus(const Node& n, const JsonValue* current, Items* out) {
    Items items;
    PLINTH_RETURN_IF_ERROR(Operand(*n.base, current, &items));
    for (JsonValue& v : items) {
      if (v.kind != Kind::Number)
        return Status::Error("2203B", "operand of unary jsonpath operator " + n.text + " is not a numeric value");
      if (n.text == "-") {
        PLINTH_ASSIGN_OR_RETURN(Numeric x, NumberOf(v));
        v = JsonValue::Number(x.Negated().ToString());
      }
      out->push_back(std::move(v));
    }
    return Status::OK();
  }

  // Applies accessor `n` to one item; `unwrap`: lax mode may apply it to the elements of
  // an array item instead (one level).
  Status Access(const Node& n, const JsonValue& item, const JsonValue* current, bool unwrap, Items* out) {
    bool unwraps = n.kind == NodeKind::Member || n.kind == NodeKind::AnyMember || n.kind == NodeKind::Filter ||
                   (n.kind == NodeKind::Method && n.text != "size" && n.text != "type");
    if (unwraps && unwrap && item.kind == Kind::Array) {
      for (const JsonValue& e : item.elements) PLINTH_RETURN_IF_ERROR(Access(n, e, current, false, out));
      return Status::OK();
    }
    switch (n.kind) {
      case NodeKind::Member: {
        if (item.kind != Kind::Object) {
          if (!strict_) return Status::OK();
          return Status::Error("2203A", "jsonpath member accessor can only be applied to an object");
        }
        const JsonValue* v = item.Member(n.text);
        if (v) out->push_back(*v);
        else if (strict_) return Status::Error("2203A", "JSON object does not contain key \"" + n.text + "\"");
        return Status::OK();
      }
      case NodeKind::AnyMember:
        if (item.kind != Kind::Object) {
          if (!strict_) return Status::OK();
          return Status::Error("2203C", "jsonpath wildcard member accessor can only be applied to an object");
        }
        for (const auto& m : item.members) out->push_back(m.second);
        return Status::OK();
      case NodeKind::AnyElement:
        if (item.kind == Kind::Array) {
          out->insert(out->end(), item.elements.begin(), item.elements.end());
        } else if (strict_) {
          return Status::Error("22039", "jsonpath wildcard array accessor can only be applied to an array");
        } else {
          out->push_back(item);
        }
        return Status::OK();
      case NodeKind::Elements: return Subscripts(n, item, current, out);
      case NodeKind::RecursiveAny: Descendants(item, out); return Status::OK();
      case NodeKind::Filter:
        if (Predicate(*n.args[0], &item) == Truth::True) out->push_back(item);
        return Status::OK();
      case NodeKind::Method: return Method(n.text, item, out);
      default: return Status::Error("XX000", "unexpected jsonpath node");
    }
  }

  Status Subscripts(const Node& n, const JsonValue& item, const JsonValue* current, Items* out) {
    if (item.kind != Kind::Array && strict_)
      return Status::Error("22039", "jsonpath array accessor can only be applied to an array");
    const std::vector<JsonValue> single{item};
    const std::vector<JsonValue>& elements = item.kind == Kind::Array ? item.elements : single;
    int64_t size = static_cast<int64_t>(elements.size());
    int64_t saved_last = last_;
    last_ = size - 1;
    Status st = Status::OK();
    for (size_t i = 0; i + 1 < n.args.size() && st.ok(); i += 2) {
      int64_t from = 0, to = 0;
      st = Index(*n.args[i], current, &from);
      if (st.ok()) to = from;
      if (st.ok() && n.args[i + 1]) st = Index(*n.args[i + 1], current, &to);
      if (!st.ok()) break;
      if (strict_ && (from < 0 || from > to || to >= size)) {
        st = Status::Error("22033", "jsonpath array subscript is out of bounds");
        break;
      }
      from = std::max<int64_t>(from, 0);
      to = std::min<int64_t>(to, size - 1);
      for (int64_t k = from; k <= to; k++) out->push_back(elements[static_cast<size_t>(k)]);
    }
    last_ = saved_last;
    return st;
  }

  Status Index(const Node& n, const JsonValue* current, int64_t* index) {
    Items items;
    PLINTH_RETURN_IF_ERROR(Eval(n, current, &items));
    if (items.size() != 1 || items[0].kind != Kind::Number)
      return Status::Error("22033", "jsonpath array subscript is not a single numeric value");
    PLINTH_ASSIGN_OR_RETURN(Numeric x, NumberOf(items[0]));
    // Truncated towards zero, as PostgreSQL does.
    Numeric truncated = x.sign() >= 0 ? x.Floor() : x.Ceil();
    *index = std::strtoll(truncated.ToString().c_str(), nullptr, 10);
    return Status::OK();
  }

  void Descendants(const JsonValue& item, Items* out) {
    out->push_back(item);
    if (item.kind == Kind::Array)
      for (const JsonValue& e : item.elements) Descendants(e, out);
    if (item.kind == Kind::Object)
      for (const auto& m : item.members) Descendants(m.second, out);
  }

  Status Method(const std::string& name, const JsonValue& item, Items* out) {
    if (name == "type") {
      out->push_back(JsonValue::String(TypeName(item)));
      return Status::OK();
    }
    if (name == "size") {
      if (item.kind == Kind::Array) {
        out->push_back(JsonValue::Number(std::to_string(item.elements.size())));
      } else if (strict_) {
        return Status::Error("22039", "jsonpath item method .size() can only be applied to an array");
      } else {
        out->push_back(JsonValue::Number("1"));
      }
      return Status::OK();
    }
    if (name == "double") {
      if (item.kind != Kind::Number && item.kind != Kind::String)
        return Status::Error("22036", "jsonpath item method .double() can only be applied to a string or numeric value");
      char* end = nullptr;
      double d = std::strtod(item.scalar.c_str(), &end);
      if (item.scalar.empty() || *end != '\0' || !std::isfinite(d))
        return Status::Error("22036", "numeric argument of jsonpath item method .double() is out of range for type double precision");
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.15g", d);
      out->push_back(JsonValue::Number(buf));
      return Status::OK();
    }
    if (name == "abs" || name == "floor" || name == "ceiling") {
      if (item.kind != Kind::Number)
        return Status::Error("22036", "jsonpath item method ." + name + "() can only be applied to a numeric value");
      PLINTH_ASSIGN_OR_RETURN(Numeric x, NumberOf(item));
      Numeric r = name == "abs" ? x.Abs() : name == "floor" ? x.Floor() : x.Ceil();
      out->push_back(JsonValue::Number(r.ToString()));
      return Status::OK();
    }
    return Status::Error("0A000", "jsonpath item method ." + name + "() is not supported yet");
  }

  // Whether `st` failed. A predicate turns errors into unknown, except a missing
  // variable, which PostgreSQL raises even in silent mode: that one is kept.
  bool Failed(const Status& st) {
    if (st.ok()) return false;
    if (st.sqlstate() == kMissingVariable && hard_error_.ok()) hard_error_ = st;
    return true;
  }

  Status hard_error_;
  bool strict_;
  const JsonValue& root_;
  const JsonValue* vars_;
  int64_t last_ = -2;  // the innermost subscripted array's last index; -2: none
};

}  // namespace

Result<std::vector<JsonValue>> Evaluate(const Path& path, const JsonValue& target, const JsonValue* vars) {
  Evaluator e(path.strict, target, vars);
  Items out;
  Status st = e.Eval(*path.root, nullptr, &out);
  if (!e.hard_error().ok()) return e.hard_error();
  PLINTH_RETURN_IF_ERROR(st);
  return out;
}

}  // namespace plinth::functions::jsonpath
