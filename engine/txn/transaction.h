// A transaction's private view of the key space: the storage snapshot it reads from
// plus its own buffered writes, which it reads back (read-your-writes) and turns into
// one atomic storage batch at COMMIT. Nothing reaches storage before COMMIT, so other
// sessions never see uncommitted data and ROLLBACK is dropping the buffer.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/storage/store.h"

namespace plinth {

class WriteBuffer {
 public:
  void Put(std::string key, std::string value) { entries_[std::move(key)] = std::move(value); }
  void Delete(std::string key) { entries_[std::move(key)] = std::nullopt; }
  // nullptr: not written here; pointer to nullopt: deleted here.
  const std::optional<std::string>* Find(std::string_view key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
  }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  using Map = std::map<std::string, std::optional<std::string>, std::less<>>;
  const Map& entries() const { return entries_; }
  std::vector<WriteOp> ToBatch() const;

 private:
  Map entries_;
};

// Iterates the union of a snapshot and a write buffer over [lo, hi) in key order,
// with the buffer's writes hiding or replacing the snapshot's entries.
class MergedCursor {
 public:
  MergedCursor(std::shared_ptr<Snapshot> snap, const WriteBuffer* writes, std::string lo, std::string hi);
  // Advances to the next visible entry; false at the end.
  Result<bool> Next();
  std::string_view key() const { return key_; }
  std::string_view value() const { return value_; }

 private:
  Cursor cursor_;
  const WriteBuffer* writes_;
  std::string lo_, hi_;
  bool started_ = false;
  bool store_valid_ = false;
  WriteBuffer::Map::const_iterator buf_it_, buf_end_;
  std::string key_, value_;
};

enum class IsolationLevel { ReadCommitted, RepeatableRead, Serializable };

class Transaction {
 public:
  Transaction(const Store* store, std::shared_ptr<const Catalog> catalog, IsolationLevel iso, bool read_only)
      : store_(store), catalog_(std::move(catalog)), isolation_(iso), read_only_(read_only) {}

  // Takes a fresh snapshot: per statement under READ COMMITTED, once otherwise.
  Status BeginStatement();
  const std::shared_ptr<Snapshot>& snapshot() const { return snapshot_; }

  Status Get(std::string_view key, std::string* value, bool* found);
  void Put(std::string key, std::string value) { writes_.Put(std::move(key), std::move(value)); }
  void Delete(std::string key) { writes_.Delete(std::move(key)); }
  std::unique_ptr<MergedCursor> Scan(std::string lo, std::string hi) {
    return std::make_unique<MergedCursor>(snapshot_, &writes_, std::move(lo), std::move(hi));
  }
  const WriteBuffer& writes() const { return writes_; }

  const Catalog& catalog() const { return *catalog_; }
  std::shared_ptr<const Catalog> catalog_ptr() const { return catalog_; }
  // The transaction's own catalog copy, made on first DDL.
  Catalog& MutableCatalog();
  bool changed_catalog() const { return private_catalog_ != nullptr; }

  IsolationLevel isolation() const { return isolation_; }
  void set_isolation(IsolationLevel iso) { isolation_ = iso; }
  bool read_only() const { return read_only_; }
  void set_read_only(bool ro) { read_only_ = ro; }

  // Savepoints snapshot the write buffer and catalog; ROLLBACK TO restores them.
  struct Savepoint {
    std::string name;
    WriteBuffer writes;
    std::shared_ptr<const Catalog> catalog;  // the catalog as it was (a copy if private)
    bool private_catalog = false;
  };
  void PushSavepoint(std::string name);
  bool RollbackToSavepoint(const std::string& name);  // false if unknown
  bool ReleaseSavepoint(const std::string& name);     // false if unknown

 private:
  const Store* store_;
  std::shared_ptr<const Catalog> catalog_;
  std::shared_ptr<Catalog> private_catalog_;
  IsolationLevel isolation_;
  bool read_only_;
  std::shared_ptr<Snapshot> snapshot_;
  WriteBuffer writes_;
  std::vector<Savepoint> savepoints_;
};

}  // namespace plinth
