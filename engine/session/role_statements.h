// CREATE/ALTER/DROP ROLE (and USER), and the privilege statements Plinth accepts but
// does not enforce yet (GRANT, REVOKE, ALTER ... OWNER TO): those succeed with a
// WARNING so that a pg_dump restores, and nothing is silently dropped.
#pragma once

#include <string>
#include <vector>

#include "engine/session/utility.h"

namespace plinth {

// Returns true when `node` is one of these statements (then *status says how it went).
bool RunRoleOrPrivilegeStatement(UtilityContext& ctx, const PgQuery__Node* node, std::string* tag,
                                 std::vector<Notice>* notices, Status* status);

}  // namespace plinth
