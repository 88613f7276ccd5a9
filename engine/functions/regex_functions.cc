// The regexp_* family, substring(s FROM pattern) and SIMILAR TO's similar_to_escape(),
// with PostgreSQL's flags and its conventions: replacement strings refer to groups as
// \1..\9 and to the whole match as \&; regexp_match returns the groups (or the whole
// match when there are none) as text[]; positions count characters.
#include "engine/functions/regex.h"
#include "engine/functions/registry.h"

namespace plinth::functions {
namespace {

using oids::kBool;
using oids::kInt4;
using oids::kText;
using oids::kTextArray;

std::string_view Str(const Value& v) { return v.as_bytes(); }

size_t CharCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

// The byte offset of 1-based character position `pos` (clamped to the end).
size_t ByteOffset(std::string_view s, int64_t pos) {
  size_t i = 0;
  for (int64_t k = 1; k < pos && i < s.size(); ++k) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) ++i;
  }
  return i;
}

// Past a match at [start, end): empty matches advance by one character so loops end.
size_t NextSearchStart(std::string_view s, size_t start, size_t end) {
  if (end > start) return end;
  size_t i = end + 1;
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) ++i;
  return i;
}

Result<RegexMatcher> Matcher(const Value& pattern, const RegexFlags& flags) {
  PLINTH_ASSIGN_OR_RETURN(RegexCode code, CompileRegex(pattern.as_bytes(), flags));
  return RegexMatcher(std::move(code));
}

Result<RegexFlags> Flags(const Value* a, size_t n, size_t index, const char* function, bool allow_global) {
  if (n <= index) return RegexFlags{};
  return ParseRegexFlags(a[index].as_bytes(), function, allow_global);
}

// The captured groups of the current match as a text[] (the whole match with no groups).
Value MatchArray(const RegexMatcher& m, std::string_view s) {
  ArrayData array;
  if (m.groups() == 0) {
    array.elements.push_back(Value::Bytes(s.substr(m.start(0), m.end(0) - m.start(0))));
  } else {
    for (size_t g = 1; g <= m.groups(); ++g)
      array.elements.push_back(m.matched(g) ? Value::Bytes(s.substr(m.start(g), m.end(g) - m.start(g))) : Value());
  }
  return MakeArrayValue(array);
}

void AppendReplacement(const RegexMatcher& m, std::string_view s, std::string_view repl, std::string* out) {
  for (size_t i = 0; i < repl.size(); ++i) {
    char c = repl[i];
    if (c != '\\' || i + 1 >= repl.size()) {
      out->push_back(c);
      continue;
    }
    char next = repl[++i];
    size_t group = next >= '1' && next <= '9' ? static_cast<size_t>(next - '0') : next == '&' ? 0 : SIZE_MAX;
    if (group == SIZE_MAX) {
      if (next != '\\') out->push_back('\\');
      out->push_back(next);
    } else if (group <= m.groups() && m.matched(group)) {
      out->append(s.substr(m.start(group), m.end(group) - m.start(group)));
    }
  }
}

Status RegexpReplace(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(RegexFlags flags, Flags(a, n, 3, "replace", true));
  PLINTH_ASSIGN_OR_RETURN(RegexMatcher m, Matcher(a[1], flags));
  std::string_view s = Str(a[0]);
  std::string r;
  size_t copied = 0, from = 0;
  while (from <= s.size()) {
    PLINTH_ASSIGN_OR_RETURN(bool found, m.Match(s, from));
    if (!found) break;
    r.append(s.substr(copied, m.start(0) - copied));
    AppendReplacement(m, s, Str(a[2]), &r);
    copied = m.end(0);
    if (!flags.global) break;
    from = NextSearchStart(s, m.start(0), m.end(0));
    if (m.end(0) == m.start(0) && from <= s.size()) {  // keep the character an empty match skipped
      r.append(s.substr(copied, from - copied));
      copied = from;
    }
  }
  if (copied < s.size()) r.append(s.substr(copied));
  return Ok(out, Value::Bytes(std::move(r)));
}

Status RegexpMatch(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(RegexFlags flags, Flags(a, n, 2, "match", false));
  PLINTH_ASSIGN_OR_RETURN(RegexMatcher m, Matcher(a[1], flags));
  PLINTH_ASSIGN_OR_RETURN(bool found, m.Match(Str(a[0]), 0));
  return Ok(out, found ? MatchArray(m, Str(a[0])) : Value());
}

Status RegexpMatches(FunctionCallContext&, const Value* a, size_t n, std::vector<std::vector<Value>>* rows) {
  PLINTH_ASSIGN_OR_RETURN(RegexFlags flags, Flags(a, n, 2, "matches", true));
  PLINTH_ASSIGN_OR_RETURN(RegexMatcher m, Matcher(a[1], flags));
  std::string_view s = Str(a[0]);
  for (size_t from = 0; from <= s.size();) {
    PLINTH_ASSIGN_OR_RETURN(bool found, m.Match(s, from));
    if (!found) break;
    rows->push_back({MatchArray(m, s)});
    if (!flags.global) break;
    from = NextSearchStart(s, m.start(0), m.end(0));
  }
  return Status::OK();
}

