// Binary string (bytea) functions: get_byte/set_byte, get_bit/set_bit, substring and
// substr, position, overlay, btrim/ltrim/rtrim, and the encoding conversions convert_to,
// convert_from, convert and length(bytea, encoding). Positions and lengths count bytes;
// errors are PostgreSQL 15's.
#include <algorithm>
#include <climits>
#include <optional>
#include <string>
#include <string_view>

#include "engine/functions/registry.h"
#include "engine/types/encoding.h"

namespace plinth::functions {
namespace {

using oids::kBytea;
using oids::kInt4;
using oids::kInt8;
using oids::kName;
using oids::kText;

Status IndexOutOfRange(int64_t index, int64_t last) {
  return Status::Error("2202E", "index " + std::to_string(index) + " out of valid range, 0.." + std::to_string(last));
}

Status GetByte(FunctionCallContext&, const Value* a, size_t, Value* out) {
  const std::string& s = a[0].as_bytes();
  int64_t n = a[1].as_int();
  auto size = static_cast<int64_t>(s.size());
  if (n < 0 || n >= size) return IndexOutOfRange(n, size - 1);
  return Ok(out, Value::Int(static_cast<unsigned char>(s[static_cast<size_t>(n)])));
}

Status SetByte(FunctionCallContext&, const Value* a, size_t, Value* out) {
  std::string s = a[0].as_bytes();
  int64_t n = a[1].as_int();
  auto size = static_cast<int64_t>(s.size());
  if (n < 0 || n >= size) return IndexOutOfRange(n, size - 1);
  s[static_cast<size_t>(n)] = static_cast<char>(a[2].as_int());  // keeps the low 8 bits, as PG
  return Ok(out, Value::Bytes(std::move(s)));
}

// Bit n is bit n % 8 (least significant first) of byte n / 8.
Status GetBit(FunctionCallContext&, const Value* a, size_t, Value* out) {
  const std::string& s = a[0].as_bytes();
  int64_t n = a[1].as_int();
  auto bits = static_cast<int64_t>(s.size()) * 8;
  if (n < 0 || n >= bits) return IndexOutOfRange(n, bits - 1);
  auto byte = static_cast<unsigned char>(s[static_cast<size_t>(n / 8)]);
  return Ok(out, Value::Int((byte >> (n % 8)) & 1));
}

Status SetBit(FunctionCallContext&, const Value* a, size_t, Value* out) {
  std::string s = a[0].as_bytes();
  int64_t n = a[1].as_int();
  int64_t bit = a[2].as_int();
  auto bits = static_cast<int64_t>(s.size()) * 8;
  if (n < 0 || n >= bits) return IndexOutOfRange(n, bits - 1);
  if (bit != 0 && bit != 1) return Status::Error("22023", "new bit must be 0 or 1");
  auto& byte = s[static_cast<size_t>(n / 8)];
  auto mask = static_cast<unsigned char>(1u << (n % 8));
  byte = static_cast<char>(bit ? (static_cast<unsigned char>(byte) | mask) : (static_cast<unsigned char>(byte) & ~mask));
  return Ok(out, Value::Bytes(std::move(s)));
}

// SQL's substring(s FROM start [FOR count]) on bytes: positions before the first byte
// count towards `count` but yield nothing. count < 0 is 22011; no count means "to the end".
Result<std::string> ByteSubstring(std::string_view s, int64_t start, std::optional<int64_t> count) {
  int64_t end = static_cast<int64_t>(s.size()) + 1;
  if (count) {
    if (*count < 0) return Status::Error("22011", "negative substring length not allowed");
    end = std::min(end, start + *count);
  }
  int64_t from = std::max<int64_t>(start, 1);
  if (end <= from) return std::string();
  return std::string(s.substr(static_cast<size_t>(from - 1), static_cast<size_t>(end - from)));
}

Status Substring(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  std::optional<int64_t> count;
  if (n == 3) count = a[2].as_int();
  PLINTH_ASSIGN_OR_RETURN(std::string r, ByteSubstring(a[0].as_bytes(), a[1].as_int(), count));
  return Ok(out, Value::Bytes(std::move(r)));
}

// position(needle IN haystack), registered with the haystack first as PostgreSQL's
// byteapos; an empty needle is found at 1.
Status Position(FunctionCallContext&, const Value* a, size_t, Value* out) {
  size_t at = a[0].as_bytes().find(a[1].as_bytes());
  return Ok(out, Value::Int(at == std::string::npos ? 0 : static_cast<int64_t>(at) + 1));
}

// overlay(s PLACING p FROM start [FOR count]): s's bytes before start, p, and s's bytes
// from start + count on; count defaults to p's length.
Status Overlay(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  const std::string& s = a[0].as_bytes();
  const std::string& placing = a[1].as_bytes();
  int64_t start = a[2].as_int();
  int64_t count = n == 4 ? a[3].as_int() : static_cast<int64_t>(placing.size());
  int64_t resume = start + count;
  if (resume < INT32_MIN || resume > INT32_MAX) return OutOfRange("integer");
  PLINTH_ASSIGN_OR_RETURN(std::string head, ByteSubstring(s, 1, start - 1));
  PLINTH_ASSIGN_OR_RETURN(std::string tail, ByteSubstring(s, resume, std::nullopt));
  return Ok(out, Value::Bytes(head + placing + tail));
}

// btrim/ltrim/rtrim(bytes, set): drops bytes found in set from the chosen ends.
template <bool kLeft, bool kRight>
Status Trim(FunctionCallContext&, const Value* a, size_t, Value* out) {
  std::string_view s = a[0].as_bytes();
  std::string_view set = a[1].as_bytes();
  auto in_set = [&](char c) { return set.find(c) != std::string_view::npos; };
  if (kLeft)
    while (!s.empty() && in_set(s.front())) s.remove_prefix(1);
  if (kRight)
    while (!s.empty() && in_set(s.back())) s.remove_suffix(1);
  return Ok(out, Value::Bytes(s));
}

enum class NameRole { kSource, kDestination, kPlain };

Result<encoding::Encoding> EncodingArgument(const Value& name, NameRole role) {
  if (auto e = encoding::FromName(name.as_bytes())) return *e;
  const char* what = role == NameRole::kSource ? "invalid source encoding name" :
                     role == NameRole::kDestination ? "invalid destination encoding name" : "invalid encoding name";
  return Status::Error("22023", std::string(what) + " \"" + name.as_bytes() + "\"");
}

// convert_to(text, dest): the text (in the server encoding, UTF8) as bytes in dest.
Status ConvertTo(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(auto to, EncodingArgument(a[1], NameRole::kDestination));
  PLINTH_ASSIGN_OR_RETURN(std::string r, encoding::Convert(a[0].as_bytes(), encoding::Encoding::kUtf8, to));
  return Ok(out, Value::Bytes(std::move(r)));
}

// convert_from(bytes, source): bytes in source as text (UTF8).
Status ConvertFrom(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(auto from, EncodingArgument(a[1], NameRole::kSource));
  PLINTH_ASSIGN_OR_RETURN(std::string r, encoding::Convert(a[0].as_bytes(), from, encoding::Encoding::kUtf8));
  return Ok(out, Value::Bytes(std::move(r)));
}

Status ConvertBetween(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(auto from, EncodingArgument(a[1], NameRole::kSource));
  PLINTH_ASSIGN_OR_RETURN(auto to, EncodingArgument(a[2], NameRole::kDestination));
  PLINTH_ASSIGN_OR_RETURN(std::string r, encoding::Convert(a[0].as_bytes(), from, to));
  return Ok(out, Value::Bytes(std::move(r)));
}

// length(bytes, encoding): characters, after checking the bytes are valid there.
Status LengthInEncoding(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(auto e, EncodingArgument(a[1], NameRole::kPlain));
  const std::string& s = a[0].as_bytes();
  PLINTH_RETURN_IF_ERROR(encoding::Verify(e, s));
  if (e != encoding::Encoding::kUtf8) return Ok(out, Value::Int(static_cast<int64_t>(s.size())));
  // Verified UTF-8: every byte that is not a continuation byte starts a character.
  auto starts = std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; });
  return Ok(out, Value::Int(starts));
}

}  // namespace

