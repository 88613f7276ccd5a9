#include "lmdb_store.h"

#include <cerrno>
#include <chrono>
#include <cstring>

#include "range_estimate.h"
#include "store_error.h"

namespace plinth::storage_lmdb {
namespace {

constexpr char kKeyPrefix = '\0';
constexpr size_t kMaxIdleReadTxns = 64;
// How long a map growth waits for open snapshots before giving up on this commit.
constexpr auto kGrowDrainTimeout = std::chrono::seconds(30);
constexpr int kMaxGrowthsPerCommit = 8;
// Estimate() counts exactly up to this many keys, then extrapolates.
constexpr uint64_t kEstimateWalkBudget = 100000;

[[noreturn]] void ThrowLmdb(int rc, const std::string& what) {
  const char* state;
  switch (rc) {
    case ENOSPC: case MDB_MAP_FULL: state = "53100"; break;
    case ENOMEM: state = "53200"; break;
    case MDB_READERS_FULL: state = "53300"; break;
    case MDB_TXN_FULL: case MDB_BAD_VALSIZE: state = "54000"; break;
    case MDB_CORRUPTED: case MDB_PAGE_NOTFOUND: state = "XX001"; break;
    case MDB_INVALID: case MDB_VERSION_MISMATCH: state = "58000"; break;
    case EIO: case EACCES: case EROFS: case ENOENT: state = "58030"; break;
    default: state = "XX000";
  }
  std::string hint;
  if (rc == MDB_READERS_FULL) hint = "; raise storage_lmdb.max_readers";
  if (rc == MDB_TXN_FULL) hint = " (the write batch is too large for one LMDB transaction)";
  throw StoreError(state, "storage_lmdb: " + what + ": " + mdb_strerror(rc) + hint);
}

void Check(int rc, const char* what) {
  if (rc != MDB_SUCCESS) ThrowLmdb(rc, what);
}

std::string_view View(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }
std::string_view View(const plinth_bytes& b) { return {reinterpret_cast<const char*>(b.data), b.len}; }

// A user key with our prefix byte, in a stack buffer (LMDB keys are < 512 bytes).
class EncodedKey {
 public:
  EncodedKey(std::string_view user_key, size_t max_user_key, const char* role) {
    if (user_key.size() > max_user_key) {
      throw StoreError("54000", std::string("storage_lmdb: ") + role + " of " +
                                    std::to_string(user_key.size()) + " bytes exceeds the limit of " +
                                    std::to_string(max_user_key) + " bytes");
    }
    buf_[0] = kKeyPrefix;
    if (!user_key.empty()) std::memcpy(buf_ + 1, user_key.data(), user_key.size());
    val_.mv_size = user_key.size() + 1;
    val_.mv_data = buf_;
  }
  MDB_val* val() { return &val_; }
  std::string_view view() const { return {buf_, val_.mv_size}; }

