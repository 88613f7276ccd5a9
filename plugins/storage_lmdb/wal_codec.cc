#include "wal_codec.h"

#include <cstdint>
#include <cstring>

#include "store_error.h"

namespace plinth::storage_lmdb {
namespace {

constexpr uint8_t kPut = 1;
constexpr uint8_t kDelete = 2;

void PutU32(uint32_t v, std::string* out) {
  char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
               static_cast<char>(v >> 24)};
  out->append(b, 4);
}

void PutSlice(const plinth_bytes& b, std::string* out) {
  PutU32(static_cast<uint32_t>(b.len), out);
  if (b.len) out->append(reinterpret_cast<const char*>(b.data), b.len);
}

// Reads a length-prefixed slice at *pos; false when it runs past the end.
bool TakeSlice(std::string_view in, size_t* pos, std::string_view* slice) {
  if (in.size() - *pos < 4) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(in.data() + *pos);
  const size_t len = p[0] | (p[1] << 8) | (p[2] << 16) | (size_t{p[3]} << 24);
  *pos += 4;
  if (in.size() - *pos < len) return false;
  *slice = in.substr(*pos, len);
  *pos += len;
  return true;
}

}  // namespace

void EncodeWrites(std::span<const plinth_write> writes, std::string* out) {
  size_t bytes = 0;
  for (const plinth_write& w : writes) bytes += 9 + w.key.len + w.value.len;
  out->reserve(out->size() + bytes);
  for (size_t i = 0; i < writes.size(); i++) {
    const plinth_write& w = writes[i];
    if ((w.key.data == nullptr && w.key.len != 0) || (w.value.data == nullptr && w.value.len != 0)) {
      throw StoreError("22023", "write " + std::to_string(i) +
                                    ": a slice has a null pointer and a non-zero length");
    }
    if (w.key.len > UINT32_MAX || w.value.len > UINT32_MAX) {
      throw StoreError("54000", "write " + std::to_string(i) + ": key or value exceeds 4 GiB");
    }
    switch (w.op) {
      case PLINTH_WRITE_PUT:
        out->push_back(static_cast<char>(kPut));
        PutSlice(w.key, out);
        PutSlice(w.value, out);
        break;
      case PLINTH_WRITE_DELETE:
        out->push_back(static_cast<char>(kDelete));
        PutSlice(w.key, out);
        break;
      default:
        throw StoreError("22023", "write " + std::to_string(i) + ": op " + std::to_string(w.op) +
                                      " cannot be logged");
    }
  }
}

bool DecodeWrites(std::string_view payload, std::vector<LoggedWrite>* out) {
  size_t pos = 0;
  while (pos < payload.size()) {
    const uint8_t op = static_cast<uint8_t>(payload[pos++]);
    LoggedWrite w{op == kDelete, {}, {}};
    if (op != kPut && op != kDelete) return false;
    if (!TakeSlice(payload, &pos, &w.key)) return false;
    if (op == kPut && !TakeSlice(payload, &pos, &w.value)) return false;
    out->push_back(w);
  }
  return true;
}

}  // namespace plinth::storage_lmdb
