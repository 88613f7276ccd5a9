// LIKE / ILIKE (~~ ~~* !~~ !~~*) with PostgreSQL's escape rules, and POSIX-style
// regular expressions (~ ~* !~ !~*) through PCRE2 (Debian libpcre2-dev), whose syntax
// covers the ARE features applications use (classes, anchors, quantifiers, groups).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "engine/functions/registry.h"
#include "engine/functions/unicode_case.h"
#include "engine/types/io_internal.h"

namespace plinth::functions {
namespace {

size_t CharLen(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  return std::min(len, s.size() - i);
}

char Fold(char c, bool ci) { return ci && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

enum class Match { True, False, Abort };  // Abort: no match possible with a shorter text

// Iterative-with-recursion-on-% matcher in the spirit of PG's like_match.c: '%'
// matches any run of characters, '_' exactly one, '\' escapes the next character.
Result<Match> LikeMatch(std::string_view t, std::string_view p, bool ci) {
  size_t ti = 0, pi = 0;
  while (pi < p.size() && ti < t.size()) {
    char pc = p[pi];
    if (pc == '\\') {
      if (pi + 1 >= p.size())
        return Status::Error("22025", "LIKE pattern must not end with escape character");
      ++pi;
      size_t len = CharLen(p, pi);
      if (ti + len > t.size()) return Match::Abort;
      for (size_t k = 0; k < len; ++k)
        if (Fold(t[ti + k], ci) != Fold(p[pi + k], ci)) return Match::False;
      ti += len;
      pi += len;
    } else if (pc == '%') {
      while (pi < p.size() && (p[pi] == '%' || p[pi] == '_')) {
        if (p[pi] == '_') {
          if (ti >= t.size()) return Match::Abort;
          ti += CharLen(t, ti);
        }
        ++pi;
      }
      if (pi == p.size()) return Match::True;
      for (; ti <= t.size(); ti += ti < t.size() ? CharLen(t, ti) : 1) {
        PLINTH_ASSIGN_OR_RETURN(Match m, LikeMatch(t.substr(ti), p.substr(pi), ci));
        if (m != Match::False) return m;
        if (ti == t.size()) break;
      }
      return Match::Abort;
    } else if (pc == '_') {
      if (ti >= t.size()) return Match::Abort;
      ti += CharLen(t, ti);
      ++pi;
    } else {
      if (ti >= t.size()) return Match::Abort;
      if (Fold(t[ti], ci) != Fold(pc, ci)) return Match::False;
      ++ti;
      ++pi;
    }
  }
  if (ti < t.size()) return Match::False;
  // Text exhausted: only '%' may remain in the pattern.
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size() ? Match::True : Match::Abort;
}

template <bool kCaseInsensitive, bool kNegate>
Status Like(FunctionCallContext&, const Value* a, size_t, Value* out) {
  Result<Match> r = Match::False;
  if (kCaseInsensitive)  // PG lower()s both sides, then matches case-sensitively
    r = LikeMatch(Utf8Lower(a[0].as_bytes()), Utf8Lower(a[1].as_bytes()), false);
  else
    r = LikeMatch(a[0].as_bytes(), a[1].as_bytes(), false);
  PLINTH_ASSIGN_OR_RETURN(Match m, r);
  return Ok(out, Value::Bool((m == Match::True) != kNegate));
}

// PostgreSQL's (Henry Spencer's) wording for the common compile errors, PCRE2's otherwise.
std::string ErrorText(int err) {
  switch (err) {
    case PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS:
    case PCRE2_ERROR_UNMATCHED_CLOSING_PARENTHESIS:
      return "parentheses () not balanced";
    case PCRE2_ERROR_MISSING_SQUARE_BRACKET: return "brackets [] not balanced";
    case PCRE2_ERROR_QUANTIFIER_INVALID: return "quantifier operand invalid";
    case PCRE2_ERROR_END_BACKSLASH: return "invalid escape \\ sequence";
    default: {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(err, msg, sizeof msg);
      return reinterpret_cast<const char*>(msg);
    }
  }
}

// Compiled patterns are cached per (pattern, flags): queries apply one pattern to many rows.
class RegexCache {
 public:
  using Code = std::shared_ptr<pcre2_code>;
  Result<Code> Get(const std::string& pattern, bool ci) {
    std::string key = (ci ? "i:" : "s:") + pattern;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it != map_.end()) return it->second;
    int err = 0;
    PCRE2_SIZE offset = 0;
    uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (ci ? PCRE2_CASELESS : 0);
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                     options, &err, &offset, nullptr);
    if (code == nullptr) return Status::Error("2201B", "invalid regular expression: " + ErrorText(err));
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // best effort
    Code shared(code, pcre2_code_free);
    if (map_.size() > 256) map_.clear();  // bounded: patterns are usually few
    map_.emplace(key, shared);
    return shared;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, Code> map_;
};

RegexCache& Cache() {
  static RegexCache* cache = new RegexCache();
  return *cache;
}

template <bool kCaseInsensitive, bool kNegate>
Status Regex(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(auto code, Cache().Get(a[1].as_bytes(), kCaseInsensitive));
  std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> md(
      pcre2_match_data_create_from_pattern(code.get(), nullptr), pcre2_match_data_free);
  const std::string& s = a[0].as_bytes();
  int rc = pcre2_match(code.get(), reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, md.get(), nullptr);
  if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
    return Status::Error("2201B", "regular expression failed: error " + std::to_string(rc));
  return Ok(out, Value::Bool((rc >= 0) != kNegate));
}

// like_escape(pattern, escape): the parser's translation of LIKE ... ESCAPE 'e' into a
// pattern using backslash escapes (PG's like_escape()).
Status LikeEscape(FunctionCallContext&, const Value* a, size_t, Value* out) {
  const std::string& p = a[0].as_bytes();
  const std::string& e = a[1].as_bytes();
  if (io::CharLength(e) > 1)
    return Status::Error("22025", "invalid escape string").with_hint("Escape string must be empty or one character.");
  std::string r;
  if (e.empty()) {  // no escape character: make every backslash literal
    for (char c : p) {
      if (c == '\\') r.push_back('\\');
      r.push_back(c);
    }
    return Ok(out, Value::Bytes(std::move(r)));
  }
  if (e == "\\") return Ok(out, a[0]);
  for (size_t i = 0; i < p.size();) {
    if (p.compare(i, e.size(), e) == 0) {
      r.push_back('\\');
      i += e.size();
      if (i < p.size()) {
        size_t len = CharLen(p, i);
        r.append(p, i, len);
        i += len;
      }
      continue;
    }
    if (p[i] == '\\') r.push_back('\\');
    r.push_back(p[i++]);
  }
  return Ok(out, Value::Bytes(std::move(r)));
}

}  // namespace

void RegisterPatterns(Registry& r) {
  r.Add({"like_escape", {oids::kText, oids::kText}, oids::kText, true, false, false, &LikeEscape});
  using oids::kBool;
  using oids::kText;
  for (Oid t : {kText, oids::kBpchar, oids::kName}) {
    r.Add({"~~", {t, kText}, kBool, true, false, false, &Like<false, false>});
    r.Add({"!~~", {t, kText}, kBool, true, false, false, &Like<false, true>});
    r.Add({"~~*", {t, kText}, kBool, true, false, false, &Like<true, false>});
    r.Add({"!~~*", {t, kText}, kBool, true, false, false, &Like<true, true>});
    r.Add({"~", {t, kText}, kBool, true, false, false, &Regex<false, false>});
    r.Add({"!~", {t, kText}, kBool, true, false, false, &Regex<false, true>});
    r.Add({"~*", {t, kText}, kBool, true, false, false, &Regex<true, false>});
    r.Add({"!~*", {t, kText}, kBool, true, false, false, &Regex<true, true>});
  }
  r.Add({"~~", {oids::kBytea, oids::kBytea}, kBool, true, false, false, &Like<false, false>});
  r.Add({"!~~", {oids::kBytea, oids::kBytea}, kBool, true, false, false, &Like<false, true>});
  r.Add({"like", {kText, kText}, kBool, true, false, false, &Like<false, false>});
  r.Add({"ilike", {kText, kText}, kBool, true, false, false, &Like<true, false>});
}

}  // namespace plinth::functions