 private:
  char buf_[512];
  MDB_val val_;
};

std::string_view UserKey(const MDB_val& stored) { return View(stored).substr(1); }

// Aborts a transaction unless committed; keeps TryCommit's error paths short.
class TxnGuard {
 public:
  explicit TxnGuard(MDB_txn* txn) : txn_(txn) {}
  ~TxnGuard() { if (txn_) mdb_txn_abort(txn_); }
  int Commit() { MDB_txn* t = txn_; txn_ = nullptr; return mdb_txn_commit(t); }
 private:
  MDB_txn* txn_;
};

class CursorGuard {
 public:
  explicit CursorGuard(MDB_cursor* c) : c_(c) {}
  ~CursorGuard() { Close(); }
  // A write transaction's commit frees its cursors: close before committing.
  void Close() {
    if (c_) mdb_cursor_close(c_);
    c_ = nullptr;
  }
 private:
  MDB_cursor* c_;
};

void CheckSlice(const plinth_bytes& b, const char* what, size_t index) {
  if (b.data == nullptr && b.len != 0) {
    throw StoreError("22023", "write " + std::to_string(index) + ": " + what +
                                  " has a null pointer and a non-zero length");
  }
}

}  // namespace

LmdbStore::LmdbStore(const LmdbConfig& config) : config_(config), lock_(config.path) {
  EnsureFormatVersion(config_.path);
  Check(mdb_env_create(&env_), "mdb_env_create");
  try {
    Check(mdb_env_set_mapsize(env_, config_.map_size), "could not set map_size");
    Check(mdb_env_set_maxreaders(env_, config_.max_readers), "could not set max_readers");
    unsigned flags = MDB_NOTLS | (config_.sync ? 0 : MDB_NOSYNC);
    int rc = mdb_env_open(env_, config_.path.c_str(), flags, 0600);
    if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) {
      throw StoreError("58000", "storage_lmdb: data directory \"" + config_.path +
                                    "\" does not hold a readable LMDB environment (" +
                                    mdb_strerror(rc) + "); it is corrupted or was written by an "
                                    "incompatible LMDB; restore it from a backup or use another -D");
    }
    Check(rc, ("could not open LMDB environment in \"" + config_.path + "\"").c_str());
    MDB_txn* txn;
    Check(mdb_txn_begin(env_, nullptr, 0, &txn), "mdb_txn_begin");
    TxnGuard guard(txn);
    Check(mdb_dbi_open(txn, nullptr, 0, &dbi_), "mdb_dbi_open");
    Check(guard.Commit(), "mdb_txn_commit");
    max_key_size_ = static_cast<size_t>(mdb_env_get_maxkeysize(env_)) - 1;
    gate_.idle.reserve(kMaxIdleReadTxns);
  } catch (...) {
    mdb_env_close(env_);
    throw;
  }
}

LmdbStore::~LmdbStore() {
  for (MDB_txn* txn : gate_.idle) mdb_txn_abort(txn);
  mdb_env_close(env_);
}

LmdbStore::Snapshot* LmdbStore::OpenSnapshot() {
  auto snap = std::make_unique<Snapshot>(Snapshot{this, nullptr});
  std::unique_lock lock(gate_.mu);
  gate_.cv.wait(lock, [&] { return !gate_.remapping; });
  MDB_txn* txn = nullptr;
  if (!gate_.idle.empty()) {
    txn = gate_.idle.back();
    gate_.idle.pop_back();
    if (int rc = mdb_txn_renew(txn); rc != MDB_SUCCESS) {
      mdb_txn_abort(txn);
      ThrowLmdb(rc, "could not open a snapshot");
    }
  } else {
    Check(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn), "could not open a snapshot");
  }
  gate_.open++;
  snap->txn = txn;
  return snap.release();
}

void LmdbStore::CloseSnapshot(Snapshot* snap) noexcept {
  {
    std::lock_guard lock(gate_.mu);
    if (gate_.idle.size() < kMaxIdleReadTxns && !gate_.remapping) {
      mdb_txn_reset(snap->txn);
      gate_.idle.push_back(snap->txn);  // no allocation: capacity reserved at open
    } else {
      mdb_txn_abort(snap->txn);
    }
    gate_.open--;
  }
  gate_.cv.notify_all();
  delete snap;
}

bool LmdbStore::Get(const Snapshot& snap, std::string_view key, std::string_view* value) const {
  if (key.size() > max_key_size_) return false;  // could never have been stored
  EncodedKey k(key, max_key_size_, "key");
  MDB_val v;
  int rc = mdb_get(snap.txn, dbi_, k.val(), &v);
  if (rc == MDB_NOTFOUND) return false;
  Check(rc, "mdb_get");
  *value = View(v);
  return true;
}

