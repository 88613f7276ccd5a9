// Small binary encoders shared by the catalog and row formats: fixed-width integers,
// varints and length-prefixed strings. Big-endian where the bytes form part of a key
// (so memcmp order = numeric order), little-endian otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace plinth::codec {

// Each encoder fills a small stack buffer and appends it once: one append per value
// instead of one push_back (a capacity check) per byte, on every row written.
inline void PutU32BE(std::string* out, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; i++) b[i] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
  out->append(b, 4);
}
inline void PutU64BE(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; i++) b[i] = static_cast<char>((v >> (56 - 8 * i)) & 0xff);
  out->append(b, 8);
}
inline uint32_t GetU32BE(std::string_view in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}
inline uint64_t GetU64BE(std::string_view in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}
inline void PutVarint(std::string* out, uint64_t v) {
  char b[10];
  int n = 0;
  while (v >= 0x80) {
    b[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  b[n++] = static_cast<char>(v);
  out->append(b, n);
}
inline void PutFixed64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; i++) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  out->append(b, 8);
}
inline void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

// Reads from the front of a view; any overrun marks the reader failed instead of
// reading past the end (stored bytes are never trusted blindly).
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) return Fail();
      uint8_t b = static_cast<uint8_t>(in_[0]);
      in_.remove_prefix(1);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail();
  }
  uint64_t Fixed64() {
    if (in_.size() < 8) return Fail();
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | static_cast<uint8_t>(in_[i]);
    in_.remove_prefix(8);
    return v;
  }
  uint8_t Byte() {
    if (in_.empty()) return static_cast<uint8_t>(Fail());
    uint8_t b = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return b;
  }
  std::string_view String() {
    uint64_t n = Varint();
    if (!ok_ || n > in_.size()) {
      Fail();
      return {};
    }
    std::string_view s = in_.substr(0, n);
    in_.remove_prefix(n);
    return s;
  }

 private:
  uint64_t Fail() {
    ok_ = false;
    in_ = {};
    return 0;
  }
  std::string_view in_;
  bool ok_ = true;
};

}  // namespace plinth::codec
