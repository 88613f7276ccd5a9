#include "engine/types/numeric.h"

namespace plinth {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int Rank(const DecimalText& d) {
  switch (d.kind) {
    case Numeric::Kind::NegInf: return 0;
    case Numeric::Kind::Finite: return 1;
    case Numeric::Kind::PosInf: return 2;
    case Numeric::Kind::NaN: return 3;
  }
  return 3;
}

// Compares absolute values of two finite decimals.
int CompareMagnitude(const DecimalText& a, const DecimalText& b) {
  if (a.int_digits.size() != b.int_digits.size()) return a.int_digits.size() < b.int_digits.size() ? -1 : 1;
  int c = a.int_digits.compare(b.int_digits);
  if (c != 0) return c < 0 ? -1 : 1;
  c = a.frac_digits.compare(b.frac_digits);  // trailing zeros stripped: plain string order works
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace

bool ParseDecimalText(std::string_view s, DecimalText* out) {
  *out = DecimalText();
  if (s == "NaN") { out->kind = Numeric::Kind::NaN; return true; }
  if (s == "Infinity") { out->kind = Numeric::Kind::PosInf; return true; }
  if (s == "-Infinity") { out->kind = Numeric::Kind::NegInf; return true; }
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view int_part = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (int_part.empty() || !AllDigits(int_part) || !AllDigits(frac) ||
      (dot != std::string_view::npos && frac.empty()))
    return false;
  while (!int_part.empty() && int_part.front() == '0') int_part.remove_prefix(1);
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  out->int_digits = int_part;
  out->frac_digits = frac;
  out->negative = negative && !out->is_zero();
  return true;
}

int CompareDecimalText(const DecimalText& a, const DecimalText& b) {
  int ra = Rank(a), rb = Rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra != 1) return 0;
  int sa = a.negative ? -1 : a.is_zero() ? 0 : 1;
  int sb = b.negative ? -1 : b.is_zero() ? 0 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  int m = CompareMagnitude(a, b);
  return sa < 0 ? -m : m;
}

}  // namespace plinth
