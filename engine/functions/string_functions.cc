// String functions and the || operator. Lengths and positions count characters
// (UTF-8 code points); case mapping is Unicode's, as PostgreSQL under C.UTF-8.
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>

#include "engine/functions/array_ops.h"
#include "engine/functions/registry.h"
#include "engine/functions/unicode_case.h"

namespace plinth::functions {
namespace {

using oids::kInt4;
using oids::kText;

// Splits s into code points (each a byte range), tolerating invalid UTF-8 bytewise.
std::vector<std::string_view> Chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    len = std::min(len, s.size() - i);
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string Join(const std::vector<std::string_view>& chars, size_t from, size_t to) {
  std::string r;
  for (size_t i = from; i < to && i < chars.size(); ++i) r.append(chars[i]);
  return r;
}

Value Text(std::string s) { return Value::Bytes(std::move(s)); }
const std::string& Str(const Value& v) { return v.as_bytes(); }

Status Length(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Int(static_cast<int64_t>(Chars(Str(a[0])).size())));
}
Status OctetLength(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Int(static_cast<int64_t>(Str(a[0]).size())));
}

template <bool kUpper>
Status ChangeCase(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Text(kUpper ? Utf8Upper(Str(a[0])) : Utf8Lower(Str(a[0]))));
}

Status Initcap(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Text(Utf8Initcap(Str(a[0]))));
}

// substr(s, start [, count]) with PG's handling of starts before 1.
Status Substr(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  auto chars = Chars(Str(a[0]));
  int64_t start = a[1].as_int();
  int64_t end = static_cast<int64_t>(chars.size()) + 1;
  if (n == 3) {
    int64_t count = a[2].as_int();
    if (count < 0) return Status::Error("22011", "negative substring length not allowed");
    end = std::min(end, start + count);
  }
  int64_t from = std::max<int64_t>(start, 1);
  if (end <= from) return Ok(out, Text(""));
  return Ok(out, Text(Join(chars, static_cast<size_t>(from - 1), static_cast<size_t>(end - 1))));
}

// strpos(string, substring) / position(substring IN string), 1-based in characters.
Status Strpos(FunctionCallContext&, const Value* a, size_t, Value* out) {
  size_t at = Str(a[0]).find(Str(a[1]));
  if (at == std::string::npos) return Ok(out, Value::Int(0));
  return Ok(out, Value::Int(static_cast<int64_t>(Chars(Str(a[0]).substr(0, at)).size()) + 1));
}

Status Replace(FunctionCallContext&, const Value* a, size_t, Value* out) {
  const std::string& s = Str(a[0]);
  const std::string& from = Str(a[1]);
  const std::string& to = Str(a[2]);
  if (from.empty()) return Ok(out, a[0]);
  std::string r;
  size_t pos = 0;
  for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
    r.append(s, pos, hit - pos);
    r.append(to);
  }
  r.append(s, pos, std::string::npos);
  return Ok(out, Text(std::move(r)));
}

template <bool kLeft, bool kRight>
Status Trim(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  auto chars = Chars(Str(a[0]));
  auto set = Chars(n == 2 ? std::string_view(Str(a[1])) : std::string_view(" "));
  auto in_set = [&](std::string_view c) { return std::find(set.begin(), set.end(), c) != set.end(); };
  size_t from = 0, to = chars.size();
  if (kLeft) while (from < to && in_set(chars[from])) ++from;
  if (kRight) while (to > from && in_set(chars[to - 1])) --to;
  return Ok(out, Text(Join(chars, from, to)));
}

template <bool kLeft>
Status Pad(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  auto chars = Chars(Str(a[0]));
  int64_t len = a[1].as_int();
  auto fill = Chars(n == 3 ? std::string_view(Str(a[2])) : std::string_view(" "));
  if (len <= 0) return Ok(out, Text(""));
  if (static_cast<size_t>(len) <= chars.size() || fill.empty())
    return Ok(out, Text(Join(chars, 0, static_cast<size_t>(len))));
  std::string padding;
  for (size_t i = 0; i < static_cast<size_t>(len) - chars.size(); ++i) padding.append(fill[i % fill.size()]);
  std::string s = Str(a[0]);
  return Ok(out, Text(kLeft ? padding + s : s + padding));
}

template <bool kLeft>
Status LeftRight(FunctionCallContext&, const Value* a, size_t, Value* out) {
  auto chars = Chars(Str(a[0]));
  int64_t size = static_cast<int64_t>(chars.size());
  int64_t n = a[1].as_int();
  int64_t keep = n >= 0 ? std::min(n, size) : std::max<int64_t>(size + n, 0);
  if (kLeft) return Ok(out, Text(Join(chars, 0, static_cast<size_t>(keep))));
  return Ok(out, Text(Join(chars, static_cast<size_t>(size - keep), chars.size())));
}

Status Repeat(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t n = a[1].as_int();
  const std::string& s = Str(a[0]);
  if (n <= 0 || s.empty()) return Ok(out, Text(""));
  if (static_cast<double>(s.size()) * static_cast<double>(n) > 1073741823.0)
    return Status::Error("54000", "requested length too large");
  std::string r;
  r.reserve(s.size() * static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) r.append(s);
  return Ok(out, Text(std::move(r)));
}

