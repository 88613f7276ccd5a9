#include "engine/storage/store.h"

#include <cstring>

namespace plinth {

namespace {
plinth_bytes Bytes(std::string_view s) {
  return plinth_bytes{reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
std::string_view View(plinth_bytes b) {
  return b.len ? std::string_view(reinterpret_cast<const char*>(b.data), b.len) : std::string_view();
}
plinth_error NewError() {
  plinth_error e{};
  e.struct_size = sizeof e;
  return e;
}
}  // namespace

Status StatusFromPlugin(const plinth_error& err) {
  std::string state(err.sqlstate, strnlen(err.sqlstate, 5));
  if (state.size() != 5) state = "XX000";
  std::string msg(err.message, strnlen(err.message, sizeof err.message));
  if (msg.empty()) msg = "storage plugin reported an error without a message";
  return Status::Error(state, msg);
}

Snapshot::~Snapshot() { store_->vtable()->snapshot_close(snap_); }

Status Snapshot::Get(std::string_view key, std::string* value, bool* found) {
  plinth_bytes out{};
  plinth_error err = NewError();
  plinth_status st = store_->vtable()->get(snap_, Bytes(key), &out, &err);
  if (st == PLINTH_OK) {
    *found = true;
    value->assign(View(out));
    return Status::OK();
  }
  if (st == PLINTH_NOT_FOUND) {
    *found = false;
    return Status::OK();
  }
  return StatusFromPlugin(err);
}

Cursor::Cursor(std::shared_ptr<Snapshot> snap) : snap_(std::move(snap)) {
  plinth_error err = NewError();
  if (snap_->store().vtable()->cursor_open(snap_->handle(), &cur_, &err) != PLINTH_OK) {
    cur_ = nullptr;
    status_ = StatusFromPlugin(err);
  }
}

Cursor::~Cursor() {
  if (cur_) snap_->store().vtable()->cursor_close(cur_);
}

Result<bool> Cursor::Load(plinth_status st, const plinth_error& err) {
  if (st == PLINTH_NOT_FOUND) return false;
  if (st != PLINTH_OK) return StatusFromPlugin(err);
  plinth_bytes k{}, v{};
  if (snap_->store().vtable()->cursor_current(cur_, &k, &v) != PLINTH_OK) return false;
  key_ = View(k);
  value_ = View(v);
  return true;
}

Result<bool> Cursor::Seek(std::string_view key, bool backward) {
  if (!cur_) return status_;
  plinth_error err = NewError();
  return Load(snap_->store().vtable()->cursor_seek(cur_, Bytes(key), backward, &err), err);
}

Result<bool> Cursor::Step(bool backward) {
  if (!cur_) return status_;
  plinth_error err = NewError();
  return Load(snap_->store().vtable()->cursor_step(cur_, backward, &err), err);
}

Store::~Store() {
  if (store_) vt_->close(store_);
}

Result<std::unique_ptr<Store>> Store::Open(const plinth_storage_v1* vt, const plinth_host_api* host,
                                           uint64_t capabilities) {
  plinth_store* s = nullptr;
  plinth_error err = NewError();
  if (vt->open(host, &s, &err) != PLINTH_OK) return StatusFromPlugin(err);
  return std::make_unique<Store>(vt, s, capabilities);
}

Result<std::shared_ptr<Snapshot>> Store::OpenSnapshot() const {
  plinth_snapshot* snap = nullptr;
  plinth_error err = NewError();
  if (vt_->snapshot_open(store_, &snap, &err) != PLINTH_OK) return StatusFromPlugin(err);
  return std::shared_ptr<Snapshot>(new Snapshot(this, snap));
}

Status Store::Commit(const std::vector<WriteOp>& writes) const { return Commit({&writes}); }

Status Store::Commit(const std::vector<const std::vector<WriteOp>*>& parts) const {
  size_t total = 0;
  for (const auto* part : parts) total += part->size();
  std::vector<plinth_write> batch;
  batch.reserve(total);
  for (const auto* part : parts)
    for (const WriteOp& w : *part)
      batch.push_back(plinth_write{static_cast<uint32_t>(w.op), Bytes(w.key), Bytes(w.value), Bytes(w.end_key)});
  plinth_error err = NewError();
  if (vt_->commit(store_, batch.data(), batch.size(), &err) != PLINTH_OK) return StatusFromPlugin(err);
  return Status::OK();
}

Status Store::CommitRaw(const plinth_write* writes, size_t n) const {
  plinth_error err = NewError();
  if (vt_->commit(store_, writes, n, &err) != PLINTH_OK) return StatusFromPlugin(err);
  return Status::OK();
}

Status Store::Estimate(std::string_view lo, std::string_view hi, uint64_t* keys, uint64_t* bytes) const {
  plinth_error err = NewError();
  if (vt_->estimate(store_, Bytes(lo), Bytes(hi), keys, bytes, &err) != PLINTH_OK) return StatusFromPlugin(err);
  return Status::OK();
}

}  // namespace plinth
