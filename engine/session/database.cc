#include "engine/session/database.h"

#include <algorithm>

#include "engine/session/catalog_rebase.h"
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
  PLINTH_RETURN_IF_ERROR(db->roles_.Load(*db->store_));
  std::string seq;
  bool found = false;
  PLINTH_RETURN_IF_ERROR(snap->Get(CommitSeqKey(), &seq, &found));
  if (found && DecodeCommitSeq(seq) == 0) return Status::Error("XX001", "invalid commit sequence in storage");
  db->commit_log_.Restart(found ? DecodeCommitSeq(seq) : 0);
  PLINTH_RETURN_IF_ERROR(db->reclaimer_.Resume());
  PLINTH_RETURN_IF_ERROR(db->ScanNewStorageRanges());
  return db;
}

Status Database::ScanNewStorageRanges() {
  std::unordered_set<Oid> named = catalog_->StorageRanges();
  Oid highest = kFirstNewStorageId - 1;
  for (Oid storage : named) highest = std::max(highest, storage);
  // Skip from range to range: one seek per range, not a read per key.
  std::vector<Oid> orphans;
  PLINTH_ASSIGN_OR_RETURN(auto snap, store_->OpenSnapshot());
  Cursor cur(snap);
  std::string at = keys::IndexPrefix(kFirstNewStorageId, 0);
  for (;;) {
    PLINTH_ASSIGN_OR_RETURN(bool ok, cur.Seek(at));
    std::optional<Oid> found = ok ? keys::StorageOf(cur.key()) : std::nullopt;
    if (!found) break;
    Oid storage = *found;
    highest = std::max(highest, storage);
    if (!named.count(storage)) orphans.push_back(storage);
    if (storage == UINT32_MAX) break;
    at = keys::IndexPrefix(storage + 1, 0);
  }
  next_storage_id_ = highest + 1;
  reclaimer_.Add(orphans);  // a range both recorded dead and found here is deleted twice: harmless
  return Status::OK();
}

std::shared_ptr<const Catalog> Database::catalog() const {
  std::lock_guard<std::mutex> lock(mu_);
  return catalog_;
}

std::unique_ptr<Transaction> Database::Begin(IsolationLevel iso, bool read_only) {
  auto txn = std::make_unique<Transaction>(store_.get(), catalog(), iso, read_only, &commit_log_, &locks_);
  txn->set_abandon_hook([this](const std::vector<Oid>& ranges) { reclaimer_.Add(ranges); });
  return txn;
}

Status Database::Commit(Transaction& txn) {
  if (!txn.changed_catalog() && txn.writes().empty()) return Status::OK();
  CommitRequest request;
  request.txn = &txn;
  request.batch = txn.TakeBatch();
  if (txn.changed_catalog()) {
    // DDL commits alone: it swaps the catalog and may delete whole tables' key ranges.
    std::lock_guard<std::mutex> commit_lock(commit_mu_);
    if (!MayCommit(txn, request.batch, nullptr))
      return Status::Error("40001", "could not serialize access due to concurrent update");
    std::shared_ptr<const Catalog> current = catalog();
    if (txn.catalog().version() != current->version() + 1) {
      // DDL committed meanwhile; fine if one side only truncated (catalog_rebase.h).
      std::shared_ptr<Catalog> rebased = RebaseCatalog(txn.base_catalog(), txn.catalog(), *current, &request.batch);
      if (!rebased) return Status::Error("40001", "could not serialize access due to concurrent DDL");
      txn.ReplaceCatalog(std::move(rebased));
    }
    uint64_t seq = commit_log_.Next();
    // The stamp and catalog writes go in a second part of the batch: appending them to
    // a bulk load's million-row batch would reallocate it.
    std::vector<WriteOp> meta{WriteOp{PLINTH_WRITE_PUT, CommitSeqKey(), EncodeCommitSeq(seq), {}}};
    PLINTH_RETURN_IF_ERROR(CommitCatalog(txn, request.batch, &meta));
    commit_log_.Publish(seq, request.batch, txn.commit_log_pin());
    return Status::OK();
  }
  return commit_queue_.Submit(&request, [this](std::vector<CommitRequest*>& group) { WriteCommitGroup(group); });
}

bool Database::MayCommit(const Transaction& txn, const std::vector<WriteOp>& writes,
                         const std::unordered_set<std::string_view>* earlier_in_group) const {
  // Row writes were checked when their locks were taken; this also covers keys written
  // without a lock (index entries) and rows locked before a concurrent commit published.
  // Under READ COMMITTED a later write simply wins, as in PostgreSQL.
  if (txn.isolation() == IsolationLevel::ReadCommitted) return true;
  for (const WriteOp& w : writes) {
    if (txn.ChangedSinceSnapshot(w.key)) return false;
    if (earlier_in_group && earlier_in_group->count(w.key)) return false;
  }
  return true;
}

bool Database::WritesLiveStorage(const Transaction& txn, const Catalog& now, const std::vector<WriteOp>& writes) {
  if (txn.catalog().version() == now.version()) return true;
  std::unordered_set<Oid> live = now.StorageRanges();
  for (Oid storage : keys::RangesWritten(writes))
    if (!live.count(storage)) return false;
  return true;
}

