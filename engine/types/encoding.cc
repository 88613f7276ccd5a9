#include "engine/types/encoding.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "engine/types/utf8.h"

namespace plinth::encoding {
namespace {

// The length a UTF-8 sequence claims by its first byte (PostgreSQL's pg_utf_mblen):
// a stray continuation byte or an invalid lead counts as one byte.
size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xe0) == 0xc0) return 2;
  if ((lead & 0xf0) == 0xe0) return 3;
  if ((lead & 0xf8) == 0xf0) return 4;
  return 1;
}

// Whether the n bytes at s form one well-formed UTF-8 character: shortest form only, no
// UTF-16 surrogates, nothing past U+10FFFF (RFC 3629's table).
bool IsLegalUtf8(const unsigned char* s, size_t n) {
  auto continuation = [](unsigned char b) { return b >= 0x80 && b <= 0xbf; };
  switch (n) {
    case 1: return s[0] < 0x80;
    case 2: return s[0] >= 0xc2 && s[0] <= 0xdf && continuation(s[1]);
    case 3: {
      unsigned char lo = s[0] == 0xe0 ? 0xa0 : 0x80;
      unsigned char hi = s[0] == 0xed ? 0x9f : 0xbf;
      return s[1] >= lo && s[1] <= hi && continuation(s[2]);
    }
    case 4: {
      if (s[0] > 0xf4) return false;
      unsigned char lo = s[0] == 0xf0 ? 0x90 : 0x80;
      unsigned char hi = s[0] == 0xf4 ? 0x8f : 0xbf;
      return s[1] >= lo && s[1] <= hi && continuation(s[2]) && continuation(s[3]);
    }
    default: return false;
  }
}

// "0xc3 0x28": at most 8 bytes of the offending character, as PostgreSQL prints them.
std::string ByteList(std::string_view s, size_t at, size_t length) {
  std::string out;
  size_t end = std::min({s.size(), at + length, at + 8});
  for (size_t i = at; i < end; ++i) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(s[i]));
    if (!out.empty()) out.push_back(' ');
    out += hex;
  }
  return out;
}

Status InvalidSequence(Encoding e, std::string_view s, size_t at, size_t length) {
  return Status::Error("22021", std::string("invalid byte sequence for encoding \"") + Name(e) +
                                    "\": " + ByteList(s, at, length));
}

// Decodes one verified UTF-8 character of n bytes.
uint32_t DecodeUtf8(const unsigned char* s, size_t n) {
  if (n == 1) return s[0];
  uint32_t cp = s[0] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
  for (size_t i = 1; i < n; ++i) cp = (cp << 6) | (s[i] & 0x3f);
  return cp;
}

Result<std::string> Utf8ToLatin1(std::string_view s) {
  std::string out;
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(bytes[i]);
    uint32_t cp = DecodeUtf8(bytes + i, n);
    if (cp > 0xff)
      return Status::Error("22P05", "character with byte sequence " + ByteList(s, i, n) +
                                        " in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\"");
    out.push_back(static_cast<char>(cp));
    i += n;
  }
  return out;
}

std::string Latin1ToUtf8(std::string_view s) {
  std::string out;
  for (char c : s) AppendUtf8(static_cast<unsigned char>(c), &out);
  return out;
}

}  // namespace

const char* Name(Encoding e) {
  switch (e) {
    case Encoding::kSqlAscii: return "SQL_ASCII";
    case Encoding::kUtf8: return "UTF8";
    case Encoding::kLatin1: return "LATIN1";
  }
  return "SQL_ASCII";
}

std::optional<Encoding> FromName(std::string_view name) {
  std::string key;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c))) key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (key == "utf8" || key == "unicode") return Encoding::kUtf8;
  if (key == "sqlascii") return Encoding::kSqlAscii;
  if (key == "latin1" || key == "iso88591") return Encoding::kLatin1;
  return std::nullopt;
}

Status Verify(Encoding e, std::string_view s) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    // NUL is invalid in every encoding: text values cannot hold it.
    if (bytes[i] == 0) return InvalidSequence(e, s, i, 1);
    if (e != Encoding::kUtf8 || bytes[i] < 0x80) {
      ++i;
      continue;
    }
    size_t n = Utf8SequenceLength(bytes[i]);
    if (n > s.size() - i || !IsLegalUtf8(bytes + i, n)) return InvalidSequence(e, s, i, n);
    i += n;
  }
  return Status::OK();
}

Result<std::string> Convert(std::string_view s, Encoding from, Encoding to) {
  PLINTH_RETURN_IF_ERROR(Verify(from, s));
  if (from == to || to == Encoding::kSqlAscii) return std::string(s);
  if (from == Encoding::kSqlAscii) {
    // Nothing to convert, but the bytes must be valid in the target.
    PLINTH_RETURN_IF_ERROR(Verify(to, s));
    return std::string(s);
  }
  if (from == Encoding::kLatin1) return Latin1ToUtf8(s);  // to is UTF8
  return Utf8ToLatin1(s);                                  // from UTF8 to LATIN1
}

}  // namespace plinth::encoding
