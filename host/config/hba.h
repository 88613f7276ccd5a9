// Host-based authentication rules, as in PostgreSQL's pg_hba.conf: the first rule whose
// connection type, database, user and client address match a connection chooses the
// authentication method. Rules come from [[hba]] tables in plinth.toml or from a file
// in pg_hba.conf format (hba_file).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"

namespace plinth {

struct HbaRule {                         // one pg_hba.conf-like rule
  std::string type;                      // "host", "hostssl", "hostnossl", "local"
  std::vector<std::string> databases;    // "all" or names
  std::vector<std::string> users;        // "all" or names
  std::string address;                   // CIDR "127.0.0.1/32", "::1/128", "all", "" for local
  std::string method;                    // "trust", "reject", "scram-sha-256", "md5", "password"
  std::string source;                    // "file:line" for messages
};

// Parses a pg_hba.conf-format file (host/hostssl/hostnossl/local lines, "all", comma
// lists, CIDR or address + mask, methods; comments and blank lines) into rules.
// Errors name "<file>:<line>: ...".
Result<std::vector<HbaRule>> ParseHbaFile(const std::string& path);

// The same for text already in memory; `file_name` is used for sources and messages.
Result<std::vector<HbaRule>> ParseHbaText(std::string_view text, std::string_view file_name);

// The rules used when none are configured: trust for TCP connections from 127.0.0.1/32
// and ::1/128, every database and user. Nothing else is accepted.
std::vector<HbaRule> DefaultHbaRules();

namespace hba {

// The methods the standard auth plugins implement. Other lower-case names made of
// [a-z0-9-] are accepted as methods of third-party auth plugins; CheckMethodsProvided
// verifies them once the plugins are loaded.
bool IsBuiltinMethod(std::string_view method);

// Checks the parts of a rule that do not depend on loaded plugins: type, non-empty
// database and user lists, address syntax (and its absence for "local"), method name.
// Returns "" when valid, else what is wrong (the caller adds file, line and key).
std::string ValidateRule(const HbaRule& rule);

// Normalises an address field: "all", a CIDR (the host bits must be zero, as PG
// requires), or a bare IP address (taken as a single host: /32 or /128). Returns ""
// and sets *error when the text is not one of these.
std::string NormalizeAddress(std::string_view address, std::string* error);

// Turns "address" + "netmask" (pg_hba.conf's two-column form) into CIDR.
std::string AddressWithMaskToCidr(std::string_view address, std::string_view mask,
                                  std::string* error);

// After the auth plugins are loaded: every rule's method must be provided by one of
// them ("reject" never needs a plugin). The error names the rule's source.
Status CheckMethodsProvided(const std::vector<HbaRule>& rules,
                            const std::set<std::string>& provided_methods);

}  // namespace hba
}  // namespace plinth
