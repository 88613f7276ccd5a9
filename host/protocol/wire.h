// Framing of PostgreSQL v3 protocol messages: a bounds-checked reader over one message
// body, and a writer that builds outgoing messages into a buffer. Every read checks
// the remaining length, so malformed input becomes a protocol error, never an overrun.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace plinth::wire {

class Reader {
 public:
  explicit Reader(std::string_view body) : in_(body) {}
  bool ok() const { return ok_; }
  size_t remaining() const { return in_.size(); }

  int32_t Int32() {
    if (in_.size() < 4) return Fail();
    uint32_t v = (uint32_t(uint8_t(in_[0])) << 24) | (uint32_t(uint8_t(in_[1])) << 16) |
                 (uint32_t(uint8_t(in_[2])) << 8) | uint32_t(uint8_t(in_[3]));
    in_.remove_prefix(4);
    return static_cast<int32_t>(v);
  }
  int16_t Int16() {
    if (in_.size() < 2) return static_cast<int16_t>(Fail());
    uint16_t v = static_cast<uint16_t>((uint16_t(uint8_t(in_[0])) << 8) | uint16_t(uint8_t(in_[1])));
    in_.remove_prefix(2);
    return static_cast<int16_t>(v);
  }
  uint8_t Byte() {
    if (in_.empty()) return static_cast<uint8_t>(Fail());
    uint8_t b = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return b;
  }
  // A NUL-terminated string (the NUL is consumed, not returned).
  std::string_view CString() {
    size_t nul = in_.find('\0');
    if (nul == std::string_view::npos) {
      Fail();
      return {};
    }
    std::string_view s = in_.substr(0, nul);
    in_.remove_prefix(nul + 1);
    return s;
  }
  std::string_view Bytes(size_t n) {
    if (in_.size() < n) {
      Fail();
      return {};
    }
    std::string_view s = in_.substr(0, n);
    in_.remove_prefix(n);
    return s;
  }
  std::string_view Rest() {
    std::string_view s = in_;
    in_ = {};
    return s;
  }

 private:
  int32_t Fail() {
    ok_ = false;
    in_ = {};
    return 0;
  }
  std::string_view in_;
  bool ok_ = true;
};

class Writer {
 public:
  // Starts a message of the given type; End() patches in its length.
  void Begin(char type) {
    buf_.push_back(type);
    start_ = buf_.size();
    buf_.append(4, '\0');
  }
  void End() {
    uint32_t len = static_cast<uint32_t>(buf_.size() - start_);
    for (int i = 0; i < 4; i++) buf_[start_ + i] = static_cast<char>((len >> (24 - 8 * i)) & 0xff);
  }
  void Int32(int32_t v) {
    for (int s = 24; s >= 0; s -= 8) buf_.push_back(static_cast<char>((static_cast<uint32_t>(v) >> s) & 0xff));
  }
  void Int16(int16_t v) {
    buf_.push_back(static_cast<char>((static_cast<uint16_t>(v) >> 8) & 0xff));
    buf_.push_back(static_cast<char>(static_cast<uint16_t>(v) & 0xff));
  }
  void Byte(char c) { buf_.push_back(c); }
  void CString(std::string_view s) {
    buf_.append(s);
    buf_.push_back('\0');
  }
  void Bytes(std::string_view s) { buf_.append(s); }
  // Reserves a 4-byte length slot to fill once the payload is known (DataRow columns).
  size_t Reserve32() {
    size_t at = buf_.size();
    buf_.append(4, '\0');
    return at;
  }
  void Patch32(size_t at, int32_t v) {
    for (int i = 0; i < 4; i++) buf_[at + i] = static_cast<char>((static_cast<uint32_t>(v) >> (24 - 8 * i)) & 0xff);
  }
  size_t size() const { return buf_.size(); }
  std::string& buffer() { return buf_; }
  void Clear() { buf_.clear(); }

 private:
  std::string buf_;
  size_t start_ = 0;
};

}  // namespace plinth::wire
