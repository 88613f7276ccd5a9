// The jsonpath parser (json_path.h): a recursive-descent parser with PostgreSQL's
// precedence — || below && below ! below the predicates (comparisons, starts with,
// is unknown, exists) below + - below * / % below unary signs below accessor chains.
#include <cctype>

#include "engine/functions/json_path.h"

namespace plinth::functions::jsonpath {

namespace {

using NodePtr = std::unique_ptr<Node>;

NodePtr MakeNode(NodeKind kind) {
  auto n = std::make_unique<Node>();
  n->kind = kind;
  return n;
}

NodePtr Literal(JsonValue v) {
  NodePtr n = MakeNode(NodeKind::Literal);
  n->literal = std::move(v);
  return n;
}

NodePtr Wrap(NodeKind kind, NodePtr base, std::string text = {}) {
  NodePtr n = MakeNode(kind);
  n->base = std::move(base);
  n->text = std::move(text);
  return n;
}

NodePtr Binary(NodeKind kind, std::string op, NodePtr l, NodePtr r) {
  NodePtr n = MakeNode(kind);
  n->text = std::move(op);
  n->args.push_back(std::move(l));
  n->args.push_back(std::move(r));
  return n;
}

bool IsIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<Path> Run() {
    Path path;
    if (Keyword("strict")) path.strict = true;
    else Keyword("lax");
    PLINTH_ASSIGN_OR_RETURN(path.root, Or());
    SkipSpace();
    if (at_ < s_.size()) return Error();
    return path;
  }

 private:
  Status Error() const {
    if (at_ >= s_.size()) return Status::Error("42601", "syntax error at end of jsonpath input");
    size_t end = at_ + 1;
    while (end < s_.size() && IsIdentifierChar(s_[end]) && IsIdentifierChar(s_[at_])) end++;
    return Status::Error("42601", "syntax error at or near \"" + std::string(s_.substr(at_, end - at_)) +
                                      "\" of jsonpath input");
  }

