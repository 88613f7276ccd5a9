#include "host/server/shared_database.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include <spdlog/spdlog.h>

#include "engine/session/database.h"
#include "engine/system/system_catalog.h"
#include "host/plugin/host_api.h"
#include "host/plugin/plugin_host.h"
#include "host/server/cluster.h"
#include "host/server/script.h"
#include "host/server/verifier.h"

namespace plinth {

namespace {

bool OffersMethod(const LoadedPlugin& plugin, const std::string& method) {
  for (const char* const* m = plugin.auth()->methods; m && *m; m++)
    if (method == *m) return true;
  return false;
}

}  // namespace

SharedDatabase::SharedDatabase(Config config) : config_(std::move(config)) {}

SharedDatabase::~SharedDatabase() {
  cluster_.reset();   // the other databases first: they share the default one's roles
  database_.reset();  // closes the store while its plugin is still loaded
  plugins_.reset();
}

Result<std::shared_ptr<SharedDatabase>> SharedDatabase::Open(Config config) {
  std::shared_ptr<SharedDatabase> shared(new SharedDatabase(std::move(config)));
  const Settings& s = shared->config_.settings();
  shared->plugins_ = std::make_unique<PluginHost>(
      s.plugins_directory, s.data_directory,
      [raw = shared.get()](const std::string& name) -> const std::map<std::string, std::string>& {
        return raw->config_.PluginTable(name);
      });
  for (const std::string& name : s.auth_plugins) PLINTH_RETURN_IF_ERROR(shared->AuthPlugin(name).status());
  bool fresh = false;
  PLINTH_RETURN_IF_ERROR(shared->OpenStorageAndCatalog(&fresh));
  PLINTH_RETURN_IF_ERROR(shared->OpenCluster());
  shared->AddRoles(s);
  shared->SetVerifierMaker(s.password_encryption);

  if (!s.init_sql.empty() && (fresh || !shared->database_->store().persistent())) {
    std::ifstream in(s.init_sql);
    if (!in) return Status::Error("58P01", "could not read init_sql file \"" + s.init_sql + "\"");
    std::string sql((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Status st = RunScript(*shared->database_, sql);
    if (!st.ok()) return Status::Error(st.sqlstate(), "init_sql \"" + s.init_sql + "\": " + st.message());
    spdlog::info("ran init_sql {}", s.init_sql);
  }
  return shared;
}

Status SharedDatabase::OpenStorageAndCatalog(bool* fresh) {
  const Settings& s = config_.settings();
  PLINTH_ASSIGN_OR_RETURN(const LoadedPlugin* storage, plugins_->Load(PLINTH_KIND_STORAGE, s.storage_plugin));
  // Only a store that persists needs the data directory; an in-memory database (the
  // embedding API's, a test server's) leaves no trace on disk.
  if (storage->descriptor->capabilities & PLINTH_STORAGE_CAP_PERSISTENT) {
    std::error_code ec;
    std::filesystem::create_directories(s.data_directory, ec);
    if (ec)
      return Status::Error("58030", "could not create data directory \"" + s.data_directory + "\": " + ec.message());
    *fresh = std::filesystem::is_empty(s.data_directory, ec);
  } else {
    *fresh = true;
  }
  PLINTH_ASSIGN_OR_RETURN(auto store, Store::Open(storage->storage(), storage->host_api(), storage->descriptor->capabilities));
  PLINTH_ASSIGN_OR_RETURN(database_, Database::Open(std::move(store)));
  if (!s.catalog_plugin.empty()) {
    PLINTH_ASSIGN_OR_RETURN(const LoadedPlugin* catalog, plugins_->Load(PLINTH_KIND_CATALOG, s.catalog_plugin));
    PLINTH_ASSIGN_OR_RETURN(std::shared_ptr<const SystemCatalog> system, SystemCatalog::Create(catalog->catalog()));
    system_catalog_ = system;  // every database of the cluster shares it
    database_->set_system_catalog(std::move(system));
  }
  spdlog::info("storage plugin {} opened ({})", s.storage_plugin,
               database_->store().persistent() ? "persistent" : "in memory");
  return Status::OK();
}

Status SharedDatabase::OpenCluster() {
  const Settings& s = config_.settings();
  const LoadedPlugin* storage = plugins_->Find(s.storage_plugin);
  const bool persistent = storage->descriptor->capabilities & PLINTH_STORAGE_CAP_PERSISTENT;
  // Each other database keeps its store under <data directory>/databases/<oid>, as
  // PostgreSQL's base/<oid>; the default database keeps the layout it always had, so
  // existing data directories open unchanged.
  auto directory = [s](const DatabaseEntry& e) -> std::string {
    if (s.data_directory.empty()) return {};
    return (std::filesystem::path(s.data_directory) / "databases" / std::to_string(e.oid)).string();
  };
  auto open = [this, storage, persistent, directory](const DatabaseEntry& e) -> Result<DatabaseCluster::Opened> {
    std::string dir = directory(e);
    if (persistent) {
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      if (ec) return Status::Error("58030", "could not create directory \"" + dir + "\": " + ec.message());
    }
    // The plugin's own table, less an explicit path: that one names the default
    // database's store, and this database's store goes under its own directory.
    std::map<std::string, std::string> table = config_.PluginTable(storage->name);
    table.erase("path");
    auto api = std::make_shared<PluginHostApi>(storage->name, std::move(table), dir);
    PLINTH_ASSIGN_OR_RETURN(auto store, Store::Open(storage->storage(), api->api(), storage->descriptor->capabilities));
    PLINTH_ASSIGN_OR_RETURN(auto db, Database::Open(std::move(store), e.name));
    db->set_system_catalog(system_catalog_);
    return DatabaseCluster::Opened{std::move(db), std::move(api)};
  };
  auto remove = [persistent, directory](const DatabaseEntry& e) -> Status {
    std::string dir = directory(e);
    if (!persistent || dir.empty()) return Status::OK();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (ec) return Status::Error("58030", "could not remove directory \"" + dir + "\": " + ec.message());
    return Status::OK();
  };
  cluster_ = std::make_unique<DatabaseCluster>(*database_, open, remove);
  PLINTH_RETURN_IF_ERROR(cluster_->Load());
  database_->set_cluster(cluster_.get());
  return Status::OK();
}

Result<const LoadedPlugin*> SharedDatabase::AuthPlugin(const std::string& name) {
  std::lock_guard<std::mutex> lock(plugins_mu_);
  if (const LoadedPlugin* loaded = plugins_->Find(name)) {
    if (loaded->kind != PLINTH_KIND_AUTH)
      return Status::Error("XX000", "plugin \"" + name + "\" is loaded as a " +
                                        (loaded->kind == PLINTH_KIND_STORAGE ? "storage" : "catalog") +
                                        " plugin, expected an auth plugin");
    return loaded;
  }
  return plugins_->Load(PLINTH_KIND_AUTH, name);
}

void SharedDatabase::AddRoles(const Settings& settings) {
  RoleStore& roles = database_->roles();
  for (const RoleSpec& spec : settings.roles) {
    Role r;
    r.name = spec.name;
    r.verifier = spec.verifier;
    r.superuser = spec.superuser;
    r.login = spec.login;
    roles.AddBootstrap(std::move(r));
  }
  // The bootstrap superuser, as initdb creates it: no password (trust rules let it in).
  if (!roles.Get("postgres")) {
    Role postgres;
    postgres.name = "postgres";
    postgres.superuser = true;
    roles.AddBootstrap(std::move(postgres));
  }
}

void SharedDatabase::SetVerifierMaker(const std::string& method) {
  // CREATE/ALTER ROLE ... PASSWORD: the first loaded auth plugin that offers the
  // password_encryption method turns the password into its verifier.
  const LoadedPlugin* maker = nullptr;
  for (const std::string& name : config_.settings().auth_plugins) {
    const LoadedPlugin* p = plugins_->Find(name);
    if (p && OffersMethod(*p, method)) {
      maker = p;
      break;
    }
  }
  database_->roles().set_verifier_maker(
      [maker, method](const std::string& user, const std::string& password) -> Result<std::string> {
        if (!maker || !maker->auth()->make_verifier)
          return Status::Error("0A000", "no loaded auth plugin makes \"" + method + "\" verifiers");
        return MakeVerifier(*maker->auth(), method, user, password);
      });
}

}  // namespace plinth
