#include "engine/txn/transaction.h"

#include "engine/storage/keys.h"

namespace plinth {

std::string CommitSeqKey() { return keys::Meta("commit_seq"); }

MergedCursor::MergedCursor(std::shared_ptr<Snapshot> snap, const WriteBuffer* writes, std::string lo, std::string hi,
                           std::shared_ptr<const WriteBuffer> keep)
    : cursor_(std::move(snap)), writes_(writes), keep_(std::move(keep)), lo_(std::move(lo)), hi_(std::move(hi)),
      buf_(writes_->Range(lo_, hi_)) {}

Result<bool> MergedCursor::Next() {
  for (;;) {
    if (!started_) {
      started_ = true;
      PLINTH_ASSIGN_OR_RETURN(store_valid_, cursor_.Seek(lo_));
    }
    if (store_valid_ && !hi_.empty() && cursor_.key() >= std::string_view(hi_)) store_valid_ = false;
    bool buf_valid = buf_.valid();
    if (!store_valid_ && !buf_valid) return false;

    // Pick the smaller key; on a tie the buffer wins and the store entry is skipped.
    BufferedWrite entry = buf_valid ? buf_.current() : BufferedWrite{};
    if (buf_valid && (!store_valid_ || entry.key <= cursor_.key())) {
      bool same = store_valid_ && entry.key == cursor_.key();
      buf_.Next();
      if (same) { PLINTH_ASSIGN_OR_RETURN(store_valid_, cursor_.Step()); }
      if (!entry.value) continue;  // deleted in this transaction
      key_.assign(entry.key);
      value_.assign(*entry.value);
      return true;
    }
    key_.assign(cursor_.key());
    value_.assign(cursor_.value());
    PLINTH_ASSIGN_OR_RETURN(store_valid_, cursor_.Step());
    return true;
  }
}

Transaction::~Transaction() {
  if (pin_) log_->Unpin(*pin_);
  if (!direct_ranges_.empty() && abandon_hook_) abandon_hook_(direct_ranges_);
}

Status Transaction::DirectWritesDone() {
  PLINTH_ASSIGN_OR_RETURN(direct_snapshot_, store_->OpenSnapshot());
  return Status::OK();
}

const std::shared_ptr<Snapshot>& Transaction::SnapshotFor(std::string_view key) const {
  if (!direct_snapshot_) return snapshot_;
  std::optional<Oid> storage = keys::StorageOf(key);
  return storage && IsDirectRange(*storage) ? direct_snapshot_ : snapshot_;
}

void Transaction::AdoptDirectRanges(const Catalog& committed) {
  std::unordered_set<Oid> named = committed.StorageRanges();
  std::erase_if(direct_ranges_, [&](Oid storage) { return named.count(storage) > 0; });
}

Status Transaction::BeginStatement() {
  frozen_.reset();
  if (snapshot_ && isolation_ != IsolationLevel::ReadCommitted) return Status::OK();
  return RefreshSnapshot();
}

Status Transaction::RefreshSnapshot() {
  // Pin first: the pin is then at most the sequence the snapshot will contain, so the
  // commit log keeps every write this snapshot might have to be compared against.
  std::optional<uint64_t> old_pin = pin_;
  if (log_) pin_ = log_->Pin();
  auto snap = store_->OpenSnapshot();
  if (old_pin) log_->Unpin(*old_pin);
  if (!snap.ok()) {
    if (pin_) log_->Unpin(*pin_);
    pin_.reset();
    return snap.status();
  }
  snapshot_ = std::move(*snap);
  std::string seq;
  bool found = false;
  PLINTH_RETURN_IF_ERROR(snapshot_->Get(CommitSeqKey(), &seq, &found));
  snapshot_seq_ = found ? DecodeCommitSeq(seq) : 0;
  return Status::OK();
}

Status Transaction::Get(std::string_view key, std::string* value, bool* found) {
  if (std::optional<BufferedWrite> w = reads()->Find(key)) {
    *found = w->value != nullptr;
    if (*found) *value = *w->value;
    return Status::OK();
  }
  return SnapshotFor(key)->Get(key, value, found);
}

Status Transaction::GetLatest(std::string_view key, std::string* value, bool* found) {
  if (std::optional<BufferedWrite> w = writes_.Find(key)) {
    *found = w->value != nullptr;
    if (*found) *value = *w->value;
    return Status::OK();
  }
  if (!ChangedSinceSnapshot(key)) return SnapshotFor(key)->Get(key, value, found);
  PLINTH_ASSIGN_OR_RETURN(auto latest, store_->OpenSnapshot());
  return latest->Get(key, value, found);
}

Catalog& Transaction::MutableCatalog() {
  if (!private_catalog_) {
    if (!base_catalog_) base_catalog_ = catalog_;
    private_catalog_ = catalog_->Clone();
    private_catalog_->BumpVersion();
    catalog_ = private_catalog_;
  }
  return *private_catalog_;
}

void Transaction::PushSavepoint(std::string name) {
  if (private_catalog_) savepoints_.push_back(Savepoint{std::move(name), writes_, private_catalog_->Clone(), true, locks_.mark()});
  else savepoints_.push_back(Savepoint{std::move(name), writes_, catalog_, false, locks_.mark()});
}

bool Transaction::RollbackToSavepoint(const std::string& name) {
  for (size_t i = savepoints_.size(); i-- > 0;) {
    if (savepoints_[i].name != name) continue;
    savepoints_.resize(i + 1);  // the savepoint itself stays, as in PostgreSQL
    writes_ = savepoints_[i].writes;
    locks_.ReleaseAfter(savepoints_[i].lock_mark);
    if (savepoints_[i].private_catalog) {
      private_catalog_ = savepoints_[i].catalog->Clone();
      catalog_ = private_catalog_;
    } else {
      private_catalog_ = nullptr;
      catalog_ = savepoints_[i].catalog;
    }
    return true;
  }
  return false;
}

bool Transaction::ReleaseSavepoint(const std::string& name) {
  for (size_t i = savepoints_.size(); i-- > 0;) {
    if (savepoints_[i].name != name) continue;
    savepoints_.resize(i);
    return true;
  }
  return false;
}

}  // namespace plinth
