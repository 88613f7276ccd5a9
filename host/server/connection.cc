#include "host/server/connection.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio.hpp>
#include <cstring>
#include <random>

#include <spdlog/spdlog.h>

#include "engine/parser/parse_cache.h"
#include "engine/session/cluster.h"
#include "engine/session/copy.h"
#include "engine/session/session.h"
#include "engine/session/watchdog.h"
#include "host/log/log.h"
#include "host/protocol/wire.h"
#include "host/server/authenticate.h"
#include "host/server/cluster.h"
#include "host/server/server.h"

namespace plinth {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr int32_t kProtocol30 = 196608;
constexpr int32_t kSslRequest = 80877103;
constexpr int32_t kGssEncRequest = 80877104;
constexpr int32_t kCancelRequest = 80877102;

// Thrown only inside this file to unwind a connection whose socket failed or whose
// client broke the protocol; never crosses a module boundary.
struct ConnectionClosed {};

class Connection : public RowSink, public CopyStream {
 public:
  Connection(Server& server, tcp::socket socket, uint64_t id) : server_(server), socket_(std::move(socket)), id_(id) {}

  void Serve();

 private:
  // --- I/O ---
  // Reads go through one receive buffer: a pipelined Bind/Execute/Sync arrives in one
  // segment and costs one recv() instead of three per message (type, length, body).
  void ReadExact(char* buf, size_t n) {
    while (n > 0) {
      if (in_pos_ == in_.size()) {
        if (n >= kReceiveChunk) {  // a big body: straight into place, no copy
          boost::system::error_code ec;
          asio::read(socket_, asio::buffer(buf, n), ec);
          if (ec) throw ConnectionClosed{};
          return;
        }
        Receive();
      }
      size_t take = std::min(n, in_.size() - in_pos_);
      std::memcpy(buf, in_.data() + in_pos_, take);
      in_pos_ += take;
      buf += take;
      n -= take;
    }
  }
  void Receive() {
    in_.resize(kReceiveChunk);
    boost::system::error_code ec;
    size_t got = socket_.read_some(asio::buffer(in_.data(), in_.size()), ec);
    if (ec || got == 0) throw ConnectionClosed{};
    in_.resize(got);
    in_pos_ = 0;
  }
  void Flush() {
    if (out_.size() == 0) return;
    boost::system::error_code ec;
    asio::write(socket_, asio::buffer(out_.buffer()), ec);
    out_.Clear();
    if (ec) throw ConnectionClosed{};
  }
  void MaybeFlush() {
    if (out_.size() > 64 * 1024) Flush();
  }
  // One whole message: its type byte, and its body into *body (length checked against
  // max_message_size; a bad length is a protocol violation that closes the connection).
  char ReadMessage(std::string* body);
  int32_t ReadInt32() {
    char b[4];
    ReadExact(b, 4);
    wire::Reader r(std::string_view(b, 4));
    return r.Int32();
  }

  // --- messages out ---
  void SendError(const ErrorInfo& e, bool fatal = false);
  void SendError(const Status& s, bool fatal = false) { SendError(s.info(), fatal); }
  void SendNotice(const Notice& n);
  void SendReady() {
    out_.Begin('Z');
    out_.Byte(session_ ? session_->TransactionStatus() : 'I');
    out_.End();
    Flush();
  }
  void SendParameterStatus(const std::string& name, const std::string& value) {
    out_.Begin('S');
    out_.CString(name);
    out_.CString(value);
    out_.End();
  }
  void SendPendingNotices();
  void SendRowDescription(const std::vector<OutputColumn>& cols, const std::vector<int16_t>& formats);
  Status OnRow(const Row& row) override;

  // --- COPY (CopyStream) ---
  Status BeginCopyIn(int format, int columns) override { return BeginCopy('G', format, columns, true); }
  Status BeginCopyOut(int format, int columns) override { return BeginCopy('H', format, columns, false); }
  Status BeginCopy(char type, int format, int columns, bool in);
  Result<bool> ReadChunk(std::string* chunk) override;
  Status WriteChunk(std::string_view data) override {
    out_.Begin('d');
    out_.Bytes(data);
    out_.End();
    MaybeFlush();
    return Status::OK();
  }
  Status EndCopyOut() override {
    out_.Begin('c');
    out_.End();
    return Status::OK();
  }
  // After a failed COPY FROM, the rest of the client's copy data is read and dropped.
  void DrainCopyIn();

