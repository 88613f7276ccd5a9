// LIKE / ILIKE (~~ ~~* !~~ !~~*) with PostgreSQL's escape rules, and POSIX-style
// regular expressions (~ ~* !~ !~*) through PCRE2 (regex.h), whose syntax covers the
// ARE features applications use (classes, anchors, quantifiers, groups).
#include "engine/functions/regex.h"
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

template <bool kCaseInsensitive, bool kNegate>
Status Regex(FunctionCallContext&, const Value* a, size_t, Value* out) {
  RegexFlags flags;
  flags.case_insensitive = kCaseInsensitive;
  PLINTH_ASSIGN_OR_RETURN(RegexCode code, CompileRegex(a[1].as_bytes(), flags));
  RegexMatcher matcher(std::move(code));
  PLINTH_ASSIGN_OR_RETURN(bool found, matcher.Match(a[0].as_bytes(), 0));
  return Ok(out, Value::Bool(found != kNegate));
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
