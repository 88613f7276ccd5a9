// More string functions: character codes (ascii, chr), to_hex, bit_length, translate,
// starts_with (^@), overlay, the SHA-2 digests and encode/decode. Positions and lengths
// count characters (UTF-8 code points), as PostgreSQL does in a UTF-8 database.
#include <openssl/evp.h>

#include <cstdio>

#include "engine/functions/base64.h"
#include "engine/functions/registry.h"
#include "engine/types/io_internal.h"
#include "engine/types/utf8.h"

namespace plinth::functions {
namespace {

using oids::kBytea;
using oids::kInt4;
using oids::kInt8;
using oids::kText;

Value Text(std::string s) { return Value::Bytes(std::move(s)); }

// The byte length of the UTF-8 sequence starting at s[i] (invalid bytes count as one).
size_t CharBytes(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  return std::min(len, s.size() - i);
}

std::vector<std::string_view> Chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size(); i += CharBytes(s, i)) out.push_back(s.substr(i, CharBytes(s, i)));
  return out;
}

// The code point of one UTF-8 character.
uint32_t CodePoint(std::string_view c) {
  unsigned char b0 = static_cast<unsigned char>(c[0]);
  if (c.size() == 1) return b0;
  uint32_t cp = b0 & (c.size() == 2 ? 0x1f : c.size() == 3 ? 0x0f : 0x07);
  for (size_t i = 1; i < c.size(); ++i) cp = (cp << 6) | (static_cast<unsigned char>(c[i]) & 0x3f);
  return cp;
}

Status Ascii(FunctionCallContext&, const Value* a, size_t, Value* out) {
  const std::string& s = a[0].as_bytes();
  if (s.empty()) return Ok(out, Value::Int(0));
  return Ok(out, Value::Int(CodePoint(std::string_view(s).substr(0, CharBytes(s, 0)))));
}

Status Chr(FunctionCallContext&, const Value* a, size_t, Value* out) {
  int64_t cp = a[0].as_int();
  if (cp == 0) return Status::Error("54000", "null character not permitted");
  if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return Status::Error("54000", "requested character too large for encoding: " + std::to_string(cp));
  std::string s;
  AppendUtf8(static_cast<uint32_t>(cp), &s);
  return Ok(out, Text(std::move(s)));
}

// to_hex of the two's-complement bits, as PostgreSQL prints negative numbers.
template <typename T>
Status ToHex(FunctionCallContext&, const Value* a, size_t, Value* out) {
  using U = std::make_unsigned_t<T>;
  U bits = static_cast<U>(static_cast<T>(a[0].as_int()));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(bits));
  return Ok(out, Text(buf));
}

Status BitLength(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Int(static_cast<int64_t>(a[0].as_bytes().size()) * 8));
}

// translate(s, from, to): each character of `from` becomes the character at the same
// place in `to`, or disappears when `to` is shorter.
Status Translate(FunctionCallContext&, const Value* a, size_t, Value* out) {
  auto from = Chars(a[1].as_bytes());
  auto to = Chars(a[2].as_bytes());
  std::string r;
  for (std::string_view c : Chars(a[0].as_bytes())) {
    size_t k = 0;
    while (k < from.size() && from[k] != c) ++k;
    if (k == from.size()) r.append(c);
    else if (k < to.size()) r.append(to[k]);
  }
  return Ok(out, Text(std::move(r)));
}

Status StartsWith(FunctionCallContext&, const Value* a, size_t, Value* out) {
  return Ok(out, Value::Bool(a[0].as_bytes().compare(0, a[1].as_bytes().size(), a[1].as_bytes()) == 0 &&
                             a[0].as_bytes().size() >= a[1].as_bytes().size()));
}

// overlay(s PLACING r FROM start [FOR count]) = substr(s, 1, start-1) || r || substr(s, start+count).
Status Overlay(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  auto chars = Chars(a[0].as_bytes());
  auto placing = Chars(a[1].as_bytes());
  int64_t start = a[2].as_int();
  int64_t count = n == 4 ? a[3].as_int() : static_cast<int64_t>(placing.size());
  if (start < 1) return Status::Error("22011", "negative substring length not allowed");
  if (count < 0) return Status::Error("22011", "negative substring length not allowed");
  std::string r;
  int64_t size = static_cast<int64_t>(chars.size());
  for (int64_t i = 0; i < std::min(start - 1, size); ++i) r.append(chars[static_cast<size_t>(i)]);
  r.append(a[1].as_bytes());
  for (int64_t i = start - 1 + count; i < size; ++i) r.append(chars[static_cast<size_t>(i)]);
  return Ok(out, Text(std::move(r)));
}

