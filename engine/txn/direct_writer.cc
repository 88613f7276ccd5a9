#include "engine/txn/direct_writer.h"

namespace plinth {

Status DirectRangeWriter::Add(std::string_view key, std::string_view value) {
  if (bytes_.capacity() < kChunkBytes) bytes_.reserve(kChunkBytes + (1u << 16));
  bytes_.append(key);
  bytes_.append(value);
  key_lengths_.push_back(static_cast<uint32_t>(key.size()));
  value_lengths_.push_back(static_cast<uint32_t>(value.size()));
  if (bytes_.size() >= kChunkBytes) return WriteChunk();
  return Status::OK();
}

Status DirectRangeWriter::WriteChunk() {
  if (key_lengths_.empty()) return Status::OK();
  // Slices are made only now: appending may have moved bytes_ until the last entry.
  batch_.clear();
  const uint8_t* at = reinterpret_cast<const uint8_t*>(bytes_.data());
  for (size_t i = 0; i < key_lengths_.size(); i++) {
    plinth_bytes key{at, key_lengths_[i]};
    at += key_lengths_[i];
    plinth_bytes value{at, value_lengths_[i]};
    at += value_lengths_[i];
    batch_.push_back(plinth_write{PLINTH_WRITE_PUT, key, value, {}});
  }
  PLINTH_RETURN_IF_ERROR(txn_.store().CommitRaw(batch_.data(), batch_.size()));
  bytes_.clear();
  key_lengths_.clear();
  value_lengths_.clear();
  return Status::OK();
}

Status DirectRangeWriter::Finish() {
  PLINTH_RETURN_IF_ERROR(WriteChunk());
  return txn_.DirectWritesDone();
}

}  // namespace plinth
