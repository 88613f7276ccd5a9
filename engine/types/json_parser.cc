// PostgreSQL-compatible JSON lexer and recursive-descent parser (see json_parser.h).
// The structure follows PostgreSQL's: the lexer keeps the current token's bounds and
// line, the parser asks for the next token only when it has consumed one, and every
// error is described from the token where it was found.
#include "engine/types/json_parser.h"

#include <cstdio>

#include "engine/types/numeric.h"
#include "engine/types/utf8.h"

namespace plinth::json {
namespace {

enum class Token { Invalid, String, Number, ObjectStart, ObjectEnd, ArrayStart, ArrayEnd, Comma, Colon, True, False, Null, End };

// Where a parse error was found, which chooses PostgreSQL's wording.
enum class Context { Value, String, ArrayStart, ArrayNext, ObjectStart, ObjectLabel, ObjectNext, End };

bool IsAlphanumeric(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || u >= 0x80;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the UTF-8 character starting at s[i] (1 for anything malformed).
size_t CharLen(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  return i + n <= s.size() ? n : s.size() - i;
}

class Parser {
 public:
  Parser(std::string_view input, bool unescape) : in_(input), unescape_(unescape) {}

  Result<Node> Run() {
    PLINTH_RETURN_IF_ERROR(Lex());
    Node root;
    if (token_ == Token::ObjectStart) {
      PLINTH_RETURN_IF_ERROR(ParseObject(&root));
    } else if (token_ == Token::ArrayStart) {
      PLINTH_RETURN_IF_ERROR(ParseArray(&root));
    } else {
      PLINTH_RETURN_IF_ERROR(ParseScalar(&root));
    }
    PLINTH_RETURN_IF_ERROR(Expect(Context::End, Token::End));
    return root;
  }

 private:
  // ---- errors ----
  std::string TokenText() const {
    if (!has_token_start_) return {};
    return std::string(in_.substr(token_start_, token_end_ - token_start_));
  }

  // PostgreSQL's report_json_context(): the current line up to the end of the token,
  // cut to under 50 bytes from the left.
  std::string ContextLine() const {
    size_t start = line_start_, end = token_end_;
    while (end - start >= 50) start += CharLen(in_, start);
    if (start - line_start_ <= 3) start = line_start_;
    std::string prefix = start > line_start_ ? "..." : "";
    bool more = token_ != Token::End && end < in_.size() && in_[end] != '\n' && in_[end] != '\r';
    return "JSON data, line " + std::to_string(line_number_) + ": " + prefix +
           std::string(in_.substr(start, end - start)) + (more ? "..." : "");
  }

  Status SyntaxError(const std::string& detail) const {
    return Status::Error("22P02", "invalid input syntax for type json").with_detail(detail).with_context(ContextLine());
  }

  Status UnicodeError(const std::string& detail) const {
    return Status::Error("22P05", "unsupported Unicode escape sequence").with_detail(detail).with_context(ContextLine());
  }

  Status InvalidToken() const { return SyntaxError("Token \"" + TokenText() + "\" is invalid."); }

  Status ParseError(Context where) const {
    if (!has_token_start_ || token_ == Token::End) return SyntaxError("The input string ended unexpectedly.");
    std::string found = "\"" + TokenText() + "\".";
    switch (where) {
      case Context::End: return SyntaxError("Expected end of input, but found " + found);
      case Context::Value: return SyntaxError("Expected JSON value, but found " + found);
      case Context::String: return SyntaxError("Expected string, but found " + found);
      case Context::ArrayStart: return SyntaxError("Expected array element or \"]\", but found " + found);
      case Context::ArrayNext: return SyntaxError("Expected \",\" or \"]\", but found " + found);
      case Context::ObjectStart: return SyntaxError("Expected string or \"}\", but found " + found);
      case Context::ObjectLabel: return SyntaxError("Expected \":\", but found " + found);
      case Context::ObjectNext: return SyntaxError("Expected \",\" or \"}\", but found " + found);
    }
    return SyntaxError("The input string ended unexpectedly.");
  }

  // ---- lexer ----
  Status Lex() {
    size_t s = token_end_;
    while (s < in_.size() && (in_[s] == ' ' || in_[s] == '\t' || in_[s] == '\n' || in_[s] == '\r')) {
      if (in_[s++] == '\n') {
        ++line_number_;
        line_start_ = s;
      }
    }
    token_start_ = s;
    has_token_start_ = true;
    if (s >= in_.size()) {
      has_token_start_ = false;
      token_end_ = s;
      token_ = Token::End;
      return Status::OK();
    }
    auto single = [&](Token t) {
      token_end_ = s + 1;
      token_ = t;
      return Status::OK();
    };
    switch (in_[s]) {
      case '{': return single(Token::ObjectStart);
      case '}': return single(Token::ObjectEnd);
      case '[': return single(Token::ArrayStart);
      case ']': return single(Token::ArrayEnd);
      case ',': return single(Token::Comma);
      case ':': return single(Token::Colon);
      case '"': return LexString(s);
      case '-': return LexNumber(s, s + 1);
      default:
        if (in_[s] >= '0' && in_[s] <= '9') return LexNumber(s, s);
        return LexWord(s);
    }
  }

  // true/false/null, or an invalid token reported as the whole alphanumeric run.
  Status LexWord(size_t s) {
    size_t p = s;
    while (p < in_.size() && IsAlphanumeric(in_[p])) ++p;
    if (p == s) {
      token_end_ = s + CharLen(in_, s);
      return InvalidToken();
    }
    token_end_ = p;
    std::string_view word = in_.substr(s, p - s);
    if (word == "true") token_ = Token::True;
    else if (word == "false") token_ = Token::False;
    else if (word == "null") token_ = Token::Null;
    else return InvalidToken();
    return Status::OK();
  }

  // RFC 8259 numbers; trailing alphanumerics belong to the (invalid) token.
  Status LexNumber(size_t start, size_t s) {
    auto digit = [&](size_t i) { return i < in_.size() && in_[i] >= '0' && in_[i] <= '9'; };
    bool error = false;
    if (s < in_.size() && in_[s] == '0') {
      ++s;
    } else if (digit(s)) {
      while (digit(s)) ++s;
    } else {
      error = true;
    }
    if (s < in_.size() && in_[s] == '.') {
      ++s;
      if (!digit(s)) error = true;
      while (digit(s)) ++s;
    }
    if (s < in_.size() && (in_[s] == 'e' || in_[s] == 'E')) {
      ++s;
      if (s < in_.size() && (in_[s] == '+' || in_[s] == '-')) ++s;
      if (!digit(s)) error = true;
      while (digit(s)) ++s;
    }
    for (; s < in_.size() && IsAlphanumeric(in_[s]); ++s) error = true;
    token_end_ = s;
    if (error) return InvalidToken();
    token_ = Token::Number;
    text_ = std::string(in_.substr(start, s - start));
    return Status::OK();
  }

  Status LexString(size_t s) {
    text_.clear();
    int32_t high_surrogate = -1;
    auto fail_at = [&](size_t end) { token_end_ = end; };
    for (;;) {
      ++s;
      if (s >= in_.size()) {
        fail_at(s);
        return InvalidToken();
      }
      char c = in_[s];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 32) {
        fail_at(s);
        char buf[64];
        std::snprintf(buf, sizeof buf, "Character with value 0x%02x must be escaped.", static_cast<unsigned char>(c));
        return SyntaxError(buf);
      }
      if (c != '\\') {
        if (unescape_ && high_surrogate != -1) { fail_at(s + 1); return LowSurrogateError(); }
        if (unescape_) text_.push_back(c);
        continue;
      }
      ++s;
      if (s >= in_.size()) {
        fail_at(s);
        return InvalidToken();
      }
      if (in_[s] == 'u') {
        int32_t cp = 0;
        for (int i = 0; i < 4; ++i) {
          ++s;
          if (s >= in_.size()) {
            fail_at(s);
            return InvalidToken();
          }
          int h = HexDigit(in_[s]);
          if (h < 0) {
            fail_at(s + CharLen(in_, s));
            return SyntaxError("\"\\u\" must be followed by four hexadecimal digits.");
          }
          cp = cp * 16 + h;
        }
        if (!unescape_) continue;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (high_surrogate != -1) {
            fail_at(s + 1);
            return SyntaxError("Unicode high surrogate must not follow a high surrogate.");
          }
          high_surrogate = cp;
          continue;
        }
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          if (high_surrogate == -1) { fail_at(s + 1); return LowSurrogateError(); }
          cp = 0x10000 + ((high_surrogate - 0xD800) << 10) + (cp - 0xDC00);
          high_surrogate = -1;
        }
        if (high_surrogate != -1) { fail_at(s + 1); return LowSurrogateError(); }
        if (cp == 0) {
          fail_at(s + 1);
          return UnicodeError("\\u0000 cannot be converted to text.");
        }
        AppendUtf8(static_cast<uint32_t>(cp), &text_);
        continue;
      }
      static constexpr std::string_view kSimpleEscapes = "\"\\/bfnrt";
      if (kSimpleEscapes.find(in_[s]) == std::string_view::npos) {
        token_start_ = s;
        fail_at(s + CharLen(in_, s));
        return SyntaxError("Escape sequence \"\\" + TokenText() + "\" is invalid.");
      }
      if (!unescape_) continue;
      if (high_surrogate != -1) { fail_at(s + 1); return LowSurrogateError(); }
      switch (in_[s]) {
        case 'b': text_.push_back('\b'); break;
        case 'f': text_.push_back('\f'); break;
        case 'n': text_.push_back('\n'); break;
        case 'r': text_.push_back('\r'); break;
        case 't': text_.push_back('\t'); break;
        default: text_.push_back(in_[s]); break;
      }
    }
    if (unescape_ && high_surrogate != -1) { fail_at(s + 1); return LowSurrogateError(); }
    token_end_ = s + 1;
    token_ = Token::String;
    return Status::OK();
  }

