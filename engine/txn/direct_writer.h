// Rows written straight to storage instead of through the transaction's write buffer,
// into a storage range only this transaction can see: one TRUNCATE or a table rewrite
// gave the table in this transaction (Transaction::AddDirectRange). PostgreSQL skips
// the write-ahead log for a relfilenode created in the same transaction; this skips the
// buffer (a million rows held as separate strings, then copied into one batch) and
// writes chunks of rows as they come. The commit that names the range makes them part
// of the table; a rollback leaves the range to the reclaimer.
//
// Storage writes one chunk on a thread of its own while the caller fills the next, so
// parsing and encoding rows overlaps the storage engine's work.
//
// A transaction with open savepoints must not write directly: ROLLBACK TO could not
// take the rows back.
#pragma once

#include <cstdint>
#include <future>
#include <string>
#include <string_view>
#include <vector>

#include "engine/txn/transaction.h"

namespace plinth {

class DirectRangeWriter {
 public:
  explicit DirectRangeWriter(Transaction& txn) : txn_(txn) {}
  // Waits for a chunk still being written (its result is lost: the statement failed).
  ~DirectRangeWriter();
  DirectRangeWriter(const DirectRangeWriter&) = delete;
  DirectRangeWriter& operator=(const DirectRangeWriter&) = delete;

  // Buffers one entry (copied); hands the chunk to storage once it holds kChunkBytes.
  // An error is this entry's or an earlier chunk's.
  Status Add(std::string_view key, std::string_view value);
  // Writes what is buffered and waits; from then on the transaction's reads see every
  // entry.
  Status Finish();

  // Bytes of keys and values per storage commit: a few commits per million rows, each
  // large enough that storage_lmdb writes it to LMDB directly, not through its log.
  static constexpr size_t kChunkBytes = 16u << 20;

 private:
  struct Chunk {
    std::string bytes;                  // each entry's key, then its value
    std::vector<uint32_t> key_lengths;  // per entry, with value_lengths
    std::vector<uint32_t> value_lengths;
    std::vector<plinth_write> batch;    // slices into bytes, made when it is written
  };
  // Waits for the chunk in flight, then starts writing the one being filled.
  Status StartWrite();
  Status WaitForWrite();

  Transaction& txn_;
  Chunk chunks_[2];
  int filling_ = 0;             // chunks_[1 - filling_] may be in flight
  std::future<Status> writing_;  // valid while a chunk is in flight
};

}  // namespace plinth
