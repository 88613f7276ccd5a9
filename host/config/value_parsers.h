// Parsers for setting values written the way PostgreSQL accepts them: integers, memory
// sizes and durations with PostgreSQL's (case-sensitive) unit suffixes, booleans, and
// comma-separated lists. Each returns the value, or a one-line description of what is
// wrong that the caller prefixes with the file, line and key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace plinth::config {

// Either a parsed value or the reason the text was rejected.
template <typename T>
using Parsed = std::variant<T, std::string>;

template <typename T>
bool IsError(const Parsed<T>& p) { return std::holds_alternative<std::string>(p); }
template <typename T>
const std::string& ErrorOf(const Parsed<T>& p) { return std::get<std::string>(p); }
template <typename T>
const T& ValueOf(const Parsed<T>& p) { return std::get<T>(p); }

// A whole decimal integer (optional sign) within [min, max].
Parsed<int64_t> ParseInteger(std::string_view text, int64_t min, int64_t max);

// A duration: a bare number is in `bare_unit_ms` milliseconds (1 for statement_timeout,
// 1000 for authentication_timeout, as in PostgreSQL); otherwise one of the suffixes
// "us", "ms", "s", "min", "h", "d", optionally after a space. Result in milliseconds,
// rounded down for "us", within [min_ms, max_ms].
Parsed<int64_t> ParseDurationMs(std::string_view text, int64_t bare_unit_ms, int64_t min_ms,
                                int64_t max_ms);

// A memory size: a bare number is bytes; otherwise "B", "kB", "MB", "GB", "TB" (1024-based,
// case-sensitive like PostgreSQL). Result in bytes within [min, max].
Parsed<int64_t> ParseSizeBytes(std::string_view text, int64_t min, int64_t max);

// PostgreSQL booleans: on/off, true/false, yes/no, 1/0 and unique prefixes of them.
Parsed<bool> ParseBool(std::string_view text);

// Splits "a, b,c" into {"a","b","c"}; empty items are kept (as "") so callers can
// reject them with a precise message.
std::vector<std::string> SplitCommaList(std::string_view text);

std::string Trim(std::string_view text);
std::string ToLower(std::string_view text);

// Plugin names: [a-z][a-z0-9_]* (they are also file names and table names).
bool IsValidPluginName(std::string_view name);

}  // namespace plinth::config