// The pieces between matches; empty matches at either end or right after a match split nothing.
Result<std::vector<Value>> Split(const Value* a, size_t n) {
  PLINTH_ASSIGN_OR_RETURN(RegexFlags flags, Flags(a, n, 2, "split_to_table", false));
  PLINTH_ASSIGN_OR_RETURN(RegexMatcher m, Matcher(a[1], flags));
  std::string_view s = Str(a[0]);
  std::vector<Value> parts;
  size_t piece = 0, from = 0;
  while (from < s.size()) {
    PLINTH_ASSIGN_OR_RETURN(bool found, m.Match(s, from));
    if (!found) break;
    size_t start = m.start(0), end = m.end(0);
    if (start == end && (start == 0 || start >= s.size() || start == piece)) {
      from = NextSearchStart(s, start, end);
      continue;
    }
    parts.push_back(Value::Bytes(s.substr(piece, start - piece)));
    piece = end;
    from = NextSearchStart(s, start, end);
  }
  parts.push_back(Value::Bytes(s.substr(piece)));
  return parts;
}

Status RegexpSplitToArray(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(std::vector<Value> parts, Split(a, n));
  ArrayData array;
  array.elements = std::move(parts);
  return Ok(out, MakeArrayValue(array));
}

Status RegexpSplitToTable(FunctionCallContext&, const Value* a, size_t n, std::vector<std::vector<Value>>* rows) {
  PLINTH_ASSIGN_OR_RETURN(std::vector<Value> parts, Split(a, n));
  for (Value& v : parts) rows->push_back({std::move(v)});
  return Status::OK();
}

// substring(s FROM pattern): the first group when the pattern has one, else the match.
Status SubstringRegex(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(RegexMatcher m, Matcher(a[1], RegexFlags{}));
  std::string_view s = Str(a[0]);
  PLINTH_ASSIGN_OR_RETURN(bool found, m.Match(s, 0));
  if (!found) return Ok(out, Value());
  size_t g = m.groups() > 0 ? 1 : 0;
  if (!m.matched(g)) return Ok(out, Value());
  return Ok(out, Value::Bytes(s.substr(m.start(g), m.end(g) - m.start(g))));
}

Result<std::string> EscapeOf(const Value* a, size_t n) {
  if (n < 2) return std::string("\\");
  std::string_view e = Str(a[1]);
  if (CharCount(e) > 1)
    return Status::Error("22025", "invalid escape string").with_hint("Escape string must be empty or one character.");
  return std::string(e);
}

Status SimilarToEscape(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(std::string escape, EscapeOf(a, n));
  PLINTH_ASSIGN_OR_RETURN(std::string regex, SimilarToRegex(Str(a[0]), escape));
  return Ok(out, Value::Bytes(std::move(regex)));
}

// similar_escape(pattern, escape): the older form, where a NULL escape means the default.
Status SimilarEscapeNullable(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  if (a[0].is_null()) return Ok(out, Value());
  return SimilarToEscape(ctx, a, a[1].is_null() ? 1 : 2, out);
}

// substring(s SIMILAR pattern ESCAPE e): the part between the two escape-double-quotes.
Status SubstringSimilar(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  Value regex;
  PLINTH_RETURN_IF_ERROR(SimilarToEscape(ctx, a + 1, 2, &regex));
  Value args[2] = {a[0], regex};
  return SubstringRegex(ctx, args, 2, out);
}

Status RegexpCount(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(RegexFlags flags, Flags(a, n, 3, "count", false));
  PLINTH_ASSIGN_OR_RETURN(RegexMatcher m, Matcher(a[1], flags));
  std::string_view s = Str(a[0]);
  int64_t start = n > 2 ? a[2].as_int() : 1;
  if (start <= 0) return Status::Error("22023", "invalid value for parameter \"start\": " + std::to_string(start));
  int64_t count = 0;
  for (size_t from = ByteOffset(s, start); from <= s.size();) {
    PLINTH_ASSIGN_OR_RETURN(bool found, m.Match(s, from));
    if (!found) break;
    ++count;
    from = NextSearchStart(s, m.start(0), m.end(0));
  }
  return Ok(out, Value::Int(count));
}

