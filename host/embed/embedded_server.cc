// ServerBuilder and EmbeddedServer: host/server's Server over an EmbeddedDatabase.
#include <cctype>
#include <condition_variable>

#include "engine/session/database.h"
#include "host/embed/config_text.h"
#include "host/embed/embedded_state.h"
#include "host/embed/result_builder.h"
#include "host/plugin/plugin_host.h"
#include "host/server/server.h"
#include "host/server/verifier.h"
#include "plinth/embedded_server.h"

namespace plinth {

namespace detail {

struct ServerState {
  std::shared_ptr<DatabaseState> database;
  Config config;
  std::string uri_host;  // the host part of uri()

  std::mutex mu;
  std::condition_variable serve_ended;
  std::unique_ptr<Server> server;  // the current run; null when not running
  bool serving_on_caller = false;  // serve(): the calling thread owns `server`'s loop
  std::atomic<uint16_t> port{0};

  // Binds a new Server over the database. Caller holds mu.
  Server& Bind() {
    if (server)
      throw SqlError("55000", "the server is already running on port " + std::to_string(port.load()));
    auto fresh = std::make_unique<Server>(config, database->Get());
    Status st = fresh->Open();
    if (!st.ok()) ThrowSqlError(st);
    port = fresh->port();
    server = std::move(fresh);
    return *server;
  }

  void Stop() {
    std::unique_ptr<Server> done;
    {
      std::unique_lock<std::mutex> lock(mu);
      if (!server) return;
      server->Stop();
      if (!serving_on_caller) done = std::move(server);
    }
    done.reset();  // joins the serving thread, lets connections finish
  }

