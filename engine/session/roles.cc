#include "engine/session/roles.h"

#include <cctype>

#include "engine/storage/codec.h"
#include "engine/storage/keys.h"

namespace plinth {

namespace {
constexpr uint8_t kRoleFormat = 1;
const char kRolePrefix[] = "role/";

bool LooksLikeVerifier(const std::string& p) {
  if (p.rfind("SCRAM-SHA-256$", 0) == 0) return true;
  if (p.size() == 35 && p.rfind("md5", 0) == 0) {
    for (size_t i = 3; i < p.size(); i++)
      if (!std::isxdigit(static_cast<unsigned char>(p[i]))) return false;
    return true;
  }
  return false;
}
}  // namespace

std::string RoleStore::Serialize(const Role& r) {
  std::string out(1, static_cast<char>(kRoleFormat));
  codec::PutString(&out, r.name);
  codec::PutString(&out, r.verifier);
  out.push_back(static_cast<char>((r.superuser ? 1 : 0) | (r.login ? 2 : 0) | (r.createdb ? 4 : 0) |
                                  (r.createrole ? 8 : 0)));
  return out;
}

Result<Role> RoleStore::Deserialize(std::string_view bytes) {
  codec::Reader rd(bytes);
  if (rd.Byte() != kRoleFormat) return Status::Error("XX001", "unknown role record format");
  Role r;
  r.name = std::string(rd.String());
  r.verifier = std::string(rd.String());
  uint8_t flags = rd.Byte();
  if (!rd.ok()) return Status::Error("XX001", "corrupt role record");
  r.superuser = flags & 1;
  r.login = flags & 2;
  r.createdb = flags & 4;
  r.createrole = flags & 8;
  return r;
}

Status RoleStore::Load(const Store& store) {
  PLINTH_ASSIGN_OR_RETURN(auto snap, store.OpenSnapshot());
  Cursor cur(snap);
  std::string prefix = keys::Meta(kRolePrefix);
  PLINTH_ASSIGN_OR_RETURN(bool ok, cur.Seek(prefix));
  std::lock_guard<std::mutex> lock(mu_);
  while (ok && cur.key().substr(0, prefix.size()) == prefix) {
    PLINTH_ASSIGN_OR_RETURN(Role r, Deserialize(cur.value()));
    if (!roles_.count(r.name) || !roles_[r.name].from_config) roles_[r.name] = r;
    PLINTH_ASSIGN_OR_RETURN(ok, cur.Step());
  }
  return Status::OK();
}

void RoleStore::AddBootstrap(Role role) {
  std::lock_guard<std::mutex> lock(mu_);
  role.from_config = true;
  roles_[role.name] = std::move(role);
}

std::optional<Role> RoleStore::Get(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = roles_.find(name);
  if (it == roles_.end()) return std::nullopt;
  return it->second;
}

std::vector<Role> RoleStore::All() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Role> out;
  for (const auto& [n, r] : roles_) out.push_back(r);
  return out;
}

Status RoleStore::Put(const Store& store, const Role& role) {
  PLINTH_RETURN_IF_ERROR(store.Commit({WriteOp{PLINTH_WRITE_PUT, keys::Meta(kRolePrefix + role.name), Serialize(role), {}}}));
  std::lock_guard<std::mutex> lock(mu_);
  roles_[role.name] = role;
  return Status::OK();
}

Status RoleStore::Drop(const Store& store, const std::string& name) {
  PLINTH_RETURN_IF_ERROR(store.Commit({WriteOp{PLINTH_WRITE_DELETE, keys::Meta(kRolePrefix + name), {}, {}}}));
  std::lock_guard<std::mutex> lock(mu_);
  roles_.erase(name);
  return Status::OK();
}

Result<std::string> RoleStore::VerifierFor(const std::string& user, const std::string& password) const {
  if (LooksLikeVerifier(password)) return password;
  if (!make_verifier_) return Status::Error("0A000", "no auth plugin can make password verifiers (load auth_scram)");
  return make_verifier_(user, password);
}

}  // namespace plinth
