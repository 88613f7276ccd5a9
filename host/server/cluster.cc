#include "host/server/cluster.h"

#include <algorithm>
#include <charconv>

#include <spdlog/spdlog.h>

#include "engine/session/database.h"
#include "engine/storage/keys.h"
#include "engine/system/host_catalog.h"

namespace plinth {

namespace {

// Records in the default store's meta key space, beside the roles ("role/...").
const char kDatabasePrefix[] = "database/";
const char kSettingPrefix[] = "db_role_setting/";
const char kNextOidKey[] = "database_next_oid";

std::string EntryKey(const std::string& name) { return keys::Meta(kDatabasePrefix + name); }

std::string SettingKey(const std::string& database, const std::string& role) {
  std::string k = keys::Meta(kSettingPrefix + database);
  k.push_back('\0');  // names never contain NUL, so (database, role) pairs cannot collide
  k.append(role);
  return k;
}

Result<Oid> ParseOid(std::string_view text) {
  Oid oid = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), oid);
  if (ec != std::errc() || end != text.data() + text.size() || oid == 0)
    return Status::Error("XX001", "invalid database record in storage: bad oid \"" + std::string(text) + "\"");
  return oid;
}

// Scans the meta records under `prefix`, calling fn(key suffix, value).
template <class Fn>
Status ScanMeta(const Store& store, const std::string& prefix, Fn fn) {
  PLINTH_ASSIGN_OR_RETURN(auto snap, store.OpenSnapshot());
  Cursor cur(snap);
  std::string full = keys::Meta(prefix);
  PLINTH_ASSIGN_OR_RETURN(bool ok, cur.Seek(full));
  while (ok && cur.key().substr(0, full.size()) == full) {
    PLINTH_RETURN_IF_ERROR(fn(cur.key().substr(full.size()), cur.value()));
    PLINTH_ASSIGN_OR_RETURN(ok, cur.Step());
  }
  return Status::OK();
}

}  // namespace

// --- records ---

std::string DatabaseCluster::EncodeEntry(const DatabaseEntry& e) { return std::to_string(e.oid) + "\n" + e.owner; }

Result<DatabaseEntry> DatabaseCluster::DecodeEntry(const std::string& name, std::string_view bytes) {
  size_t nl = bytes.find('\n');
  if (nl == std::string_view::npos || name.empty())
    return Status::Error("XX001", "invalid database record in storage for \"" + name + "\"");
  DatabaseEntry e;
  e.name = name;
  PLINTH_ASSIGN_OR_RETURN(e.oid, ParseOid(bytes.substr(0, nl)));
  e.owner.assign(bytes.substr(nl + 1));
  return e;
}

std::string DatabaseCluster::EncodeSettings(const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string out;
  for (const auto& [name, value] : settings) {
    out += name;
    out.push_back('\0');
    out += value;
    out.push_back('\0');
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> DatabaseCluster::DecodeSettings(std::string_view bytes) {
  std::vector<std::string_view> parts;
  while (!bytes.empty()) {
    size_t end = bytes.find('\0');
    if (end == std::string_view::npos) return Status::Error("XX001", "invalid setting record in storage");
    parts.push_back(bytes.substr(0, end));
    bytes.remove_prefix(end + 1);
  }
  if (parts.size() % 2) return Status::Error("XX001", "invalid setting record in storage");
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < parts.size(); i += 2) {
    if (parts[i].empty()) return Status::Error("XX001", "invalid setting record in storage: empty name");
    out.emplace_back(std::string(parts[i]), std::string(parts[i + 1]));
  }
  return out;
}

// --- lifetime ---

DatabaseCluster::DatabaseCluster(Database& default_database, OpenFn open, RemoveFn remove)
    : default_(default_database), open_(std::move(open)), remove_(std::move(remove)) {
  default_name_ = default_.name();
  Slot& slot = slots_[default_name_];
  slot.entry = DatabaseEntry{kDatabaseOid, default_name_, "postgres"};
  slot.database = &default_;
}

DatabaseCluster::~DatabaseCluster() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [name, slot] : slots_) CloseSlot(slot);
}

