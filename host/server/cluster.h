// The databases of one server, as PostgreSQL's cluster: each database is an engine
// Database on a store of its own (its schemas, tables and sequences are its own), while
// roles and the list of databases live in the default database's store and are shared.
//
// The list of databases and the ALTER DATABASE/ROLE ... SET defaults are written to the
// default store as soon as they change (like roles), so they survive a restart. A
// database other than the default is opened on first use and stays open until DROP
// DATABASE or shutdown. Sessions hold a Lease on their database, which is how DROP
// DATABASE knows whether other sessions use it (55006). See docs/databases.md.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/session/cluster.h"

namespace plinth {

class Database;

class DatabaseCluster final : public Cluster {
 public:
  // A database other than the default, opened on its store. `keep_alive` is whatever
  // must outlive the Database (the plugin's host API instance); it is released after it.
  struct Opened {
    std::unique_ptr<Database> database;
    std::shared_ptr<void> keep_alive;
  };
  // Opens (creating when new) the store of a database; RemoveFn deletes what a dropped
  // database left behind (its directory), and is also called on a leftover of a create
  // that crashed before the database was recorded.
  using OpenFn = std::function<Result<Opened>(const DatabaseEntry& entry)>;
  using RemoveFn = std::function<Status(const DatabaseEntry& entry)>;

  DatabaseCluster(Database& default_database, OpenFn open, RemoveFn remove);
  ~DatabaseCluster() override;
  DatabaseCluster(const DatabaseCluster&) = delete;
  DatabaseCluster& operator=(const DatabaseCluster&) = delete;

  // Reads the recorded databases and setting defaults from the default store.
  Status Load();

  // A session's use of one database: keeps it from being dropped while the session lives.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept { *this = std::move(other); }
    Lease& operator=(Lease&& other) noexcept;
    ~Lease() { Release(); }
    Database* database() const { return database_; }
    void Release();

   private:
    friend class DatabaseCluster;
    DatabaseCluster* cluster_ = nullptr;
    std::string name_;
    Database* database_ = nullptr;
  };
  // Opens the named database if need be; 3D000 `database "x" does not exist` otherwise.
  Result<Lease> Acquire(const std::string& name);

  // Cluster
  std::vector<DatabaseEntry> Databases() const override;
  std::optional<DatabaseEntry> FindDatabase(const std::string& name) const override;
  Status CreateDatabase(const std::string& name, const std::string& owner) override;
  Status DropDatabase(const std::string& name, const Database& current) override;
  Status RenameDatabase(const std::string& name, const std::string& new_name, const Database& current) override;
  Status SetDatabaseOwner(const std::string& name, const std::string& owner) override;
  Status AlterSettingDefault(const std::string& database, const std::string& role, const std::string& name,
                             const std::optional<std::string>& value) override;
  std::vector<SettingDefaults> AllSettingDefaults() const override;
  Status ForgetRole(const std::string& role) override;

  // Record encodings, public for the unit test of malformed records.
  static std::string EncodeEntry(const DatabaseEntry& e);
  static Result<DatabaseEntry> DecodeEntry(const std::string& name, std::string_view bytes);
  static std::string EncodeSettings(const std::vector<std::pair<std::string, std::string>>& settings);
  static Result<std::vector<std::pair<std::string, std::string>>> DecodeSettings(std::string_view bytes);

 private:
  struct Slot {
    DatabaseEntry entry;
    Database* database = nullptr;     // open, or null until first use
    std::unique_ptr<Database> owned;  // null for the default database
    std::shared_ptr<void> keep_alive;
    int sessions = 0;
  };
  void Leave(const std::string& name);
  Status OpenSlot(Slot& slot);
  void CloseSlot(Slot& slot);
  Status WriteSettings(const SettingDefaults& d);
  // 55006 while sessions other than the caller's use the database.
  static Status CheckUnused(const std::string& name, const Slot& slot);

  Database& default_;
  OpenFn open_;
  RemoveFn remove_;
  mutable std::mutex mu_;  // guards everything below; held while a store opens or closes
  std::map<std::string, Slot> slots_;
  std::string default_name_;
  Oid next_oid_ = 16384;  // PostgreSQL's FirstNormalObjectId
  std::vector<SettingDefaults> settings_;
};

}  // namespace plinth
