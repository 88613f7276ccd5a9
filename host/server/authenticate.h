// Client authentication: picks the method from the first matching hba rule, then runs
// the auth plugin's state machine, framing its requests as Authentication* messages.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "engine/common/status.h"

namespace plinth {

class Server;
struct HbaRule;

struct AuthIo {
  std::function<void(char type, std::string_view payload)> send;  // one whole message
  std::function<bool(std::string* body)> receive;                 // a 'p' message body; false on protocol error
};

// Returns OK once the client is authenticated (the caller then sends AuthenticationOk).
Status Authenticate(Server& server, AuthIo& io, const std::string& user, const std::string& database,
                    const std::string& client_addr);

// The first rule matching a TCP connection without TLS, or nullptr.
const HbaRule* MatchHba(const std::vector<HbaRule>& rules, const std::string& user, const std::string& database,
                        const std::string& client_addr);

}  // namespace plinth
