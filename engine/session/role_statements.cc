#include "engine/session/role_statements.h"

#include <pg_query/pg_query.pb-c.h>

#include "engine/session/cluster.h"
#include "engine/session/database.h"
#include "engine/session/session.h"

namespace plinth {

namespace {

// Applies CREATE/ALTER ROLE options (PASSWORD, LOGIN, SUPERUSER, ...) to a role.
Status ApplyRoleOptions(UtilityContext& ctx, PgQuery__Node** options, size_t n, Role* role, bool* password_set) {
  for (size_t i = 0; i < n; i++) {
    const PgQuery__DefElem* d = options[i]->def_elem;
    std::string name = d->defname;
    auto flag = [&]() { return d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN ? d->arg->boolean->boolval : true; };
    if (name == "password") {
      if (!d->arg) {  // PASSWORD NULL
        role->verifier.clear();
      } else {
        std::string pw = d->arg->string->sval;
        if (pw.empty()) {
          role->verifier.clear();
          continue;
        }
        PLINTH_ASSIGN_OR_RETURN(role->verifier, ctx.db.roles().VerifierFor(role->name, pw));
      }
      *password_set = true;
    } else if (name == "canlogin") {
      role->login = flag();
    } else if (name == "superuser") {
      role->superuser = flag();
    } else if (name == "createdb") {
      role->createdb = flag();
    } else if (name == "createrole") {
      role->createrole = flag();
    } else if (name == "inherit" || name == "replication" || name == "bypassrls" || name == "connectionlimit" ||
               name == "validUntil" || name == "isreplication") {
      // accepted; not enforced
    } else if (name == "addroleto" || name == "rolemembers" || name == "adminmembers" || name == "sysid") {
      // role membership is not modelled yet
    } else {
      return Status::Error("42601", "unrecognized role option \"" + name + "\"");
    }
  }
  return Status::OK();
}

bool IsReserved(const std::string& name) { return name.rfind("pg_", 0) == 0; }

}  // namespace

bool RunRoleOrPrivilegeStatement(UtilityContext& ctx, const PgQuery__Node* node, std::string* tag,
                                 std::vector<Notice>* notices, Status* status) {
  RoleStore& roles = ctx.db.roles();
  const Store& store = ctx.db.roles_store();
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT: {
      const PgQuery__CreateRoleStmt* cs = node->create_role_stmt;
      *tag = "CREATE ROLE";
      std::string name = cs->role;
      if (IsReserved(name)) {
        *status = Status::Error("42939", "role name \"" + name + "\" is reserved")
                      .with_detail("Role names starting with \"pg_\" are reserved.");
        return true;
      }
      if (roles.Get(name)) {
        *status = Status::Error("42710", "role \"" + name + "\" already exists");
        return true;
      }
      Role role;
      role.name = name;
      role.login = cs->stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_USER;
      bool pw = false;
      *status = ApplyRoleOptions(ctx, cs->options, cs->n_options, &role, &pw);
      if (status->ok()) *status = roles.Put(store, role);
      return true;
    }
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT: {
      const PgQuery__AlterRoleStmt* as = node->alter_role_stmt;
      *tag = "ALTER ROLE";
      std::string name = as->role && as->role->rolename ? as->role->rolename : "";
      if (as->role && as->role->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER) name = ctx.session.user();
      auto existing = roles.Get(name);
      if (!existing) {
        *status = Status::Error("42704", "role \"" + name + "\" does not exist");
        return true;
      }
      Role role = *existing;
      bool pw = false;
      *status = ApplyRoleOptions(ctx, as->options, as->n_options, &role, &pw);
      if (status->ok()) *status = roles.Put(store, role);
      return true;
    }
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT: {
      const PgQuery__DropRoleStmt* ds = node->drop_role_stmt;
      *tag = "DROP ROLE";
      std::vector<std::string> victims;
      for (size_t i = 0; i < ds->n_roles; i++) {
        const PgQuery__RoleSpec* rs = ds->roles[i]->role_spec;
        std::string name = rs->rolename ? rs->rolename : "";
        if (!roles.Get(name)) {
          if (ds->missing_ok) {
            notices->push_back(Notice{"NOTICE", "00000", "role \"" + name + "\" does not exist, skipping"});
            continue;
          }
          *status = Status::Error("42704", "role \"" + name + "\" does not exist");
          return true;
        }
        if (name == ctx.session.user()) {
          *status = Status::Error("55006", "current user cannot be dropped");
          return true;
        }
        if (Cluster* cluster = ctx.db.cluster()) {
          for (const DatabaseEntry& d : cluster->Databases())
            if (d.owner == name) {
              *status = Status::Error("2BP01", "role \"" + name + "\" cannot be dropped because some objects depend on it")
                            .with_detail("owner of database " + d.name);
              return true;
            }
        }
        victims.push_back(name);
      }
      for (const std::string& v : victims) {
        *status = roles.Drop(store, v);
        if (status->ok() && ctx.db.cluster()) *status = ctx.db.cluster()->ForgetRole(v);
        if (!status->ok()) return true;
      }
      *status = Status::OK();
      return true;
    }
    case PG_QUERY__NODE__NODE_GRANT_STMT:
      *tag = node->grant_stmt->is_grant ? "GRANT" : "REVOKE";
      notices->push_back(Notice{"WARNING", "01000", *tag + " accepted but not enforced: Plinth does not check privileges yet"});
      *status = Status::OK();
      return true;
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
      *tag = node->grant_role_stmt->is_grant ? "GRANT ROLE" : "REVOKE ROLE";
      notices->push_back(Notice{"WARNING", "01000", "role membership accepted but not enforced by Plinth yet"});
      *status = Status::OK();
      return true;
    case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
      *tag = "ALTER DEFAULT PRIVILEGES";
      notices->push_back(Notice{"WARNING", "01000", "default privileges accepted but not enforced by Plinth yet"});
      *status = Status::OK();
      return true;
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
      *tag = "ALTER";
      notices->push_back(Notice{"WARNING", "01000", "ownership change accepted but not recorded by Plinth yet"});
      *status = Status::OK();
      return true;
    default:
      return false;
  }
}

}  // namespace plinth
