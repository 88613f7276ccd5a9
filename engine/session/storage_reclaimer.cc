#include "engine/session/storage_reclaimer.h"

#include "engine/storage/codec.h"
#include "engine/storage/keys.h"

namespace plinth {

namespace {

const std::string& DeadPrefix() {
  static const std::string prefix = keys::Meta("dead_storage/");
  return prefix;
}

std::string DeadKey(Oid storage) {
  std::string k = DeadPrefix();
  codec::PutU32BE(&k, storage);
  return k;
}

}  // namespace

StorageReclaimer::~StorageReclaimer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

WriteOp StorageReclaimer::Record(Oid storage) { return WriteOp{PLINTH_WRITE_PUT, DeadKey(storage), {}, {}}; }

Status StorageReclaimer::Resume() {
  std::vector<Oid> recorded;
  PLINTH_ASSIGN_OR_RETURN(auto snap, store_->OpenSnapshot());
  Cursor cur(snap);
  const std::string& prefix = DeadPrefix();
  PLINTH_ASSIGN_OR_RETURN(bool ok, cur.Seek(prefix));
  while (ok && cur.key().substr(0, prefix.size()) == prefix) {
    if (cur.key().size() == prefix.size() + 4) recorded.push_back(codec::GetU32BE(cur.key().substr(prefix.size())));
    PLINTH_ASSIGN_OR_RETURN(ok, cur.Step());
  }
  Add(recorded);
  return Status::OK();
}

void StorageReclaimer::Add(const std::vector<Oid>& storage) {
  if (storage.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  queue_.insert(queue_.end(), storage.begin(), storage.end());
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  cv_.notify_one();
}

void StorageReclaimer::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) break;
    Oid storage = queue_.front();
    lock.unlock();
    // A failure leaves the range recorded: the next open tries again.
    (void)Reclaim(storage);
    lock.lock();
    queue_.pop_front();
  }
}

Status StorageReclaimer::Reclaim(Oid storage) {
  std::string lo = keys::IndexPrefix(storage, 0);
  std::string hi(1, keys::kData);
  codec::PutU32BE(&hi, storage + 1);
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) return Status::OK();
    }
    // The chunk ends kChunkKeys keys on, or at the range's end (then the record goes too).
    std::string end = hi;
    {
      PLINTH_ASSIGN_OR_RETURN(auto snap, store_->OpenSnapshot());
      Cursor cur(snap);
      PLINTH_ASSIGN_OR_RETURN(bool ok, cur.Seek(lo));
      for (size_t n = 0; ok && cur.key() < hi; n++) {
        if (n == kChunkKeys) {
          end.assign(cur.key());
          break;
        }
        PLINTH_ASSIGN_OR_RETURN(ok, cur.Step());
      }
    }
    std::vector<WriteOp> batch{WriteOp{PLINTH_WRITE_DELETE_RANGE, lo, {}, end}};
    const bool last = end == hi;
    if (last) batch.push_back(WriteOp{PLINTH_WRITE_DELETE, DeadKey(storage), {}, {}});
    PLINTH_RETURN_IF_ERROR(store_->Commit(batch));
    if (last) return Status::OK();
    lo = std::move(end);
  }
}

}  // namespace plinth
