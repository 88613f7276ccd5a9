#include "engine/session/database_statements.h"

#include <pg_query/pg_query.pb-c.h>

#include <cctype>
#include <cstdlib>
#include <set>

#include "engine/session/cluster.h"
#include "engine/session/database.h"
#include "engine/session/ddl_internal.h"
#include "engine/session/session.h"

namespace plinth {

namespace {

using ddl::ErrorAt;

std::string AsciiLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// initdb's template databases: listed in pg_database, never opened. CREATE DATABASE
// copies nothing from them, since a new Plinth database starts as template0 does.
bool IsTemplate(const std::string& name) { return name == "template0" || name == "template1"; }

// A DefElem's argument as PostgreSQL's defGetString reads it; nullopt for DEFAULT.
std::optional<std::string> OptionText(const PgQuery__DefElem* d) {
  const PgQuery__Node* a = d->arg;
  if (!a) return std::nullopt;
  switch (a->node_case) {
    case PG_QUERY__NODE__NODE_STRING: return std::string(a->string->sval);
    case PG_QUERY__NODE__NODE_INTEGER: return std::to_string(a->integer->ival);
    case PG_QUERY__NODE__NODE_FLOAT: return std::string(a->float_->fval);
    case PG_QUERY__NODE__NODE_BOOLEAN: return std::string(a->boolean->boolval ? "true" : "false");
    case PG_QUERY__NODE__NODE_TYPE_NAME: {  // OWNER written as a type-like name
      const PgQuery__TypeName* t = a->type_name;
      if (t->n_names > 0 && t->names[t->n_names - 1]->node_case == PG_QUERY__NODE__NODE_STRING)
        return std::string(t->names[t->n_names - 1]->string->sval);
      return std::string();
    }
    default: return std::string();
  }
}

bool CanCreateDatabases(UtilityContext& ctx) {
  auto role = ctx.db.roles().Get(ctx.session.user());
  return role && (role->superuser || role->createdb);
}

bool IsSuperuser(UtilityContext& ctx) {
  auto role = ctx.db.roles().Get(ctx.session.user());
  return role && role->superuser;
}

Cluster* RequireCluster(UtilityContext& ctx, const char* what, Status* status) {
  if (ctx.db.cluster()) return ctx.db.cluster();
  *status = Status::Error("0A000", std::string(what) + " is not supported by a database opened on its own");
  return nullptr;
}

Status PreventInTransactionBlock(UtilityContext& ctx, const char* what) {
  if (ctx.session.TransactionStatus() != 'I')
    return Status::Error("25001", std::string(what) + " cannot run inside a transaction block");
  return Status::OK();
}

// The checks PostgreSQL's createdb makes on its options. Every option pg_dump and the
// createdb tool emit is accepted; Plinth databases are all UTF8 with C.UTF-8 collation.
Status CheckCreateOptions(UtilityContext& ctx, const PgQuery__CreatedbStmt* cs, std::string* owner) {
  static const std::set<std::string> kAccepted = {
      "owner",     "template",  "encoding",        "strategy",          "locale",     "lc_collate",
      "lc_ctype",  "icu_locale", "locale_provider", "collation_version", "tablespace", "allow_connections",
      "is_template", "connection_limit", "oid", "location"};
  std::set<std::string> seen;
  for (size_t i = 0; i < cs->n_options; i++) {
    const PgQuery__DefElem* d = cs->options[i]->def_elem;
    std::string name = d->defname;
    if (!kAccepted.count(name)) return ErrorAt("42601", "option \"" + name + "\" not recognized", d->location);
    if (!seen.insert(name).second) return ErrorAt("42601", "conflicting or redundant options", d->location);
    std::optional<std::string> value = OptionText(d);
    if (!value) continue;  // DEFAULT
    if (name == "owner") {
      if (!ctx.db.roles().Get(*value)) return Status::Error("42704", "role \"" + *value + "\" does not exist");
      *owner = *value;
    } else if (name == "template") {
      if (IsTemplate(*value)) continue;
      if (ctx.db.cluster()->FindDatabase(*value))
        return Status::Error("0A000", "CREATE DATABASE cannot copy database \"" + *value +
                                          "\": only template0 and template1 are supported");
      return Status::Error("3D000", "template database \"" + *value + "\" does not exist");
    } else if (name == "encoding") {
      std::string e = AsciiLower(*value);
      if (e != "utf8" && e != "utf-8" && e != "unicode" && e != "6") {
        if (e == "sql_ascii" || e == "0")
          continue;  // PostgreSQL allows SQL_ASCII with any locale; Plinth stores UTF8 anyway
        return Status::Error("22023", "encoding \"" + *value + "\" does not match locale \"C.UTF-8\"")
            .with_detail("The chosen LC_CTYPE setting requires encoding \"UTF8\".");
      }
    } else if (name == "connection_limit") {
      char* end = nullptr;
      long limit = std::strtol(value->c_str(), &end, 10);
      if (end == value->c_str() || *end) return Status::Error("42601", name + " requires an integer value");
      if (limit < -1) return Status::Error("22023", "invalid connection limit: " + *value);
    } else if (name == "strategy") {
      std::string s = AsciiLower(*value);
      if (s != "wal_log" && s != "file_copy")
        return Status::Error("22023", "invalid create database strategy \"" + *value + "\"")
            .with_hint("Valid strategies are \"wal_log\", and \"file_copy\".");
    }
  }
  return Status::OK();
}

Status CreateDatabase(UtilityContext& ctx, const PgQuery__CreatedbStmt* cs) {
  PLINTH_RETURN_IF_ERROR(PreventInTransactionBlock(ctx, "CREATE DATABASE"));
  if (!CanCreateDatabases(ctx)) return Status::Error("42501", "permission denied to create database");
  std::string owner = ctx.session.user();
  PLINTH_RETURN_IF_ERROR(CheckCreateOptions(ctx, cs, &owner));
  std::string name = cs->dbname;
  if (IsTemplate(name)) return Status::Error("42P04", "database \"" + name + "\" already exists");
  return ctx.db.cluster()->CreateDatabase(name, owner);
}

Status DropDatabase(UtilityContext& ctx, const PgQuery__DropdbStmt* ds, std::vector<Notice>* notices) {
  PLINTH_RETURN_IF_ERROR(PreventInTransactionBlock(ctx, "DROP DATABASE"));
  for (size_t i = 0; i < ds->n_options; i++) {
    const PgQuery__DefElem* d = ds->options[i]->def_elem;
    if (std::string(d->defname) != "force")
      return ErrorAt("42601", "unrecognized DROP DATABASE option \"" + std::string(d->defname) + "\"", d->location);
  }
  std::string name = ds->dbname;
  if (IsTemplate(name)) return Status::Error("42809", "cannot drop a template database");
  std::optional<DatabaseEntry> entry = ctx.db.cluster()->FindDatabase(name);
  if (!entry) {
    if (!ds->missing_ok) return Status::Error("3D000", "database \"" + name + "\" does not exist");
    notices->push_back(Notice{"NOTICE", "00000", "database \"" + name + "\" does not exist, skipping"});
    return Status::OK();
  }
  if (entry->owner != ctx.session.user() && !IsSuperuser(ctx))
    return Status::Error("42501", "must be owner of database " + name);
  return ctx.db.cluster()->DropDatabase(name, ctx.db);
}

// The SET part of ALTER DATABASE/ROLE ... SET|RESET, stored for (database, role).
Status AlterDefault(UtilityContext& ctx, const std::string& database, const std::string& role,
                    const PgQuery__VariableSetStmt* vs) {
  Cluster& cluster = *ctx.db.cluster();
  std::string name = vs->name ? vs->name : "";
  switch (vs->kind) {
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE:
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT: {
      std::string value;
      if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT) {
        PLINTH_ASSIGN_OR_RETURN(value, ctx.session.settings().Get(name));
      } else {
        PLINTH_ASSIGN_OR_RETURN(value, SetArgsText(vs));
      }
      // Validated now on a scratch copy, as PostgreSQL checks the value at ALTER time;
      // stored as written, as PostgreSQL stores it.
      SessionSettings scratch;
      PLINTH_RETURN_IF_ERROR(scratch.Set(name, value, false));
      std::string canonical = SessionSettings::CanonicalName(name);
      if (canonical.empty()) canonical = AsciiLower(name);  // a custom "a.b" placeholder
      // PostgreSQL's check hook runs here as if inside a transaction that already ran a
      // query; default_transaction_isolation is the setting meant for this.
      if (canonical == "transaction_isolation")
        return Status::Error("25001", "SET TRANSACTION ISOLATION LEVEL must be called before any query");
      return cluster.AlterSettingDefault(database, role, canonical, value);
    }
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET: {
      std::string canonical = SessionSettings::CanonicalName(name);
      if (canonical.empty()) {
        if (name.find('.') == std::string::npos)
          return Status::Error("42704", "unrecognized configuration parameter \"" + name + "\"");
        canonical = AsciiLower(name);
      }
      return cluster.AlterSettingDefault(database, role, canonical, std::nullopt);
    }
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
      return cluster.AlterSettingDefault(database, role, "", std::nullopt);
    default:
      return Status::Error("0A000", "this form of ALTER ... SET is not supported");
  }
}

Status AlterDatabaseSet(UtilityContext& ctx, const PgQuery__AlterDatabaseSetStmt* as) {
  std::string name = as->dbname;
  std::optional<DatabaseEntry> entry = ctx.db.cluster()->FindDatabase(name);
  if (!entry) return Status::Error("3D000", "database \"" + name + "\" does not exist");
  if (entry->owner != ctx.session.user() && !IsSuperuser(ctx))
    return Status::Error("42501", "must be owner of database " + name);
  return AlterDefault(ctx, name, "", as->setstmt);
}

Status AlterRoleSet(UtilityContext& ctx, const PgQuery__AlterRoleSetStmt* as) {
  std::string role;  // "" = ALTER ROLE ALL
  if (as->role) {
    switch (as->role->roletype) {
      case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
      case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
      case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
        role = ctx.session.user();
        break;
      case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
        return Status::Error("42704", "role \"public\" does not exist");
      default:
        role = as->role->rolename ? as->role->rolename : "";
    }
    if (!ctx.db.roles().Get(role)) return Status::Error("42704", "role \"" + role + "\" does not exist");
  }
  std::string database = as->database ? as->database : "";
  if (!database.empty() && !ctx.db.cluster()->FindDatabase(database))
    return Status::Error("3D000", "database \"" + database + "\" does not exist");
  // PostgreSQL 15's AlterRoleSet checks: a role may change its own defaults, CREATEROLE
  // those of other non-superusers, only a superuser those of superusers or of everyone.
  if (!IsSuperuser(ctx)) {
    if (role.empty()) return Status::Error("42501", "must be superuser to alter settings globally");
    if (ctx.db.roles().Get(role)->superuser) return Status::Error("42501", "must be superuser to alter superusers");
    auto me = ctx.db.roles().Get(ctx.session.user());
    if (role != ctx.session.user() && !(me && me->createrole)) return Status::Error("42501", "permission denied");
  }
  return AlterDefault(ctx, database, role, as->setstmt);
}

// ALTER DATABASE d [WITH] CONNECTION LIMIT / ALLOW_CONNECTIONS / IS_TEMPLATE: accepted
// (pg_dump writes them) with a warning that Plinth does not enforce them.
Status AlterDatabaseOptions(UtilityContext& ctx, const PgQuery__AlterDatabaseStmt* as, std::vector<Notice>* notices) {
  std::string name = as->dbname;
  if (!ctx.db.cluster()->FindDatabase(name)) return Status::Error("3D000", "database \"" + name + "\" does not exist");
  for (size_t i = 0; i < as->n_options; i++) {
    const PgQuery__DefElem* d = as->options[i]->def_elem;
    std::string option = d->defname;
    if (option != "connection_limit" && option != "allow_connections" && option != "is_template" &&
        option != "tablespace")
      return ErrorAt("42601", "option \"" + option + "\" not recognized", d->location);
  }
  notices->push_back(Notice{"WARNING", "01000", "ALTER DATABASE options are accepted but not enforced by Plinth"});
  return Status::OK();
}

Status RenameDatabase(UtilityContext& ctx, const PgQuery__RenameStmt* rs) {
  std::string name = rs->subname, new_name = rs->newname;
  std::optional<DatabaseEntry> entry = ctx.db.cluster()->FindDatabase(name);
  if (!entry) return Status::Error("3D000", "database \"" + name + "\" does not exist");
  if (entry->owner != ctx.session.user() && !IsSuperuser(ctx))
    return Status::Error("42501", "must be owner of database " + name);
  if (!CanCreateDatabases(ctx)) return Status::Error("42501", "permission denied to rename database");
  if (IsTemplate(new_name)) return Status::Error("42P04", "database \"" + new_name + "\" already exists");
  return ctx.db.cluster()->RenameDatabase(name, new_name, ctx.db);
}

Status ChangeDatabaseOwner(UtilityContext& ctx, const PgQuery__AlterOwnerStmt* os) {
  const PgQuery__Node* object = os->object;
  if (!object || object->node_case != PG_QUERY__NODE__NODE_STRING)
    return Status::Error("42601", "ALTER DATABASE ... OWNER TO needs a database name");
  std::string name = object->string->sval;
  std::string owner = os->newowner && os->newowner->rolename ? os->newowner->rolename : "";
  if (os->newowner && os->newowner->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) owner = ctx.session.user();
  std::optional<DatabaseEntry> entry = ctx.db.cluster()->FindDatabase(name);
  if (!entry) return Status::Error("3D000", "database \"" + name + "\" does not exist");
  if (!ctx.db.roles().Get(owner)) return Status::Error("42704", "role \"" + owner + "\" does not exist");
  if (entry->owner == owner) return Status::OK();
  if (entry->owner != ctx.session.user() && !IsSuperuser(ctx))
    return Status::Error("42501", "must be owner of database " + name);
  return ctx.db.cluster()->SetDatabaseOwner(name, owner);
}

}  // namespace

