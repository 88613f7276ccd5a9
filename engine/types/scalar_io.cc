// Text I/O of the scalar types that need no calendar or JSON: integers, floats,
// booleans, bytea, uuid.
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/types/io_internal.h"

namespace plinth::io {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

Status InvalidSyntax(Oid type, std::string_view text) {
  return Status::Error("22P02", std::string("invalid input syntax for type ") +
                                    TypeLabelForErrors(type) + ": \"" + std::string(text) + "\"");
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const char* TypeLabelForErrors(Oid type) {
  switch (type) {
    case oids::kInt2: return "smallint";
    case oids::kInt4: return "integer";
    case oids::kInt8: return "bigint";
    case oids::kOid: return "oid";
    case oids::kFloat4: return "real";
    case oids::kFloat8: return "double precision";
    case oids::kBool: return "boolean";
    case oids::kNumeric: return "numeric";
    case oids::kUuid: return "uuid";
    case oids::kBytea: return "bytea";
    case oids::kJson: return "json";
    case oids::kJsonb: return "json";  // PG reports jsonb syntax errors as "type json"
    default: {
      const TypeInfo* t = LookupType(type);
      return t ? t->typname : "unknown";
    }
  }
}

Result<int64_t> ParseInteger(std::string_view text, Oid type) {
  std::string_view s = Trim(text);
  bool negative = false;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  if (i == s.size()) return InvalidSyntax(type, text);
  // Accumulate as a negative number so INT64_MIN parses without overflow.
  int64_t acc = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return InvalidSyntax(type, text);
    if (!overflow) {
      if (acc < (INT64_MIN + (c - '0')) / 10) overflow = true;
      else acc = acc * 10 - (c - '0');
    }
  }
  int64_t min, max;
  switch (type) {
    case oids::kInt2: min = INT16_MIN; max = INT16_MAX; break;
    case oids::kInt4: min = INT32_MIN; max = INT32_MAX; break;
    case oids::kOid: min = INT32_MIN; max = UINT32_MAX; break;  // oidin accepts negatives
    default: min = INT64_MIN; max = INT64_MAX; break;
  }
  if (!negative && acc == INT64_MIN) overflow = true;
  int64_t v = overflow ? 0 : negative ? acc : -acc;
  if (overflow || v < min || v > max)
    return Status::Error("22003", "value \"" + std::string(text) + "\" is out of range for type " +
                                      TypeLabelForErrors(type));
  if (type == oids::kOid && v < 0) v = static_cast<uint32_t>(static_cast<int32_t>(v));
  return v;
}

Result<double> ParseFloat(std::string_view text, Oid type) {
  std::string s(Trim(text));
  if (s.empty()) return InvalidSyntax(type, text);
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::string_view body = lower;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') { negative = body[0] == '-'; body.remove_prefix(1); }
  if (body == "nan" && lower[0] != '+' && lower[0] != '-') return std::nan("");
  if (body == "infinity" || body == "inf") return negative ? -HUGE_VAL : HUGE_VAL;
  errno = 0;
  char* end = nullptr;
  double v = type == oids::kFloat4 ? std::strtof(s.c_str(), &end) : std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || body.find_first_of("xp") != std::string_view::npos ||
      body.find("nan") != std::string_view::npos || body.find("inf") != std::string_view::npos)
    return InvalidSyntax(type, text);
  if (errno == ERANGE && (v == 0 || std::isinf(v)))
    return Status::Error("22003", "\"" + std::string(text) + "\" is out of range for type " +
                                      TypeLabelForErrors(type));
  return v;
}

void FormatFloat(double v, Oid type, int extra_float_digits, std::string* out) {
  if (std::isnan(v)) { out->append("NaN"); return; }
  if (std::isinf(v)) { out->append(v < 0 ? "-Infinity" : "Infinity"); return; }
  char buf[64];
  bool is_float4 = type == oids::kFloat4;
  if (extra_float_digits <= 0) {
    int digits = (is_float4 ? 6 : 15) + extra_float_digits;
    std::snprintf(buf, sizeof buf, "%.*g", digits < 1 ? 1 : digits, v);
    out->append(buf);
    return;
  }
  // Shortest round-trip digits, laid out as PostgreSQL's Ryu-based output: fixed
  // notation for decimal exponents in [-4, 15) (float4: [-4, 6)), else d.ddde+XX.
  auto res = is_float4 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(v), std::chars_format::scientific)
                       : std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  bool negative = sci[0] == '-';
  if (negative) sci.remove_prefix(1);
  size_t epos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, epos))
    if (c != '.') digits.push_back(c);
  int exponent = std::atoi(std::string(sci.substr(epos + 1)).c_str());
  if (negative) out->push_back('-');
  int fixed_limit = is_float4 ? 6 : 15;
  if (exponent >= -4 && exponent < fixed_limit) {
    if (exponent < 0) {
      out->append("0.");
      out->append(static_cast<size_t>(-exponent - 1), '0');
      out->append(digits);
    } else if (static_cast<int>(digits.size()) <= exponent + 1) {
      out->append(digits);
      out->append(static_cast<size_t>(exponent + 1 - digits.size()), '0');
    } else {
      out->append(digits.substr(0, exponent + 1));
      out->push_back('.');
      out->append(digits.substr(exponent + 1));
    }
    return;
  }
  out->push_back(digits[0]);
  if (digits.size() > 1) {
    out->push_back('.');
    out->append(digits.substr(1));
  }
  std::snprintf(buf, sizeof buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
  out->append(buf);
}