  Status LowSurrogateError() const { return SyntaxError("Unicode low surrogate must follow a high surrogate."); }

  // ---- parser ----
  Status Expect(Context where, Token t) {
    if (token_ != t) return ParseError(where);
    return Lex();
  }

  Status ParseScalar(Node* out) {
    switch (token_) {
      case Token::String: out->kind = Node::Kind::String; break;
      case Token::Number: out->kind = Node::Kind::Number; break;
      case Token::True: out->kind = Node::Kind::Bool; text_ = "true"; break;
      case Token::False: out->kind = Node::Kind::Bool; text_ = "false"; break;
      case Token::Null: out->kind = Node::Kind::Null; text_.clear(); break;
      default: return ParseError(Context::Value);
    }
    out->scalar = std::move(text_);
    return Lex();
  }

  Status ParseValue(Node* out) {
    if (token_ == Token::ObjectStart) return ParseObject(out);
    if (token_ == Token::ArrayStart) return ParseArray(out);
    return ParseScalar(out);
  }

  Status ParseObject(Node* out) {
    out->kind = Node::Kind::Object;
    PLINTH_RETURN_IF_ERROR(Expect(Context::ObjectStart, Token::ObjectStart));
    if (token_ == Token::String) {
      PLINTH_RETURN_IF_ERROR(ParseField(out));
      while (token_ == Token::Comma) {
        PLINTH_RETURN_IF_ERROR(Lex());
        PLINTH_RETURN_IF_ERROR(ParseField(out));
      }
    } else if (token_ != Token::ObjectEnd) {
      return ParseError(Context::ObjectStart);
    }
    return Expect(Context::ObjectNext, Token::ObjectEnd);
  }

