#include "engine/types/numeric.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "engine/types/typmod.h"

namespace plinth {
namespace {

constexpr int kMinSigDigits = 16;      // NUMERIC_MIN_SIG_DIGITS
constexpr int kMaxDisplayScale = 1000; // NUMERIC_MAX_DISPLAY_SCALE
constexpr int kMaxExponent = 1000000;  // guards 10^exp against absurd inputs

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

Status InvalidSyntax(std::string_view text) {
  return Status::Error("22P02",
                       "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
}

// Divides n by 10^k rounding half away from zero (k >= 0).
Numeric::Int DivRound(const Numeric::Int& n, const Numeric::Int& d) {
  Numeric::Int q, r;
  boost::multiprecision::divide_qr(n, d, q, r);  // truncates toward zero
  if (2 * abs(r) >= abs(d)) q += (n < 0) != (d < 0) ? -1 : 1;
  return q;
}

// Number of decimal digits in |n| (0 for n == 0).
int DigitCount(const Numeric::Int& n) {
  if (n == 0) return 0;
  return static_cast<int>(Numeric::Int(abs(n)).str().size());
}

}  // namespace

Numeric::Int Pow10(int n) {
  static const std::vector<Numeric::Int> small = [] {
    std::vector<Numeric::Int> v(64);
    v[0] = 1;
    for (size_t i = 1; i < v.size(); ++i) v[i] = v[i - 1] * 10;
    return v;
  }();
  if (n < static_cast<int>(small.size())) return small[n];
  return boost::multiprecision::pow(Numeric::Int(10), static_cast<unsigned>(n));
}

int Numeric::sign() const {
  switch (kind_) {
    case Kind::PosInf: return 1;
    case Kind::NegInf: return -1;
    case Kind::NaN: return 0;
    case Kind::Finite: break;
  }
  return unscaled_ < 0 ? -1 : unscaled_ > 0 ? 1 : 0;
}

Result<Numeric> Numeric::Parse(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  if (EqualsIgnoreCase(s, "nan")) return NaN();
  bool negative = false;
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (EqualsIgnoreCase(body, "infinity") || EqualsIgnoreCase(body, "inf"))
    return Infinity(negative);

  std::string digits;
  int fraction_digits = 0;
  bool seen_point = false, seen_digit = false;
  size_t i = 0;
  for (; i < body.size(); ++i) {
    char c = body[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
      seen_digit = true;
      if (seen_point) ++fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return InvalidSyntax(text);
  long exponent = 0;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) exp_negative = body[i++] == '-';
    if (i >= body.size() || body[i] < '0' || body[i] > '9') return InvalidSyntax(text);
    for (; i < body.size() && body[i] >= '0' && body[i] <= '9'; ++i) {
      exponent = exponent * 10 + (body[i] - '0');
      if (exponent > kMaxExponent)
        return Status::Error("22003", "value overflows numeric format");
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != body.size()) return InvalidSyntax(text);

  // cpp_int reads a leading 0 as an octal prefix: strip leading zeros first.
  size_t nonzero = digits.find_first_not_of('0');
  digits.erase(0, nonzero == std::string::npos ? digits.size() - 1 : nonzero);
  Int unscaled(digits);
  if (negative) unscaled = -unscaled;
  long scale = fraction_digits - exponent;
  {
    long integer_digits = static_cast<long>(digits.size()) - fraction_digits + exponent;
    if (scale > 16383 || integer_digits > 131072)
      return Status::Error("22003", "value overflows numeric format");
  }
  if (scale < 0) {
    unscaled *= Pow10(static_cast<int>(-scale));
    scale = 0;
  }
  return Numeric(std::move(unscaled), static_cast<int>(scale));
}

std::string Numeric::ToString() const {
  switch (kind_) {
    case Kind::NaN: return "NaN";
    case Kind::PosInf: return "Infinity";
    case Kind::NegInf: return "-Infinity";
    case Kind::Finite: break;
  }
  std::string digits = Int(abs(unscaled_)).str();
  std::string out = unscaled_ < 0 ? "-" : "";
  if (scale_ <= 0) return out + digits;
  if (static_cast<int>(digits.size()) <= scale_)
    digits.insert(0, static_cast<size_t>(scale_ - digits.size() + 1), '0');
  out += digits.substr(0, digits.size() - scale_);
  out += '.';
  out += digits.substr(digits.size() - scale_);
  return out;
}

Numeric Numeric::FromDouble(double v, int digits) {
  if (std::isnan(v)) return NaN();
  if (std::isinf(v)) return Infinity(v < 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return Parse(buf).take();
}

Result<int64_t> Numeric::ToInt64(const char* type_label, int64_t min, int64_t max) const {
  if (kind_ == Kind::NaN)
    return Status::Error("0A000", std::string("cannot convert NaN to ") + type_label);
  if (kind_ != Kind::Finite)
    return Status::Error("0A000", std::string("cannot convert infinity to ") + type_label);
  Int rounded = scale_ > 0 ? DivRound(unscaled_, Pow10(scale_)) : unscaled_;
  if (rounded < min || rounded > max)
    return Status::Error("22003", std::string(type_label) + " out of range");
  return static_cast<int64_t>(rounded);
}

double Numeric::ToDouble() const {
  switch (kind_) {
    case Kind::NaN: return std::nan("");
    case Kind::PosInf: return HUGE_VAL;
    case Kind::NegInf: return -HUGE_VAL;
    case Kind::Finite: break;
  }
  return std::strtod(ToString().c_str(), nullptr);
}

Numeric Numeric::Rounded(int scale) const {
  if (kind_ != Kind::Finite) return *this;
  int display = scale < 0 ? 0 : scale;
  if (scale >= scale_) return Numeric(unscaled_ * Pow10(display - scale_), display);
  Int q = DivRound(unscaled_, Pow10(scale_ - scale));
  if (scale < 0) q *= Pow10(-scale);
  return Numeric(std::move(q), display);
}

Numeric Numeric::Truncated(int scale) const {
  if (kind_ != Kind::Finite) return *this;
  int display = scale < 0 ? 0 : scale;
  if (scale >= scale_) return Numeric(unscaled_ * Pow10(display - scale_), display);
  Int q = unscaled_ / Pow10(scale_ - scale);  // cpp_int division truncates toward zero
  if (scale < 0) q *= Pow10(-scale);
  return Numeric(std::move(q), display);
}

Numeric Numeric::Floor() const {
  if (kind_ != Kind::Finite || scale_ <= 0) return kind_ == Kind::Finite ? Truncated(0) : *this;
  Int d = Pow10(scale_);
  Int q = unscaled_ / d;
  if (unscaled_ < 0 && q * d != unscaled_) q -= 1;
  return Numeric(std::move(q), 0);
}

Numeric Numeric::Ceil() const {
  if (kind_ != Kind::Finite || scale_ <= 0) return kind_ == Kind::Finite ? Truncated(0) : *this;
  Int d = Pow10(scale_);
  Int q = unscaled_ / d;
  if (unscaled_ > 0 && q * d != unscaled_) q += 1;
  return Numeric(std::move(q), 0);
}

Numeric Numeric::Abs() const {
  if (kind_ == Kind::NegInf) return Infinity(false);
  if (kind_ != Kind::Finite) return *this;
  return Numeric(abs(unscaled_), scale_);
}

Numeric Numeric::Negated() const {
  if (kind_ == Kind::PosInf) return Infinity(true);
  if (kind_ == Kind::NegInf) return Infinity(false);
  if (kind_ != Kind::Finite) return *this;
  return Numeric(-unscaled_, scale_);
}

Numeric Numeric::Normalized() const {
  if (kind_ != Kind::Finite) return *this;
  Int u = unscaled_;
  int s = scale_;
  while (s > 0 && u % 10 == 0) {
    u /= 10;
    --s;
  }
  if (u == 0) s = 0;
  return Numeric(std::move(u), s);
}

Result<Numeric> Numeric::ApplyTypmod(int32_t mod) const {
  if (!typmod::IsNumericTypmod(mod) || kind_ == Kind::NaN) return *this;
  int precision = typmod::NumericPrecision(mod);
  int scale = typmod::NumericScale(mod);
  if (kind_ != Kind::Finite)
    return Status::Error("22003", "numeric field overflow")
        .with_detail("A field with precision " + std::to_string(precision) + ", scale " +
                     std::to_string(scale) + " cannot hold an infinite value.");
  Numeric r = Rounded(scale);
  // Digits left of the point must fit in precision - scale.
  int integer_digits = DigitCount(r.unscaled_) - r.scale_;
  int allowed = precision - scale;
  if (r.unscaled_ != 0 && integer_digits > allowed) {
    Status st = Status::Error("22003", "numeric field overflow");
    st.with_detail("A field with precision " + std::to_string(precision) + ", scale " +
                   std::to_string(scale) + " must round to an absolute value less than " +
                   (allowed == 0 ? std::string("1") : "10^" + std::to_string(allowed)) + ".");
    return st;
  }
  return r;
}

void Numeric::LeadingGroup(int* weight, int* first_digit) const {
  *weight = 0;
  *first_digit = 0;
  if (kind_ != Kind::Finite || unscaled_ == 0) return;
  int e = DigitCount(unscaled_) - 1 - scale_;  // floor(log10 |x|)
  int w = e >= 0 ? e / 4 : -((-e + 3) / 4);     // floor(e / 4)
  int shift = scale_ + 4 * w;                   // |x| / 10000^w = |u| / 10^shift
  Int a = abs(unscaled_);
  Int group = shift >= 0 ? a / Pow10(shift) : a * Pow10(-shift);
  *weight = w;
  *first_digit = static_cast<int>(group);
}

Numeric Numeric::Add(const Numeric& a, const Numeric& b) {
  if (a.is_nan() || b.is_nan()) return NaN();
  if (a.is_inf() || b.is_inf()) {
    if (a.is_inf() && b.is_inf() && a.kind_ != b.kind_) return NaN();
    return a.is_inf() ? a : b;
  }
  int s = std::max(a.scale_, b.scale_);
  return Numeric(a.unscaled_ * Pow10(s - a.scale_) + b.unscaled_ * Pow10(s - b.scale_), s);
}

Numeric Numeric::Sub(const Numeric& a, const Numeric& b) { return Add(a, b.Negated()); }

Numeric Numeric::Mul(const Numeric& a, const Numeric& b) {
  if (a.is_nan() || b.is_nan()) return NaN();
  if (a.is_inf() || b.is_inf()) {
    int s = a.sign() * b.sign();
    return s == 0 ? NaN() : Infinity(s < 0);
  }
  return Numeric(a.unscaled_ * b.unscaled_, a.scale_ + b.scale_);
}

Result<Numeric> Numeric::Div(const Numeric& a, const Numeric& b) {
  if (a.is_nan() || b.is_nan()) return NaN();
  if (b.is_finite() && b.unscaled_ == 0) return Status::Error("22012", "division by zero");
  if (a.is_inf()) return b.is_inf() ? NaN() : Infinity((a.sign() * b.sign()) < 0);
  if (b.is_inf()) return Numeric();
  // PostgreSQL's select_div_scale(): about 16 significant digits, never fewer
  // fractional digits than either input shows.
  int w1, d1, w2, d2;
  a.LeadingGroup(&w1, &d1);
  b.LeadingGroup(&w2, &d2);
  int qweight = w1 - w2;
  if (d1 <= d2) --qweight;
  int rscale = kMinSigDigits - qweight * 4;
  rscale = std::max({rscale, a.scale_, b.scale_, 0});
  rscale = std::min(rscale, kMaxDisplayScale);
  // a/b * 10^r = ua * 10^(sb + r - sa) / ub
  int shift = b.scale_ + rscale - a.scale_;
  Int num = a.unscaled_, den = b.unscaled_;
  if (shift >= 0) num *= Pow10(shift); else den *= Pow10(-shift);
  return Numeric(DivRound(num, den), rscale);
}

Result<Numeric> Numeric::Mod(const Numeric& a, const Numeric& b) {
  if (a.is_nan() || b.is_nan()) return NaN();
  if (b.is_finite() && b.unscaled_ == 0) return Status::Error("22012", "division by zero");
  if (a.is_inf()) return NaN();
  if (b.is_inf()) return a;
  int s = std::max(a.scale_, b.scale_);
  Int x = a.unscaled_ * Pow10(s - a.scale_), y = b.unscaled_ * Pow10(s - b.scale_);
  return Numeric(x % y, s);  // sign follows the dividend, as PG's
}

Result<Numeric> Numeric::Sqrt(const Numeric& a) {
  if (a.is_nan()) return NaN();
  if (a.sign() < 0)
    return Status::Error("2201F", "cannot take square root of a negative number");
  if (a.is_inf()) return a;
  // PG's sqrt_var scale: sweight = (weight + 1) * 4 / 2 - 1 of the argument.
  int w, d;
  a.LeadingGroup(&w, &d);
  int sweight = (w + 1) * 4 / 2 - 1;
  int rscale = std::max({kMinSigDigits - sweight, a.scale_, 0});
  rscale = std::min(rscale, kMaxDisplayScale);
  // floor(sqrt(x * 10^(2(r+1)))) gives one guard digit, then round it away.
  int shift = 2 * (rscale + 1) - a.scale_;
  Int n = shift >= 0 ? a.unscaled_ * Pow10(shift) : a.unscaled_ / Pow10(-shift);
  Int root = boost::multiprecision::sqrt(n);
  return Numeric(DivRound(root, Int(10)), rscale);
}

int Numeric::Compare(const Numeric& a, const Numeric& b) {
  auto rank = [](const Numeric& n) {
    switch (n.kind_) {
      case Kind::NegInf: return 0;
      case Kind::Finite: return 1;
      case Kind::PosInf: return 2;
      case Kind::NaN: return 3;
    }
    return 3;
  };
  int ra = rank(a), rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra != 1) return 0;
  int s = std::max(a.scale_, b.scale_);
  Int x = a.unscaled_ * Pow10(s - a.scale_), y = b.unscaled_ * Pow10(s - b.scale_);
  return x < y ? -1 : x > y ? 1 : 0;
}

}  // namespace plinth
