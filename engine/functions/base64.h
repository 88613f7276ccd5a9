// PostgreSQL's base64 (encode/decode(..., 'base64')) on top of libsodium: libsodium does
// the alphabet, this file adds PostgreSQL's framing -- a newline after every 76 output
// characters on encode; on decode whitespace is skipped, '=' may end a group early and
// limits every later group to as many bytes, and errors carry PostgreSQL's texts.
#pragma once

#include <string>
#include <string_view>

#include "engine/common/status.h"

namespace plinth::functions {

std::string Base64Encode(std::string_view bytes);

// 22023 "invalid symbol "*" found while decoding base64 sequence", "unexpected "="
// while decoding base64 sequence" or "invalid base64 end sequence" (with PG's hint).
Result<std::string> Base64Decode(std::string_view text);

}  // namespace plinth::functions
