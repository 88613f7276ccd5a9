// One-dimensional arrays: the physical encoding (value.h payload) and the text form
// `{1,2,NULL,"a b"}` with PostgreSQL's quoting rules and optional `[lb:ub]=` bounds.
#include <cctype>
#include <cstring>

#include "engine/types/io_internal.h"

namespace plinth {
namespace {

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint32_t GetU32(std::string_view s, size_t* at) {
  uint32_t v = 0;
  for (int i = 0; i < 4 && *at < s.size(); ++i, ++*at)
    v |= static_cast<uint32_t>(static_cast<uint8_t>(s[*at])) << (8 * i);
  return v;
}

}  // namespace

// Layout: int32 lower bound, uint32 count, then per element a Value::Kind byte and
// its payload (bool: 1 byte; int, float: 8 bytes; bytes: uint32 length + data).
std::string EncodeArray(const ArrayData& a) {
  std::string out;
  PutU32(&out, static_cast<uint32_t>(a.lower_bound));
  PutU32(&out, static_cast<uint32_t>(a.elements.size()));
  for (const Value& v : a.elements) {
    out.push_back(static_cast<char>(v.kind()));
    switch (v.kind()) {
      case Value::Kind::Null: break;
      case Value::Kind::Bool: out.push_back(v.as_bool() ? 1 : 0); break;
      case Value::Kind::Int:
      case Value::Kind::Float: {
        uint64_t bits;
        if (v.kind() == Value::Kind::Int) bits = static_cast<uint64_t>(v.as_int());
        else { double f = v.as_float(); std::memcpy(&bits, &f, 8); }
        PutU32(&out, static_cast<uint32_t>(bits));
        PutU32(&out, static_cast<uint32_t>(bits >> 32));
        break;
      }
      case Value::Kind::Bytes:
        PutU32(&out, static_cast<uint32_t>(v.as_bytes().size()));
        out.append(v.as_bytes());
        break;
    }
  }
  return out;
}

ArrayData DecodeArray(std::string_view p) {
  ArrayData a;
  size_t at = 0;
  a.lower_bound = static_cast<int32_t>(GetU32(p, &at));
  uint32_t n = GetU32(p, &at);
  a.elements.reserve(n);
  for (uint32_t i = 0; i < n && at < p.size(); ++i) {
    auto kind = static_cast<Value::Kind>(p[at++]);
    switch (kind) {
      case Value::Kind::Null: a.elements.push_back(Value::Null()); break;
      case Value::Kind::Bool: a.elements.push_back(Value::Bool(p[at++] != 0)); break;
      case Value::Kind::Int:
      case Value::Kind::Float: {
        uint64_t lo = GetU32(p, &at), hi = GetU32(p, &at);
        uint64_t bits = lo | (hi << 32);
        if (kind == Value::Kind::Int) a.elements.push_back(Value::Int(static_cast<int64_t>(bits)));
        else { double f; std::memcpy(&f, &bits, 8); a.elements.push_back(Value::Float(f)); }
        break;
      }
      case Value::Kind::Bytes: {
        uint32_t len = GetU32(p, &at);
        a.elements.push_back(Value::Bytes(p.substr(at, len)));
        at += len;
        break;
      }
    }
  }
  return a;
}

namespace io {
namespace {

bool IsArraySpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

Status Malformed(std::string_view text, const std::string& detail) {
  return Status::Error("22P02", "malformed array literal: \"" + std::string(text) + "\"").with_detail(detail);
}

bool IsNullWord(std::string_view s) {
  return s.size() == 4 && (s[0] == 'N' || s[0] == 'n') && (s[1] == 'U' || s[1] == 'u') &&
         (s[2] == 'L' || s[2] == 'l') && (s[3] == 'L' || s[3] == 'l');
}

bool NeedsQuotes(std::string_view s) {
  if (s.empty() || IsNullWord(s)) return true;
  for (char c : s)
    if (c == '{' || c == '}' || c == '"' || c == ',' || c == '\\' || IsArraySpace(c)) return true;
  return false;
}

}  // namespace

Result<Value> ParseArray(Oid array_type, int32_t typmod, std::string_view text, const IoContext& io) {
  const TypeInfo* t = LookupType(array_type);
  if (t == nullptr || t->elem == 0) return Status::Error("42704", "unsupported array type");
  ArrayData out;
  size_t i = 0;
  auto skip_space = [&] { while (i < text.size() && IsArraySpace(text[i])) ++i; };
  skip_space();
  int64_t explicit_upper = 0;
  bool has_bounds = false;
  if (i < text.size() && text[i] == '[') {
    // [lb:ub]= dimension decoration
    size_t close = text.find(']', i);
    size_t colon = text.find(':', i);
    if (close == std::string_view::npos || colon == std::string_view::npos || colon > close)
      return Malformed(text, "\"[\" must introduce explicitly-specified array dimensions.");
    PLINTH_ASSIGN_OR_RETURN(int64_t lb, ParseInteger(text.substr(i + 1, colon - i - 1), oids::kInt4));
    PLINTH_ASSIGN_OR_RETURN(int64_t ub, ParseInteger(text.substr(colon + 1, close - colon - 1), oids::kInt4));
    out.lower_bound = static_cast<int32_t>(lb);
    explicit_upper = ub;
    has_bounds = true;
    i = close + 1;
    if (i < text.size() && text[i] == '[')
      return Status::Error("0A000", "multidimensional arrays are not supported");
    if (i >= text.size() || text[i] != '=')
      return Malformed(text, "Missing \"=\" after array dimensions.");
    ++i;
    skip_space();
  }
  if (i >= text.size() || text[i] != '{')
    return Malformed(text, "Array value must start with \"{\" or dimension information.");
  ++i;
  skip_space();
  bool expect_element = false;
  if (i < text.size() && text[i] == '}') {
    ++i;
  } else {
    while (true) {
      skip_space();
      if (i >= text.size()) return Malformed(text, "Unexpected end of input.");
      if (text[i] == '{') return Status::Error("0A000", "multidimensional arrays are not supported");
      std::string elem;
      bool quoted = false, any = false;
      // An element: quoted and unquoted pieces, backslash escapes anywhere.
      size_t trailing_space_start = std::string::npos;
      while (i < text.size()) {
        char c = text[i];
        if (c == '"') {
          quoted = true;
          any = true;
          ++i;
          while (i < text.size() && text[i] != '"') {
            if (text[i] == '\\' && i + 1 < text.size()) ++i;
            elem.push_back(text[i++]);
          }
          if (i >= text.size()) return Malformed(text, "Unexpected end of input.");
          ++i;
          trailing_space_start = std::string::npos;
          continue;
        }
        if (c == ',' || c == '}') break;
        if (c == '{') return Malformed(text, "Unexpected \"{\" character.");
        if (c == '\\') {
          if (i + 1 >= text.size()) return Malformed(text, "Unexpected end of input.");
          elem.push_back(text[i + 1]);
          i += 2;
          any = true;
          trailing_space_start = std::string::npos;
          continue;
        }
        if (IsArraySpace(c)) {
          if (trailing_space_start == std::string::npos) trailing_space_start = elem.size();
        } else {
          trailing_space_start = std::string::npos;
          any = true;
        }
        elem.push_back(c);
        ++i;
      }
      if (trailing_space_start != std::string::npos) elem.resize(trailing_space_start);
      if (!any) return Malformed(text, "Unexpected \"" + std::string(1, i < text.size() ? text[i] : ' ') + "\" character.");
      if (i >= text.size()) return Malformed(text, "Unexpected end of input.");
      bool is_null = !quoted && IsNullWord(elem);
      if (is_null) {
        out.elements.push_back(Value::Null());
      } else {
        PLINTH_ASSIGN_OR_RETURN(Value v, InputText(t->elem, typmod, elem, io));
        out.elements.push_back(std::move(v));
      }
      char sep = text[i++];
      if (sep == '}') break;
      expect_element = true;
    }
  }
  (void)expect_element;
  skip_space();
  if (i != text.size()) return Malformed(text, "Junk after closing right brace.");
  if (has_bounds && explicit_upper - out.lower_bound + 1 != static_cast<int64_t>(out.elements.size()))
    return Malformed(text, "Specified array dimensions do not match array contents.");
  return MakeArrayValue(out);
}

void FormatArray(Oid array_type, const Value& v, const IoContext& io, std::string* out) {
  const TypeInfo* t = LookupType(array_type);
  Oid elem = t ? t->elem : oids::kText;
  ArrayData a = DecodeArray(v.as_bytes());
  if (a.lower_bound != 1 && !a.elements.empty()) {
    out->append("[" + std::to_string(a.lower_bound) + ":" +
                std::to_string(static_cast<int64_t>(a.lower_bound) + static_cast<int64_t>(a.elements.size()) - 1) + "]=");
  }
  out->push_back('{');
  for (size_t i = 0; i < a.elements.size(); ++i) {
    if (i) out->push_back(',');
    if (a.elements[i].is_null()) { out->append("NULL"); continue; }
    std::string s;
    OutputText(elem, a.elements[i], io, &s);
    if (!NeedsQuotes(s)) { out->append(s); continue; }
    out->push_back('"');
    for (char c : s) {
      if (c == '"' || c == '\\') out->push_back('\\');
      out->push_back(c);
    }
    out->push_back('"');
  }
  out->push_back('}');
}

}  // namespace io
}  // namespace plinth
