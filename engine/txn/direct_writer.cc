#include "engine/txn/direct_writer.h"

namespace plinth {

DirectRangeWriter::~DirectRangeWriter() {
  if (writing_.valid()) writing_.wait();
}

Status DirectRangeWriter::Add(std::string_view key, std::string_view value) {
  Chunk& c = chunks_[filling_];
  if (c.bytes.capacity() < kChunkBytes) c.bytes.reserve(kChunkBytes + (1u << 16));
  c.bytes.append(key);
  c.bytes.append(value);
  c.key_lengths.push_back(static_cast<uint32_t>(key.size()));
  c.value_lengths.push_back(static_cast<uint32_t>(value.size()));
  if (c.bytes.size() >= kChunkBytes) return StartWrite();
  return Status::OK();
}

Status DirectRangeWriter::WaitForWrite() {
  if (!writing_.valid()) return Status::OK();
  return writing_.get();
}

Status DirectRangeWriter::StartWrite() {
  PLINTH_RETURN_IF_ERROR(WaitForWrite());
  Chunk& c = chunks_[filling_];
  if (c.key_lengths.empty()) return Status::OK();
  // Slices are made only now: appending may have moved the bytes until the last entry.
  c.batch.clear();
  const uint8_t* at = reinterpret_cast<const uint8_t*>(c.bytes.data());
  for (size_t i = 0; i < c.key_lengths.size(); i++) {
    plinth_bytes key{at, c.key_lengths[i]};
    at += c.key_lengths[i];
    plinth_bytes value{at, c.value_lengths[i]};
    at += c.value_lengths[i];
    c.batch.push_back(plinth_write{PLINTH_WRITE_PUT, key, value, {}});
  }
  const Store* store = &txn_.store();
  writing_ = std::async(std::launch::async, [store, &c] { return store->CommitRaw(c.batch.data(), c.batch.size()); });
  // Fill the other chunk meanwhile (its write, if any, has finished above).
  filling_ = 1 - filling_;
  Chunk& next = chunks_[filling_];
  next.bytes.clear();
  next.key_lengths.clear();
  next.value_lengths.clear();
  return Status::OK();
}

Status DirectRangeWriter::Finish() {
  PLINTH_RETURN_IF_ERROR(StartWrite());
  PLINTH_RETURN_IF_ERROR(WaitForWrite());
  return txn_.DirectWritesDone();
}

}  // namespace plinth
