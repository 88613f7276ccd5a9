#include "engine/functions/base64.h"

#include <sodium.h>

#include <cstring>

namespace plinth::functions {
namespace {

constexpr size_t kLineLength = 76;
constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;

bool IsBase64Whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsBase64Symbol(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// The whole (UTF-8) character starting at s[i], for error messages.
std::string_view CharacterAt(std::string_view s, size_t i) {
  auto lead = static_cast<unsigned char>(s[i]);
  size_t n = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 1;
  return s.substr(i, n);
}

Status Base64Error(std::string message) { return Status::Error("22023", std::move(message)); }

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  encoded.resize(std::strlen(encoded.c_str()));
  // PostgreSQL breaks the line once it holds 76 characters, checked after each input
  // byte: so a full last line gets its newline only when no padded group ends it.
  std::string out;
  out.reserve(encoded.size() + encoded.size() / kLineLength);
  for (size_t at = 0; at < encoded.size(); at += kLineLength) {
    std::string_view line = std::string_view(encoded).substr(at, kLineLength);
    out.append(line);
    bool last = at + kLineLength >= encoded.size();
    if (line.size() == kLineLength && (!last || bytes.size() % 3 == 0)) out.push_back('\n');
  }
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  // First PostgreSQL's framing: which characters count, where '=' may stand, and how
  // many bytes each group of four yields (3 until a '=' is seen, then 1 or 2).
  std::string groups;        // the symbols, '=' read as 'A' (zero bits)
  std::string keep;          // bytes kept of each group
  int pad_keep = 0;          // 0: no '=' yet
  int in_group = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (IsBase64Whitespace(c)) continue;
    if (c == '=') {
      if (pad_keep == 0) {
        if (in_group == 2) pad_keep = 1;
        else if (in_group == 3) pad_keep = 2;
        else return Base64Error("unexpected \"=\" while decoding base64 sequence");
      }
      c = 'A';
    } else if (!IsBase64Symbol(c)) {
      return Base64Error("invalid symbol \"" + std::string(CharacterAt(text, i)) +
                         "\" found while decoding base64 sequence");
    }
    groups.push_back(c);
    if (++in_group == 4) {
      keep.push_back(static_cast<char>(pad_keep == 0 ? 3 : pad_keep));
      in_group = 0;
    }
  }
  if (in_group != 0)
    return Base64Error("invalid base64 end sequence")
        .with_hint("Input data is missing padding, is truncated, or is otherwise corrupted.");

  // Then the alphabet, by libsodium: whole groups without padding, three bytes each.
  std::string decoded(groups.size() / 4 * 3, '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), groups.data(),
                        groups.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0)
    return Status::Error("XX000", "base64 decoding failed");
  std::string out;
  out.reserve(length);
  for (size_t g = 0; g < keep.size(); ++g) out.append(decoded, g * 3, static_cast<size_t>(keep[g]));
  return out;
}

}  // namespace plinth::functions