  ~ServerState() {
    Stop();
    // serve() on another thread still uses this state until it has cleaned up.
    std::unique_lock<std::mutex> lock(mu);
    serve_ended.wait(lock, [this] { return !serving_on_caller; });
  }
};

}  // namespace detail

namespace {

const char* MethodName(AuthMethod method) {
  switch (method) {
    case AuthMethod::Trust: return "trust";
    case AuthMethod::Password: return "password";
    case AuthMethod::Md5: return "md5";
    case AuthMethod::ScramSha256: return "scram-sha-256";
  }
  return "trust";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

// Connection URIs need the user percent-encoded, and IPv6 hosts in brackets.
std::string UriUser(const std::string& user) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : user) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string UriHost(const std::string& listen_address) {
  if (listen_address == "0.0.0.0" || listen_address == "*" || listen_address == "localhost") return "127.0.0.1";
  if (listen_address == "::") return "[::1]";
  if (listen_address.find(':') != std::string::npos) return "[" + listen_address + "]";
  return listen_address;
}

}  // namespace

// --- ServerBuilder ---

ServerBuilder& ServerBuilder::address(const std::string& address) {
  std::string host = address;
  // "host:port", "[v6]:port"; a bare IPv6 address has more than one colon.
  size_t colon = address.rfind(':');
  bool bracketed = !address.empty() && address[0] == '[';
  if (colon != std::string::npos && (bracketed || address.find(':') == colon)) {
    std::string port_text = address.substr(colon + 1);
    host = address.substr(0, colon);
    int port = -1;
    try {
      size_t used = 0;
      port = std::stoi(port_text, &used);
      if (used != port_text.size()) port = -1;
    } catch (const std::exception&) {
    }
    if (port < 0 || port > 65535)
      throw SqlError("22023", "invalid address \"" + address + "\": expected host or host:port (port 0-65535)");
    port_ = static_cast<uint16_t>(port);
  }
  if (bracketed) {
    if (host.size() < 2 || host.back() != ']') throw SqlError("22023", "invalid address \"" + address + "\"");
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) throw SqlError("22023", "invalid address \"" + address + "\": no host");
  addresses_ = {host};
  return *this;
}

ServerBuilder& ServerBuilder::port(uint16_t port) {
  port_ = port;
  return *this;
}

ServerBuilder& ServerBuilder::auth_method(AuthMethod method) {
  auth_ = method;
  return *this;
}

ServerBuilder& ServerBuilder::role(const std::string& name, const std::string& password, bool superuser) {
  roles_.push_back(RoleEntry{name, password, superuser});
  return *this;
}

ServerBuilder& ServerBuilder::max_connections(int n) { return setting("max_connections", std::to_string(n)); }
ServerBuilder& ServerBuilder::max_prepared_statements(int n) {
  return setting("max_prepared_statements", std::to_string(n));
}
ServerBuilder& ServerBuilder::max_portals(int n) { return setting("max_portals", std::to_string(n)); }

ServerBuilder& ServerBuilder::setting(const std::string& name, const std::string& value) {
  settings_[name] = value;
  return *this;
}

EmbeddedServer ServerBuilder::build(const EmbeddedDatabase& database) const {
  if (!database.state_) throw SqlError("08003", "the database is closed");
  detail::DatabaseState& db = *database.state_;
  std::shared_ptr<SharedDatabase> shared = db.Get();

  // The server starts from the database's own settings (TimeZone...), then the builder's.
  ConfigText text;
  for (const auto& [name, value] : db.settings) text.Set(name, ConfigText::Quote(value));
  for (const auto& [name, value] : settings_) text.Set(name, ConfigText::Quote(value));
  const std::vector<std::string> addresses = addresses_.empty() ? std::vector<std::string>{"127.0.0.1"} : addresses_;
  text.Set("listen_addresses", ConfigText::Quote(Join(addresses)));
  text.Set("port", std::to_string(port_.value_or(5432)));
  for (const char* cidr : {"0.0.0.0/0", "::/0"}) {
    text.AddArrayTable("hba", {{"type", "\"host\""},
                               {"database", "\"all\""},
                               {"user", "\"all\""},
                               {"address", ConfigText::Quote(cidr)},
                               {"method", ConfigText::Quote(MethodName(auth_))}});
  }
  // Passwords become verifiers here, made by the auth plugin that checks them, so the
  // config (like plinth.toml) never holds a password.
  if (!roles_.empty()) {
    Config without_roles = ValueOrThrow(text.Parse("ServerBuilder"));
    const std::string method = auth_ == AuthMethod::Md5 ? "md5" : "scram-sha-256";
    const LoadedPlugin* maker = nullptr;
    for (const std::string& name : without_roles.settings().auth_plugins) {
      const LoadedPlugin* p = ValueOrThrow(shared->AuthPlugin(name));
      for (const char* const* m = p->auth()->methods; m && *m && !maker; m++)
        if (method == *m && p->auth()->make_verifier) maker = p;
    }
    if (!maker) throw SqlError("0A000", "no loaded auth plugin makes \"" + method + "\" verifiers");
    for (const RoleEntry& r : roles_) {
      std::string verifier = ValueOrThrow(MakeVerifier(*maker->auth(), method, r.name, r.password));
      text.AddArrayTable("roles", {{"name", ConfigText::Quote(r.name)},
                                   {"verifier", ConfigText::Quote(verifier)},
                                   {"superuser", r.superuser ? "true" : "false"}});
    }
  }
  auto state = std::make_unique<detail::ServerState>();
  state->database = database.state_;
  state->config = ValueOrThrow(text.Parse("ServerBuilder"));
  state->uri_host = UriHost(addresses.front());
  return EmbeddedServer(std::move(state));
}

// --- EmbeddedServer ---

EmbeddedServer::EmbeddedServer(std::unique_ptr<detail::ServerState> state) : state_(std::move(state)) {}
EmbeddedServer::EmbeddedServer(EmbeddedServer&&) noexcept = default;
EmbeddedServer& EmbeddedServer::operator=(EmbeddedServer&&) noexcept = default;
EmbeddedServer::~EmbeddedServer() = default;  // ~ServerState stops it

namespace {
detail::ServerState& Live(const std::unique_ptr<detail::ServerState>& state) {
  if (!state) throw SqlError("55000", "the server object was moved from");
  return *state;
}
}  // namespace

void EmbeddedServer::start() {
  detail::ServerState& s = Live(state_);
  std::lock_guard<std::mutex> lock(s.mu);
  s.Bind().Start();
}

void EmbeddedServer::serve() {
  detail::ServerState& s = Live(state_);
  Server* server = nullptr;
  {
    std::lock_guard<std::mutex> lock(s.mu);
    server = &s.Bind();
    s.serving_on_caller = true;
  }
  server->Run();  // until stop()
  std::unique_ptr<Server> done;
  {
    std::lock_guard<std::mutex> lock(s.mu);
    done = std::move(s.server);
  }
  done.reset();
  {
    std::lock_guard<std::mutex> lock(s.mu);
    s.serving_on_caller = false;
  }
  s.serve_ended.notify_all();
}

void EmbeddedServer::stop() {
  if (state_) state_->Stop();
}

bool EmbeddedServer::is_running() const {
  if (!state_) return false;
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->server != nullptr;
}

uint16_t EmbeddedServer::port() const { return state_ ? state_->port.load() : 0; }

std::string EmbeddedServer::uri(const std::string& user) const {
  const detail::ServerState& s = Live(state_);
  return "postgresql://" + UriUser(user) + "@" + s.uri_host + ":" + std::to_string(s.port.load()) + "/postgres";
}

}  // namespace plinth
