#include "engine/executor/row_codec.h"

#include <cstring>

#include "engine/storage/codec.h"

namespace plinth {

namespace {
constexpr uint8_t kRowFormat = 1;
enum Tag : uint8_t { kNull = 0, kBool = 1, kInt = 2, kFloat = 3, kBytes = 4 };
}  // namespace

void EncodeRow(const Row& row, std::string* out) {
  // One allocation per row: at most a tag, a varint length and 8 bytes or the bytes.
  size_t bound = 1 + 10;
  for (const Value& v : row) bound += 1 + 10 + (v.kind() == Value::Kind::Bytes ? v.as_bytes().size() : 8);
  out->reserve(out->size() + bound);
  out->push_back(static_cast<char>(kRowFormat));
  codec::PutVarint(out, row.size());
  for (const Value& v : row) {
    switch (v.kind()) {
      case Value::Kind::Null: out->push_back(kNull); break;
      case Value::Kind::Bool:
        out->push_back(kBool);
        out->push_back(v.as_bool() ? 1 : 0);
        break;
      case Value::Kind::Int:
        out->push_back(kInt);
        codec::PutFixed64(out, static_cast<uint64_t>(v.as_int()));
        break;
      case Value::Kind::Float: {
        out->push_back(kFloat);
        uint64_t bits;
        double d = v.as_float();
        std::memcpy(&bits, &d, sizeof bits);
        codec::PutFixed64(out, bits);
        break;
      }
      case Value::Kind::Bytes:
        out->push_back(kBytes);
        codec::PutString(out, v.as_bytes());
        break;
    }
  }
}

Status DecodeRow(std::string_view bytes, size_t columns, Row* row) {
  return DecodeRow(bytes, columns, {}, row);
}

Status DecodeRow(std::string_view bytes, size_t columns, const std::vector<bool>& wanted, Row* row) {
  codec::Reader r(bytes);
  if (r.Byte() != kRowFormat) return Status::Error("XX001", "invalid row format in storage");
  size_t stored = r.Varint();
  row->resize(columns);
  size_t i = 0;
  for (; i < stored && r.ok(); i++) {
    // Columns past `columns` (none today) and unwanted ones are read but not kept.
    bool keep = i < columns && (wanted.empty() || (i < wanted.size() && wanted[i]));
    Value scratch;
    Value& v = keep ? (*row)[i] : scratch;
    switch (r.Byte()) {
      case kNull: v = Value::Null(); break;
      case kBool: v = Value::Bool(r.Byte() != 0); break;
      case kInt: v = Value::Int(static_cast<int64_t>(r.Fixed64())); break;
      case kFloat: {
        uint64_t bits = r.Fixed64();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        v = Value::Float(d);
        break;
      }
      case kBytes: {
        std::string_view s = r.String();
        if (!keep) break;
        if (v.kind() == Value::Kind::Bytes) v.mutable_bytes().assign(s);  // reuses the buffer
        else v = Value::Bytes(s);
        break;
      }
      default: return Status::Error("XX001", "invalid column tag in stored row");
    }
    if (i < columns && !keep && !(*row)[i].is_null()) (*row)[i] = Value::Null();
  }
  if (!r.ok()) return Status::Error("XX001", "truncated row in storage");
  for (; i < columns; i++) (*row)[i] = Value::Null();
  return Status::OK();
}

}  // namespace plinth
