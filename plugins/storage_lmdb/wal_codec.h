// The payload of one write-ahead-log record: a commit's puts and deletes, in order.
//
//   record   := write*
//   write    := op:u8  key_len:u32le key  [value_len:u32le value]   (value only for a put)
//
// Range deletes never reach the log: a batch holding one is written straight to LMDB
// (see LoggedStore), so the codec refuses them rather than carry an unused format.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plinth/storage.h"

namespace plinth::storage_lmdb {

// A decoded write whose slices point into the payload it was decoded from.
struct LoggedWrite {
  bool is_delete;
  std::string_view key;
  std::string_view value;  // empty for a delete
};

// Appends the encoding of `writes` to *out. Throws StoreError 22023 on a range delete.
void EncodeWrites(std::span<const plinth_write> writes, std::string* out);

// False when the payload is malformed (truncated, unknown op): a record that passed
// its checksum yet does not decode is corruption, and recovery stops there.
bool DecodeWrites(std::string_view payload, std::vector<LoggedWrite>* out);

}  // namespace plinth::storage_lmdb
