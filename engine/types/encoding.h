// Character encodings for convert_to/convert_from/convert: the server encoding is always
// UTF8; client-visible conversions know UTF8, SQL_ASCII and LATIN1 (ISO 8859-1), which
// are the ones a Plinth database can meet. Errors carry PostgreSQL's SQLSTATEs and texts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/common/status.h"

namespace plinth::encoding {

enum class Encoding { kSqlAscii, kUtf8, kLatin1 };

// PostgreSQL's spelling ("UTF8", "SQL_ASCII", "LATIN1").
const char* Name(Encoding e);

// Looks an encoding name up as PostgreSQL does: case and non-alphanumeric characters do
// not matter ("utf-8", "Unicode", "ISO-8859-1"). nullopt for a name it does not know.
std::optional<Encoding> FromName(std::string_view name);

// OK if s is valid in encoding e (for UTF8: well-formed, no surrogates, no NUL byte);
// else 22021 "invalid byte sequence for encoding "UTF8": 0xc3 0x28".
Status Verify(Encoding e, std::string_view s);

// Converts s from one encoding to another after verifying it in `from`. A character that
// `to` cannot hold is 22P05 "character with byte sequence ... has no equivalent in
// encoding ...". SQL_ASCII on either side means "no conversion", as in PostgreSQL.
Result<std::string> Convert(std::string_view s, Encoding from, Encoding to);

}  // namespace plinth::encoding