void LmdbStore::Commit(std::span<const plinth_write> writes) {
  std::lock_guard lock(commit_mu_);
  for (int growths = 0;; growths++) {
    if (TryCommit(writes) == Outcome::kCommitted) return;
    if (growths == kMaxGrowthsPerCommit) ThrowLmdb(MDB_MAP_FULL, "commit");
    GrowMap();
  }
}

void LmdbStore::CheckStorable(std::span<const plinth_write> writes) const {
  for (size_t i = 0; i < writes.size(); i++) {
    const plinth_write& w = writes[i];
    CheckSlice(w.key, "key", i);
    if (w.op == PLINTH_WRITE_PUT) {
      CheckSlice(w.value, "value", i);
      EncodedKey k(View(w.key), max_key_size_, "key");  // throws 54000 when too long
    }
  }
}

std::string LmdbStore::LastKey(MDB_txn* txn) const {
  MDB_cursor* cursor;
  Check(mdb_cursor_open(txn, dbi_, &cursor), "mdb_cursor_open");
  MDB_val key, value;
  int rc = mdb_cursor_get(cursor, &key, &value, MDB_LAST);
  std::string last = rc == MDB_SUCCESS ? std::string(View(key)) : std::string();
  mdb_cursor_close(cursor);
  if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) Check(rc, "mdb_cursor_get");
  return last;
}

LmdbStore::Outcome LmdbStore::TryCommit(std::span<const plinth_write> writes) {
  MDB_txn* txn;
  Check(mdb_txn_begin(env_, nullptr, 0, &txn), "could not begin a write transaction");
  TxnGuard guard(txn);
  auto failed = [](int rc, const char* what) {
    if (rc == MDB_MAP_FULL) return true;
    ThrowLmdb(rc, what);
  };
  // Bulk loads write keys beyond the current last key in ascending order; LMDB appends
  // those without a tree search and fills pages instead of splitting them (MDB_APPEND).
  // `last` is at least the greatest stored key (deletes may leave it higher: then a key
  // merely takes the ordinary path).
  std::string last = LastKey(txn);
  // One cursor for the whole batch: LMDB looks for a key on the cursor's current leaf
  // page before it searches from the root, so keys in ascending order (a table
  // rewrite, a flushed table) mostly skip the descent that mdb_put makes every time.
  MDB_cursor* cursor;
  Check(mdb_cursor_open(txn, dbi_, &cursor), "mdb_cursor_open");
  CursorGuard cursor_guard(cursor);
  for (size_t i = 0; i < writes.size(); i++) {
    const plinth_write& w = writes[i];
    CheckSlice(w.key, "key", i);
    switch (w.op) {
      case PLINTH_WRITE_PUT: {
        CheckSlice(w.value, "value", i);
        EncodedKey k(View(w.key), max_key_size_, "key");
        MDB_val v{w.value.len, const_cast<uint8_t*>(w.value.data)};
        bool append = k.view() > std::string_view(last);
        int rc = mdb_cursor_put(cursor, k.val(), &v, append ? MDB_APPEND : 0);
        if (rc == MDB_KEYEXIST && append) rc = mdb_cursor_put(cursor, k.val(), &v, 0);  // never expected
        if (rc != MDB_SUCCESS && failed(rc, "put")) return Outcome::kMapFull;
        if (append) last.assign(k.view());
        break;
      }
      case PLINTH_WRITE_DELETE: {
        // A key too long to store cannot be present: deleting it is a no-op.
        if (w.key.len > max_key_size_) break;
        EncodedKey k(View(w.key), max_key_size_, "key");
        MDB_val found_key = *k.val(), found_value;
        int rc = mdb_cursor_get(cursor, &found_key, &found_value, MDB_SET);
        if (rc == MDB_SUCCESS) rc = mdb_cursor_del(cursor, 0);
        if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND && failed(rc, "delete")) return Outcome::kMapFull;
        break;
      }
      case PLINTH_WRITE_DELETE_RANGE: {
        CheckSlice(w.end_key, "end_key", i);
        if (View(w.key) >= View(w.end_key)) break;  // empty range
        if (!DeleteRange(txn, View(w.key), View(w.end_key))) return Outcome::kMapFull;
        break;
      }
      default:
        throw StoreError("22023", "write " + std::to_string(i) + ": unknown write op " +
                                      std::to_string(w.op));
    }
  }
  cursor_guard.Close();
  int rc = guard.Commit();
  if (rc == MDB_MAP_FULL) return Outcome::kMapFull;
  Check(rc, "commit");
  return Outcome::kCommitted;
}

