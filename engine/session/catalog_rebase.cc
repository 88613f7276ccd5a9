#include "engine/session/catalog_rebase.h"

#include "engine/session/database.h"
#include "engine/storage/keys.h"

namespace plinth {

bool OnlyStorageMoved(const Catalog& before, const Catalog& after, std::map<Oid, Oid>* moved) {
  if (before.next_oid() != after.next_oid() || before.schemas() != after.schemas()) return false;
  // Unchanged objects are shared between a catalog and its copies: compare pointers.
  auto same_objects = [](const auto& a, const auto& b) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j)
      if (i->first != j->first || i->second != j->second) return false;
    return true;
  };
  if (!same_objects(before.sequences(), after.sequences()) || !same_objects(before.views(), after.views()))
    return false;
  const auto& b = before.tables();
  const auto& a = after.tables();
  if (a.size() != b.size()) return false;
  for (auto i = b.begin(), j = a.begin(); i != b.end(); ++i, ++j) {
    if (i->first != j->first) return false;
    if (i->second == j->second) continue;
    TableDef same = *j->second;
    same.storage = i->second->storage;
    if (same.Serialize() != i->second->Serialize()) return false;
    if (j->second->storage_id() != i->second->storage_id()) (*moved)[j->first] = j->second->storage_id();
  }
  return true;
}

namespace {

// Whether every row the transaction wrote lands in a range the rebased catalog keeps
// (or one the transaction itself created or left): a write into a range the other side
// dropped would silently vanish.
bool WritesSurvive(const Catalog& base, const Catalog& mine, const Catalog& out, const std::vector<WriteOp>& batch) {
  std::unordered_set<Oid> allowed = out.StorageRanges();
  for (const auto& [oid, t] : base.tables()) {
    const TableDef* m = mine.TableByOid(oid);
    if (!m || m->storage_id() != t->storage_id()) allowed.insert(t->storage_id());  // we left it ourselves
  }
  for (Oid storage : keys::RangesWritten(batch)) {
    // Ranges made in this transaction: OIDs it allocated, or database-wide new ids.
    if (!allowed.count(storage) && storage < base.next_oid()) return false;
  }
  return true;
}

}  // namespace

std::shared_ptr<Catalog> RebaseCatalog(const Catalog& base, const Catalog& mine, const Catalog& current,
                                       std::vector<WriteOp>* batch) {
  std::map<Oid, Oid> theirs, ours;
  if (OnlyStorageMoved(base, current, &theirs)) {
    // Others only truncated: keep our changes, take their tables' new ranges, unless we
    // changed or dropped one of those tables too.
    std::shared_ptr<Catalog> out = mine.Clone();
    for (const auto& [oid, storage] : theirs) {
      auto m = mine.tables().find(oid);
      if (m == mine.tables().end() || m->second != base.tables().at(oid)) return nullptr;
      out->PutTable(*current.TableByOid(oid));
    }
    out->set_version(current.version() + 1);
    return WritesSurvive(base, mine, *out, *batch) ? out : nullptr;
  }
  if (OnlyStorageMoved(base, mine, &ours)) {
    // We only truncated: apply our new ranges to the current catalog, unless another
    // transaction dropped, truncated or rewrote one of those tables meanwhile.
    std::shared_ptr<Catalog> out = current.Clone();
    for (const auto& [oid, storage] : ours) {
      const TableDef* now = current.TableByOid(oid);
      if (!now || now->storage_id() != base.TableByOid(oid)->storage_id()) return nullptr;
      TableDef moved = *now;
      moved.storage = storage;
      const std::string key = keys::CatalogObject(Database::kDatabaseId, oid);
      for (WriteOp& w : *batch)
        if (w.op == PLINTH_WRITE_PUT && w.key == key) w.value = moved.Serialize();
      out->PutTable(std::move(moved));
    }
    out->set_version(current.version() + 1);
    return WritesSurvive(base, mine, *out, *batch) ? out : nullptr;
  }
  return nullptr;
}

}  // namespace plinth