void RegisterBytea(Registry& r) {
  r.Add({"get_byte", {kBytea, kInt4}, kInt4, true, false, false, &GetByte});
  r.Add({"set_byte", {kBytea, kInt4, kInt4}, kBytea, true, false, false, &SetByte});
  r.Add({"get_bit", {kBytea, kInt8}, kInt4, true, false, false, &GetBit});
  r.Add({"set_bit", {kBytea, kInt8, kInt4}, kBytea, true, false, false, &SetBit});
  for (const char* name : {"substring", "substr"}) {
    r.Add({name, {kBytea, kInt4}, kBytea, true, false, false, &Substring});
    r.Add({name, {kBytea, kInt4, kInt4}, kBytea, true, false, false, &Substring});
  }
  r.Add({"position", {kBytea, kBytea}, kInt4, true, false, false, &Position});
  r.Add({"overlay", {kBytea, kBytea, kInt4}, kBytea, true, false, false, &Overlay});
  r.Add({"overlay", {kBytea, kBytea, kInt4, kInt4}, kBytea, true, false, false, &Overlay});
  r.Add({"btrim", {kBytea, kBytea}, kBytea, true, false, false, &Trim<true, true>});
  r.Add({"ltrim", {kBytea, kBytea}, kBytea, true, false, false, &Trim<true, false>});
  r.Add({"rtrim", {kBytea, kBytea}, kBytea, true, false, false, &Trim<false, true>});
  r.Add({"convert_to", {kText, kName}, kBytea, true, false, false, &ConvertTo});
  r.Add({"convert_from", {kBytea, kName}, kText, true, false, false, &ConvertFrom});
  r.Add({"convert", {kBytea, kName, kName}, kBytea, true, false, false, &ConvertBetween});
  r.Add({"length", {kBytea, kName}, kInt4, true, false, false, &LengthInEncoding});
}

}  // namespace plinth::functions
