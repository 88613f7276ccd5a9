// Interval and date/time output in the non-default styles (IntervalStyle other than
// `postgres`, DateStyle other than ISO), chosen by the session's IoContext.
#pragma once

#include <string>
#include <string_view>

#include "engine/types/datetime.h"

namespace plinth::datetime {

// Appends `iv` in IntervalStyle `style` (iso_8601, sql_standard, postgres_verbose;
// case-insensitive) and returns true; returns false, appending nothing, for `postgres`
// or anything else, which FormatInterval handles.
bool FormatIntervalInStyle(const Interval& iv, std::string_view style, std::string* out);

// DateStyle output for SQL, German and Postgres (datestyle_format.cc): `datestyle` is the
// canonical setting ("SQL, DMY"). Return false, appending nothing, for ISO.
bool FormatDateInStyle(int32_t days, std::string_view datestyle, std::string* out);
bool FormatTimestampInStyle(int64_t usec, std::string_view datestyle, std::string* out);
bool FormatTimestampTzInStyle(int64_t usec, const IoContext& io, std::string* out);

// PostgreSQL's check_datestyle: canonical "Style, ORDER" for a SET DateStyle value,
// unspecified parts taken from `current`; 22023 for unknown or conflicting words.
Result<std::string> CanonicalDateStyle(std::string_view value, std::string_view current);

}  // namespace plinth::datetime