bool RunDatabaseStatement(UtilityContext& ctx, const PgQuery__Node* node, std::string* tag,
                          std::vector<Notice>* notices, Status* status) {
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
      *tag = "CREATE DATABASE";
      if (RequireCluster(ctx, "CREATE DATABASE", status)) *status = CreateDatabase(ctx, node->createdb_stmt);
      return true;
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
      *tag = "DROP DATABASE";
      if (RequireCluster(ctx, "DROP DATABASE", status)) *status = DropDatabase(ctx, node->dropdb_stmt, notices);
      return true;
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_SET_STMT:
      *tag = "ALTER DATABASE";
      if (RequireCluster(ctx, "ALTER DATABASE", status)) *status = AlterDatabaseSet(ctx, node->alter_database_set_stmt);
      return true;
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_STMT:
      *tag = "ALTER DATABASE";
      if (RequireCluster(ctx, "ALTER DATABASE", status))
        *status = AlterDatabaseOptions(ctx, node->alter_database_stmt, notices);
      return true;
    case PG_QUERY__NODE__NODE_RENAME_STMT:
      if (node->rename_stmt->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE) return false;
      *tag = "ALTER DATABASE";
      if (RequireCluster(ctx, "ALTER DATABASE ... RENAME", status)) *status = RenameDatabase(ctx, node->rename_stmt);
      return true;
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
      if (node->alter_owner_stmt->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE) return false;
      *tag = "ALTER DATABASE";
      if (RequireCluster(ctx, "ALTER DATABASE ... OWNER TO", status))
        *status = ChangeDatabaseOwner(ctx, node->alter_owner_stmt);
      return true;
    case PG_QUERY__NODE__NODE_ALTER_ROLE_SET_STMT:
      *tag = "ALTER ROLE";
      if (RequireCluster(ctx, "ALTER ROLE ... SET", status)) *status = AlterRoleSet(ctx, node->alter_role_set_stmt);
      return true;
    default:
      return false;
  }
}

}  // namespace plinth
