#include "engine/functions/unicode_case.h"

#include <locale.h>
#include <wctype.h>

#include <cstdint>

namespace plinth::functions {
namespace {

locale_t Utf8Locale() {
  static locale_t loc = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (l == static_cast<locale_t>(0)) l = newlocale(LC_CTYPE_MASK, "C.utf8", static_cast<locale_t>(0));
    return l;  // may be 0: then only ASCII is mapped
  }();
  return loc;
}

// Decodes one code point at s[i]; invalid bytes come back as themselves (len 1, cp -1).
int32_t Decode(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
  if (extra < 0 || i + extra >= s.size() + (extra == 0 ? 1 : 0)) { *len = 1; return extra == 0 ? c : -1; }
  int32_t cp = extra == 0 ? c : c & (0x3f >> extra);
  for (int k = 1; k <= extra; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) { *len = 1; return -1; }
    cp = (cp << 6) | (cc & 0x3f);
  }
  *len = static_cast<size_t>(extra) + 1;
  return cp;
}

void Encode(int32_t cp, std::string* out) {
  if (cp < 0x80) out->push_back(static_cast<char>(cp));
  else if (cp < 0x800) { out->push_back(static_cast<char>(0xC0 | (cp >> 6))); out->push_back(static_cast<char>(0x80 | (cp & 0x3f))); }
  else if (cp < 0x10000) { out->push_back(static_cast<char>(0xE0 | (cp >> 12))); out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f))); out->push_back(static_cast<char>(0x80 | (cp & 0x3f))); }
  else { out->push_back(static_cast<char>(0xF0 | (cp >> 18))); out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f))); out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f))); out->push_back(static_cast<char>(0x80 | (cp & 0x3f))); }
}

enum class Mode { Lower, Upper };

int32_t Map(int32_t cp, Mode mode) {
  locale_t loc = Utf8Locale();
  if (loc == static_cast<locale_t>(0) || cp < 0x80) {
    if (mode == Mode::Upper && cp >= 'a' && cp <= 'z') return cp - 'a' + 'A';
    if (mode == Mode::Lower && cp >= 'A' && cp <= 'Z') return cp - 'A' + 'a';
    return cp;
  }
  return static_cast<int32_t>(mode == Mode::Upper ? towupper_l(static_cast<wint_t>(cp), loc)
                                                  : towlower_l(static_cast<wint_t>(cp), loc));
}

bool IsAlnum(int32_t cp) {
  locale_t loc = Utf8Locale();
  if (cp < 0x80 || loc == static_cast<locale_t>(0))
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  return iswalnum_l(static_cast<wint_t>(cp), loc) != 0;
}

template <typename Choose>
std::string Transform(std::string_view s, Choose choose) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len;
    int32_t cp = Decode(s, i, &len);
    if (cp < 0) out.push_back(s[i]);
    else Encode(Map(cp, choose(cp)), &out);
    i += len;
  }
  return out;
}

}  // namespace

std::string Utf8Lower(std::string_view s) { return Transform(s, [](int32_t) { return Mode::Lower; }); }
std::string Utf8Upper(std::string_view s) { return Transform(s, [](int32_t) { return Mode::Upper; }); }

std::string Utf8Initcap(std::string_view s) {
  bool word_start = true;
  return Transform(s, [&](int32_t cp) {
    Mode m = word_start ? Mode::Upper : Mode::Lower;
    word_start = !IsAlnum(cp);
    return m;
  });
}

}  // namespace plinth::functions
