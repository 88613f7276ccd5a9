#include "host/server/authenticate.h"

#include <boost/asio/ip/address.hpp>
#include <cstring>

#include "host/config/hba.h"
#include "host/plugin/plugin_host.h"
#include "host/server/server.h"
#include "plinth/auth.h"

namespace plinth {

namespace {

bool InList(const std::vector<std::string>& list, const std::string& name) {
  for (const std::string& item : list)
    if (item == "all" || item == name) return true;
  return false;
}

bool AddressMatches(const std::string& cidr, const std::string& client) {
  if (cidr == "all") return true;
  size_t slash = cidr.find('/');
  boost::system::error_code ec;
  auto net = boost::asio::ip::make_address(cidr.substr(0, slash), ec);
  if (ec) return false;
  auto addr = boost::asio::ip::make_address(client, ec);
  if (ec) return false;
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) addr = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, addr.to_v6());
  if (net.is_v4() != addr.is_v4()) return false;
  std::vector<unsigned char> a, b;
  if (net.is_v4()) {
    auto x = net.to_v4().to_bytes(), y = addr.to_v4().to_bytes();
    a.assign(x.begin(), x.end());
    b.assign(y.begin(), y.end());
  } else {
    auto x = net.to_v6().to_bytes(), y = addr.to_v6().to_bytes();
    a.assign(x.begin(), x.end());
    b.assign(y.begin(), y.end());
  }
  int bits = slash == std::string::npos ? static_cast<int>(a.size() * 8) : std::atoi(cidr.c_str() + slash + 1);
  for (size_t i = 0; i < a.size() && bits > 0; i++, bits -= 8) {
    unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
    if ((a[i] & mask) != (b[i] & mask)) return false;
  }
  return true;
}

void Int32(std::string* out, int32_t v) {
  for (int s = 24; s >= 0; s -= 8) out->push_back(static_cast<char>((static_cast<uint32_t>(v) >> s) & 0xff));
}

plinth_status LookupVerifier(void* ctx, const char* user, char* buf, size_t* len) {
  auto* server = static_cast<Server*>(ctx);
  std::string verifier;
  if (!server->LookupVerifier(user, &verifier)) return PLINTH_NOT_FOUND;
  if (verifier.size() + 1 > *len) {
    *len = verifier.size() + 1;
    return PLINTH_ERROR;
  }
  std::memcpy(buf, verifier.c_str(), verifier.size() + 1);
  *len = verifier.size();
  return PLINTH_OK;
}

Status FromPluginError(const plinth_error& e, const char* fallback_state) {
  std::string state(e.sqlstate, strnlen(e.sqlstate, 5));
  std::string msg(e.message, strnlen(e.message, sizeof e.message));
  return Status::Error(state.size() == 5 ? state : fallback_state, msg.empty() ? "authentication failed" : msg);
}

}  // namespace

const HbaRule* MatchHba(const std::vector<HbaRule>& rules, const std::string& user, const std::string& database,
                        const std::string& client_addr) {
  for (const HbaRule& r : rules) {
    if (r.type != "host" && r.type != "hostnossl") continue;  // no TLS and no Unix sockets yet
    if (!InList(r.databases, database) || !InList(r.users, user)) continue;
    if (!AddressMatches(r.address, client_addr)) continue;
    return &r;
  }
  return nullptr;
}

Status Authenticate(Server& server, AuthIo& io, const std::string& user, const std::string& database,
                    const std::string& client_addr) {
  const HbaRule* rule = MatchHba(server.config().settings().hba, user, database, client_addr);
  if (!rule)
    return Status::Error("28000", "no pg_hba.conf entry for host \"" + client_addr + "\", user \"" + user +
                                      "\", database \"" + database + "\", no encryption");
  const LoadedPlugin* plugin = server.AuthPluginFor(rule->method);
  if (!plugin) return Status::Error("28000", "authentication method \"" + rule->method + "\" is not available");
  const plinth_auth_v1* vt = plugin->auth();

  plinth_auth_info info{};
  info.struct_size = sizeof info;
  info.user = user.c_str();
  info.database = database.c_str();
  info.client_addr = client_addr.c_str();
  info.method = rule->method.c_str();
  info.lookup_verifier = &LookupVerifier;
  info.ctx = &server;

  plinth_auth_request req{};
  req.struct_size = sizeof req;
  req.error.struct_size = sizeof req.error;
  plinth_error err{};
  err.struct_size = sizeof err;
  void* state = nullptr;
  if (vt->start(&info, &state, &req, &err) != PLINTH_OK) return FromPluginError(err, "28000");

  Status result;
  for (int rounds = 0; rounds < 16; rounds++) {
    std::string payload;
    bool expect_answer = true;
    switch (req.kind) {
      case PLINTH_AUTH_OK:
        vt->finish(state);
        return Status::OK();
      case PLINTH_AUTH_FAIL:
        vt->finish(state);
        return FromPluginError(req.error, "28000");
      case PLINTH_AUTH_CLEARTEXT:
        Int32(&payload, 3);
        break;
      case PLINTH_AUTH_MD5:
        Int32(&payload, 5);
        payload.append(reinterpret_cast<const char*>(req.md5_salt), 4);
        break;
      case PLINTH_AUTH_SASL:
        Int32(&payload, 10);
        payload.append(reinterpret_cast<const char*>(req.payload.data), req.payload.len);
        payload.push_back('\0');
        break;
      case PLINTH_AUTH_SASL_CONTINUE:
        Int32(&payload, 11);
        payload.append(reinterpret_cast<const char*>(req.payload.data), req.payload.len);
        break;
      case PLINTH_AUTH_SASL_FINAL:
        Int32(&payload, 12);
        payload.append(reinterpret_cast<const char*>(req.payload.data), req.payload.len);
        expect_answer = false;
        break;
      default:
        vt->finish(state);
        return Status::Error("XX000", "auth plugin returned an unknown request");
    }
    io.send('R', payload);
    if (!expect_answer) {  // SASLFinal completes the exchange; AuthenticationOk follows
      vt->finish(state);
      return Status::OK();
    }
    std::string body;
    if (!io.receive(&body)) {
      vt->finish(state);
      return Status::Error("08P01", "expected password response, got message type or length that is not valid");
    }
    plinth_bytes msg{reinterpret_cast<const uint8_t*>(body.data()), body.size()};
    std::memset(&req, 0, sizeof req);
    req.struct_size = sizeof req;
    req.error.struct_size = sizeof req.error;
    if (vt->step(state, msg, &req, &err) != PLINTH_OK) {
      vt->finish(state);
      return FromPluginError(err, "28000");
    }
  }
  vt->finish(state);
  return Status::Error("08P01", "authentication exchange did not finish");
}

}  // namespace plinth