Status DatabaseCluster::Load() {
  const Store& store = default_.store();
  std::lock_guard<std::mutex> lock(mu_);
  PLINTH_RETURN_IF_ERROR(ScanMeta(store, kDatabasePrefix, [&](std::string_view name, std::string_view value) -> Status {
    PLINTH_ASSIGN_OR_RETURN(DatabaseEntry e, DecodeEntry(std::string(name), value));
    if (e.name == default_name_) {  // only ever written by ALTER DATABASE ... OWNER TO
      slots_[default_name_].entry.owner = e.owner;
      return Status::OK();
    }
    next_oid_ = std::max<Oid>(next_oid_, e.oid + 1);
    slots_[e.name].entry = std::move(e);
    return Status::OK();
  }));
  PLINTH_RETURN_IF_ERROR(ScanMeta(store, kSettingPrefix, [&](std::string_view key, std::string_view value) -> Status {
    size_t nul = key.find('\0');
    if (nul == std::string_view::npos) return Status::Error("XX001", "invalid setting record key in storage");
    SettingDefaults d;
    d.database.assign(key.substr(0, nul));
    d.role.assign(key.substr(nul + 1));
    PLINTH_ASSIGN_OR_RETURN(d.settings, DecodeSettings(value));
    settings_.push_back(std::move(d));
    return Status::OK();
  }));
  std::string next;
  bool found = false;
  PLINTH_ASSIGN_OR_RETURN(auto snap, store.OpenSnapshot());
  PLINTH_RETURN_IF_ERROR(snap->Get(keys::Meta(kNextOidKey), &next, &found));
  if (found) {
    PLINTH_ASSIGN_OR_RETURN(Oid oid, ParseOid(next));
    next_oid_ = std::max(next_oid_, oid);
  }
  if (slots_.size() > 1) spdlog::info("{} databases besides {}", slots_.size() - 1, default_name_);
  return Status::OK();
}

Status DatabaseCluster::OpenSlot(Slot& slot) {
  if (slot.database) return Status::OK();
  PLINTH_ASSIGN_OR_RETURN(Opened opened, open_(slot.entry));
  opened.database->set_cluster(this);
  opened.database->share_roles_of(&default_);
  slot.owned = std::move(opened.database);
  slot.keep_alive = std::move(opened.keep_alive);
  slot.database = slot.owned.get();
  return Status::OK();
}

void DatabaseCluster::CloseSlot(Slot& slot) {
  if (!slot.owned) return;  // the default database belongs to SharedDatabase
  slot.database = nullptr;
  slot.owned.reset();       // closes the store...
  slot.keep_alive.reset();  // ...before its host API goes
}

// --- sessions ---

DatabaseCluster::Lease& DatabaseCluster::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    cluster_ = std::exchange(other.cluster_, nullptr);
    name_ = std::move(other.name_);
    database_ = std::exchange(other.database_, nullptr);
  }
  return *this;
}

void DatabaseCluster::Lease::Release() {
  if (cluster_) cluster_->Leave(name_);
  cluster_ = nullptr;
  database_ = nullptr;
}

Result<DatabaseCluster::Lease> DatabaseCluster::Acquire(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = slots_.find(name);
  if (it == slots_.end()) return Status::Error("3D000", "database \"" + name + "\" does not exist");
  PLINTH_RETURN_IF_ERROR(OpenSlot(it->second));
  it->second.sessions++;
  Lease lease;
  lease.cluster_ = this;
  lease.name_ = name;
  lease.database_ = it->second.database;
  return lease;
}

void DatabaseCluster::Leave(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = slots_.find(name);
  if (it != slots_.end() && it->second.sessions > 0) it->second.sessions--;
}

// --- Cluster ---

std::vector<DatabaseEntry> DatabaseCluster::Databases() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DatabaseEntry> out{slots_.at(default_name_).entry};
  for (const auto& [name, slot] : slots_)
    if (name != default_name_) out.push_back(slot.entry);
  return out;
}

