// A database opened once and shared by everything that serves it: any number of
// Servers accepting network clients, and the embedding API's in-process sessions. They
// all see the same data and take part in the same transactions, because they all hold
// the one engine Database (with its lock table and commit log).
//
// It owns the plugin host as well: the storage and catalog plugins the database runs
// on, and the auth plugins that servers load on demand. The plugins are unloaded only
// after the database and its store are closed.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "engine/common/status.h"
#include "host/config/config.h"

namespace plinth {

class Database;
class DatabaseCluster;
class PluginHost;
class SystemCatalog;
struct LoadedPlugin;

class SharedDatabase {
 public:
  // Loads the storage, catalog and auth plugins the config names, opens the store (and
  // the data directory, for a persistent store), sets up the bootstrap roles, and runs
  // init_sql on a new data directory or on a store that does not persist.
  static Result<std::shared_ptr<SharedDatabase>> Open(Config config);
  ~SharedDatabase();
  SharedDatabase(const SharedDatabase&) = delete;
  SharedDatabase& operator=(const SharedDatabase&) = delete;

  // The default database (the one named "postgres"): it holds the roles and the list
  // of the other databases.
  Database& database() { return *database_; }
  // Every database of the server, the default one included (host/server/cluster.h).
  DatabaseCluster& cluster() { return *cluster_; }
  // The config the database was opened with; its plugin tables are what every plugin
  // loaded here receives.
  const Config& config() const { return config_; }

  // The named auth plugin, loaded on first use (several servers may share it).
  Result<const LoadedPlugin*> AuthPlugin(const std::string& name);
  // Adds the [[roles]] of a (server's) settings as bootstrap roles.
  void AddRoles(const Settings& settings);

 private:
  explicit SharedDatabase(Config config);
  Status OpenStorageAndCatalog(bool* fresh);
  void SetVerifierMaker(const std::string& method);
  // Opens the databases other than the default one, each on a store of its own.
  Status OpenCluster();

  Config config_;
  std::mutex plugins_mu_;                 // servers may be built from several threads
  std::unique_ptr<PluginHost> plugins_;   // declared first: destroyed after database_
  std::unique_ptr<Database> database_;
  std::shared_ptr<const SystemCatalog> system_catalog_;  // the catalog plugin's, if any
  std::unique_ptr<DatabaseCluster> cluster_;  // destroyed first: closes the other databases
};

}  // namespace plinth