  Status ParseField(Node* object) {
    if (token_ != Token::String) return ParseError(Context::String);
    std::string key = std::move(text_);
    PLINTH_RETURN_IF_ERROR(Lex());
    PLINTH_RETURN_IF_ERROR(Expect(Context::ObjectLabel, Token::Colon));
    Node value;
    PLINTH_RETURN_IF_ERROR(ParseValue(&value));
    object->members.emplace_back(std::move(key), std::move(value));
    return Status::OK();
  }

  Status ParseArray(Node* out) {
    out->kind = Node::Kind::Array;
    PLINTH_RETURN_IF_ERROR(Expect(Context::ArrayStart, Token::ArrayStart));
    if (token_ != Token::ArrayEnd) {
      out->elements.emplace_back();
      PLINTH_RETURN_IF_ERROR(ParseValue(&out->elements.back()));
      while (token_ == Token::Comma) {
        PLINTH_RETURN_IF_ERROR(Lex());
        out->elements.emplace_back();
        PLINTH_RETURN_IF_ERROR(ParseValue(&out->elements.back()));
      }
    }
    return Expect(Context::ArrayNext, Token::ArrayEnd);
  }

  std::string_view in_;
  bool unescape_;
  size_t token_start_ = 0, token_end_ = 0;
  bool has_token_start_ = false;
  Token token_ = Token::Invalid;
  std::string text_;  // the current string's contents or number's text
  int line_number_ = 1;
  size_t line_start_ = 0;
};

