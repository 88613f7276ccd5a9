// Compiled regular expressions for the ~ operators and the regexp_* functions: PCRE2
// (Debian libpcre2-dev) configured to behave like PostgreSQL's ARE defaults — '.'
// matches newline, '$' only at the very end — with PostgreSQL's flag letters.
#pragma once

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>
#include <string>
#include <string_view>

#include "engine/common/status.h"

namespace plinth::functions {

struct RegexFlags {
  bool case_insensitive = false;  // i
  bool global = false;            // g (regexp_replace, regexp_matches)
  bool newline_sensitive = false; // n, m
  bool extended = false;          // x
};

// Parses PostgreSQL's flag string ("gi"); `allow_global` is false where 'g' is refused.
Result<RegexFlags> ParseRegexFlags(std::string_view flags, const char* function, bool allow_global = true);

using RegexCode = std::shared_ptr<pcre2_code>;
// Compiled and cached by (pattern, flags); 2201B with PostgreSQL's wording on errors.
Result<RegexCode> CompileRegex(const std::string& pattern, const RegexFlags& flags);

// One match attempt at byte offset `from`: false when there is none. `ovector` then
// holds 2 * (groups + 1) byte offsets (PCRE2_UNSET for groups that did not take part).
class RegexMatcher {
 public:
  explicit RegexMatcher(RegexCode code);
  Result<bool> Match(std::string_view subject, size_t from);
  size_t groups() const { return groups_; }
  size_t start(size_t g) const { return ovector_[2 * g]; }
  size_t end(size_t g) const { return ovector_[2 * g + 1]; }
  bool matched(size_t g) const { return ovector_[2 * g] != PCRE2_UNSET; }

 private:
  RegexCode code_;
  std::unique_ptr<pcre2_match_data, void (*)(pcre2_match_data*)> data_;
  PCRE2_SIZE* ovector_ = nullptr;
  size_t groups_ = 0;
};

// SIMILAR TO's pattern as a regular expression (PostgreSQL's similar_to_escape()).
Result<std::string> SimilarToRegex(std::string_view pattern, std::string_view escape);

}  // namespace plinth::functions