void Database::WriteCommitGroup(std::vector<CommitRequest*>& group) {
  std::lock_guard<std::mutex> commit_lock(commit_mu_);
  // Members are checked and numbered in arrival order, as if they had committed one
  // after another; a member's conflict check also sees the keys of the members before
  // it, which the commit log does not know yet. Their batches are written as parts of
  // one storage batch, in place (the keys stay where group_keys points).
  const bool grouped = group.size() > 1;
  std::unordered_set<std::string_view> group_keys;
  std::vector<std::pair<CommitRequest*, uint64_t>> accepted;
  std::vector<const std::vector<WriteOp>*> parts;
  uint64_t seq = commit_log_.Next();
  // Only DDL commits change the catalog, and they take commit_mu_ too: one read serves
  // the whole group.
  const std::shared_ptr<const Catalog> now = catalog();
  for (CommitRequest* member : group) {
    if (!MayCommit(*member->txn, member->batch, grouped ? &group_keys : nullptr)) {
      member->result = Status::Error("40001", "could not serialize access due to concurrent update");
      continue;
    }
    if (!WritesLiveStorage(*member->txn, *now, member->batch)) {
      member->result = Status::Error("40001", "could not serialize access due to concurrent DDL")
                           .with_detail("A table this transaction wrote was dropped, truncated or rewritten "
                                        "by a transaction that committed meanwhile.");
      continue;
    }
    if (grouped)
      for (const WriteOp& w : member->batch) group_keys.insert(w.key);
    accepted.emplace_back(member, seq++);
    parts.push_back(&member->batch);
  }
  if (accepted.empty()) return;
  std::vector<WriteOp> stamp{WriteOp{PLINTH_WRITE_PUT, CommitSeqKey(), EncodeCommitSeq(seq - 1), {}}};
  parts.push_back(&stamp);
  Status written = store_->Commit(parts);
  for (const auto& [member, member_seq] : accepted) {
    if (written.ok()) commit_log_.Publish(member_seq, member->batch, member->txn->commit_log_pin());
    member->result = written;
  }
}

Status Database::CommitCatalog(Transaction& txn, const std::vector<WriteOp>& writes, std::vector<WriteOp>* meta) {
  std::vector<WriteOp>& batch = *meta;
  std::lock_guard<std::mutex> lock(mu_);
  const Catalog& mine = txn.catalog();
  if (mine.version() != catalog_->version() + 1)
    return Status::Error("40001", "could not serialize access due to concurrent DDL");
  batch.push_back(WriteOp{PLINTH_WRITE_PUT, keys::CatalogObject(kDatabaseId, 0), mine.SerializeHeader(), {}});
  // Tables dropped by this transaction lose their rows and index entries; tables it
  // rewrote lose the storage range they had (the new one is in `writes`). The ranges
  // are recorded as dead in this batch and emptied after it (storage_reclaimer.h).
  std::vector<Oid> freed;
  for (const auto& [oid, def] : catalog_->tables()) {
    const TableDef* now = mine.TableByOid(oid);
    if (!now || now->storage_id() != def->storage_id()) freed.push_back(def->storage_id());
  }
  // Rows this transaction wrote into a range it also left (a table it created and
  // dropped, rows inserted before its TRUNCATE) would otherwise stay behind unnamed.
  std::unordered_set<Oid> named = mine.StorageRanges();
  for (Oid storage : keys::RangesWritten(writes))
    if (!named.count(storage) && std::find(freed.begin(), freed.end(), storage) == freed.end())
      freed.push_back(storage);
  for (Oid storage : freed) batch.push_back(StorageReclaimer::Record(storage));
  PLINTH_RETURN_IF_ERROR(store_->Commit({&writes, &batch}));
  catalog_ = txn.catalog_ptr();
  txn.AdoptDirectRanges(*catalog_);
  reclaimer_.Add(freed);
  return Status::OK();
}

Result<int64_t*> Database::RowIdCounter(Oid storage) {
  auto it = next_row_id_.find(storage);
  if (it == next_row_id_.end()) {
    // First use since start: continue after the highest id in storage.
    int64_t last = 0;
    PLINTH_ASSIGN_OR_RETURN(auto snap, store_->OpenSnapshot());
    Cursor cur(snap);
    std::string prefix = keys::IndexPrefix(storage, 0);
    PLINTH_ASSIGN_OR_RETURN(bool ok, cur.Seek(keys::PrefixEnd(prefix), /*backward=*/true));
    if (ok && cur.key().substr(0, prefix.size()) == prefix) {
      std::string_view rest = cur.key().substr(prefix.size());
      auto v = DecodeKey(oids::kInt8, &rest, false);
      if (v.ok()) last = v->as_int();
    }
    it = next_row_id_.emplace(storage, last).first;
  }
  return &it->second;
}

Result<int64_t> Database::NextRowId(Oid storage) {
  std::lock_guard<std::mutex> lock(row_id_mu_);
  PLINTH_ASSIGN_OR_RETURN(int64_t* counter, RowIdCounter(storage));
  return ++*counter;
}

Status Database::ContinueRowIds(Oid from_storage, Oid to_storage) {
  std::lock_guard<std::mutex> lock(row_id_mu_);
  PLINTH_ASSIGN_OR_RETURN(int64_t* from, RowIdCounter(from_storage));
  int64_t last = *from;
  PLINTH_ASSIGN_OR_RETURN(int64_t* to, RowIdCounter(to_storage));
  *to = std::max(*to, last);
  return Status::OK();
}

}  // namespace plinth
