// The layout of the one ordered key space (see docs/storage.md).
//
//   0x00 <name>                              server metadata (format version, OID counter)
//   0x01 <db oid u32be> <object oid u32be>   catalog: one serialized object per key
//   0x02 <storage id u32be> <index id u32be> <memcomparable key>  rows and index entries
//
// The storage id is TableDef::storage_id(): the table's oid, or after a rewrite or
// TRUNCATE a new id from Database::NewStorageId (>= 0x80000000), as PostgreSQL's
// relfilenode (docs/decisions/storage-ranges.md). Index id 0 is a table's primary
// storage: the key is its primary key (or a hidden row id), the value the row. Other
// index ids map index keys to primary keys. 0x00 "dead_storage/" <storage id> records a
// range that StorageReclaimer is still emptying.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/storage/codec.h"
#include "engine/storage/store.h"

namespace plinth::keys {

inline constexpr char kMeta = '\x00';
inline constexpr char kCatalog = '\x01';
inline constexpr char kData = '\x02';

inline std::string Meta(std::string_view name) {
  std::string k(1, kMeta);
  k.append(name);
  return k;
}
inline std::string CatalogPrefix(uint32_t db) {
  std::string k(1, kCatalog);
  codec::PutU32BE(&k, db);
  return k;
}
inline std::string CatalogObject(uint32_t db, uint32_t oid) {
  std::string k = CatalogPrefix(db);
  codec::PutU32BE(&k, oid);
  return k;
}
inline std::string IndexPrefix(uint32_t table, uint32_t index) {
  std::string k(1, kData);
  codec::PutU32BE(&k, table);
  codec::PutU32BE(&k, index);
  return k;
}
// The storage range (TableDef::storage_id) a row or index key lies in; nullopt for
// metadata and catalog keys.
inline std::optional<uint32_t> StorageOf(std::string_view key) {
  if (key.size() < 9 || key[0] != kData) return std::nullopt;
  return codec::GetU32BE(key.substr(1));
}

// The storage ranges a batch writes rows or index entries into, each once, ascending.
inline std::vector<uint32_t> RangesWritten(const std::vector<WriteOp>& writes) {
  std::vector<uint32_t> ranges;
  for (const WriteOp& w : writes) {
    std::optional<uint32_t> storage = StorageOf(w.key);
    if (storage && (ranges.empty() || ranges.back() != *storage)) ranges.push_back(*storage);  // runs per range
  }
  std::sort(ranges.begin(), ranges.end());
  ranges.erase(std::unique(ranges.begin(), ranges.end()), ranges.end());
  return ranges;
}

// The first key after every key that starts with prefix (prefixes here never end in 0xff runs
// that matter, but handle them anyway).
inline std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    unsigned char c = static_cast<unsigned char>(prefix.back());
    if (c != 0xff) {
      prefix.back() = static_cast<char>(c + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;  // empty: to the end of the key space
}

}  // namespace plinth::keys