// regexp_instr(s, pattern [, start [, N [, endoption [, flags [, subexpr]]]]]).
Status RegexpInstr(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  int64_t start = n > 2 ? a[2].as_int() : 1;
  int64_t nth = n > 3 ? a[3].as_int() : 1;
  int64_t end_option = n > 4 ? a[4].as_int() : 0;
  int64_t subexpr = n > 6 ? a[6].as_int() : 0;
  if (start <= 0) return Status::Error("22023", "invalid value for parameter \"start\": " + std::to_string(start));
  if (nth <= 0) return Status::Error("22023", "invalid value for parameter \"n\": " + std::to_string(nth));
  if (end_option != 0 && end_option != 1)
    return Status::Error("22023", "invalid value for parameter \"endoption\": " + std::to_string(end_option));
  PLINTH_ASSIGN_OR_RETURN(RegexFlags flags, Flags(a, n, 5, "instr", false));
  PLINTH_ASSIGN_OR_RETURN(RegexMatcher m, Matcher(a[1], flags));
  std::string_view s = Str(a[0]);
  int64_t seen = 0;
  for (size_t from = ByteOffset(s, start); from <= s.size();) {
    PLINTH_ASSIGN_OR_RETURN(bool found, m.Match(s, from));
    if (!found) break;
    if (++seen == nth) {
      size_t g = static_cast<size_t>(subexpr);
      if (g > m.groups() || !m.matched(g)) return Ok(out, Value::Int(0));
      size_t at = end_option ? m.end(g) : m.start(g);
      return Ok(out, Value::Int(static_cast<int64_t>(CharCount(s.substr(0, at))) + 1));
    }
    from = NextSearchStart(s, m.start(0), m.end(0));
  }
  return Ok(out, Value::Int(0));
}

Status RegexpLike(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(RegexFlags flags, Flags(a, n, 2, "like", false));
  PLINTH_ASSIGN_OR_RETURN(RegexMatcher m, Matcher(a[1], flags));
  PLINTH_ASSIGN_OR_RETURN(bool found, m.Match(Str(a[0]), 0));
  return Ok(out, Value::Bool(found));
}

Status SetOnly(FunctionCallContext&, const Value*, size_t, Value*) {
  return Status::Error("0A000", "set-returning functions are not allowed here");
}

FunctionDef SetFunction(const char* name, std::vector<Oid> args, Oid result, FunctionDef::SetImpl impl) {
  FunctionDef def{name, std::move(args), result, true, false, false, &SetOnly};
  def.returns_set = true;
  def.set_impl = impl;
  return def;
}

}  // namespace

void RegisterRegexFunctions(Registry& r) {
  r.Add({"regexp_replace", {kText, kText, kText}, kText, true, false, false, &RegexpReplace});
  r.Add({"regexp_replace", {kText, kText, kText, kText}, kText, true, false, false, &RegexpReplace});
  r.Add({"regexp_match", {kText, kText}, kTextArray, true, false, false, &RegexpMatch});
  r.Add({"regexp_match", {kText, kText, kText}, kTextArray, true, false, false, &RegexpMatch});
  r.Add(SetFunction("regexp_matches", {kText, kText}, kTextArray, &RegexpMatches));
  r.Add(SetFunction("regexp_matches", {kText, kText, kText}, kTextArray, &RegexpMatches));
  r.Add({"regexp_split_to_array", {kText, kText}, kTextArray, true, false, false, &RegexpSplitToArray});
  r.Add({"regexp_split_to_array", {kText, kText, kText}, kTextArray, true, false, false, &RegexpSplitToArray});
  r.Add(SetFunction("regexp_split_to_table", {kText, kText}, kText, &RegexpSplitToTable));
  r.Add(SetFunction("regexp_split_to_table", {kText, kText, kText}, kText, &RegexpSplitToTable));
  r.Add({"substring", {kText, kText}, kText, true, false, false, &SubstringRegex});
  r.Add({"substring", {kText, kText, kText}, kText, true, false, false, &SubstringSimilar});
  r.Add({"similar_to_escape", {kText}, kText, true, false, false, &SimilarToEscape});
  r.Add({"similar_to_escape", {kText, kText}, kText, true, false, false, &SimilarToEscape});
  r.Add({"similar_escape", {kText, kText}, kText, false, false, false, &SimilarEscapeNullable});  // pre-13 spelling
  r.Add({"regexp_count", {kText, kText}, kInt4, true, false, false, &RegexpCount});
  r.Add({"regexp_count", {kText, kText, kInt4}, kInt4, true, false, false, &RegexpCount});
  r.Add({"regexp_count", {kText, kText, kInt4, kText}, kInt4, true, false, false, &RegexpCount});
  r.Add({"regexp_instr", {kText, kText}, kInt4, true, false, false, &RegexpInstr});
  r.Add({"regexp_instr", {kText, kText, kInt4}, kInt4, true, false, false, &RegexpInstr});
  r.Add({"regexp_instr", {kText, kText, kInt4, kInt4}, kInt4, true, false, false, &RegexpInstr});
  r.Add({"regexp_instr", {kText, kText, kInt4, kInt4, kInt4}, kInt4, true, false, false, &RegexpInstr});
  r.Add({"regexp_instr", {kText, kText, kInt4, kInt4, kInt4, kText}, kInt4, true, false, false, &RegexpInstr});
  r.Add({"regexp_instr", {kText, kText, kInt4, kInt4, kInt4, kText, kInt4}, kInt4, true, false, false, &RegexpInstr});
  r.Add({"regexp_like", {kText, kText}, kBool, true, false, false, &RegexpLike});
  r.Add({"regexp_like", {kText, kText, kText}, kBool, true, false, false, &RegexpLike});
}

}  // namespace plinth::functions
