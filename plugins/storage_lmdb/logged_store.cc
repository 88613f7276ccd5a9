#include "logged_store.h"

#include <chrono>
#include <vector>

#include "store_error.h"
#include "wal_codec.h"

namespace plinth::storage_lmdb {
namespace {

// Larger batches are bulk loads: logging them would write every byte twice.
constexpr uint64_t kMaxLoggedBatchBytes = uint64_t{4} << 20;
// After a failed flush, how long the flusher waits before trying again.
constexpr auto kFlushRetryDelay = std::chrono::milliseconds(500);
// Estimate() walks at most this many keys of each table.
constexpr size_t kTableEstimateBudget = 10000;

bool HasRangeDelete(std::span<const plinth_write> writes) {
  for (const plinth_write& w : writes) {
    if (w.op == PLINTH_WRITE_DELETE_RANGE) return true;
  }
  return false;
}

uint64_t EncodedSizeBound(std::span<const plinth_write> writes) {
  uint64_t bytes = 0;
  for (const plinth_write& w : writes) bytes += 9 + w.key.len + w.value.len;
  return bytes;
}

}  // namespace

LoggedStore::LoggedStore(const LmdbConfig& config, LogFn log)
    : lmdb_(config), log_(std::move(log)), active_(std::make_shared<MemTable>()) {
  if (!config.wal) return;
  wal_ = std::make_unique<WalFiles>(config.path, config.wal_file_size, config.sync);
  direct_bytes_ = std::min<uint64_t>(kMaxLoggedBatchBytes, wal_->capacity());
  Recover();
  wal_->SwitchFile();
  flusher_ = std::thread([this] { FlusherLoop(); });
}

LoggedStore::~LoggedStore() {
  if (!wal_) return;
  {
    std::lock_guard lock(flusher_mu_);
    stopping_ = true;
  }
  flusher_wake_.notify_all();
  flusher_.join();
  // The flusher has stopped: write what is left, then retire the log. On failure the
  // log stays active and the next open replays it.
  try {
    if (frozen_) FlushFrozen(*frozen_, frozen_file_);
    if (!active_->empty()) {
      frozen_ = active_;
      frozen_file_ = wal_->current_file();
      FlushFrozen(*frozen_, frozen_file_);
    }
    if (!frozen_) wal_->RetireAll();
  } catch (const std::exception& e) {
    log_(PLINTH_LOG_WARNING, std::string("storage_lmdb: the write-ahead log stays for the next "
                                         "start to replay: ") + e.what());
  }
}

void LoggedStore::Recover() {
  const std::vector<std::string> records = wal_->ReadActive();
  if (!records.empty()) {
    std::vector<LoggedWrite> decoded;
    for (const std::string& payload : records) {
      if (!DecodeWrites(payload, &decoded)) {
        throw StoreError("XX001", "storage_lmdb: a write-ahead log record in \"" +
                                      lmdb_.config().path +
                                      "\" passed its checksum but does not decode; refusing to "
                                      "start rather than lose the commits after it");
      }
    }
    std::vector<plinth_write> writes;
    writes.reserve(decoded.size());
    for (const LoggedWrite& w : decoded) {
      plinth_write pw{};
      pw.op = w.is_delete ? PLINTH_WRITE_DELETE : PLINTH_WRITE_PUT;
      pw.key = {reinterpret_cast<const uint8_t*>(w.key.data()), w.key.size()};
      pw.value = {reinterpret_cast<const uint8_t*>(w.value.data()), w.value.size()};
      writes.push_back(pw);
    }
    lmdb_.Commit(writes);  // one synced LMDB transaction
    log_(PLINTH_LOG_INFO, "storage_lmdb: recovered " + std::to_string(records.size()) +
                              " logged commits (" + std::to_string(writes.size()) +
                              " writes) into LMDB");
  }
  wal_->RetireAll();
}

LoggedStore::Snapshot* LoggedStore::OpenSnapshot() {
  auto snap = std::make_unique<Snapshot>();
  snap->store = this;
  std::lock_guard lock(tables_mu_);
  // The sequence first: a commit it covers has already linked its writes into the
  // active table, so the emptiness test below cannot miss them.
  snap->seq = seq_.load(std::memory_order_acquire);
  int n = 0;
  if (!active_->empty()) snap->tables[n++] = active_;
  if (frozen_) snap->tables[n++] = frozen_;
  // LMDB while still holding the lock, so that no table can be frozen and flushed in
  // between: LMDB would then hold commits newer than `seq` that the tables no longer
  // shadow. (A frozen table may be flushed meanwhile: its commits are all <= seq.)
  snap->lmdb = lmdb_.OpenSnapshot();
  return snap.release();
}

void LoggedStore::CloseSnapshot(Snapshot* snap) noexcept {
  lmdb_.CloseSnapshot(snap->lmdb);
  delete snap;
}

bool LoggedStore::Get(const Snapshot& snap, std::string_view key, std::string_view* value) const {
  for (const auto& table : snap.tables) {
    if (!table) break;
    if (const MemTable::Version* v = table->Find(key, snap.seq)) {
      if (v->tombstone) return false;
      *value = v->value;
      return true;
    }
  }
  return lmdb_.Get(*snap.lmdb, key, value);
}

void LoggedStore::Commit(std::span<const plinth_write> writes) {
  if (!wal_) {
    lmdb_.Commit(writes);
    return;
  }
  if (writes.empty()) return;
  std::unique_lock lock(commit_mu_, std::defer_lock);
  if (HasRangeDelete(writes) || EncodedSizeBound(writes) > direct_bytes_) {
    lock.lock();
    CommitDirect(writes, lock);
    return;
  }
  // What LMDB would refuse must be refused now: once logged, a write has to fit.
  lmdb_.CheckStorable(writes);
  std::string payload;
  EncodeWrites(writes, &payload);  // outside the lock: committers encode in parallel
  lock.lock();
  while (!wal_->Fits(payload.size())) {
    // The current file is full: move to the other one once its table is in LMDB.
    if (frozen_) {
      AwaitFlush(lock);
    } else {
      Freeze();
    }
  }
  wal_->Append(payload);  // durable from here on
  const uint64_t seq = seq_.load(std::memory_order_relaxed) + 1;
  active_->Apply(writes, seq);
  seq_.store(seq, std::memory_order_release);
  if (active_->bytes() >= lmdb_.config().memtable_size && !frozen_) Freeze();
}

void LoggedStore::Estimate(std::string_view lo, std::string_view hi, uint64_t* keys,
                           uint64_t* bytes) {
  lmdb_.Estimate(lo, hi, keys, bytes);
  if (!wal_) return;
  std::shared_ptr<const MemTable> tables[2];
  {
    std::lock_guard lock(tables_mu_);
    tables[0] = active_;
    tables[1] = frozen_;
  }
  for (const auto& table : tables) {
    if (table) table->Count(lo, hi, kTableEstimateBudget, keys, bytes);
  }
}

void LoggedStore::WakeFlusher() {
  {
    // A flag, not just a notification: the flusher may not be waiting yet (it starts
    // with the store), and a lost wakeup would leave a frozen table for a whole
    // flush_interval_ms.
    std::lock_guard lock(flusher_mu_);
    flush_requested_ = true;
  }
  flusher_wake_.notify_one();
}

void LoggedStore::AwaitFlush(std::unique_lock<std::mutex>& lock) {
  WakeFlusher();
  frozen_cleared_.wait(lock);  // callers re-check their condition: spurious wakeups are fine
  if (frozen_ && !flush_error_.empty()) {
    throw StoreError("58030", "storage_lmdb: could not write logged commits into LMDB: " +
                                  flush_error_);
  }
}

void LoggedStore::Freeze() {
  {
    std::lock_guard lock(tables_mu_);
    frozen_ = std::move(active_);
    active_ = std::make_shared<MemTable>();
  }
  frozen_file_ = wal_->current_file();
  wal_->SwitchFile();
  WakeFlusher();
}

void LoggedStore::CommitDirect(std::span<const plinth_write> writes,
                               std::unique_lock<std::mutex>& lock) {
  // Everything logged before must reach LMDB before this batch does, and nothing may
  // be logged in between (a later logged write would otherwise be overwritten by this
  // earlier one at the next flush): the lock is held from the last check to the end.
  for (;;) {
    if (frozen_) {
      AwaitFlush(lock);
    } else if (!active_->empty()) {
      Freeze();
    } else {
      break;
    }
  }
  lmdb_.Commit(writes);
}

void LoggedStore::FlusherLoop() {
  const auto interval = std::chrono::milliseconds(lmdb_.config().flush_interval_ms);
  std::unique_lock wake_lock(flusher_mu_);
  while (!stopping_) {
    flusher_wake_.wait_for(wake_lock, interval, [&] { return stopping_ || flush_requested_; });
    if (stopping_) break;
    flush_requested_ = false;
    wake_lock.unlock();
    try {
      // An old enough active table is frozen here, so that LMDB catches up on an idle
      // server and scans stop merging.
      std::lock_guard lock(commit_mu_);
      if (!frozen_ && !active_->empty() &&
          std::chrono::steady_clock::now() - active_->first_write() >= interval) {
        Freeze();
      }
    } catch (const std::exception& e) {
      log_(PLINTH_LOG_ERROR, std::string("storage_lmdb: could not switch write-ahead log "
                                         "files: ") + e.what());
    }
    bool failed = false;
    std::shared_ptr<const MemTable> table;
    int file;
    {
      std::lock_guard lock(commit_mu_);
      table = frozen_;
      file = frozen_file_;
    }
    if (table) {
      try {
        FlushFrozen(*table, file);
      } catch (const std::exception& e) {
        failed = true;
        log_(PLINTH_LOG_ERROR, std::string("storage_lmdb: flushing logged commits into LMDB "
                                           "failed (they stay in the log): ") + e.what());
        std::lock_guard lock(commit_mu_);
        flush_error_ = e.what();
        frozen_cleared_.notify_all();
      }
    }
    wake_lock.lock();
    if (failed) flusher_wake_.wait_for(wake_lock, kFlushRetryDelay, [&] { return stopping_; });
  }
}

void LoggedStore::FlushFrozen(const MemTable& table, int file) {
  std::vector<plinth_write> writes;
  table.ForEachLatest([&](std::string_view key, const MemTable::Version& v) {
    plinth_write w{};
    w.op = v.tombstone ? PLINTH_WRITE_DELETE : PLINTH_WRITE_PUT;
    w.key = {reinterpret_cast<const uint8_t*>(key.data()), key.size()};
    w.value = {reinterpret_cast<const uint8_t*>(v.value.data()), v.value.size()};
    writes.push_back(w);
  });
  lmdb_.Commit(writes);  // synced: from here LMDB holds the table
  wal_->Retire(file);    // so its log file may be reused
  std::lock_guard lock(commit_mu_);
  {
    std::lock_guard tables(tables_mu_);
    frozen_.reset();
  }
  frozen_file_ = -1;
  flush_error_.clear();
  frozen_cleared_.notify_all();
}

LoggedStore::Cursor::Cursor(Snapshot* snap) : lmdb_(snap->lmdb), lmdb_source_(&lmdb_) {
  if (!snap->tables[0]) return;
  std::vector<SourceCursor*> sources;
  for (int i = 0; i < 2 && snap->tables[i]; i++) {
    tables_[i].emplace(snap->tables[i].get(), snap->seq);
    sources.push_back(&*tables_[i]);
  }
  sources.push_back(&lmdb_source_);
  merged_ = std::make_unique<MergedCursor>(std::move(sources));
}

bool LoggedStore::Cursor::Seek(std::string_view key, bool backward) {
  return merged_ ? merged_->Seek(key, backward) : lmdb_.Seek(key, backward);
}

bool LoggedStore::Cursor::Step(bool backward) {
  return merged_ ? merged_->Step(backward) : lmdb_.Step(backward);
}

bool LoggedStore::Cursor::Current(std::string_view* key, std::string_view* value) const {
  return merged_ ? merged_->Current(key, value) : lmdb_.Current(key, value);
}

}  // namespace plinth::storage_lmdb
