// Arrays: the physical encoding (value.h payload, array_shape.h for several dimensions)
// and the text form `{1,2,NULL,"a b"}`, `{{1,2},{3,4}}` with PostgreSQL's quoting rules
// and optional `[lb:ub]=` bounds.
#include <cctype>
#include <cstring>

#include "engine/types/array_shape.h"
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

// Set in the count word when a dimension list follows it (array_shape.h).
constexpr uint32_t kShapedFlag = 0x80000000u;

void PutElements(const std::vector<Value>& elements, std::string* out_ptr) {
  std::string& out = *out_ptr;
  for (const Value& v : elements) {
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
}

}  // namespace

// Layout: int32 lower bound, uint32 count, then per element a Value::Kind byte and
// its payload (bool: 1 byte; int, float: 8 bytes; bytes: uint32 length + data).
// A multidimensional array sets kShapedFlag in the count and follows it with uint32
// ndims and per dimension int32 length and int32 lower bound.
std::string EncodeArray(const ArrayData& a) {
  std::string out;
  PutU32(&out, static_cast<uint32_t>(a.lower_bound));
  PutU32(&out, static_cast<uint32_t>(a.elements.size()));
  PutElements(a.elements, &out);
  return out;
}

std::string EncodeShapedArray(const ArrayShape& shape, const std::vector<Value>& elements) {
  if (shape.ndims() <= 1) {
    ArrayData a;
    a.lower_bound = shape.ndims() == 1 ? shape.lower_bounds[0] : 1;
    a.elements = elements;
    return EncodeArray(a);
  }
  std::string out;
  PutU32(&out, static_cast<uint32_t>(shape.lower_bounds[0]));
  PutU32(&out, static_cast<uint32_t>(elements.size()) | kShapedFlag);
  PutU32(&out, static_cast<uint32_t>(shape.ndims()));
  for (size_t d = 0; d < shape.ndims(); ++d) {
    PutU32(&out, static_cast<uint32_t>(shape.lengths[d]));
    PutU32(&out, static_cast<uint32_t>(shape.lower_bounds[d]));
  }
  PutElements(elements, &out);
  return out;
}

ArrayShape DecodeArrayShape(std::string_view p) {
  ArrayShape shape;
  size_t at = 0;
  int32_t lower_bound = static_cast<int32_t>(GetU32(p, &at));
  uint32_t n = GetU32(p, &at);
  if ((n & kShapedFlag) == 0) {
    if (n != 0) {
      shape.lengths.push_back(static_cast<int32_t>(n));
      shape.lower_bounds.push_back(lower_bound);
    }
    return shape;
  }
  uint32_t ndims = GetU32(p, &at);
  for (uint32_t d = 0; d < ndims && at < p.size(); ++d) {
    shape.lengths.push_back(static_cast<int32_t>(GetU32(p, &at)));
    shape.lower_bounds.push_back(static_cast<int32_t>(GetU32(p, &at)));
  }
  return shape;
}