Result<bool> ParseBool(std::string_view text) {
  std::string_view s = Trim(text);
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto prefix_of = [&](std::string_view word, size_t min_len) {
    return lower.size() >= min_len && lower.size() <= word.size() && word.substr(0, lower.size()) == lower;
  };
  if (prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2) || lower == "1") return true;
  if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || lower == "0") return false;
  return InvalidSyntax(oids::kBool, text);
}

Result<std::string> ParseBytea(std::string_view text) {
  std::string out;
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') {
    for (size_t i = 2; i < text.size();) {
      if (IsSpace(text[i])) { ++i; continue; }
      int hi = HexValue(text[i]);
      if (hi < 0)
        return Status::Error("22023", "invalid hexadecimal digit: \"" + std::string(1, text[i]) + "\"");
      if (i + 1 >= text.size() || IsSpace(text[i + 1]))
        return Status::Error("22023", "invalid hexadecimal data: odd number of digits");
      if (HexValue(text[i + 1]) < 0)
        return Status::Error("22023", "invalid hexadecimal digit: \"" + std::string(1, text[i + 1]) + "\"");
      out.push_back(static_cast<char>(hi * 16 + HexValue(text[i + 1])));
      i += 2;
    }
    return out;
  }
  // Escape format: \\ and \ooo octal; anything else after a backslash is an error.
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') { out.push_back(text[i]); continue; }
    if (i + 1 < text.size() && text[i + 1] == '\\') { out.push_back('\\'); ++i; continue; }
    if (i + 3 < text.size() + 0 && text[i + 1] >= '0' && text[i + 1] <= '3' && text[i + 2] >= '0' &&
        text[i + 2] <= '7' && text[i + 3] >= '0' && text[i + 3] <= '7') {
      out.push_back(static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0')));
      i += 3;
      continue;
    }
    return Status::Error("22P02", "invalid input syntax for type bytea");
  }
  return out;
}

void FormatBytea(std::string_view bytes, bool hex, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  if (hex) {
    out->append("\\x");
    for (unsigned char c : bytes) {
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    }
    return;
  }
  for (unsigned char c : bytes) {
    if (c == '\\') out->append("\\\\");
    else if (c < 0x20 || c > 0x7e) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out->append(buf);
    } else out->push_back(static_cast<char>(c));
  }
}

Result<std::string> ParseUuid(std::string_view text) {
  // PG accepts 32 hex digits, optionally in braces, with a hyphen allowed after
  // any group of four digits.
  std::string_view s = text;
  bool braces = !s.empty() && s[0] == '{';
  if (braces) {
    if (s.back() != '}') return InvalidSyntax(oids::kUuid, text);
    s = s.substr(1, s.size() - 2);
  }
  std::string out;
  size_t digits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '-' && digits > 0 && digits % 4 == 0 && digits < 32 && i + 1 < s.size() && s[i + 1] != '-')
      continue;
    int hi = HexValue(s[i]);
    if (hi < 0 || i + 1 >= s.size()) return InvalidSyntax(oids::kUuid, text);
    int lo = HexValue(s[i + 1]);
    if (lo < 0) return InvalidSyntax(oids::kUuid, text);
    out.push_back(static_cast<char>(hi * 16 + lo));
    digits += 2;
    ++i;
  }
  if (digits != 32) return InvalidSyntax(oids::kUuid, text);
  return out;
}

void FormatUuid(std::string_view bytes, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out->push_back('-');
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
}

size_t CharLength(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

size_t CharOffset(std::string_view s, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == n) return i;
      ++count;
    }
  }
  return s.size();
}

}  // namespace plinth::io
