// Turning a password into a stored verifier with an auth plugin's make_verifier, for
// CREATE/ALTER ROLE ... PASSWORD and for `plinth make-verifier`.
#pragma once

#include <string>

#include "engine/common/status.h"
#include "plinth/auth.h"

namespace plinth {

Result<std::string> MakeVerifier(const plinth_auth_v1& auth, const std::string& method, const std::string& user,
                                 const std::string& password);

}  // namespace plinth
