// Rows written straight to storage instead of through the transaction's write buffer,
// into a storage range only this transaction can see: one TRUNCATE or a table rewrite
// gave the table in this transaction (Transaction::AddDirectRange). PostgreSQL skips
// the write-ahead log for a relfilenode created in the same transaction; this skips the
// buffer (a million rows held as separate strings, then copied into one batch) and
// writes chunks of rows as they come. The commit that names the range makes them part
// of the table; a rollback leaves the range to the reclaimer.
//
// A transaction with open savepoints must not write directly: ROLLBACK TO could not
// take the rows back.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/txn/transaction.h"

namespace plinth {

class DirectRangeWriter {
 public:
  explicit DirectRangeWriter(Transaction& txn) : txn_(txn) {}

  // Buffers one entry (copied); writes the chunk once it holds kChunkBytes.
  Status Add(std::string_view key, std::string_view value);
  // Writes what is buffered; from then on the transaction's reads see every entry.
  Status Finish();

  // Bytes of keys and values per storage commit: a few commits per million rows, each
  // large enough that storage_lmdb writes it to LMDB directly, not through its log.
  static constexpr size_t kChunkBytes = 16u << 20;

 private:
  Status WriteChunk();

  Transaction& txn_;
  std::string bytes_;                  // each entry's key, then its value
  std::vector<uint32_t> key_lengths_;  // per entry, with value_lengths_
  std::vector<uint32_t> value_lengths_;
  std::vector<plinth_write> batch_;
};

}  // namespace plinth
