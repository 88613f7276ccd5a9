// to_char(number, format): PostgreSQL's numeric templates — 9 and 0 digit positions,
// . / D and , / G separators, FM (fill mode: no padding), S / MI / PL / SG / PR sign
// placement. A value too wide for the template prints as '#' in every digit position.
#include "engine/functions/registry.h"
#include "engine/types/numeric.h"

namespace plinth::functions {
namespace {

struct Template {
  bool fill_mode = false;      // FM
  bool explicit_sign = false;  // S, MI, PL, SG or PR present
  int int_digits = 0;          // digit positions before the decimal point
  int frac_digits = 0;         // after it
};

bool StartsWithCi(std::string_view s, size_t i, std::string_view word) {
  if (i + word.size() > s.size()) return false;
  for (size_t k = 0; k < word.size(); ++k)
    if (std::toupper(static_cast<unsigned char>(s[i + k])) != word[k]) return false;
  return true;
}

Template Scan(std::string_view f) {
  Template t;
  bool after_point = false;
  for (size_t i = 0; i < f.size(); ++i) {
    char c = f[i];
    if (StartsWithCi(f, i, "FM")) { t.fill_mode = true; ++i; continue; }
    if (StartsWithCi(f, i, "MI") || StartsWithCi(f, i, "PL") || StartsWithCi(f, i, "SG") ||
        StartsWithCi(f, i, "PR")) { t.explicit_sign = true; ++i; continue; }
    if (c == 'S' || c == 's') { t.explicit_sign = true; continue; }
    if (c == '9' || c == '0') (after_point ? t.frac_digits : t.int_digits)++;
    if (c == '.' || c == 'D' || c == 'd') after_point = true;
  }
  return t;
}

Result<std::string> FormatNumber(const Numeric& value, std::string_view f) {
  Template t = Scan(f);
  if (!value.is_finite()) return std::string(static_cast<size_t>(t.int_digits + t.frac_digits + 1), '#');
  Numeric rounded = value.Rounded(t.frac_digits);
  bool negative = rounded.sign() < 0;
  std::string digits = rounded.Abs().ToString();  // "12345.68" or "0.50"
  size_t point = digits.find('.');
  std::string int_part = digits.substr(0, point);
  std::string frac_part = point == std::string::npos ? "" : digits.substr(point + 1);
  if (int_part == "0") int_part.clear();
  frac_part.resize(static_cast<size_t>(t.frac_digits), '0');
  bool overflow = static_cast<int>(int_part.size()) > t.int_digits;

  // In fill mode, trailing zero digits in '9' positions of the fraction are dropped.
  int frac_keep = t.frac_digits;
  if (t.fill_mode) {
    std::vector<char> frac_codes;
    bool after_point = false;
    for (char c : f) {
      if (c == '.' || c == 'D' || c == 'd') after_point = true;
      else if (after_point && (c == '9' || c == '0')) frac_codes.push_back(c);
    }
    while (frac_keep > 0 && frac_codes[static_cast<size_t>(frac_keep - 1)] == '9' &&
           frac_part[static_cast<size_t>(frac_keep - 1)] == '0')
      --frac_keep;
  }

  std::string auto_sign = t.explicit_sign ? "" : negative ? "-" : t.fill_mode ? "" : " ";
  std::string out;
  bool started = false;  // a digit (or the point) of the number has been written
  auto start = [&] {
    if (!started) out += auto_sign;
    started = true;
  };
  int int_pos = 0, frac_pos = 0;
  bool after_point = false;
  for (size_t i = 0; i < f.size(); ++i) {
    char c = f[i];
    if (StartsWithCi(f, i, "FM")) { ++i; continue; }
    if (StartsWithCi(f, i, "MI")) { out += negative ? "-" : t.fill_mode ? "" : " "; ++i; continue; }
    if (StartsWithCi(f, i, "PL")) { out += negative ? "" : "+"; ++i; continue; }
    if (StartsWithCi(f, i, "SG")) { out += negative ? "-" : "+"; ++i; continue; }
    if (StartsWithCi(f, i, "PR")) { ++i; continue; }  // handled around the whole result
    if (c == 'S' || c == 's') { out += negative ? "-" : "+"; continue; }
    if ((c == '9' || c == '0') && !after_point) {
      int remaining = t.int_digits - int_pos;  // positions from here to the point, inclusive
      ++int_pos;
      if (overflow) {  // every digit position shows '#', after the sign's slot
        start();
        out += '#';
        continue;
      }
      if (remaining <= static_cast<int>(int_part.size())) {
        start();
        out += int_part[int_part.size() - static_cast<size_t>(remaining)];
      } else if (c == '0' || started) {
        start();
        out += '0';
      } else if (!t.fill_mode) {
        out += ' ';
      }
      continue;
    }
    if ((c == '9' || c == '0') && after_point) {
      ++frac_pos;
      if (overflow) { out += '#'; continue; }
      if (frac_pos <= frac_keep) out += frac_part[static_cast<size_t>(frac_pos - 1)];
      continue;
    }
    if (c == '.' || c == 'D' || c == 'd') {
      after_point = true;
      if (overflow) { out += '.'; continue; }
      start();
      out += '.';
      continue;
    }
    if (c == ',' || c == 'G' || c == 'g') {
      if (started || overflow) out += ',';
      else if (!t.fill_mode) out += ' ';
      continue;
    }
    if (c == '"') {  // quoted literal text
      for (++i; i < f.size() && f[i] != '"'; ++i) out += f[i];
      continue;
    }
    out += c;
  }
  if (!started && !overflow) start();
  bool angle = false;
  for (size_t i = 0; i + 1 < f.size(); ++i) angle = angle || StartsWithCi(f, i, "PR");
  if (angle) out = negative ? "<" + out + ">" : t.fill_mode ? out : " " + out + " ";
  return out;
}

Status ToCharNumeric(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(Numeric n, Numeric::Parse(a[0].as_bytes()));
  PLINTH_ASSIGN_OR_RETURN(std::string s, FormatNumber(n, a[1].as_bytes()));
  return Ok(out, Value::Bytes(std::move(s)));
}
Status ToCharInt(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(std::string s, FormatNumber(Numeric::FromInt(a[0].as_int()), a[1].as_bytes()));
  return Ok(out, Value::Bytes(std::move(s)));
}
Status ToCharFloat(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(std::string s, FormatNumber(Numeric::FromDouble(a[0].as_float(), 15), a[1].as_bytes()));
  return Ok(out, Value::Bytes(std::move(s)));
}

}  // namespace

void RegisterNumberFormat(Registry& r) {
  using oids::kText;
  r.Add({"to_char", {oids::kInt4, kText}, kText, true, false, false, &ToCharInt});
  r.Add({"to_char", {oids::kInt8, kText}, kText, true, false, false, &ToCharInt});
  r.Add({"to_char", {oids::kFloat8, kText}, kText, true, false, false, &ToCharFloat});
  r.Add({"to_char", {oids::kNumeric, kText}, kText, true, false, false, &ToCharNumeric});
}

}  // namespace plinth::functions
