// ALTER TABLE / SEQUENCE / VIEW / INDEX ... OWNER TO.
//
// Plinth does not record per-object owners yet: every relation reports the bootstrap
// superuser as its owner (pg_class.relowner). Giving an object to the current user is
// what pg_dump writes for a single-owner database and changes nothing a client can
// observe, so it is accepted quietly; naming any other role is accepted with a WARNING,
// so a restore never fails on it yet never silently pretends the owner changed.
#include <pg_query/pg_query.pb-c.h>

#include "engine/session/database.h"
#include "engine/session/ddl.h"
#include "engine/session/ddl_internal.h"

namespace plinth {

namespace {

bool IsOwnerOnly(const PgQuery__AlterTableStmt* at) {
  if (at->n_cmds == 0) return false;
  for (size_t i = 0; i < at->n_cmds; i++)
    if (at->cmds[i]->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner) return false;
  return true;
}

// Whether the statement names an existing table, sequence, view or index.
bool RelationFound(UtilityContext& ctx, const PgQuery__RangeVar* rv) {
  const Catalog& cat = ctx.txn->catalog();
  const auto& path = ctx.session.settings().search_path();
  std::string schema = rv->schemaname ? rv->schemaname : "";
  return cat.LookupTable(schema, rv->relname, path) || cat.LookupSequence(schema, rv->relname, path) ||
         cat.LookupView(schema, rv->relname, path) || cat.LookupIndexTable(schema, rv->relname, path);
}

}  // namespace

namespace ddl {

Status CheckNewOwner(UtilityContext& ctx, const PgQuery__RoleSpec* spec, const std::string& relation,
                     std::vector<Notice>* notices) {
  if (!spec) return Status::Error("42601", "OWNER TO requires a role");
  std::string role;
  switch (spec->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING: role = spec->rolename ? spec->rolename : ""; break;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC: return Status::Error("42704", "role \"public\" does not exist");
    default: role = ctx.session.user(); break;  // CURRENT_USER, CURRENT_ROLE, SESSION_USER
  }
  if (!ctx.db.roles().Get(role)) return Status::Error("42704", "role \"" + role + "\" does not exist");
  if (role != ctx.session.user())
    notices->push_back(Notice{"WARNING", "01000",
                              "owner of \"" + relation + "\" not changed to \"" + role +
                                  "\": Plinth does not record object owners yet"});
  return Status::OK();
}

Result<bool> AlterOwnerOnly(UtilityContext& ctx, const PgQuery__AlterTableStmt* at, std::vector<Notice>* notices) {
  if (!IsOwnerOnly(at)) return false;
  const PgQuery__RangeVar* rv = at->relation;
  if (!RelationFound(ctx, rv)) {
    if (at->missing_ok) {
      notices->push_back(Notice{"NOTICE", "00000", std::string("relation \"") + rv->relname + "\" does not exist, skipping"});
      return true;
    }
    return Status::Error("42P01", std::string("relation \"") + rv->relname + "\" does not exist");
  }
  for (size_t i = 0; i < at->n_cmds; i++)
    PLINTH_RETURN_IF_ERROR(CheckNewOwner(ctx, at->cmds[i]->alter_table_cmd->newowner, rv->relname, notices));
  return true;
}

}  // namespace ddl

}  // namespace plinth