std::optional<DatabaseEntry> DatabaseCluster::FindDatabase(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = slots_.find(name);
  if (it == slots_.end()) return std::nullopt;
  return it->second.entry;
}

Status DatabaseCluster::CreateDatabase(const std::string& name, const std::string& owner) {
  std::lock_guard<std::mutex> lock(mu_);
  if (slots_.count(name)) return Status::Error("42P04", "database \"" + name + "\" already exists");
  DatabaseEntry entry{next_oid_, name, owner};
  // Whatever sits where the new store goes was left by a create that never got recorded.
  PLINTH_RETURN_IF_ERROR(remove_(entry));
  Slot slot;
  slot.entry = entry;
  PLINTH_RETURN_IF_ERROR(OpenSlot(slot));
  // The record is written last: a crash before it leaves only an unreferenced store.
  Status st = default_.store().Commit({WriteOp{PLINTH_WRITE_PUT, EntryKey(name), EncodeEntry(entry), {}},
                                       WriteOp{PLINTH_WRITE_PUT, keys::Meta(kNextOidKey),
                                               std::to_string(entry.oid + 1), {}}});
  if (!st.ok()) {
    CloseSlot(slot);
    (void)remove_(entry);
    return st;
  }
  next_oid_ = entry.oid + 1;
  slots_.emplace(name, std::move(slot));
  spdlog::info("created database \"{}\" (oid {})", name, entry.oid);
  return Status::OK();
}

Status DatabaseCluster::DropDatabase(const std::string& name, const Database& current) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = slots_.find(name);
  if (it == slots_.end()) return Status::Error("3D000", "database \"" + name + "\" does not exist");
  Slot& slot = it->second;
  if (slot.database == &current) return Status::Error("55006", "cannot drop the currently open database");
  PLINTH_RETURN_IF_ERROR(CheckUnused(name, slot));
  if (name == default_name_)  // the default database holds the roles and this very list
    return Status::Error("55006", "cannot drop the default database \"" + name + "\" of a Plinth server");
  std::vector<WriteOp> batch{WriteOp{PLINTH_WRITE_DELETE, EntryKey(name), {}, {}}};
  for (const SettingDefaults& d : settings_)
    if (d.database == name) batch.push_back(WriteOp{PLINTH_WRITE_DELETE, SettingKey(d.database, d.role), {}, {}});
  PLINTH_RETURN_IF_ERROR(default_.store().Commit(batch));
  settings_.erase(std::remove_if(settings_.begin(), settings_.end(),
                                 [&](const SettingDefaults& d) { return d.database == name; }),
                  settings_.end());
  DatabaseEntry entry = slot.entry;
  CloseSlot(slot);
  slots_.erase(it);
  // Dropped already (the record is gone): a failure here only leaves files behind.
  Status removed = remove_(entry);
  if (!removed.ok()) spdlog::warn("dropped database \"{}\" left files behind: {}", name, removed.message());
  spdlog::info("dropped database \"{}\"", name);
  return Status::OK();
}

Status DatabaseCluster::CheckUnused(const std::string& name, const Slot& slot) {
  if (slot.sessions == 0) return Status::OK();
  return Status::Error("55006", "database \"" + name + "\" is being accessed by other users")
      .with_detail(slot.sessions == 1 ? "There is 1 other session using the database."
                                      : "There are " + std::to_string(slot.sessions) +
                                            " other sessions using the database.");
}

