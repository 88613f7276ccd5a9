#include "host/server/server.h"

#include <sys/socket.h>

#include <boost/asio.hpp>
#include <chrono>
#include <condition_variable>
#include <set>

#include <spdlog/spdlog.h>

#include "engine/session/database.h"
#include "host/plugin/plugin_host.h"
#include "host/server/connection.h"
#include "host/server/shared_database.h"

namespace plinth {

namespace asio = boost::asio;
using asio::ip::tcp;

struct Server::Impl {
  asio::io_context io;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::mutex fds_mu;                // guards open_fds; Server::active_ changes under it
  std::condition_variable all_done;  // a connection thread finished
  std::set<int> open_fds;
  std::atomic<uint64_t> next_conn_id{1};
  std::atomic<bool> stopping{false};
};

Server::Server(Config config) : config_(std::move(config)), impl_(std::make_unique<Impl>()) {}

Server::Server(Config config, std::shared_ptr<SharedDatabase> database)
    : config_(std::move(config)), shared_(std::move(database)), impl_(std::make_unique<Impl>()) {}

Database& Server::database() { return shared_->database(); }
DatabaseCluster& Server::cluster() { return shared_->cluster(); }

Server::~Server() {
  Stop();
  if (background_.joinable()) background_.join();
  {
    // Let connection threads notice their closed sockets and finish (at most 5 s).
    std::unique_lock<std::mutex> lock(impl_->fds_mu);
    impl_->all_done.wait_for(lock, std::chrono::seconds(5), [this] { return active_.load() == 0; });
  }
  shared_.reset();
}

Status Server::Open() {
  const Settings& s = config_.settings();
  if (!shared_) {
    PLINTH_ASSIGN_OR_RETURN(shared_, SharedDatabase::Open(config_));
  } else {
    shared_->AddRoles(s);
  }
  for (const std::string& name : s.auth_plugins) {
    PLINTH_ASSIGN_OR_RETURN(const LoadedPlugin* p, shared_->AuthPlugin(name));
    for (const char* const* m = p->auth()->methods; m && *m; m++)
      auth_by_method_.emplace(*m, p);  // the first plugin that offers a method serves it
  }
  for (const HbaRule& rule : s.hba) {
    if (!auth_by_method_.count(rule.method))
      return Status::Error("F0000", rule.source + ": hba method \"" + rule.method +
                                        "\" is not provided by any loaded auth plugin (plugins.auth)");
  }

  for (const std::string& addr_text : s.listen_addresses) {
    std::string host = addr_text == "localhost" ? "127.0.0.1" : addr_text;
    boost::system::error_code bec;
    auto addr = asio::ip::make_address(host, bec);
    if (bec) return Status::Error("F0000", "invalid listen address \"" + addr_text + "\"");
    auto acceptor = std::make_unique<tcp::acceptor>(impl_->io);
    tcp::endpoint ep(addr, static_cast<uint16_t>(bound_port_ ? bound_port_ : s.port));
    acceptor->open(ep.protocol(), bec);
    if (!bec) acceptor->set_option(asio::socket_base::reuse_address(true), bec);
    if (!bec) acceptor->bind(ep, bec);
    if (!bec) acceptor->listen(asio::socket_base::max_listen_connections, bec);
    if (bec)
      return Status::Error("58000", "could not listen on " + host + " port " + std::to_string(ep.port()) + ": " +
                                        bec.message() + (bec == asio::error::address_in_use
                                                             ? " (is another server already running on that port?)"
                                                             : ""));
    bound_port_ = acceptor->local_endpoint().port();
    spdlog::info("listening on {} port {}", host, bound_port_);
    impl_->acceptors.push_back(std::move(acceptor));
  }
  return Status::OK();
}

namespace {
void AcceptLoop(Server* server, Server::Impl* impl, tcp::acceptor* acceptor,
                std::function<void(tcp::socket)> on_accept) {
  acceptor->async_accept([=](boost::system::error_code ec, tcp::socket socket) {
    if (impl->stopping.load()) return;
    if (!ec) on_accept(std::move(socket));
    AcceptLoop(server, impl, acceptor, on_accept);
  });
}
}  // namespace

void Server::Run() {
  for (auto& acceptor : impl_->acceptors) {
    AcceptLoop(this, impl_.get(), acceptor.get(), [this](tcp::socket socket) {
      socket.set_option(tcp::no_delay(true));
      int fd = socket.native_handle();
      {
        std::lock_guard<std::mutex> lock(impl_->fds_mu);
        impl_->open_fds.insert(fd);
      }
      uint64_t id = impl_->next_conn_id++;
      active_++;
      auto owned = std::make_unique<tcp::socket>(std::move(socket));
      std::thread([this, id, fd, s = std::move(owned)]() mutable {
        ServeConnection(*this, std::move(*s), id);
        s.reset();  // while the io_context it belongs to surely still exists
        // The last touch of the server: once active_ reaches 0 under the lock, the
        // destructor may proceed and free everything.
        std::lock_guard<std::mutex> lock(impl_->fds_mu);
        impl_->open_fds.erase(fd);
        active_--;
        impl_->all_done.notify_all();
      }).detach();
    });
  }
  auto guard = asio::make_work_guard(impl_->io);
  impl_->io.run();
}

void Server::Start() {
  background_ = std::thread([this] { Run(); });
}

void Server::Stop() {
  if (impl_->stopping.exchange(true)) return;
  asio::post(impl_->io, [this] {
    for (auto& a : impl_->acceptors) {
      boost::system::error_code ec;
      a->close(ec);
    }
  });
  impl_->io.stop();
  std::lock_guard<std::mutex> lock(impl_->fds_mu);
  for (int fd : impl_->open_fds) ::shutdown(fd, SHUT_RDWR);
}

const LoadedPlugin* Server::AuthPluginFor(const std::string& method) const {
  auto it = auth_by_method_.find(method);
  return it == auth_by_method_.end() ? nullptr : it->second;
}

bool Server::Admit() {
  if (++sessions_ > config_.settings().max_connections) {
    sessions_--;
    return false;
  }
  return true;
}

void Server::Release() { sessions_--; }

void Server::RegisterCancel(int32_t pid, int32_t secret, std::atomic<bool>* flag) {
  std::lock_guard<std::mutex> lock(cancel_mu_);
  cancel_slots_[pid] = ConnectionSlot{pid, secret, flag};
}

void Server::UnregisterCancel(int32_t pid) {
  std::lock_guard<std::mutex> lock(cancel_mu_);
  cancel_slots_.erase(pid);
}

void Server::Cancel(int32_t pid, int32_t secret) {
  std::lock_guard<std::mutex> lock(cancel_mu_);
  auto it = cancel_slots_.find(pid);
  // A wrong secret does nothing, and says nothing (as PostgreSQL).
  if (it != cancel_slots_.end() && it->second.secret == secret && it->second.cancel) it->second.cancel->store(true);
}

bool Server::LookupVerifier(const std::string& user, std::string* verifier) const {
  auto role = shared_->database().roles().Get(user);
  if (!role || !role->login || role->verifier.empty()) return false;
  *verifier = role->verifier;
  return true;
}

}  // namespace plinth