  void SkipSpace() {
    while (at_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[at_]))) at_++;
  }

  // Consumes `token` (punctuation) if it comes next.
  bool Eat(std::string_view token) {
    SkipSpace();
    if (s_.substr(at_, token.size()) != token) return false;
    at_ += token.size();
    return true;
  }

  // Consumes the word `word` if it comes next as a whole word.
  bool Keyword(std::string_view word) {
    SkipSpace();
    if (s_.substr(at_, word.size()) != word) return false;
    size_t end = at_ + word.size();
    if (end < s_.size() && IsIdentifierChar(s_[end])) return false;
    at_ = end;
    return true;
  }

  Result<NodePtr> Or() {
    PLINTH_ASSIGN_OR_RETURN(NodePtr l, And());
    while (Eat("||")) {
      PLINTH_ASSIGN_OR_RETURN(NodePtr r, And());
      l = Binary(NodeKind::Or, "||", std::move(l), std::move(r));
    }
    return l;
  }

  Result<NodePtr> And() {
    PLINTH_ASSIGN_OR_RETURN(NodePtr l, Not());
    while (Eat("&&")) {
      PLINTH_ASSIGN_OR_RETURN(NodePtr r, Not());
      l = Binary(NodeKind::And, "&&", std::move(l), std::move(r));
    }
    return l;
  }

  Result<NodePtr> Not() {
    SkipSpace();
    if (at_ < s_.size() && s_[at_] == '!' && s_.substr(at_, 2) != "!=") {
      at_++;
      PLINTH_ASSIGN_OR_RETURN(NodePtr x, Not());
      return Wrap(NodeKind::Not, std::move(x));
    }
    return Predicate();
  }

  Result<NodePtr> Predicate() {
    if (Keyword("exists")) {
      if (!Eat("(")) return Error();
      PLINTH_ASSIGN_OR_RETURN(NodePtr x, Or());
      if (!Eat(")")) return Error();
      return Wrap(NodeKind::Exists, std::move(x));
    }
    PLINTH_ASSIGN_OR_RETURN(NodePtr l, Additive());
    for (const char* op : {"==", "!=", "<>", "<=", ">=", "<", ">"}) {
      if (!Eat(op)) continue;
      PLINTH_ASSIGN_OR_RETURN(NodePtr r, Additive());
      return Binary(NodeKind::Compare, op == std::string_view("<>") ? "!=" : op, std::move(l), std::move(r));
    }
    size_t before = at_;
    if (Keyword("starts")) {
      if (!Keyword("with")) return Error();
      PLINTH_ASSIGN_OR_RETURN(NodePtr r, Additive());
      return Binary(NodeKind::StartsWith, "starts with", std::move(l), std::move(r));
    }
    if (Keyword("like_regex")) return Status::Error("0A000", "like_regex in jsonpath is not supported yet");
    if (Keyword("is")) {
      if (!Keyword("unknown")) return Error();
      return Wrap(NodeKind::IsUnknown, std::move(l));
    }
    at_ = before;
    return l;
  }

  Result<NodePtr> Additive() {
    PLINTH_ASSIGN_OR_RETURN(NodePtr l, Multiplicative());
    for (;;) {
      SkipSpace();
      if (at_ >= s_.size() || (s_[at_] != '+' && s_[at_] != '-')) return l;
      std::string op(1, s_[at_++]);
      PLINTH_ASSIGN_OR_RETURN(NodePtr r, Multiplicative());
      l = Binary(NodeKind::Arithmetic, op, std::move(l), std::move(r));
    }
  }

  Result<NodePtr> Multiplicative() {
    PLINTH_ASSIGN_OR_RETURN(NodePtr l, Unary());
    for (;;) {
      SkipSpace();
      if (at_ >= s_.size() || (s_[at_] != '*' && s_[at_] != '/' && s_[at_] != '%')) return l;
      std::string op(1, s_[at_++]);
      PLINTH_ASSIGN_OR_RETURN(NodePtr r, Unary());
      l = Binary(NodeKind::Arithmetic, op, std::move(l), std::move(r));
    }
  }

  Result<NodePtr> Unary() {
    SkipSpace();
    if (at_ < s_.size() && (s_[at_] == '+' || s_[at_] == '-')) {
      std::string op(1, s_[at_++]);
      PLINTH_ASSIGN_OR_RETURN(NodePtr x, Unary());
      return Wrap(NodeKind::Unary, std::move(x), op);
    }
    PLINTH_ASSIGN_OR_RETURN(NodePtr x, Primary());
    return Accessors(std::move(x));
  }

  Result<std::string> QuotedString() {
    // At the opening quote. JSON-style escapes.
    std::string out;
    at_++;
    while (at_ < s_.size() && s_[at_] != '"') {
      char c = s_[at_++];
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (at_ >= s_.size()) return Error();
      char e = s_[at_++];
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        default: out.push_back(e);
      }
    }
    if (at_ >= s_.size()) return Error();
    at_++;
    return out;
  }

  std::string Identifier() {
    size_t start = at_;
    while (at_ < s_.size() && IsIdentifierChar(s_[at_])) at_++;
    return std::string(s_.substr(start, at_ - start));
  }

  Result<NodePtr> Primary() {
    SkipSpace();
    if (at_ >= s_.size()) return Error();
    char c = s_[at_];
    if (c == '$') {
      at_++;
      if (at_ < s_.size() && s_[at_] == '"') {
        PLINTH_ASSIGN_OR_RETURN(std::string name, QuotedString());
        NodePtr v = MakeNode(NodeKind::Variable);
        v->text = std::move(name);
        return v;
      }
      if (at_ < s_.size() && IsIdentifierChar(s_[at_])) {
        NodePtr v = MakeNode(NodeKind::Variable);
        v->text = Identifier();
        return v;
      }
      return MakeNode(NodeKind::Root);
    }
    if (c == '@') {
      at_++;
      return MakeNode(NodeKind::Current);
    }
    if (c == '(') {
      at_++;
      PLINTH_ASSIGN_OR_RETURN(NodePtr x, Or());
      if (!Eat(")")) return Error();
      return x;
    }
    if (c == '"') {
      PLINTH_ASSIGN_OR_RETURN(std::string text, QuotedString());
      return Literal(JsonValue::String(std::move(text)));
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return Number();
    if (Keyword("true")) return Literal(JsonValue::Bool(true));
    if (Keyword("false")) return Literal(JsonValue::Bool(false));
    if (Keyword("null")) return Literal(JsonValue{});
    if (Keyword("last")) return MakeNode(NodeKind::Last);
    return Error();
  }

  Result<NodePtr> Number() {
    size_t start = at_;
    while (at_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[at_]))) at_++;
    if (at_ < s_.size() && s_[at_] == '.' && at_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[at_ + 1]))) {
      at_++;
      while (at_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[at_]))) at_++;
    }
    if (at_ < s_.size() && (s_[at_] == 'e' || s_[at_] == 'E')) {
      size_t exp = at_ + 1;
      if (exp < s_.size() && (s_[exp] == '+' || s_[exp] == '-')) exp++;
      if (exp < s_.size() && std::isdigit(static_cast<unsigned char>(s_[exp]))) {
        at_ = exp;
        while (at_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[at_]))) at_++;
      }
    }
    if (at_ == start) return Error();
    if (at_ < s_.size() && IsIdentifierChar(s_[at_])) return Error();  // 1a: trailing junk
    return Literal(JsonValue::Number(std::string(s_.substr(start, at_ - start))));
  }

  Result<NodePtr> Accessors(NodePtr base) {
    for (;;) {
      SkipSpace();
      if (at_ >= s_.size()) return base;
      char c = s_[at_];
      if (c == '.') {
        at_++;
        if (Eat("**")) {
          base = Wrap(NodeKind::RecursiveAny, std::move(base));
          continue;
        }
        if (Eat("*")) {
          base = Wrap(NodeKind::AnyMember, std::move(base));
          continue;
        }
        SkipSpace();
        if (at_ < s_.size() && s_[at_] == '"') {
          PLINTH_ASSIGN_OR_RETURN(std::string key, QuotedString());
          base = Wrap(NodeKind::Member, std::move(base), std::move(key));
          continue;
        }
        std::string name = Identifier();
        if (name.empty()) return Error();
        if (Eat("(")) {
          if (!Eat(")")) return Error();
          base = Wrap(NodeKind::Method, std::move(base), std::move(name));
        } else {
          base = Wrap(NodeKind::Member, std::move(base), std::move(name));
        }
        continue;
      }
      if (c == '[') {
        at_++;
        if (Eat("*")) {
          if (!Eat("]")) return Error();
          base = Wrap(NodeKind::AnyElement, std::move(base));
          continue;
        }
        NodePtr elements = Wrap(NodeKind::Elements, std::move(base));
        do {
          PLINTH_ASSIGN_OR_RETURN(NodePtr from, Additive());
          NodePtr to;
          if (Keyword("to")) {
            PLINTH_ASSIGN_OR_RETURN(to, Additive());
          }
          elements->args.push_back(std::move(from));
          elements->args.push_back(std::move(to));
        } while (Eat(","));
        if (!Eat("]")) return Error();
        base = std::move(elements);
        continue;
      }
      if (c == '?') {
        at_++;
        if (!Eat("(")) return Error();
        PLINTH_ASSIGN_OR_RETURN(NodePtr predicate, Or());
        if (!Eat(")")) return Error();
        NodePtr filter = Wrap(NodeKind::Filter, std::move(base));
        filter->args.push_back(std::move(predicate));
        base = std::move(filter);
        continue;
      }
      return base;
    }
  }

  std::string_view s_;
  size_t at_ = 0;
};

}  // namespace

Result<Path> Parse(std::string_view text) { return Parser(text).Run(); }

}  // namespace plinth::functions::jsonpath
