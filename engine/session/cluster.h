// The cluster around a database, as a session sees it: the other databases of the
// server (CREATE/DROP DATABASE, pg_database) and the setting defaults stored with
// ALTER DATABASE/ROLE ... SET (pg_db_role_setting), which a new session applies before
// its client's startup options.
//
// The engine only declares this interface; the host implements it (host/server/
// cluster.h), because opening and removing a database means opening and removing a
// store through a storage plugin. A Database without a cluster (unit tests, tools) is
// a server of one database, and these statements answer 0A000 there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/types/types.h"

namespace plinth {

class Database;
class SessionSettings;

struct DatabaseEntry {
  Oid oid = 0;
  std::string name;
  std::string owner;  // a role name
};

// One row of pg_db_role_setting: an empty database or role means "every".
struct SettingDefaults {
  std::string database;
  std::string role;
  std::vector<std::pair<std::string, std::string>> settings;  // canonical name -> value, in SET order
};

class Cluster {
 public:
  virtual ~Cluster() = default;

  // Every database, the default one first.
  virtual std::vector<DatabaseEntry> Databases() const = 0;
  virtual std::optional<DatabaseEntry> FindDatabase(const std::string& name) const = 0;

  // Creates an empty database (42P04 if the name is taken).
  virtual Status CreateDatabase(const std::string& name, const std::string& owner) = 0;
  // Drops a database and everything in it. `current` is the caller's database (55006
  // when it is the one to drop). 3D000 when there is no such database; 55006 while
  // other sessions use it.
  virtual Status DropDatabase(const std::string& name, const Database& current) = 0;
  // ALTER DATABASE ... RENAME TO (its stored defaults follow it) and ... OWNER TO.
  virtual Status RenameDatabase(const std::string& name, const std::string& new_name, const Database& current) = 0;
  virtual Status SetDatabaseOwner(const std::string& name, const std::string& owner) = 0;

  // ALTER DATABASE/ROLE ... SET name = value (value set) or RESET name (value unset);
  // RESET ALL when name is empty. Database and role are names; "" means every.
  virtual Status AlterSettingDefault(const std::string& database, const std::string& role, const std::string& name,
                                     const std::optional<std::string>& value) = 0;
  virtual std::vector<SettingDefaults> AllSettingDefaults() const = 0;
  // DROP ROLE: its stored defaults go with it.
  virtual Status ForgetRole(const std::string& role) = 0;
};

// Applies the stored defaults for a session of `role` on `database` in PostgreSQL's
// order of precedence, lowest first: every role everywhere (ALTER ROLE ALL), the
// database, the role, the role in that database. Each becomes the session's default
// (what RESET returns to). A stored value the settings refuse is skipped with a
// warning in *warnings, as PostgreSQL does, so a bad default never locks users out.
void ApplySettingDefaults(const Cluster& cluster, const std::string& database, const std::string& role,
                          SessionSettings* settings, std::vector<std::string>* warnings);

}  // namespace plinth
