// PostgreSQL binary wire format (typsend / typreceive) for the built-in types.
#include <cstring>

#include "engine/types/array_shape.h"
#include "engine/types/datetime.h"
#include "engine/types/io_internal.h"
#include "engine/types/numeric.h"

namespace plinth {
namespace {

void PutBE(uint64_t v, int width, std::string* out) {
  for (int i = width - 1; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

class BinReader {
 public:
  explicit BinReader(std::string_view in) : in_(in) {}
  bool Has(size_t n) const { return in_.size() >= n; }
  bool done() const { return in_.empty(); }
  uint64_t Unsigned(int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<uint8_t>(in_[i]);
    in_.remove_prefix(static_cast<size_t>(width));
    return v;
  }
  int64_t Signed(int width) {
    uint64_t v = Unsigned(width);
    if (width < 8 && (v & (1ULL << (8 * width - 1)))) v |= ~((1ULL << (8 * width)) - 1);
    return static_cast<int64_t>(v);
  }
  std::string_view Take(size_t n) {
    std::string_view s = in_.substr(0, n);
    in_.remove_prefix(n);
    return s;
  }

 private:
  std::string_view in_;
};

Status Insufficient() { return Status::Error("08P01", "insufficient data left in message"); }
Status BadFormat() { return Status::Error("22P03", "incorrect binary data format"); }

constexpr uint16_t kNumericPos = 0x0000, kNumericNeg = 0x4000, kNumericNaN = 0xC000,
                   kNumericPInf = 0xD000, kNumericNInf = 0xF000;

void SendNumeric(const Numeric& n, std::string* out) {
  auto header = [&](int16_t ndigits, int16_t weight, uint16_t sign, int16_t dscale) {
    PutBE(static_cast<uint16_t>(ndigits), 2, out);
    PutBE(static_cast<uint16_t>(weight), 2, out);
    PutBE(sign, 2, out);
    PutBE(static_cast<uint16_t>(dscale), 2, out);
  };
  if (n.is_nan()) { header(0, 0, kNumericNaN, 0); return; }
  // PG 15 sends 32 as the display scale of the infinities (bits of its header word).
  if (n.kind() == Numeric::Kind::PosInf) { header(0, 0, kNumericPInf, 32); return; }
  if (n.kind() == Numeric::Kind::NegInf) { header(0, 0, kNumericNInf, 32); return; }
  std::string digits = n.unscaled() == 0 ? "" : Numeric::Int(abs(n.unscaled())).str();
  int scale = n.scale();
  // Align to base-10000 groups around the decimal point.
  int frac_pad = (4 - scale % 4) % 4;
  digits.append(static_cast<size_t>(frac_pad), '0');
  int int_len = static_cast<int>(digits.size()) - scale - frac_pad;
  int lead_pad = int_len > 0 ? (4 - int_len % 4) % 4 : 0;
  if (int_len < 0) lead_pad = -int_len;  // leading fractional zeros become zero groups
  digits.insert(0, static_cast<size_t>(lead_pad), '0');
  int int_groups = int_len > 0 ? (int_len + lead_pad) / 4 : 0;
  std::vector<uint16_t> groups;
  for (size_t i = 0; i + 4 <= digits.size(); i += 4)
    groups.push_back(static_cast<uint16_t>(std::stoi(digits.substr(i, 4))));
  int weight = int_groups - 1;
  size_t first = 0;
  while (first < groups.size() && groups[first] == 0) { ++first; --weight; }
  size_t last = groups.size();
  while (last > first && groups[last - 1] == 0) --last;
  if (first == last) { header(0, 0, kNumericPos, static_cast<int16_t>(scale)); return; }
  header(static_cast<int16_t>(last - first), static_cast<int16_t>(weight),
         n.sign() < 0 ? kNumericNeg : kNumericPos, static_cast<int16_t>(scale));
  for (size_t i = first; i < last; ++i) PutBE(groups[i], 2, out);
}

Result<Numeric> ReceiveNumeric(BinReader& r) {
  if (!r.Has(8)) return Insufficient();
  int ndigits = static_cast<int>(r.Signed(2));
  int weight = static_cast<int>(r.Signed(2));
  uint16_t sign = static_cast<uint16_t>(r.Unsigned(2));
  int dscale = static_cast<int>(r.Signed(2));
  if (sign == kNumericNaN) return Numeric::NaN();
  if (sign == kNumericPInf) return Numeric::Infinity(false);
  if (sign == kNumericNInf) return Numeric::Infinity(true);
  if ((sign != kNumericPos && sign != kNumericNeg) || ndigits < 0 || dscale < 0)
    return Status::Error("22P03", "invalid sign in external \"numeric\" value");
  if (!r.Has(static_cast<size_t>(ndigits) * 2)) return Insufficient();
  Numeric::Int u = 0;
  for (int i = 0; i < ndigits; ++i) {
    int64_t d = r.Signed(2);
    if (d < 0 || d >= 10000) return Status::Error("22P03", "invalid digit in external \"numeric\" value");
    u = u * 10000 + d;
  }
  // value = u * 10000^(weight - ndigits + 1)
  int exp4 = weight - ndigits + 1;
  int scale = 0;
  if (exp4 >= 0) u *= Pow10(4 * exp4);
  else scale = -4 * exp4;
  if (sign == kNumericNeg) u = -u;
  return Numeric(u, scale).Rounded(dscale);
}

void SendFloat(double d, bool is_float4, std::string* out) {
  if (is_float4) {
    float f = static_cast<float>(d);
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    PutBE(bits, 4, out);
  } else {
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    PutBE(bits, 8, out);
  }
}

}  // namespace

bool HasBinaryIo(Oid type) {
  switch (type) {
    case oids::kUnknown: case oids::kVoid: case oids::kRecord: case oids::kAny:
    case oids::kAnyArray: case oids::kAnyElement:
      return false;
    default:
      if (IsArrayType(type)) return HasBinaryIo(LookupType(type)->elem);
      return LookupType(type) != nullptr;
  }
}

void SendBinary(Oid type, const Value& v, const IoContext& io, std::string* out) {
  switch (type) {
    case oids::kBool: out->push_back(v.as_bool() ? 1 : 0); return;
    case oids::kInt2: PutBE(static_cast<uint64_t>(v.as_int()), 2, out); return;
    case oids::kInt4: case oids::kOid: case oids::kRegclass: case oids::kRegtype: case oids::kRegproc: case oids::kRegnamespace: case oids::kRegrole:
    case oids::kDate:
      PutBE(static_cast<uint64_t>(v.as_int()), 4, out);
      return;
    case oids::kInt8: case oids::kTime: case oids::kTimestamp: case oids::kTimestamptz:
      PutBE(static_cast<uint64_t>(v.as_int()), 8, out);
      return;
    case oids::kFloat4: SendFloat(v.as_float(), true, out); return;
    case oids::kFloat8: SendFloat(v.as_float(), false, out); return;
    case oids::kNumeric: {
      auto n = Numeric::Parse(v.as_bytes());
      SendNumeric(n.ok() ? *n : Numeric::NaN(), out);
      return;
    }
    case oids::kJsonb: out->push_back(1); out->append(v.as_bytes()); return;  // version 1 + text
    case oids::kTimetz: {
      datetime::TimeTz t = datetime::DecodeTimeTz(v.as_bytes());
      PutBE(static_cast<uint64_t>(t.time), 8, out);
      PutBE(static_cast<uint32_t>(t.zone), 4, out);
      return;
    }
    case oids::kInterval: {
      datetime::Interval iv = datetime::DecodeInterval(v.as_bytes());
      PutBE(static_cast<uint64_t>(iv.time), 8, out);
      PutBE(static_cast<uint32_t>(iv.days), 4, out);
      PutBE(static_cast<uint32_t>(iv.months), 4, out);
      return;
    }
    default:
      if (IsArrayType(type)) {
        Oid elem = LookupType(type)->elem;
        ArrayData a = DecodeArray(v.as_bytes());
        bool has_null = false;
        for (const Value& e : a.elements) has_null |= e.is_null();
        ArrayShape shape = DecodeArrayShape(v.as_bytes());
        PutBE(shape.ndims(), 4, out);
        PutBE(has_null ? 1 : 0, 4, out);
        PutBE(elem, 4, out);
        for (size_t d = 0; d < shape.ndims(); ++d) {
          PutBE(static_cast<uint32_t>(shape.lengths[d]), 4, out);
          PutBE(static_cast<uint32_t>(shape.lower_bounds[d]), 4, out);
        }
        for (const Value& e : a.elements) {
          if (e.is_null()) { PutBE(0xffffffffu, 4, out); continue; }
          std::string item;
          SendBinary(elem, e, io, &item);
          PutBE(item.size(), 4, out);
          out->append(item);
        }
        return;
      }
      // text, varchar, bpchar, name, char, bytea, uuid, json: the raw bytes
      out->append(v.as_bytes());
      return;
  }
}

Result<Value> ReceiveBinary(Oid type, int32_t typmod, std::string_view bytes, const IoContext& io) {
  BinReader r(bytes);
  auto fixed = [&](size_t n) -> Status {
    if (bytes.size() < n) return Insufficient();
    if (bytes.size() > n) return BadFormat();
    return Status::OK();
  };
  switch (type) {
    case oids::kBool:
      PLINTH_RETURN_IF_ERROR(fixed(1));
      return Value::Bool(bytes[0] != 0);
    case oids::kInt2: PLINTH_RETURN_IF_ERROR(fixed(2)); return Value::Int(r.Signed(2));
    case oids::kInt4: case oids::kDate: PLINTH_RETURN_IF_ERROR(fixed(4)); return Value::Int(r.Signed(4));
    case oids::kOid: case oids::kRegclass: case oids::kRegtype: case oids::kRegproc: case oids::kRegnamespace: case oids::kRegrole:
      PLINTH_RETURN_IF_ERROR(fixed(4));
      return Value::Int(static_cast<int64_t>(r.Unsigned(4)));
    case oids::kInt8: PLINTH_RETURN_IF_ERROR(fixed(8)); return Value::Int(r.Signed(8));
    case oids::kTime: case oids::kTimestamp: case oids::kTimestamptz: {
      PLINTH_RETURN_IF_ERROR(fixed(8));
      int64_t t = r.Signed(8);
      if (type == oids::kTime && (t < 0 || t > datetime::kUsecPerDay))
        return Status::Error("22008", "time out of range");
      if (type != oids::kTime && t != datetime::kTimestampNegInfinity &&
          t != datetime::kTimestampPosInfinity && !datetime::TimestampInRange(t))
        return Status::Error("22008", "timestamp out of range");
      return ApplyTypmod(Value::Int(t), type, typmod, CastContext::Assignment);
    }
    case oids::kFloat4: {
      PLINTH_RETURN_IF_ERROR(fixed(4));
      uint32_t bits = static_cast<uint32_t>(r.Unsigned(4));
      float f;
      std::memcpy(&f, &bits, 4);
      return Value::Float(f);
    }
    case oids::kFloat8: {
      PLINTH_RETURN_IF_ERROR(fixed(8));
      uint64_t bits = r.Unsigned(8);
      double d;
      std::memcpy(&d, &bits, 8);
      return Value::Float(d);
    }
    case oids::kNumeric: {
      PLINTH_ASSIGN_OR_RETURN(Numeric n, ReceiveNumeric(r));
      if (!r.done()) return BadFormat();
      PLINTH_ASSIGN_OR_RETURN(n, n.ApplyTypmod(typmod));
      return Value::Bytes(n.ToString());
    }
    case oids::kUuid:
      PLINTH_RETURN_IF_ERROR(fixed(16));
      return Value::Bytes(bytes);
    case oids::kJsonb: {
      if (bytes.empty()) return Insufficient();
      if (bytes[0] != 1) return Status::Error("22P03", "unsupported jsonb version number " + std::to_string(static_cast<int>(bytes[0])));
      PLINTH_ASSIGN_OR_RETURN(std::string j, io::CanonicalJsonb(bytes.substr(1)));
      return Value::Bytes(std::move(j));
    }
    case oids::kJson: {
      PLINTH_ASSIGN_OR_RETURN(std::string j, io::ValidateJson(bytes));
      return Value::Bytes(std::move(j));
    }
    case oids::kTimetz: {
      PLINTH_RETURN_IF_ERROR(fixed(12));
      datetime::TimeTz t;
      t.time = r.Signed(8);
      t.zone = static_cast<int32_t>(r.Signed(4));
      return ApplyTypmod(Value::Bytes(datetime::EncodeTimeTz(t)), type, typmod, CastContext::Assignment);
    }
    case oids::kInterval: {
      PLINTH_RETURN_IF_ERROR(fixed(16));
      datetime::Interval iv;
      iv.time = r.Signed(8);
      iv.days = static_cast<int32_t>(r.Signed(4));
      iv.months = static_cast<int32_t>(r.Signed(4));
      return ApplyTypmod(Value::Bytes(datetime::EncodeInterval(iv)), type, typmod, CastContext::Assignment);
    }
    case oids::kText: case oids::kVarchar: case oids::kBpchar: case oids::kName: case oids::kUnknown:
      return ApplyTypmod(Value::Bytes(bytes), type, typmod, CastContext::Assignment);
    case oids::kChar: case oids::kBytea:
      return Value::Bytes(bytes);
    default:
      if (IsArrayType(type)) {
        Oid elem = LookupType(type)->elem;
        if (!r.Has(12)) return Insufficient();
        int64_t ndim = r.Signed(4);
        r.Signed(4);  // has-null flag: informational
        Oid element_type = static_cast<Oid>(r.Unsigned(4));
        if (ndim < 0 || ndim > 6) return Status::Error("22P03", "invalid number of dimensions: " + std::to_string(ndim));
        if (element_type != elem) return Status::Error("42804", "binary data has array element type " + std::to_string(element_type) + " (" + FormatType(element_type, -1) + ") instead of expected " + std::to_string(elem) + " (" + FormatType(elem, -1) + ")");
        ArrayData a;
        ArrayShape shape;
        int64_t count = ndim == 0 ? 0 : 1;
        for (int64_t d = 0; d < ndim; ++d) {
          if (!r.Has(8)) return Insufficient();
          int64_t length = r.Signed(4);
          int64_t lower_bound = r.Signed(4);
          if (length < 0) return BadFormat();
          shape.lengths.push_back(static_cast<int32_t>(length));
          shape.lower_bounds.push_back(static_cast<int32_t>(lower_bound));
          count *= length;
          if (count > (1 << 27)) return Status::Error("54000", "array size exceeds the maximum allowed (134217727)");
        }
        if (count == 0) shape = ArrayShape();
        for (int64_t i = 0; i < count; ++i) {
          if (!r.Has(4)) return Insufficient();
          int64_t len = r.Signed(4);
          if (len == -1) { a.elements.push_back(Value::Null()); continue; }
          if (len < 0 || !r.Has(static_cast<size_t>(len))) return Insufficient();
          PLINTH_ASSIGN_OR_RETURN(Value e, ReceiveBinary(elem, typmod, r.Take(static_cast<size_t>(len)), io));
          a.elements.push_back(std::move(e));
        }
        if (!r.done()) return BadFormat();
        return Value::Bytes(EncodeShapedArray(shape, a.elements));
      }
      return Status::Error("0A000", "binary input of type " + FormatType(type, -1) + " is not supported");
  }
}

}  // namespace plinth
