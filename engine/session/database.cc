#include "engine/session/database.h"

#include "engine/storage/keys.h"
#include "engine/types/types.h"

namespace plinth {

Result<std::unique_ptr<Database>> Database::Open(std::unique_ptr<Store> store, std::string name) {
  std::unique_ptr<Database> db(new Database(std::move(store), std::move(name)));
  PLINTH_ASSIGN_OR_RETURN(auto snap, db->store_->OpenSnapshot());
  std::string header;
  std::vector<std::string> tables;
  {
    Cursor cur(snap);
    std::string prefix = keys::CatalogPrefix(kDatabaseId);
    std::string header_key = keys::CatalogObject(kDatabaseId, 0);
    PLINTH_ASSIGN_OR_RETURN(bool ok, cur.Seek(prefix));
    while (ok && cur.key().substr(0, prefix.size()) == prefix) {
      if (cur.key() == header_key) header.assign(cur.value());
      else tables.emplace_back(cur.value());
      PLINTH_ASSIGN_OR_RETURN(ok, cur.Step());
    }
  }
  PLINTH_ASSIGN_OR_RETURN(auto cat, Catalog::Load(header, tables));
  db->catalog_ = std::move(cat);
  return db;
}

std::shared_ptr<const Catalog> Database::catalog() const {
  std::lock_guard<std::mutex> lock(mu_);
  return catalog_;
}

std::unique_ptr<Transaction> Database::Begin(IsolationLevel iso, bool read_only) const {
  return std::make_unique<Transaction>(store_.get(), catalog(), iso, read_only);
}

Status Database::Commit(Transaction& txn) {
  if (!txn.changed_catalog()) {
    if (txn.writes().empty()) return Status::OK();
    return store_->Commit(txn.writes().ToBatch());
  }
  std::lock_guard<std::mutex> lock(mu_);
  const Catalog& mine = txn.catalog();
  if (mine.version() != catalog_->version() + 1)
    return Status::Error("40001", "could not serialize access due to concurrent DDL");
  std::vector<WriteOp> batch = txn.writes().ToBatch();
  batch.push_back(WriteOp{PLINTH_WRITE_PUT, keys::CatalogObject(kDatabaseId, 0), mine.SerializeHeader(), {}});
  // Tables dropped by this transaction lose their rows and index entries.
  for (const auto& [oid, def] : catalog_->tables()) {
    if (!mine.TableByOid(oid)) {
      std::string lo = keys::IndexPrefix(oid, 0);
      std::string hi(1, keys::kData);
      codec::PutU32BE(&hi, oid + 1);
      batch.push_back(WriteOp{PLINTH_WRITE_DELETE_RANGE, lo, {}, hi});
    }
  }
  PLINTH_RETURN_IF_ERROR(store_->Commit(batch));
  catalog_ = txn.catalog_ptr();
  return Status::OK();
}

Result<int64_t> Database::NextRowId(Oid table) {
  std::lock_guard<std::mutex> lock(row_id_mu_);
  auto it = next_row_id_.find(table);
  if (it == next_row_id_.end()) {
    // First use since start: continue after the highest id in storage.
    int64_t last = 0;
    PLINTH_ASSIGN_OR_RETURN(auto snap, store_->OpenSnapshot());
    Cursor cur(snap);
    std::string prefix = keys::IndexPrefix(table, 0);
    PLINTH_ASSIGN_OR_RETURN(bool ok, cur.Seek(keys::PrefixEnd(prefix), /*backward=*/true));
    if (ok && cur.key().substr(0, prefix.size()) == prefix) {
      std::string_view rest = cur.key().substr(prefix.size());
      auto v = DecodeKey(oids::kInt8, &rest, false);
      if (v.ok()) last = v->as_int();
    }
    it = next_row_id_.emplace(table, last).first;
  }
  return ++it->second;
}

}  // namespace plinth
