// Per-type text I/O helpers shared by the dispatcher (text_io.cc), casts and arrays.
#pragma once

#include <string>
#include <string_view>

#include "engine/types/types.h"

namespace plinth::io {

Result<int64_t> ParseInteger(std::string_view text, Oid type);  // int2/int4/int8/oid
Result<double> ParseFloat(std::string_view text, Oid type);     // float4/float8
void FormatFloat(double v, Oid type, int extra_float_digits, std::string* out);
Result<bool> ParseBool(std::string_view text);
Result<std::string> ParseBytea(std::string_view text);
void FormatBytea(std::string_view bytes, bool hex, std::string* out);
Result<std::string> ParseUuid(std::string_view text);
void FormatUuid(std::string_view bytes, std::string* out);

Result<std::string> ValidateJson(std::string_view text);  // json: kept as given
Result<std::string> CanonicalJsonb(std::string_view text);  // jsonb: canonical text

Result<Value> ParseArray(Oid array_type, int32_t typmod, std::string_view text, const IoContext& io);
void FormatArray(Oid array_type, const Value& v, const IoContext& io, std::string* out);

// Number of characters (UTF-8 code points) in s.
size_t CharLength(std::string_view s);
// Byte offset of the n-th character (or s.size()).
size_t CharOffset(std::string_view s, size_t n);

const char* TypeLabelForErrors(Oid type);  // "integer", "smallint", "double precision"...

}  // namespace plinth::io