Status Reverse(FunctionCallContext&, const Value* a, size_t, Value* out) {
  auto chars = Chars(Str(a[0]));
  std::string r;
  for (auto it = chars.rbegin(); it != chars.rend(); ++it) r.append(*it);
  return Ok(out, Text(std::move(r)));
}

Status SplitPart(FunctionCallContext&, const Value* a, size_t, Value* out) {
  const std::string& s = Str(a[0]);
  const std::string& delim = Str(a[1]);
  int64_t field = a[2].as_int();
  if (field == 0) return Status::Error("22023", "field position must not be zero");
  std::vector<std::string> parts;
  if (delim.empty()) {
    parts.push_back(s);
  } else {
    size_t pos = 0;
    for (size_t hit; (hit = s.find(delim, pos)) != std::string::npos; pos = hit + delim.size())
      parts.push_back(s.substr(pos, hit - pos));
    parts.push_back(s.substr(pos));
  }
  if (s.empty()) parts.clear();
  int64_t count = static_cast<int64_t>(parts.size());
  int64_t index = field > 0 ? field - 1 : count + field;
  if (index < 0 || index >= count) return Ok(out, Text(""));
  return Ok(out, Text(parts[static_cast<size_t>(index)]));
}

Status Md5(FunctionCallContext&, const Value* a, size_t, Value* out) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const std::string& s = Str(a[0]);
  if (EVP_Digest(s.data(), s.size(), digest, &len, EVP_md5(), nullptr) != 1)
    return Status::Error("XX000", "could not compute MD5 hash");
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex.append(buf);
  }
  return Ok(out, Text(std::move(hex)));
}

// The text form of argument i as concat() sees it (its output function).
std::string ArgText(FunctionCallContext& ctx, const Value* a, size_t i) {
  Oid type = ctx.arg_types != nullptr ? ctx.arg_types[i] : kText;
  return OutputText(type, a[i], ctx.io);
}

Status Concat(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  std::string r;
  for (size_t i = 0; i < n; ++i)
    if (!a[i].is_null()) r.append(ArgText(ctx, a, i));
  return Ok(out, Text(std::move(r)));
}

Status ConcatWs(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  if (n == 0 || a[0].is_null()) return Ok(out, Value::Null());
  std::string r;
  bool first = true;
  for (size_t i = 1; i < n; ++i) {
    if (a[i].is_null()) continue;
    if (!first) r.append(Str(a[0]));
    r.append(ArgText(ctx, a, i));
    first = false;
  }
  return Ok(out, Text(std::move(r)));
}

// text || anynonarray and anynonarray || text: the other side in its text form.
Status TextAnyCat(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  std::string s;
  for (int i = 0; i < 2; i++) {
    Oid t = ctx.arg_types ? ctx.arg_types[i] : oids::kText;
    if (t == oids::kText || t == oids::kVarchar || t == oids::kBpchar || t == oids::kName) s += a[i].as_bytes();
    else OutputText(t, a[i], ctx.io, &s);
  }
  *out = Value::Bytes(std::move(s));
  return Status::OK();
}

Status TextConcat(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Text(Str(a[0]) + Str(a[1])));
}

// Array concatenation works on the encoded payload, so it needs no element type.
// array_append / array_prepend add one element, so they take no multidimensional array.
Status OneDimensional(const Value& array) {
  if (DecodeArrayShape(array.as_bytes()).ndims() > 1)
    return Status::Error("22000", "argument must be empty or one-dimensional array");
  return Status::OK();
}

Status ArrayCat(FunctionCallContext&, const Value* a, size_t, Value* out) {
  // Multidimensional operands keep their shape (array_more_functions.cc).
  if (DecodeArrayShape(Str(a[0])).ndims() > 1 || DecodeArrayShape(Str(a[1])).ndims() > 1) {
    PLINTH_ASSIGN_OR_RETURN(*out, ConcatArrays(a[0], a[1]));
    return Status::OK();
  }
  ArrayData x = DecodeArray(Str(a[0])), y = DecodeArray(Str(a[1]));
  if (x.elements.empty()) return Ok(out, a[1]);
  x.elements.insert(x.elements.end(), y.elements.begin(), y.elements.end());
  return Ok(out, MakeArrayValue(x));
}
Status ArrayAppend(FunctionCallContext&, const Value* a, size_t, Value* out) {
  if (a[0].is_null()) return Ok(out, MakeArrayValue(ArrayData{1, {a[1]}}));
  PLINTH_RETURN_IF_ERROR(OneDimensional(a[0]));
  ArrayData x = DecodeArray(Str(a[0]));
  x.elements.push_back(a[1]);
  return Ok(out, MakeArrayValue(x));
}
Status ArrayPrepend(FunctionCallContext&, const Value* a, size_t, Value* out) {
  if (a[1].is_null()) return Ok(out, MakeArrayValue(ArrayData{1, {a[0]}}));
  PLINTH_RETURN_IF_ERROR(OneDimensional(a[1]));
  ArrayData x = DecodeArray(Str(a[1]));
  x.elements.insert(x.elements.begin(), a[0]);
  x.lower_bound = 1;
  return Ok(out, MakeArrayValue(x));
}
Status ArrayCatNullable(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  if (a[0].is_null()) return Ok(out, a[1]);
  if (a[1].is_null()) return Ok(out, a[0]);
  return ArrayCat(ctx, a, n, out);
}

}  // namespace

