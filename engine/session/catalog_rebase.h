// Concurrent catalog changes that do not really conflict.
//
// A DDL transaction works on a private copy of the catalog and may commit only onto the
// version it copied (Database::CommitCatalog), so two concurrent DDL statements fail
// one of them with 40001. TRUNCATE changes the catalog too, but only a table's storage
// range (TableDef::storage: the rows start empty in a new range, the old range is
// dropped whole), and PostgreSQL lets TRUNCATE of one table run beside DDL on another.
// So when one side's changes are only new storage ranges, the other side's catalog is
// rebased onto them instead, unless both touched the same table.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/common/status.h"
#include "engine/storage/store.h"

namespace plinth {

// Whether `after` differs from `before` only in some tables' storage ranges; fills
// *moved (table oid -> its storage range in `after`).
bool OnlyStorageMoved(const Catalog& before, const Catalog& after, std::map<Oid, Oid>* moved);

// The catalog a transaction commits in place of `mine` (its private copy, made from
// `base`), now that `current` has moved on from `base`: `mine` with the tables whose
// storage `current` moved taken from `current`, or `current` with the storage moves of
// `mine` applied. Null when neither side only moved storage, or both changed one table:
// then it is a real conflict (40001). Rewrites the catalog entries in *batch (the
// transaction's writes) of the tables it takes over.
std::shared_ptr<Catalog> RebaseCatalog(const Catalog& base, const Catalog& mine, const Catalog& current,
                                       std::vector<WriteOp>* batch);

}  // namespace plinth
