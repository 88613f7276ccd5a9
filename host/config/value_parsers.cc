#include "host/config/value_parsers.h"

#include <array>
#include <cctype>
#include <charconv>
#include <limits>

namespace plinth::config {
namespace {

struct Unit {
  std::string_view suffix;
  int64_t multiplier;  // in the result's base unit; 0 marks microseconds (a divisor)
};

constexpr std::array<Unit, 6> kTimeUnits{{
    {"us", 0}, {"ms", 1}, {"s", 1000}, {"min", 60 * 1000}, {"h", 60 * 60 * 1000},
    {"d", 24 * 60 * 60 * 1000}}};
constexpr std::array<Unit, 5> kSizeUnits{{
    {"B", 1}, {"kB", int64_t{1} << 10}, {"MB", int64_t{1} << 20}, {"GB", int64_t{1} << 30},
    {"TB", int64_t{1} << 40}}};

constexpr std::string_view kTimeUnitHint =
    "valid units are \"us\", \"ms\", \"s\", \"min\", \"h\" and \"d\"";
constexpr std::string_view kSizeUnitHint =
    "valid units are \"B\", \"kB\", \"MB\", \"GB\" and \"TB\"";

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

// Splits "  12 kB" into the number 12 and the suffix "kB". Returns false when the text
// does not start with a decimal integer.
bool SplitNumberAndSuffix(std::string_view text, int64_t* number, std::string* suffix) {
  std::string trimmed = Trim(text);
  const char* begin = trimmed.data();
  const char* end = begin + trimmed.size();
  if (begin != end && *begin == '+') ++begin;  // from_chars rejects a leading '+'
  auto [ptr, ec] = std::from_chars(begin, end, *number);
  if (ec != std::errc() || ptr == begin) return false;
  *suffix = Trim(std::string_view(ptr, end - ptr));
  return true;
}

std::string RangeError(std::string_view text, int64_t min, int64_t max, std::string_view unit) {
  return Quote(text) + " is outside the valid range " + std::to_string(min) + " .. " +
         std::to_string(max) + std::string(unit);
}

template <size_t N>
Parsed<int64_t> ParseWithUnits(std::string_view text, const std::array<Unit, N>& units,
                               int64_t bare_multiplier, std::string_view hint, int64_t min,
                               int64_t max, std::string_view base_unit_name) {
  int64_t number = 0;
  std::string suffix;
  if (!SplitNumberAndSuffix(text, &number, &suffix)) {
    return "invalid value " + Quote(text) + ": expected a whole number, optionally with a unit (" +
           std::string(hint) + ")";
  }
  int64_t multiplier = bare_multiplier;
  bool microseconds = false;
  if (!suffix.empty()) {
    const Unit* found = nullptr;
    for (const Unit& unit : units) {
      if (unit.suffix == suffix) found = &unit;
    }
    if (found == nullptr) {
      return "invalid value " + Quote(text) + ": unknown unit " + Quote(suffix) + " (" +
             std::string(hint) + ")";
    }
    microseconds = found->multiplier == 0;
    multiplier = microseconds ? 1 : found->multiplier;
  }
  int64_t value = 0;
  if (microseconds) {
    value = number / 1000;
  } else if (__builtin_mul_overflow(number, multiplier, &value)) {
    return RangeError(text, min, max, base_unit_name);
  }
  if (value < min || value > max) return RangeError(text, min, max, base_unit_name);
  return value;
}

}  // namespace

std::string Trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Parsed<int64_t> ParseInteger(std::string_view text, int64_t min, int64_t max) {
  int64_t number = 0;
  std::string suffix;
  if (!SplitNumberAndSuffix(text, &number, &suffix) || !suffix.empty()) {
    return "invalid value " + Quote(text) + ": expected a whole number";
  }
  if (number < min || number > max) return RangeError(text, min, max, "");
  return number;
}

Parsed<int64_t> ParseDurationMs(std::string_view text, int64_t bare_unit_ms, int64_t min_ms,
                                int64_t max_ms) {
  return ParseWithUnits(text, kTimeUnits, bare_unit_ms, kTimeUnitHint, min_ms, max_ms, " ms");
}

Parsed<int64_t> ParseSizeBytes(std::string_view text, int64_t min, int64_t max) {
  return ParseWithUnits(text, kSizeUnits, 1, kSizeUnitHint, min, max, " bytes");
}

Parsed<bool> ParseBool(std::string_view text) {
  const std::string value = ToLower(Trim(text));
  auto is_prefix_of = [&](std::string_view word, size_t min_len) {
    return value.size() >= min_len && word.substr(0, value.size()) == value;
  };
  // "o" alone is ambiguous between on and off, hence the minimum lengths.
  if (value == "1" || is_prefix_of("true", 1) || is_prefix_of("yes", 1) || value == "on") {
    return true;
  }
  if (value == "0" || is_prefix_of("false", 1) || is_prefix_of("no", 1) ||
      is_prefix_of("off", 2)) {
    return false;
  }
  return "invalid value " + Quote(text) + ": expected a boolean (on/off, true/false, yes/no, 1/0)";
}

std::vector<std::string> SplitCommaList(std::string_view text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    items.push_back(Trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                             : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return items;
}

bool IsValidPluginName(std::string_view name) {
  if (name.empty() || !std::islower(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_')) {
      return false;
    }
  }
  return true;
}

}  // namespace plinth::config
