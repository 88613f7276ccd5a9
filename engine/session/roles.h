// Roles: the host's store of login roles and their password verifiers (never
// plaintext). Roles are server-wide, like PostgreSQL's pg_authid. Changes are written
// to storage at once in their own batch (not rolled back with the surrounding
// transaction; see docs/auth.md). Bootstrap roles from the config file live in memory
// only and take precedence, so the config file stays the source of truth for them.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/storage/store.h"

namespace plinth {

struct Role {
  std::string name;
  std::string verifier;  // "SCRAM-SHA-256$..." or "md5..." or "" (no password)
  bool superuser = false;
  bool login = true;
  bool createdb = false;
  bool createrole = false;
  bool from_config = false;
};

class RoleStore {
 public:
  // Turns a cleartext password into a verifier (the auth plugin's make_verifier).
  using VerifierMaker = std::function<Result<std::string>(const std::string& user, const std::string& password)>;

  Status Load(const Store& store);
  void AddBootstrap(Role role);  // from the config; not persisted
  void set_verifier_maker(VerifierMaker m) { make_verifier_ = std::move(m); }

  std::optional<Role> Get(const std::string& name) const;
  std::vector<Role> All() const;
  Status Put(const Store& store, const Role& role);
  Status Drop(const Store& store, const std::string& name);
  // A password as given to CREATE/ALTER ROLE: a verifier already (as pg_dump writes
  // them) is kept, anything else is hashed.
  Result<std::string> VerifierFor(const std::string& user, const std::string& password) const;

  static std::string Serialize(const Role& r);
  static Result<Role> Deserialize(std::string_view bytes);

 private:
  mutable std::mutex mu_;
  std::map<std::string, Role> roles_;
  VerifierMaker make_verifier_;
};

}  // namespace plinth
