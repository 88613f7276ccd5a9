// EmbeddedDatabase and LocalSession: the in-process side of the embedding API.
#include <spdlog/spdlog.h>

#include "engine/session/database.h"
#include "engine/session/session.h"
#include "host/embed/config_text.h"
#include "host/embed/embedded_state.h"
#include "host/embed/local_execution.h"
#include "host/embed/result_builder.h"
#include "host/log/log.h"
#include "plinth/embedded.h"

namespace plinth {

namespace detail {

namespace {

[[noreturn]] void ThrowClosed(const char* what) {
  throw SqlError("08003", std::string(what) + " is closed");
}

}  // namespace

SessionState::~SessionState() { Close(); }

Session& SessionState::Use() {
  if (!session) ThrowClosed("the session");
  if (database_closed->load()) ThrowClosed("the database");
  return *session;
}

void SessionState::Close() {
  if (!session) return;
  session->EndImplicitTransaction(false);  // as a client disconnecting: roll back
  session.reset();
}

std::shared_ptr<SharedDatabase> DatabaseState::Get() {
  std::lock_guard<std::mutex> lock(mu);
  if (!shared) ThrowClosed("the database");
  return shared;
}

std::shared_ptr<SessionState> DatabaseState::NewSession(const std::string& user) {
  std::shared_ptr<SharedDatabase> db = Get();
  if (!db->database().roles().Get(user))
    throw SqlError("28000", "role \"" + user + "\" does not exist");
  const Settings& config = db->config().settings();
  SessionSettings settings;
  settings.SetDefault("TimeZone", config.timezone);
  settings.SetDefault("DateStyle", config.datestyle);
  settings.SetDefault("session_authorization", user);
  settings.SetDefault("application_name", "embedded");
  auto state = std::make_shared<SessionState>();
  state->shared = db;
  state->database_closed = closed;
  state->session = std::make_unique<Session>(db->database(), user, std::move(settings));
  return state;
}

}  // namespace detail

namespace {

// A moved-from handle has no state: treat it as closed rather than crash.
template <class State>
State& Live(const std::shared_ptr<State>& state, const char* what) {
  if (!state) throw SqlError("08003", std::string(what) + " is closed");
  return *state;
}

QueryResult Run(detail::SessionState& state, std::string_view sql) {
  std::lock_guard<std::mutex> lock(state.mu);
  Session& session = state.Use();
  return detail::ResultAccess::Build(ValueOrThrow(RunSimpleQuery(session, sql)), session.io());
}

QueryResult Run(detail::SessionState& state, std::string_view sql, const std::vector<Param>& params) {
  std::vector<std::optional<std::string>> texts;
  texts.reserve(params.size());
  for (const Param& p : params) texts.push_back(p.text());
  std::lock_guard<std::mutex> lock(state.mu);
  Session& session = state.Use();
  return detail::ResultAccess::Build(ValueOrThrow(RunWithParams(session, sql, texts)), session.io());
}

}  // namespace

// --- LocalSession ---

QueryResult LocalSession::execute(std::string_view sql) { return Run(Live(state_, "the session"), sql); }

QueryResult LocalSession::execute(std::string_view sql, const std::vector<Param>& params) {
  return Run(Live(state_, "the session"), sql, params);
}

PreparedQuery LocalSession::prepare(std::string_view sql) {
  detail::SessionState& state = Live(state_, "the session");
  std::lock_guard<std::mutex> lock(state.mu);
  Session& session = state.Use();
  auto prepared = std::make_shared<detail::PreparedState>();
  prepared->session = state_;
  prepared->statement = ValueOrThrow(PrepareOne(session, sql));
  return PreparedQuery(std::move(prepared));
}

// --- PreparedQuery ---

QueryResult PreparedQuery::execute(const std::vector<Param>& params) {
  detail::PreparedState& prepared = Live(state_, "the prepared statement");
  std::vector<std::optional<std::string>> texts;
  texts.reserve(params.size());
  for (const Param& p : params) texts.push_back(p.text());
  detail::SessionState& state = *prepared.session;
  std::lock_guard<std::mutex> lock(state.mu);
  Session& session = state.Use();
  return detail::ResultAccess::Build(
      ValueOrThrow(RunPreparedStatement(session, prepared.statement, texts)), session.io());
}

size_t PreparedQuery::parameter_count() const {
  return Live(state_, "the prepared statement").statement->param_types.size();
}

char LocalSession::transaction_status() const {
  auto& state = Live(state_, "the session");
  std::lock_guard<std::mutex> lock(state.mu);
  return state.Use().TransactionStatus();
}

void LocalSession::close() {
  if (!state_) return;
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->Close();
}

bool LocalSession::is_open() const {
  if (!state_) return false;
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->session && !state_->database_closed->load();
}

// --- EmbeddedDatabase ---

EmbeddedDatabase EmbeddedDatabase::open_in_memory() { return open(DatabaseOptions{}); }

EmbeddedDatabase EmbeddedDatabase::open(const std::string& directory, const std::string& storage_plugin) {
  if (directory.empty()) throw SqlError("22023", "a database directory must be named (or use open_in_memory())");
  DatabaseOptions options;
  options.data_directory = directory;
  options.storage_plugin = storage_plugin;
  return open(options);
}

EmbeddedDatabase EmbeddedDatabase::open(const DatabaseOptions& options) {
  InitLogging(options.log_level);
  ConfigText text;
  for (const auto& [name, value] : options.settings) text.Set(name, ConfigText::Quote(value));
  std::string storage = options.storage_plugin;
  if (storage.empty()) storage = options.data_directory.empty() ? "storage_memory" : "storage_lmdb";
  text.Set("plugins.storage", ConfigText::Quote(storage));
  text.Set("plugins.directory", ConfigText::Quote(options.plugins_directory.empty()
                                                      ? DefaultEmbeddedPluginDirectory()
                                                      : options.plugins_directory));
  if (!options.data_directory.empty()) text.Set("data_directory", ConfigText::Quote(options.data_directory));
  Config config = ValueOrThrow(text.Parse("DatabaseOptions"));

  auto state = std::make_shared<detail::DatabaseState>();
  state->settings = options.settings;
  state->shared = ValueOrThrow(SharedDatabase::Open(std::move(config)));
  state->default_session = state->NewSession("postgres");
  return EmbeddedDatabase(std::move(state));
}

QueryResult EmbeddedDatabase::execute(std::string_view sql) {
  std::shared_ptr<detail::SessionState> session;
  {
    auto& state = Live(state_, "the database");
    std::lock_guard<std::mutex> lock(state.mu);
    session = state.default_session;
  }
  if (!session) throw SqlError("08003", "the database is closed");
  return Run(*session, sql);
}

QueryResult EmbeddedDatabase::execute(std::string_view sql, const std::vector<Param>& params) {
  std::shared_ptr<detail::SessionState> session;
  {
    auto& state = Live(state_, "the database");
    std::lock_guard<std::mutex> lock(state.mu);
    session = state.default_session;
  }
  if (!session) throw SqlError("08003", "the database is closed");
  return Run(*session, sql, params);
}

LocalSession EmbeddedDatabase::session(const std::string& user) {
  return LocalSession(Live(state_, "the database").NewSession(user));
}

void EmbeddedDatabase::close() {
  if (!state_) return;
  std::shared_ptr<detail::SessionState> session;
  std::shared_ptr<SharedDatabase> shared;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->closed->store(true);
    session = std::move(state_->default_session);
    shared = std::move(state_->shared);
  }
  if (session) {
    std::lock_guard<std::mutex> lock(session->mu);
    session->Close();
  }
  // `shared` goes here; the store closes once no session or server still holds it.
}

bool EmbeddedDatabase::is_open() const { return state_ && !state_->closed->load(); }

}  // namespace plinth