bool LmdbStore::DeleteRange(MDB_txn* txn, std::string_view lo, std::string_view hi) {
  const std::string end = std::string(1, kKeyPrefix) + std::string(hi);
  // A start bound longer than a storable key: begin after its storable prefix (see
  // Cursor::Seek for why nothing lies in between).
  const bool clamped = lo.size() > max_key_size_;
  EncodedKey start(lo.substr(0, max_key_size_), max_key_size_, "start key");
  MDB_cursor* cur;
  Check(mdb_cursor_open(txn, dbi_, &cur), "mdb_cursor_open");
  CursorGuard cursor_guard(cur);
  MDB_val key{start.view().size(), const_cast<char*>(start.view().data())}, data;
  int rc = mdb_cursor_get(cur, &key, &data, MDB_SET_RANGE);
  if (rc == MDB_SUCCESS && clamped && View(key) == start.view()) rc = mdb_cursor_get(cur, &key, &data, MDB_NEXT);
  // After mdb_cursor_del the cursor stands on the key that followed the deleted one (or
  // past the end), and MDB_NEXT returns that key without stepping: one walk along the
  // leaves, no search from the root per key.
  while (rc == MDB_SUCCESS && View(key) < end) {
    rc = mdb_cursor_del(cur, 0);
    if (rc == MDB_MAP_FULL) return false;
    Check(rc, "delete range");
    rc = mdb_cursor_get(cur, &key, &data, MDB_NEXT);
  }
  if (rc != MDB_NOTFOUND) Check(rc, "delete range");
  return true;
}

void LmdbStore::GrowMap() {
  MDB_envinfo info;
  Check(mdb_env_info(env_, &info), "mdb_env_info");
  const size_t new_size = info.me_mapsize * 2;
  std::unique_lock lock(gate_.mu);
  gate_.remapping = true;
  bool drained = gate_.cv.wait_for(lock, kGrowDrainTimeout, [&] { return gate_.open == 0; });
  if (drained) {
    // Pooled transactions are dropped too: nothing may reference the old map.
    for (MDB_txn* txn : gate_.idle) mdb_txn_abort(txn);
    gate_.idle.clear();
  }
  int rc = drained ? mdb_env_set_mapsize(env_, new_size) : MDB_SUCCESS;
  gate_.remapping = false;
  lock.unlock();
  gate_.cv.notify_all();
  if (!drained) {
    throw StoreError("53100", "storage_lmdb: the map (" + std::to_string(info.me_mapsize) +
                                  " bytes) is full and could not grow because snapshots stayed "
                                  "open; raise storage_lmdb.map_size");
  }
  Check(rc, "could not grow the map");
}