  // --- phases ---
  bool Startup();
  void MainLoop();
  void SimpleQuery(std::string_view sql);
  void ExecuteStatement(std::shared_ptr<const ParseTree> tree, size_t index, bool* failed);
  Status HandleParse(wire::Reader& r);
  Status HandleBind(wire::Reader& r);
  Status HandleDescribe(wire::Reader& r);
  Status HandleExecute(wire::Reader& r);
  Status HandleClose(wire::Reader& r);
  void SetReadTimeout(int64_t ms);
  void ProtocolViolation(const std::string& message) {
    SendError(Status::Error("08P01", message).info(), true);
    Flush();
    throw ConnectionClosed{};
  }

  Server& server_;
  tcp::socket socket_;
  uint64_t id_;
  wire::Writer out_;
  DatabaseCluster::Lease lease_;  // the session's database; outlives session_
  std::unique_ptr<Session> session_;
  std::string user_, database_;
  int32_t pid_ = 0;
  bool admitted_ = false;

  // Extended protocol state.
  // Prepared statements share one namespace with SQL PREPARE/DEALLOCATE, as in PostgreSQL.
  std::map<std::string, std::shared_ptr<PreparedStatement>>& statements() { return session_->sql_prepared(); }
  std::map<std::string, std::unique_ptr<Portal>> portals_;
  static constexpr size_t kReceiveChunk = 16 * 1024;
  std::string in_;     // received bytes not yet consumed: in_[in_pos_..]
  size_t in_pos_ = 0;
  // Simple-query texts that differ only in their constants skip the parser.
  ParseCache parse_cache_;
  bool skip_until_sync_ = false;
  bool extended_failed_ = false;
  const std::vector<int16_t>* row_formats_ = nullptr;
  bool copy_in_active_ = false;
  uint64_t auth_deadline_ = 0;  // watchdog ticket while authentication_timeout runs  // CopyInResponse sent, CopyDone/CopyFail not yet read
  const std::vector<OutputColumn>* row_columns_ = nullptr;
};

void Connection::SendError(const ErrorInfo& e, bool fatal) {
  out_.Begin('E');
  std::string severity = fatal ? "FATAL" : e.severity;
  out_.Byte('S');
  out_.CString(severity);
  out_.Byte('V');
  out_.CString(severity);
  out_.Byte('C');
  out_.CString(e.sqlstate);
  out_.Byte('M');
  out_.CString(e.message);
  if (!e.detail.empty()) {
    out_.Byte('D');
    out_.CString(e.detail);
  }
  if (!e.hint.empty()) {
    out_.Byte('H');
    out_.CString(e.hint);
  }
  if (e.position > 0) {
    out_.Byte('P');
    out_.CString(std::to_string(e.position));
  }
  if (!e.context.empty()) {
    out_.Byte('W');
    out_.CString(e.context);
  }
  out_.Byte('\0');
  out_.End();
}

void Connection::SendNotice(const Notice& n) {
  out_.Begin('N');
  out_.Byte('S');
  out_.CString(n.severity);
  out_.Byte('V');
  out_.CString(n.severity);
  out_.Byte('C');
  out_.CString(n.sqlstate);
  out_.Byte('M');
  out_.CString(n.message);
  if (!n.detail.empty()) {
    out_.Byte('D');
    out_.CString(n.detail);
  }
  out_.Byte('\0');
  out_.End();
}

void Connection::SendPendingNotices() {
  if (!session_) return;
  for (const Notice& n : session_->TakeNotices()) SendNotice(n);
  for (const auto& [name, value] : session_->TakeReportedChanges()) SendParameterStatus(name, value);
}

void Connection::SendRowDescription(const std::vector<OutputColumn>& cols, const std::vector<int16_t>& formats) {
  out_.Begin('T');
  out_.Int16(static_cast<int16_t>(cols.size()));
  for (size_t i = 0; i < cols.size(); i++) {
    const OutputColumn& c = cols[i];
    const TypeInfo* ti = LookupType(c.type);
    out_.CString(c.name);
    out_.Int32(static_cast<int32_t>(c.table_oid));
    out_.Int16(c.attnum);
    out_.Int32(static_cast<int32_t>(c.type));
    out_.Int16(ti ? ti->typlen : -1);
    out_.Int32(c.typmod);
    int16_t fmt = formats.empty() ? 0 : formats.size() == 1 ? formats[0] : formats[i];
    out_.Int16(fmt);
  }
  out_.End();
}

Status Connection::OnRow(const Row& row) {
  out_.Begin('D');
  out_.Int16(static_cast<int16_t>(row.size()));
  std::string text;
  for (size_t i = 0; i < row.size(); i++) {
    if (row[i].is_null()) {
      out_.Int32(-1);
      continue;
    }
    Oid type = (*row_columns_)[i].type;
    const std::vector<int16_t>& f = *row_formats_;
    int16_t fmt = f.empty() ? 0 : f.size() == 1 ? f[0] : f[i];
    size_t at = out_.Reserve32();
    size_t before = out_.size();
    if (fmt == 1) SendBinary(type, row[i], session_->io(), &out_.buffer());
    else OutputText(type, row[i], session_->io(), &out_.buffer());
    out_.Patch32(at, static_cast<int32_t>(out_.size() - before));
  }
  out_.End();
  MaybeFlush();
  return Status::OK();
}

Status Connection::BeginCopy(char type, int format, int columns, bool in) {
  out_.Begin(type);
  out_.Byte(static_cast<char>(format));
  out_.Int16(static_cast<int16_t>(columns));
  for (int i = 0; i < columns; i++) out_.Int16(static_cast<int16_t>(format));
  out_.End();
  Flush();
  copy_in_active_ = in;
  return Status::OK();
}

char Connection::ReadMessage(std::string* body) {
  char type;
  ReadExact(&type, 1);
  int32_t len = ReadInt32();
  if (len < 4 || len - 4 > server_.config().settings().max_message_size) ProtocolViolation("invalid message length");
  body->assign(static_cast<size_t>(len - 4), '\0');
  ReadExact(body->data(), body->size());
  return type;
}

Result<bool> Connection::ReadChunk(std::string* chunk) {
  for (;;) {
    std::string body;
    char type = ReadMessage(&body);
    switch (type) {
      case 'd':
        *chunk = std::move(body);
        return true;
      case 'c':
        copy_in_active_ = false;
        return false;
      case 'f': {
        copy_in_active_ = false;
        wire::Reader r(body);
        std::string msg(r.CString());
        return Status::Error("57014", "COPY from stdin failed: " + msg);
      }
      case 'H':
      case 'S':
        continue;  // Flush and Sync are ignored during COPY IN, as PostgreSQL does
      default:
        copy_in_active_ = false;
        return Status::Error("08P01", "unexpected message type 0x" + std::to_string(static_cast<int>(type)) +
                                          " during COPY from stdin");
    }
  }
}

void Connection::DrainCopyIn() {
  std::string chunk;
  while (copy_in_active_) {
    auto r = ReadChunk(&chunk);
    if (!r.ok() || !r.value()) break;
  }
  copy_in_active_ = false;
}

void Connection::SetReadTimeout(int64_t ms) {
  // Asio's blocking reads poll() the socket themselves, so SO_RCVTIMEO would be ignored:
  // the watchdog shuts the socket down instead, which fails the pending read.
  if (auth_deadline_) Watchdog::Instance().Disarm(auth_deadline_);
  auth_deadline_ = 0;
  if (ms <= 0) return;
  int fd = socket_.native_handle();
  auth_deadline_ = Watchdog::Instance().ArmCallback(std::chrono::steady_clock::now() + std::chrono::milliseconds(ms),
                                                    [fd] { ::shutdown(fd, SHUT_RDWR); });
}

bool Connection::Startup() {
  // A client that stalls before finishing authentication is dropped after
  // authentication_timeout (reads then fail and the connection closes).
  SetReadTimeout(server_.config().settings().authentication_timeout_ms);
  for (;;) {
    int32_t len = ReadInt32();
    if (len < 8 || len > 10000) {
      ProtocolViolation("invalid length of startup packet");
    }
    std::string body(static_cast<size_t>(len - 4), '\0');
    ReadExact(body.data(), body.size());
    wire::Reader r(body);
    int32_t code = r.Int32();
    if (code == kSslRequest || code == kGssEncRequest) {
      // No TLS/GSS yet: 'N' tells the client to continue in plain text.
      char n = 'N';
      boost::system::error_code ec;
      asio::write(socket_, asio::buffer(&n, 1), ec);
      if (ec) throw ConnectionClosed{};
      continue;
    }
    if (code == kCancelRequest) {
      int32_t pid = r.Int32();
      int32_t secret = r.Int32();
      if (r.ok()) server_.Cancel(pid, secret);
      return false;
    }
    if (code != kProtocol30) {
      SendError(Status::Error("0A000", "unsupported frontend protocol " + std::to_string(code >> 16) + "." +
                                           std::to_string(code & 0xffff) +
                                           ": server supports 3.0 to 3.0")
                    .info(),
                true);
      Flush();
      return false;
    }
    std::map<std::string, std::string> params;
    while (r.ok() && r.remaining() > 1) {
      std::string key(r.CString());
      std::string value(r.CString());
      params[key] = value;
    }
    if (!r.ok()) ProtocolViolation("invalid startup packet layout: expected terminator as last byte");
    user_ = params["user"];
    if (user_.empty()) {
      SendError(Status::Error("28000", "no PostgreSQL user name specified in startup packet").info(), true);
      Flush();
      return false;
    }
    database_ = params.count("database") && !params["database"].empty() ? params["database"] : user_;
    spdlog::info("connection from {} user={} database={}", socket_.remote_endpoint().address().to_string(), user_,
                 database_);

    if (!server_.Admit()) {
      SendError(Status::Error("53300", "sorry, too many clients already").info(), true);
      Flush();
      return false;
    }
    admitted_ = true;

    std::string client_addr = socket_.remote_endpoint().address().to_string();
    AuthIo io{
        [this](char type, std::string_view payload) {
          out_.Begin(type);
          out_.Bytes(payload);
          out_.End();
          Flush();
        },
        [this](std::string* body) -> bool {
          char type;
          ReadExact(&type, 1);
          int32_t mlen = ReadInt32();
          if (type != 'p' || mlen < 4 || mlen > 65536) return false;
          body->assign(static_cast<size_t>(mlen - 4), '\0');
          ReadExact(body->data(), body->size());
          return true;
        }};
    Status auth = Authenticate(server_, io, user_, database_, client_addr);
    if (!auth.ok()) {
      spdlog::warn("authentication failed for user \"{}\": {}", user_, auth.message());
      SendError(auth, true);
      Flush();
      return false;
    }
    auto role = server_.database().roles().Get(user_);
    if (!role) {
      SendError(Status::Error("28000", "role \"" + user_ + "\" does not exist"), true);
      Flush();
      return false;
    }
    if (!role->login) {
      SendError(Status::Error("28000", "role \"" + user_ + "\" is not permitted to log in"), true);
      Flush();
      return false;
    }
    auto lease = server_.cluster().Acquire(database_);
    if (!lease.ok()) {
      SendError(lease.status(), true);
      Flush();
      return false;
    }
    lease_ = lease.take();

    SessionSettings settings;
    settings.SetDefault("TimeZone", server_.config().settings().timezone);
    settings.SetDefault("DateStyle", server_.config().settings().datestyle);
    settings.SetDefault("session_authorization", user_);
    if (params.count("application_name")) settings.SetDefault("application_name", params["application_name"]);
    // ALTER DATABASE/ROLE ... SET defaults, then the client's own options over them.
    std::vector<std::string> bad_defaults;
    ApplySettingDefaults(server_.cluster(), database_, user_, &settings, &bad_defaults);
    for (const auto& [k, v] : params) {
      if (k == "user" || k == "database" || k == "application_name" || k == "replication" || k == "options") continue;
      if (!SessionSettings::CanonicalName(k).empty()) {
        Status st = settings.Set(k, v, false);
        if (!st.ok()) {
          SendError(st, true);
          Flush();
          return false;
        }
        settings.TakeReported();
        settings.SetDefault(k, settings.Get(k).value());
      }
    }
    session_ = std::make_unique<Session>(*lease_.database(), user_, std::move(settings));
    session_->set_copy_stream(this);

    out_.Begin('R');
    out_.Int32(0);
    out_.End();
    for (const auto& [name, value] : session_->settings().ReportedAtStartup()) SendParameterStatus(name, value);
    std::random_device rd;
    pid_ = static_cast<int32_t>(id_ & 0x3fffffff) + 1000;
    int32_t secret = static_cast<int32_t>(rd());
    server_.RegisterCancel(pid_, secret, &session_->cancel_flag());
    SetReadTimeout(0);  // authenticated: an idle session may wait for its client indefinitely
    out_.Begin('K');
    out_.Int32(pid_);
    out_.Int32(secret);
    out_.End();
    for (const std::string& warning : bad_defaults) SendNotice(Notice{"WARNING", "22023", warning});
    SendReady();
    return true;
  }
}

void Connection::ExecuteStatement(std::shared_ptr<const ParseTree> tree, size_t index, bool* failed) {
  auto run = [&]() -> Status {
    PLINTH_ASSIGN_OR_RETURN(auto stmt, session_->Prepare(tree, index, {}));
    PLINTH_ASSIGN_OR_RETURN(auto portal, session_->Bind(stmt, {}, {}));
    std::vector<OutputColumn> cols = session_->PortalColumns(*portal);
    static const std::vector<int16_t> kText;
    row_formats_ = &kText;
    row_columns_ = &cols;
    if (portal->stmt->returns_rows()) SendRowDescription(cols, {});
    bool suspended = false;
    std::string tag;
    PLINTH_RETURN_IF_ERROR(session_->Execute(*portal, 0, *this, &suspended, &tag));
    SendPendingNotices();
    out_.Begin('C');
    out_.CString(tag);
    out_.End();
    return Status::OK();
  };
  Status st = run();
  if (copy_in_active_) DrainCopyIn();
  if (!st.ok()) {
    session_->StatementFailed();
    SendPendingNotices();
    SendError(st);
    *failed = true;
  }
}

void Connection::SimpleQuery(std::string_view sql) {
  auto parsed = parse_cache_.Parse(sql);
  if (!parsed.ok()) {
    session_->StatementFailed();
    SendError(parsed.status());
    SendReady();
    return;
  }
  auto tree = parsed.take();
  if (tree->statements().empty()) {
    out_.Begin('I');
    out_.End();
    SendReady();
    return;
  }
  bool failed = false;
  for (size_t i = 0; i < tree->statements().size() && !failed; i++) {
    ExecuteStatement(tree, i, &failed);
    // Between statements of one string, a COMMIT/ROLLBACK may have ended the block; the
    // remaining statements then run in a new implicit transaction that ends with the string.
  }
  Status end = session_->EndImplicitTransaction(!failed);
  if (!end.ok()) SendError(end);
  SendPendingNotices();
  SendReady();
}

Status Connection::HandleParse(wire::Reader& r) {
  std::string name(r.CString());
  std::string query(r.CString());
  int16_t ntypes = r.Int16();
  std::vector<Oid> types;
  for (int i = 0; i < ntypes && r.ok(); i++) types.push_back(static_cast<Oid>(r.Int32()));
  if (!r.ok()) ProtocolViolation("invalid Parse message");
  if (!name.empty() && statements().count(name))
    return Status::Error("42P05", "prepared statement \"" + name + "\" already exists");
  if (static_cast<int>(statements().size()) >= server_.config().settings().max_prepared_statements && !name.empty())
    return Status::Error("53400", "too many prepared statements (max_prepared_statements = " +
                                      std::to_string(server_.config().settings().max_prepared_statements) + ")");
  PLINTH_ASSIGN_OR_RETURN(auto tree, ParseTree::Parse(query));
  if (tree->statements().size() > 1)
    return Status::Error("42601", "cannot insert multiple commands into a prepared statement");
  std::shared_ptr<PreparedStatement> stmt;
  if (tree->statements().empty()) {
    stmt = std::make_shared<PreparedStatement>();  // empty query: Execute answers EmptyQueryResponse
    stmt->tree = tree;
  } else {
    PLINTH_ASSIGN_OR_RETURN(stmt, session_->Prepare(tree, 0, types));
  }
  statements()[name] = stmt;
  out_.Begin('1');
  out_.End();
  return Status::OK();
}

Status Connection::HandleBind(wire::Reader& r) {
  std::string portal_name(r.CString());
  std::string stmt_name(r.CString());
  int16_t nformats = r.Int16();
  std::vector<int16_t> formats;
  for (int i = 0; i < nformats && r.ok(); i++) formats.push_back(r.Int16());
  int16_t nparams = r.Int16();
  std::vector<std::optional<std::string>> raw;
  for (int i = 0; i < nparams && r.ok(); i++) {
    int32_t len = r.Int32();
    if (len == -1) raw.push_back(std::nullopt);
    else if (len < 0) ProtocolViolation("invalid parameter length in Bind message");
    else raw.emplace_back(std::string(r.Bytes(static_cast<size_t>(len))));
  }
  int16_t nresult = r.Int16();
  std::vector<int16_t> result_formats;
  for (int i = 0; i < nresult && r.ok(); i++) result_formats.push_back(r.Int16());
  if (!r.ok()) ProtocolViolation("invalid Bind message");
  auto it = statements().find(stmt_name);
  if (it == statements().end())
    return Status::Error("26000", "prepared statement \"" + stmt_name + "\" does not exist");
  auto stmt = it->second;
  if (raw.size() != stmt->param_types.size())
    return Status::Error("08P01", "bind message supplies " + std::to_string(raw.size()) +
                                      " parameters, but prepared statement \"" + stmt_name + "\" requires " +
                                      std::to_string(stmt->param_types.size()));
  if (nformats > 1 && static_cast<size_t>(nformats) != raw.size())
    return Status::Error("08P01", "bind message has " + std::to_string(nformats) + " parameter formats but " +
                                      std::to_string(raw.size()) + " parameters");
  std::vector<Value> params;
  for (size_t i = 0; i < raw.size(); i++) {
    if (!raw[i]) {
      params.push_back(Value::Null());
      continue;
    }
    int16_t fmt = formats.empty() ? 0 : formats.size() == 1 ? formats[0] : formats[i];
    Oid type = stmt->param_types[i];
    auto v = fmt == 1 ? ReceiveBinary(type, -1, *raw[i], session_->io()) : InputText(type, -1, *raw[i], session_->io());
    if (!v.ok()) {
      if (fmt == 1 && v.status().sqlstate() == "22P03") return v.status();
      return v.status();
    }
    params.push_back(v.take());
  }
  if (!portal_name.empty() && portals_.count(portal_name))
    return Status::Error("42P03", "cursor \"" + portal_name + "\" already exists");
  if (!portal_name.empty() && static_cast<int>(portals_.size()) >= server_.config().settings().max_portals)
    return Status::Error("53400", "too many open portals (max_portals = " +
                                      std::to_string(server_.config().settings().max_portals) + ")");
  PLINTH_ASSIGN_OR_RETURN(auto portal, session_->Bind(stmt, std::move(params), std::move(result_formats)));
  portals_[portal_name] = std::move(portal);
  out_.Begin('2');
  out_.End();
  return Status::OK();
}

Status Connection::HandleDescribe(wire::Reader& r) {
  uint8_t kind = r.Byte();
  std::string name(r.CString());
  if (!r.ok()) ProtocolViolation("invalid Describe message");
  if (kind == 'S') {
    auto it = statements().find(name);
    if (it == statements().end()) return Status::Error("26000", "prepared statement \"" + name + "\" does not exist");
    const PreparedStatement& st = *it->second;
    out_.Begin('t');
    out_.Int16(static_cast<int16_t>(st.param_types.size()));
    for (Oid t : st.param_types) out_.Int32(static_cast<int32_t>(t));
    out_.End();
    if (!st.returns_rows()) {
      out_.Begin('n');
      out_.End();
    } else {
      SendRowDescription(st.columns, {});
    }
    return Status::OK();
  }
  if (kind == 'P') {
    auto it = portals_.find(name);
    if (it == portals_.end()) return Status::Error("34000", "portal \"" + name + "\" does not exist");
    std::vector<OutputColumn> cols = session_->PortalColumns(*it->second);
    if (!it->second->stmt->returns_rows()) {
      out_.Begin('n');
      out_.End();
    } else {
      SendRowDescription(cols, it->second->result_formats);
    }
    return Status::OK();
  }
  ProtocolViolation("invalid DESCRIBE message subtype " + std::to_string(kind));
  return Status::OK();
}

Status Connection::HandleExecute(wire::Reader& r) {
  std::string name(r.CString());
  int32_t max_rows = r.Int32();
  if (!r.ok()) ProtocolViolation("invalid Execute message");
  auto it = portals_.find(name);
  if (it == portals_.end()) return Status::Error("34000", "portal \"" + name + "\" does not exist");
  Portal& portal = *it->second;
  if (!portal.stmt->node) {
    out_.Begin('I');
    out_.End();
    return Status::OK();
  }
  std::vector<OutputColumn> cols = session_->PortalColumns(portal);
  row_formats_ = &portal.result_formats;
  row_columns_ = &cols;
  bool suspended = false;
  std::string tag;
  PLINTH_RETURN_IF_ERROR(session_->Execute(portal, max_rows > 0 ? static_cast<uint64_t>(max_rows) : 0, *this,
                                           &suspended, &tag));
  SendPendingNotices();
  if (suspended) {
    out_.Begin('s');
    out_.End();
  } else {
    out_.Begin('C');
    out_.CString(tag);
    out_.End();
  }
  return Status::OK();
}

Status Connection::HandleClose(wire::Reader& r) {
  uint8_t kind = r.Byte();
  std::string name(r.CString());
  if (!r.ok()) ProtocolViolation("invalid Close message");
  if (kind == 'S') statements().erase(name);
  else if (kind == 'P') portals_.erase(name);
  else ProtocolViolation("invalid CLOSE message subtype " + std::to_string(kind));
  out_.Begin('3');
  out_.End();
  return Status::OK();
}

void Connection::MainLoop() {
  for (;;) {
    std::string body;
    char type = ReadMessage(&body);
    wire::Reader r(body);

    if (type == 'X') return;
    if (type == 'Q') {
      std::string_view sql = r.CString();
      if (!r.ok()) ProtocolViolation("invalid Query message");
      // A simple query ends any unnamed extended-protocol state, as in PostgreSQL.
      statements().erase("");
      portals_.clear();
      SimpleQuery(sql);
      continue;
    }
    if (type == 'S') {
      if (!skip_until_sync_) {
        Status end = session_->EndImplicitTransaction(!extended_failed_);
        if (!end.ok()) SendError(end);
      } else {
        session_->EndImplicitTransaction(false);
      }
      skip_until_sync_ = false;
      extended_failed_ = false;
      // Unnamed portals and all portals of an ended transaction go away at Sync.
      if (session_->TransactionStatus() == 'I') portals_.clear();
      SendPendingNotices();
      SendReady();
      continue;
    }
    if (type == 'H') {
      Flush();
      continue;
    }
    if (type != 'P' && type != 'B' && type != 'D' && type != 'E' && type != 'C') {
      if (type == 'd' || type == 'c' || type == 'f') continue;  // stray COPY data: ignored, as PG does
      ProtocolViolation("invalid frontend message type " + std::to_string(static_cast<int>(static_cast<unsigned char>(type))));
    }
    if (skip_until_sync_) continue;
    Status st;
    switch (type) {
      case 'P': st = HandleParse(r); break;
      case 'B': st = HandleBind(r); break;
      case 'D': st = HandleDescribe(r); break;
      case 'E': st = HandleExecute(r); break;
      case 'C': st = HandleClose(r); break;
    }
    if (copy_in_active_) DrainCopyIn();
    if (!st.ok()) {
      session_->StatementFailed();
      SendPendingNotices();
      SendError(st);
      skip_until_sync_ = true;
      extended_failed_ = true;
    }
    MaybeFlush();
  }
}

void Connection::Serve() {
  SetConnectionId(id_);
  try {
    if (Startup()) MainLoop();
    Flush();
  } catch (const ConnectionClosed&) {
  } catch (const std::exception& e) {
    spdlog::error("connection ended by an internal error: {}", e.what());
  }
  SetReadTimeout(0);
  if (pid_) server_.UnregisterCancel(pid_);
  if (session_) session_->EndImplicitTransaction(false);
  session_.reset();
  lease_.Release();  // at once, so that a DROP DATABASE waiting on us sees it
  if (admitted_) server_.Release();
  boost::system::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  spdlog::debug("disconnected");
  SetConnectionId(0);
}

}  // namespace

void ServeConnection(Server& server, tcp::socket socket, uint64_t connection_id) {
  Connection c(server, std::move(socket), connection_id);
  c.Serve();
}

}  // namespace plinth