void RegisterStrings(Registry& r) {
  using oids::kAnyArray;
  using oids::kAnyElement;
  using oids::kBytea;
  for (const char* name : {"length", "char_length", "character_length"})
    r.Add({name, {kText}, kInt4, true, false, false, &Length});
  r.Add({"length", {kBytea}, kInt4, true, false, false, &OctetLength});
  r.Add({"octet_length", {kText}, kInt4, true, false, false, &OctetLength});
  r.Add({"octet_length", {kBytea}, kInt4, true, false, false, &OctetLength});
  // char(n) counts its padding (the text cast would strip it), as in PostgreSQL.
  r.Add({"octet_length", {oids::kBpchar}, kInt4, true, false, false, &OctetLength});
  r.Add({"lower", {kText}, kText, true, false, false, &ChangeCase<false>});
  r.Add({"upper", {kText}, kText, true, false, false, &ChangeCase<true>});
  r.Add({"initcap", {kText}, kText, true, false, false, &Initcap});
  for (const char* name : {"substr", "substring"}) {
    r.Add({name, {kText, kInt4}, kText, true, false, false, &Substr});
    r.Add({name, {kText, kInt4, kInt4}, kText, true, false, false, &Substr});
  }
  r.Add({"strpos", {kText, kText}, kInt4, true, false, false, &Strpos});
  r.Add({"position", {kText, kText}, kInt4, true, false, false, &Strpos});  // position(string, substring)
  r.Add({"replace", {kText, kText, kText}, kText, true, false, false, &Replace});
  r.Add({"btrim", {kText}, kText, true, false, false, &Trim<true, true>});
  r.Add({"btrim", {kText, kText}, kText, true, false, false, &Trim<true, true>});
  r.Add({"ltrim", {kText}, kText, true, false, false, &Trim<true, false>});
  r.Add({"ltrim", {kText, kText}, kText, true, false, false, &Trim<true, false>});
  r.Add({"rtrim", {kText}, kText, true, false, false, &Trim<false, true>});
  r.Add({"rtrim", {kText, kText}, kText, true, false, false, &Trim<false, true>});
  r.Add({"lpad", {kText, kInt4}, kText, true, false, false, &Pad<true>});
  r.Add({"lpad", {kText, kInt4, kText}, kText, true, false, false, &Pad<true>});
  r.Add({"rpad", {kText, kInt4}, kText, true, false, false, &Pad<false>});
  r.Add({"rpad", {kText, kInt4, kText}, kText, true, false, false, &Pad<false>});
  r.Add({"left", {kText, kInt4}, kText, true, false, false, &LeftRight<true>});
  r.Add({"right", {kText, kInt4}, kText, true, false, false, &LeftRight<false>});
  r.Add({"repeat", {kText, kInt4}, kText, true, false, false, &Repeat});
  r.Add({"reverse", {kText}, kText, true, false, false, &Reverse});
  r.Add({"split_part", {kText, kText, kInt4}, kText, true, false, false, &SplitPart});
  r.Add({"md5", {kText}, kText, true, false, false, &Md5});
  r.Add({"md5", {kBytea}, kText, true, false, false, &Md5});
  r.Add({"concat", {}, kText, false, false, true, &Concat});
  r.Add({"concat_ws", {kText}, kText, false, false, true, &ConcatWs});
  r.Add({"||", {kText, kText}, kText, true, false, false, &TextConcat});
  r.Add({"||", {kBytea, kBytea}, kBytea, true, false, false, &TextConcat});
  // text || anynonarray first: an unknown literal beside a non-array ('n=' || 42) is
  // text, which wins PostgreSQL's resolution over reading the literal as an array.
  r.Add({"||", {kText, kAnyElement}, kText, true, false, false, &TextAnyCat});
  r.Add({"||", {kAnyElement, kText}, kText, true, false, false, &TextAnyCat});
  r.Add({"||", {kAnyArray, kAnyArray}, kAnyArray, false, false, false, &ArrayCatNullable});
  r.Add({"||", {kAnyArray, kAnyElement}, kAnyArray, false, false, false, &ArrayAppend});
  r.Add({"||", {kAnyElement, kAnyArray}, kAnyArray, false, false, false, &ArrayPrepend});
  r.Add({"array_cat", {kAnyArray, kAnyArray}, kAnyArray, false, false, false, &ArrayCatNullable});
  r.Add({"array_append", {kAnyArray, kAnyElement}, kAnyArray, false, false, false, &ArrayAppend});
  r.Add({"array_prepend", {kAnyElement, kAnyArray}, kAnyArray, false, false, false, &ArrayPrepend});
}

}  // namespace plinth::functions
