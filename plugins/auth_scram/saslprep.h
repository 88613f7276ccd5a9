// SASLprep (RFC 4013) as PostgreSQL applies it to SCRAM passwords: normalise when the
// password is valid UTF-8 and passes the profile's checks, otherwise use the raw bytes
// unchanged (PostgreSQL cannot know the client's encoding during authentication).
#pragma once

#include <string>
#include <string_view>

namespace plinth::auth {

// PostgreSQL's MAX_PASSWORD_LENGTH: longer passwords are refused before SASLprep.
inline constexpr size_t kMaxPasswordLength = 1024;

// The SASLprep form of `password`, or `password` itself when SASLprep refuses it
// (invalid UTF-8, prohibited or unassigned code points, bidi violations).
// Pure ASCII is returned unchanged without further work, exactly like PostgreSQL.
std::string saslprep_or_raw(std::string_view password);

}  // namespace plinth::auth
