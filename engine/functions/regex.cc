#include "engine/functions/regex.h"

#include <mutex>
#include <unordered_map>

namespace plinth::functions {
namespace {

// PostgreSQL's (Henry Spencer's) wording for the common compile errors, PCRE2's otherwise.
std::string ErrorText(int err) {
  switch (err) {
    case PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS:
    case PCRE2_ERROR_UNMATCHED_CLOSING_PARENTHESIS:
      return "parentheses () not balanced";
    case PCRE2_ERROR_MISSING_SQUARE_BRACKET: return "brackets [] not balanced";
    case PCRE2_ERROR_QUANTIFIER_INVALID: return "quantifier operand invalid";
    case PCRE2_ERROR_END_BACKSLASH: return "invalid escape \\ sequence";
    case PCRE2_ERROR_CLASS_RANGE_ORDER: return "invalid character range";
    default: {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(err, msg, sizeof msg);
      return reinterpret_cast<const char*>(msg);
    }
  }
}

// Patterns are cached: a query usually applies one pattern to many rows.
class RegexCache {
 public:
  Result<RegexCode> Get(const std::string& pattern, uint32_t options) {
    std::string key = std::to_string(options) + ":" + pattern;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it != map_.end()) return it->second;
    int err = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options,
                                     &err, &offset, nullptr);
    if (code == nullptr) return Status::Error("2201B", "invalid regular expression: " + ErrorText(err));
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // best effort
    RegexCode shared(code, pcre2_code_free);
    if (map_.size() > 256) map_.clear();  // bounded: patterns are usually few
    map_.emplace(std::move(key), shared);
    return shared;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, RegexCode> map_;
};

RegexCache& Cache() {
  static RegexCache* cache = new RegexCache();
  return *cache;
}

}  // namespace

Result<RegexFlags> ParseRegexFlags(std::string_view flags, const char* function, bool allow_global) {
  RegexFlags f;
  for (char c : flags) {
    switch (c) {
      case 'g':
        if (!allow_global)
          return Status::Error("22023", std::string("regexp_") + function + "() does not support the \"global\" option")
              .with_hint("Use the regexp_matches function instead.");
        f.global = true;
        break;
      case 'i': f.case_insensitive = true; break;
      case 'c': f.case_insensitive = false; break;
      case 'n': case 'm': f.newline_sensitive = true; break;
      case 's': f.newline_sensitive = false; break;
      case 'x': f.extended = true; break;
      case 'b': case 'e': case 'q': case 'p': case 'w': case 't': break;  // accepted, not distinguished
      default:
        return Status::Error("22023", std::string("invalid regular expression option: \"") + c + "\"");
    }
  }
  return f;
}

Result<RegexCode> CompileRegex(const std::string& pattern, const RegexFlags& flags) {
  uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY;
  if (flags.case_insensitive) options |= PCRE2_CASELESS;
  if (flags.extended) options |= PCRE2_EXTENDED;
  if (flags.newline_sensitive) options |= PCRE2_MULTILINE;
  else options |= PCRE2_DOTALL;
  if (flags.newline_sensitive) options &= ~PCRE2_DOLLAR_ENDONLY;
  return Cache().Get(pattern, options);
}

RegexMatcher::RegexMatcher(RegexCode code)
    : code_(std::move(code)),
      data_(pcre2_match_data_create_from_pattern(code_.get(), nullptr), pcre2_match_data_free) {
  ovector_ = pcre2_get_ovector_pointer(data_.get());
  uint32_t count = 0;
  pcre2_pattern_info(code_.get(), PCRE2_INFO_CAPTURECOUNT, &count);
  groups_ = count;
}

Result<bool> RegexMatcher::Match(std::string_view subject, size_t from) {
  if (from > subject.size()) return false;
  int rc = pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), from, 0,
                       data_.get(), nullptr);
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  if (rc < 0) return Status::Error("2201B", "regular expression failed: error " + std::to_string(rc));
  return true;
}

Result<std::string> SimilarToRegex(std::string_view pattern, std::string_view escape) {
  std::string r = "^(?:";
  bool after_escape = false, in_class = false;
  int separators = 0;
  for (char c : pattern) {
    if (after_escape) {
      if (c == '"' && !in_class) {
        if (separators == 0) r += "){1,1}?(";
        else if (separators == 1) r += "){1,1}(?:";
        else
          return Status::Error("2201B", "SQL regular expression may not contain more than two escape-double-quote separators");
        ++separators;
      } else {
        r += '\\';
        r += c;
      }
      after_escape = false;
    } else if (!escape.empty() && c == escape[0]) {
      after_escape = true;
    } else if (in_class) {
      if (c == '\\') r += '\\';
      r += c;
      if (c == ']') in_class = false;
    } else if (c == '[') {
      r += c;
      in_class = true;
    } else if (c == '%') {
      r += ".*";
    } else if (c == '_') {
      r += '.';
    } else if (c == '(') {
      r += "(?:";
    } else if (c == '\\' || c == '.' || c == '^' || c == '$') {
      r += '\\';
      r += c;
    } else {
      r += c;
    }
  }
  return r + ")$";
}

}  // namespace plinth::functions