template <typename T>
int Cmp3(const T& a, const T& b) { return a < b ? -1 : (b < a ? 1 : 0); }

int CompareScalars(const Node& a, const Node& b) {
  switch (a.kind) {
    case Node::Kind::Null: return 0;
    case Node::Kind::Bool: return Cmp3(a.scalar == "true", b.scalar == "true");
    case Node::Kind::Number: {
      auto x = Numeric::Parse(a.scalar), y = Numeric::Parse(b.scalar);
      if (x.ok() && y.ok()) return Numeric::Compare(*x, *y);
      return Cmp3(a.scalar, b.scalar);
    }
    default: {
      int c = a.scalar.compare(b.scalar);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
  }
}

int CompareNested(const Node& a, const Node& b) {
  if (a.kind != b.kind) return Cmp3(static_cast<int>(a.kind), static_cast<int>(b.kind));
  if (a.kind == Node::Kind::Array) {
    if (a.elements.size() != b.elements.size()) return Cmp3(a.elements.size(), b.elements.size());
    for (size_t i = 0; i < a.elements.size(); ++i)
      if (int c = CompareNested(a.elements[i], b.elements[i]); c != 0) return c;
    return 0;
  }
  if (a.kind == Node::Kind::Object) {
    if (a.members.size() != b.members.size()) return Cmp3(a.members.size(), b.members.size());
    for (size_t i = 0; i < a.members.size(); ++i) {
      int c = a.members[i].first.compare(b.members[i].first);
      if (c != 0) return c < 0 ? -1 : 1;
      if (int v = CompareNested(a.members[i].second, b.members[i].second); v != 0) return v;
    }
    return 0;
  }
  return CompareScalars(a, b);
}

}  // namespace

Result<Node> Parse(std::string_view text, bool unescape) { return Parser(text, unescape).Run(); }

int CompareJsonb(const Node& a, const Node& b) {
  // jsonb stores a top-level scalar as a one-element "raw scalar" array, so it compares
  // as an array first: below a non-raw array of the same length, by length otherwise.
  bool a_object = a.kind == Node::Kind::Object, b_object = b.kind == Node::Kind::Object;
  if (a_object != b_object) return a_object ? 1 : -1;
  if (a_object) return CompareNested(a, b);
  bool a_raw = a.kind != Node::Kind::Array, b_raw = b.kind != Node::Kind::Array;
  size_t a_len = a_raw ? 1 : a.elements.size(), b_len = b_raw ? 1 : b.elements.size();
  int c = 0;
  if (a_raw != b_raw) c = a_raw ? -1 : 1;
  if (a_len != b_len) c = Cmp3(a_len, b_len);
  if (c != 0) return c;
  return CompareNested(a, b);
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out->append(buf);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

}  // namespace plinth::json