ArrayData DecodeArray(std::string_view p) {
  ArrayData a;
  size_t at = 0;
  a.lower_bound = static_cast<int32_t>(GetU32(p, &at));
  uint32_t n = GetU32(p, &at);
  if (n & kShapedFlag) {  // flattened: skip the dimension list
    n &= ~kShapedFlag;
    uint32_t ndims = GetU32(p, &at);
    at += 8 * static_cast<size_t>(ndims);
  }
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

namespace {

// The recursive part of array_in: braces nest to any depth, every sub-array at one depth
// must be as long as its siblings, and elements appear only at the innermost depth.
class ArrayTextParser {
 public:
  ArrayTextParser(std::string_view text, Oid elem, const IoContext& io) : text_(text), elem_(elem), io_(io) {}

  Result<Value> Run() {
    SkipSpace();
    std::vector<std::pair<int64_t, int64_t>> bounds;  // explicit [lb:ub] decorations
    while (i_ < text_.size() && text_[i_] == '[') {
      size_t close = text_.find(']', i_);
      if (close == std::string_view::npos) return Malformed("Missing \"]\" after array dimensions.");
      std::string_view inside = text_.substr(i_ + 1, close - i_ - 1);
      size_t colon = inside.find(':');
      int64_t lb = 1, ub;
      if (colon != std::string_view::npos) {
        PLINTH_ASSIGN_OR_RETURN(lb, ParseBound(inside.substr(0, colon)));
        PLINTH_ASSIGN_OR_RETURN(ub, ParseBound(inside.substr(colon + 1)));
      } else {
        PLINTH_ASSIGN_OR_RETURN(ub, ParseBound(inside));
      }
      if (ub < lb) return Status::Error("2202E", "upper bound cannot be less than lower bound");
      bounds.emplace_back(lb, ub);
      i_ = close + 1;
    }
    if (!bounds.empty()) {
      SkipSpace();
      if (i_ >= text_.size() || text_[i_] != '=') return Malformed("Missing \"=\" after array dimensions.");
      ++i_;
      SkipSpace();
    }
    if (i_ >= text_.size() || text_[i_] != '{')
      return Malformed("Array value must start with \"{\" or dimension information.");
    PLINTH_RETURN_IF_ERROR(ParseLevel(0));
    SkipSpace();
    if (i_ != text_.size()) return Malformed("Junk after closing right brace.");
    ArrayShape shape;
    if (!elements_.empty()) {
      shape.lengths = lengths_;
      shape.lower_bounds.assign(lengths_.size(), 1);
    }
    if (!bounds.empty()) {
      if (bounds.size() != shape.ndims()) return Malformed("Specified array dimensions do not match array contents.");
      for (size_t d = 0; d < bounds.size(); ++d) {
        if (bounds[d].second - bounds[d].first + 1 != shape.lengths[d])
          return Malformed("Specified array dimensions do not match array contents.");
        shape.lower_bounds[d] = static_cast<int32_t>(bounds[d].first);
      }
    }
    return Value::Bytes(EncodeShapedArray(shape, elements_));
  }

 private:
  Status Malformed(const std::string& detail) const {
    return Status::Error("22P02", "malformed array literal: \"" + std::string(text_) + "\"").with_detail(detail);
  }

  Result<int64_t> ParseBound(std::string_view s) const {
    if (s.empty() || s.find_first_not_of("+-0123456789") != std::string_view::npos)
      return Malformed("Missing array dimension value.");
    auto v = ParseInteger(s, oids::kInt4);
    if (!v.ok()) return Malformed("Missing array dimension value.");
    return *v;
  }

  void SkipSpace() {
    while (i_ < text_.size() && IsArraySpace(text_[i_])) ++i_;
  }

  // At text_[i_] == '{' of a sub-array at `depth`; consumes through its '}'.
  Status ParseLevel(size_t depth) {
    ++i_;
    SkipSpace();
    int32_t count = 0;
    if (i_ < text_.size() && text_[i_] == '}') {
      ++i_;
      if (depth == 0) return Status::OK();  // '{}': the empty array
      return Malformed("Multidimensional arrays must have sub-arrays with matching dimensions.");
    }
    while (true) {
      SkipSpace();
      if (i_ >= text_.size()) return Malformed("Unexpected end of input.");
      if (text_[i_] == '{') {
        if (ndims_ != 0 && depth + 1 >= ndims_) return Malformed("Unexpected \"{\" character.");
        PLINTH_RETURN_IF_ERROR(ParseLevel(depth + 1));
      } else {
        if (ndims_ == 0) {
          ndims_ = depth + 1;
          if (ndims_ > 6)
            return Status::Error("54000", "number of array dimensions (" + std::to_string(ndims_) +
                                              ") exceeds the maximum allowed (6)");
        }
        if (depth + 1 != ndims_) return Malformed("Unexpected array element.");
        PLINTH_RETURN_IF_ERROR(ParseElement());
      }
      ++count;
      SkipSpace();
      if (i_ >= text_.size()) return Malformed("Unexpected end of input.");
      char sep = text_[i_++];
      if (sep == '}') break;
      if (sep != ',') return Malformed(std::string("Unexpected \"") + sep + "\" character.");
    }
    if (lengths_.size() <= depth) lengths_.resize(depth + 1, -1);
    if (lengths_[depth] == -1) lengths_[depth] = count;
    else if (lengths_[depth] != count)
      return Malformed("Multidimensional arrays must have sub-arrays with matching dimensions.");
    return Status::OK();
  }

  // One element: quoted and unquoted pieces, backslash escapes anywhere; surrounding
  // unquoted whitespace dropped. Leaves i_ at the ',' or '}' after it.
  Status ParseElement() {
    std::string elem;
    bool quoted = false, any = false;
    size_t trailing_space_start = std::string::npos;
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '"') {
        quoted = any = true;
        ++i_;
        while (i_ < text_.size() && text_[i_] != '"') {
          if (text_[i_] == '\\' && i_ + 1 < text_.size()) ++i_;
          elem.push_back(text_[i_++]);
        }
        if (i_ >= text_.size()) return Malformed("Unexpected end of input.");
        ++i_;
        trailing_space_start = std::string::npos;
        continue;
      }
      if (c == ',' || c == '}') break;
      if (c == '{') return Malformed("Unexpected \"{\" character.");
      if (c == '\\') {
        if (i_ + 1 >= text_.size()) return Malformed("Unexpected end of input.");
        elem.push_back(text_[i_ + 1]);
        i_ += 2;
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
      ++i_;
    }
    if (trailing_space_start != std::string::npos) elem.resize(trailing_space_start);
    if (i_ >= text_.size()) return Malformed("Unexpected end of input.");
    if (!any) return Malformed(std::string("Unexpected \"") + text_[i_] + "\" character.");
    if (!quoted && IsNullWord(elem)) {
      elements_.push_back(Value::Null());
      return Status::OK();
    }
    PLINTH_ASSIGN_OR_RETURN(Value v, InputText(elem_, -1, elem, io_));
    elements_.push_back(std::move(v));
    return Status::OK();
  }

  std::string_view text_;
  Oid elem_;
  const IoContext& io_;
  size_t i_ = 0;
  size_t ndims_ = 0;              // known once the first element is seen
  std::vector<int32_t> lengths_;  // per depth, -1 until a sub-array there closes
  std::vector<Value> elements_;
};

// Appends the sub-array of `shape` at `depth` starting at element *next.
void FormatLevel(Oid elem, const ArrayShape& shape, size_t depth, const std::vector<Value>& elements,
                 size_t* next, const IoContext& io, std::string* out) {
  out->push_back('{');
  for (int32_t k = 0; k < shape.lengths[depth]; ++k) {
    if (k) out->push_back(',');
    if (depth + 1 < shape.ndims()) {
      FormatLevel(elem, shape, depth + 1, elements, next, io, out);
      continue;
    }
    const Value& v = (*next < elements.size()) ? elements[*next] : Value();
    ++*next;
    if (v.is_null()) { out->append("NULL"); continue; }
    std::string s;
    OutputText(elem, v, io, &s);
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

}  // namespace

Result<Value> ParseArray(Oid array_type, int32_t typmod, std::string_view text, const IoContext& io) {
  const TypeInfo* t = LookupType(array_type);
  if (t == nullptr || t->elem == 0) return Status::Error("42704", "unsupported array type");
  PLINTH_ASSIGN_OR_RETURN(Value v, ArrayTextParser(text, t->elem, io).Run());
  // The element typmod (varchar(3)[]) applies after input, as for a scalar.
  return ApplyTypmod(v, array_type, typmod, CastContext::Assignment);
}

void FormatArray(Oid array_type, const Value& v, const IoContext& io, std::string* out) {
  const TypeInfo* t = LookupType(array_type);
  Oid elem = t ? t->elem : oids::kText;
  ArrayShape shape = DecodeArrayShape(v.as_bytes());
  if (shape.ndims() == 0) { out->append("{}"); return; }
  bool default_bounds = true;
  for (int32_t lb : shape.lower_bounds) default_bounds = default_bounds && lb == 1;
  if (!default_bounds) {
    for (size_t d = 0; d < shape.ndims(); ++d)
      out->append("[" + std::to_string(shape.lower_bounds[d]) + ":" +
                  std::to_string(static_cast<int64_t>(shape.lower_bounds[d]) + shape.lengths[d] - 1) + "]");
    out->push_back('=');
  }
  std::vector<Value> elements = DecodeArray(v.as_bytes()).elements;
  size_t next = 0;
  FormatLevel(elem, shape, 0, elements, &next, io, out);
}

}  // namespace io
}  // namespace plinth