template <const EVP_MD* (*kDigest)()>
Status Sha(FunctionCallContext&, const Value* a, size_t, Value* out) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const std::string& s = a[0].as_bytes();
  if (EVP_Digest(s.data(), s.size(), digest, &len, kDigest(), nullptr) != 1)
    return Status::Error("XX000", "could not compute digest");
  return Ok(out, Value::Bytes(std::string(reinterpret_cast<char*>(digest), len)));
}

// encode(bytes, 'hex' | 'base64' | 'escape'), PostgreSQL's formats (base64 wraps at 76).
Status Encode(FunctionCallContext&, const Value* a, size_t, Value* out) {
  const std::string& s = a[0].as_bytes();
  const std::string& format = a[1].as_bytes();
  std::string r;
  if (format == "hex") {
    static const char kHex[] = "0123456789abcdef";
    for (unsigned char c : s) {
      r.push_back(kHex[c >> 4]);
      r.push_back(kHex[c & 15]);
    }
  } else if (format == "base64") {
    r = Base64Encode(s);
  } else if (format == "escape") {
    for (unsigned char c : s) {
      if (c == '\\') {
        r.append("\\\\");
      } else if (c == 0 || c >= 0x80) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\%03o", c);
        r.append(buf);
      } else {
        r.push_back(static_cast<char>(c));
      }
    }
  } else {
    return Status::Error("22023", "unrecognized encoding: \"" + format + "\"");
  }
  return Ok(out, Text(std::move(r)));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Status Decode(FunctionCallContext&, const Value* a, size_t, Value* out) {
  const std::string& s = a[0].as_bytes();
  const std::string& format = a[1].as_bytes();
  std::string r;
  if (format == "hex") {
    for (size_t i = 0; i < s.size();) {
      if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') { ++i; continue; }
      int hi = HexDigit(s[i]);
      if (hi < 0) return Status::Error("22023", std::string("invalid hexadecimal digit: \"") + s[i] + "\"");
      if (i + 1 >= s.size()) return Status::Error("22023", "invalid hexadecimal data: odd number of digits");
      int lo = HexDigit(s[i + 1]);
      if (lo < 0) return Status::Error("22023", std::string("invalid hexadecimal digit: \"") + s[i + 1] + "\"");
      r.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
  } else if (format == "base64") {
    PLINTH_ASSIGN_OR_RETURN(r, Base64Decode(s));
  } else if (format == "escape") {
    PLINTH_ASSIGN_OR_RETURN(Value v, InputText(kBytea, -1, s, IoContext{}));
    return Ok(out, std::move(v));
  } else {
    return Status::Error("22023", "unrecognized encoding: \"" + format + "\"");
  }
  return Ok(out, Value::Bytes(std::move(r)));
}

}  // namespace

void RegisterMoreStrings(Registry& r) {
  using oids::kBool;
  r.Add({"ascii", {kText}, kInt4, true, false, false, &Ascii});
  r.Add({"chr", {kInt4}, kText, true, false, false, &Chr});
  r.Add({"to_hex", {kInt4}, kText, true, false, false, &ToHex<int32_t>});
  r.Add({"to_hex", {kInt8}, kText, true, false, false, &ToHex<int64_t>});
  r.Add({"bit_length", {kText}, kInt4, true, false, false, &BitLength});
  r.Add({"bit_length", {kBytea}, kInt4, true, false, false, &BitLength});
  r.Add({"translate", {kText, kText, kText}, kText, true, false, false, &Translate});
  r.Add({"starts_with", {kText, kText}, kBool, true, false, false, &StartsWith});
  r.Add({"^@", {kText, kText}, kBool, true, false, false, &StartsWith});
  r.Add({"overlay", {kText, kText, kInt4}, kText, true, false, false, &Overlay});
  r.Add({"overlay", {kText, kText, kInt4, kInt4}, kText, true, false, false, &Overlay});
  r.Add({"sha224", {kBytea}, kBytea, true, false, false, &Sha<EVP_sha224>});
  r.Add({"sha256", {kBytea}, kBytea, true, false, false, &Sha<EVP_sha256>});
  r.Add({"sha384", {kBytea}, kBytea, true, false, false, &Sha<EVP_sha384>});
  r.Add({"sha512", {kBytea}, kBytea, true, false, false, &Sha<EVP_sha512>});
  r.Add({"encode", {kBytea, kText}, kText, true, false, false, &Encode});
  r.Add({"decode", {kText, kText}, kBytea, true, false, false, &Decode});
}

}  // namespace plinth::functions
