// The Plinth server as a library: loads the plugins the config names, opens the
// database, listens on the configured addresses and serves each connection on a thread
// of its own (so a session blocked on a lock, a slow query or a slow client never holds
// up another). The `plinth` executable is a thin main over this; applications can embed
// it the same way.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/common/status.h"
#include "host/config/config.h"

namespace plinth {

class Database;
class DatabaseCluster;
struct LoadedPlugin;
class Session;
class SharedDatabase;

class Server {
 public:
  explicit Server(Config config);
  // A server over a database that is already open (and may be served by other servers
  // and used in-process at the same time): Open() then loads only this server's auth
  // plugins and roles, and binds its sockets.
  Server(Config config, std::shared_ptr<SharedDatabase> database);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads plugins, opens storage and the catalog, runs init_sql on a new data directory,
  // and binds the listening sockets. Nothing is served until Run()/Start().
  Status Open();
  // Serves until Stop() is called (from a signal handler thread or another thread).
  void Run();
  // Run() on a background thread.
  void Start();
  void Stop();
  // The port actually bound (useful with port 0).
  uint16_t port() const { return bound_port_; }

  const Config& config() const { return config_; }
  Database& database();  // the default database
  DatabaseCluster& cluster();
  const LoadedPlugin* AuthPluginFor(const std::string& method) const;

  // Connection bookkeeping for max_connections and CancelRequest.
  struct ConnectionSlot {
    int32_t pid = 0;
    int32_t secret = 0;
    std::atomic<bool>* cancel = nullptr;
  };
  bool Admit();                  // false when max_connections are in use
  void Release();
  void RegisterCancel(int32_t pid, int32_t secret, std::atomic<bool>* flag);
  void UnregisterCancel(int32_t pid);
  void Cancel(int32_t pid, int32_t secret);
  // The stored verifier of a login role (config [[roles]] or CREATE ROLE); false if none.
  bool LookupVerifier(const std::string& user, std::string* verifier) const;

  struct Impl;

 private:
  Config config_;
  std::shared_ptr<SharedDatabase> shared_;
  std::unique_ptr<Impl> impl_;
  std::map<std::string, const LoadedPlugin*> auth_by_method_;
  uint16_t bound_port_ = 0;
  std::atomic<int> active_{0};    // connection threads alive
  std::atomic<int> sessions_{0};  // admitted sessions, for max_connections
  std::mutex cancel_mu_;
  std::map<int32_t, ConnectionSlot> cancel_slots_;
  std::thread background_;
};

}  // namespace plinth