Status DatabaseCluster::RenameDatabase(const std::string& name, const std::string& new_name, const Database& current) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = slots_.find(name);
  if (it == slots_.end()) return Status::Error("3D000", "database \"" + name + "\" does not exist");
  if (slots_.count(new_name)) return Status::Error("42P04", "database \"" + new_name + "\" already exists");
  Slot& slot = it->second;
  if (slot.database == &current) return Status::Error("0A000", "current database cannot be renamed");
  PLINTH_RETURN_IF_ERROR(CheckUnused(name, slot));
  if (name == default_name_)
    return Status::Error("0A000", "the default database \"" + name + "\" of a Plinth server cannot be renamed");
  DatabaseEntry renamed = slot.entry;
  renamed.name = new_name;
  std::vector<WriteOp> batch{WriteOp{PLINTH_WRITE_DELETE, EntryKey(name), {}, {}},
                             WriteOp{PLINTH_WRITE_PUT, EntryKey(new_name), EncodeEntry(renamed), {}}};
  for (const SettingDefaults& d : settings_) {
    if (d.database != name) continue;
    batch.push_back(WriteOp{PLINTH_WRITE_DELETE, SettingKey(name, d.role), {}, {}});
    batch.push_back(WriteOp{PLINTH_WRITE_PUT, SettingKey(new_name, d.role), EncodeSettings(d.settings), {}});
  }
  PLINTH_RETURN_IF_ERROR(default_.store().Commit(batch));
  for (SettingDefaults& d : settings_)
    if (d.database == name) d.database = new_name;
  // The store stays open (an in-memory one would lose its data if closed) and where it
  // is on disk, which goes by oid.
  if (slot.database) slot.database->set_name(new_name);
  Slot moved = std::move(slot);
  moved.entry = renamed;
  slots_.erase(it);
  slots_.emplace(new_name, std::move(moved));
  return Status::OK();
}

Status DatabaseCluster::SetDatabaseOwner(const std::string& name, const std::string& owner) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = slots_.find(name);
  if (it == slots_.end()) return Status::Error("3D000", "database \"" + name + "\" does not exist");
  DatabaseEntry changed = it->second.entry;
  changed.owner = owner;
  PLINTH_RETURN_IF_ERROR(default_.store().Commit({WriteOp{PLINTH_WRITE_PUT, EntryKey(name), EncodeEntry(changed), {}}}));
  it->second.entry = std::move(changed);
  return Status::OK();
}

Status DatabaseCluster::WriteSettings(const SettingDefaults& d) {
  if (d.settings.empty())
    return default_.store().Commit({WriteOp{PLINTH_WRITE_DELETE, SettingKey(d.database, d.role), {}, {}}});
  return default_.store().Commit(
      {WriteOp{PLINTH_WRITE_PUT, SettingKey(d.database, d.role), EncodeSettings(d.settings), {}}});
}

Status DatabaseCluster::AlterSettingDefault(const std::string& database, const std::string& role,
                                            const std::string& name, const std::optional<std::string>& value) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = std::find_if(settings_.begin(), settings_.end(),
                         [&](const SettingDefaults& d) { return d.database == database && d.role == role; });
  SettingDefaults updated = it != settings_.end() ? *it : SettingDefaults{database, role, {}};
  auto& list = updated.settings;
  auto same = [&](const std::pair<std::string, std::string>& s) { return name.empty() || s.first == name; };
  if (value) {
    auto existing = std::find_if(list.begin(), list.end(), same);
    if (existing != list.end()) existing->second = *value;
    else list.emplace_back(name, *value);
  } else {
    list.erase(std::remove_if(list.begin(), list.end(), same), list.end());
  }
  PLINTH_RETURN_IF_ERROR(WriteSettings(updated));
  if (it != settings_.end()) {
    if (list.empty()) settings_.erase(it);
    else *it = std::move(updated);
  } else if (!list.empty()) {
    settings_.push_back(std::move(updated));
  }
  return Status::OK();
}

Status DatabaseCluster::ForgetRole(const std::string& role) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<WriteOp> batch;
  for (const SettingDefaults& d : settings_)
    if (d.role == role) batch.push_back(WriteOp{PLINTH_WRITE_DELETE, SettingKey(d.database, d.role), {}, {}});
  if (batch.empty()) return Status::OK();
  PLINTH_RETURN_IF_ERROR(default_.store().Commit(batch));
  settings_.erase(std::remove_if(settings_.begin(), settings_.end(),
                                 [&](const SettingDefaults& d) { return d.role == role; }),
                  settings_.end());
  return Status::OK();
}

std::vector<SettingDefaults> DatabaseCluster::AllSettingDefaults() const {
  std::lock_guard<std::mutex> lock(mu_);
  return settings_;
}

}  // namespace plinth