void LmdbStore::Estimate(std::string_view lo, std::string_view hi, uint64_t* keys, uint64_t* bytes) {
  Snapshot* snap = OpenSnapshot();
  struct Closer {
    LmdbStore* store;
    Snapshot* snap;
    ~Closer() { store->CloseSnapshot(snap); }
  } closer{this, snap};

  MDB_stat stat;
  Check(mdb_stat(snap->txn, dbi_, &stat), "mdb_stat");
  const uint64_t total = stat.ms_entries;
  if (lo.empty() && hi.empty()) {
    *keys = total;
    *bytes = (stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages) *
             static_cast<uint64_t>(stat.ms_psize);
    return;
  }

  MDB_cursor* cur;
  Check(mdb_cursor_open(snap->txn, dbi_, &cur), "mdb_cursor_open");
  CursorGuard cursor_guard(cur);
  const std::string end = hi.empty() ? std::string() : std::string(1, kKeyPrefix) + std::string(hi);
  EncodedKey start(lo.substr(0, max_key_size_), max_key_size_, "bound");
  MDB_val key = *start.val(), data;
  uint64_t n = 0, b = 0;
  std::string first, last;
  int rc = mdb_cursor_get(cur, &key, &data, MDB_SET_RANGE);
  bool more = false;
  for (; rc == MDB_SUCCESS; rc = mdb_cursor_get(cur, &key, &data, MDB_NEXT)) {
    if (!end.empty() && View(key) >= end) break;
    if (n == kEstimateWalkBudget) {
      more = true;
      break;
    }
    if (n == 0) first = View(key);
    last = View(key);
    n++;
    b += key.mv_size - 1 + data.mv_size;
  }
  if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) ThrowLmdb(rc, "estimate");
  if (more) {
    std::string range_end = end;
    if (range_end.empty()) {  // to the end: the greatest key, plus one byte
      Check(mdb_cursor_get(cur, &key, &data, MDB_LAST), "estimate");
      range_end = std::string(View(key)) + '\xff';
    }
    uint64_t rest = std::min(ExtrapolateRemaining(n, first, last, range_end), total - n);
    b += rest * (b / n);
    n += rest;
  }
  *keys = n;
  *bytes = b;
}

LmdbStore::Cursor::Cursor(Snapshot* snap) : max_key_size_(snap->store->max_key_size_) {
  Check(mdb_cursor_open(snap->txn, snap->store->dbi_, &cursor_), "could not open a cursor");
}

LmdbStore::Cursor::~Cursor() { mdb_cursor_close(cursor_); }

bool LmdbStore::Cursor::Position(int rc) {
  positioned_ = rc == MDB_SUCCESS;
  if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) ThrowLmdb(rc, "cursor");
  return positioned_;
}

bool LmdbStore::Cursor::Seek(std::string_view key, bool backward) {
  // A target longer than any storable key is replaced by its longest storable
  // prefix P. No stored key lies strictly between P and the target (a stored key
  // greater than P differs from P within P's length), so "last <= target" is "last
  // <= P", and "first >= target" is "first > P".
  const size_t max = max_key_size_;
  const bool clamped = key.size() > max;
  EncodedKey target(key.substr(0, max), max, "key");
  MDB_val k = *target.val(), v;
  int rc = mdb_cursor_get(cursor_, &k, &v, MDB_SET_RANGE);
  const bool exact = rc == MDB_SUCCESS && View(k) == target.view();
  if (!backward) {
    if (exact && clamped) rc = mdb_cursor_get(cursor_, &k, &v, MDB_NEXT);
  } else if (!exact) {
    // The first key >= target is past it (or there is none): the answer is before.
    if (rc == MDB_NOTFOUND) {
      rc = mdb_cursor_get(cursor_, &k, &v, MDB_LAST);
    } else if (rc == MDB_SUCCESS) {
      rc = mdb_cursor_get(cursor_, &k, &v, MDB_PREV);
    }
  }
  if (!Position(rc)) return false;
  key_ = k;
  value_ = v;
  return true;
}

bool LmdbStore::Cursor::Step(bool backward) {
  if (!positioned_) return false;
  MDB_val k, v;
  int rc = mdb_cursor_get(cursor_, &k, &v, backward ? MDB_PREV : MDB_NEXT);
  if (!Position(rc)) return false;
  key_ = k;
  value_ = v;
  return true;
}

bool LmdbStore::Cursor::Current(std::string_view* key, std::string_view* value) const {
  if (!positioned_) return false;
  *key = UserKey(key_);
  *value = View(value_);
  return true;
}

}  // namespace plinth::storage_lmdb
