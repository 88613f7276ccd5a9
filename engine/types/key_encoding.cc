// Order-preserving ("memcomparable") key encoding. Every encoding starts with a
// presence byte (0x01 value, 0x02 NULL, so NULL sorts last) and is prefix-free, so
// columns concatenate into composite keys and a descending column is simply the
// bitwise complement of its ascending encoding.
#include <cmath>
#include <cstdio>
#include <cstring>

#include "engine/types/datetime.h"
#include "engine/types/io_internal.h"
#include "engine/types/json_parser.h"
#include "engine/types/numeric.h"
#include "engine/types/types.h"

namespace plinth {
namespace {

constexpr char kPresent = 0x01, kNull = 0x02;

int FixedWidth(Oid type) {
  switch (type) {
    case oids::kInt2: return 2;
    case oids::kInt4: case oids::kDate: case oids::kOid: case oids::kRegclass:
    case oids::kRegtype: case oids::kRegproc: case oids::kRegnamespace: case oids::kRegrole: return 4;
    default: return 8;
  }
}

void PutBigEndian(uint64_t v, int width, std::string* out) {
  char bytes[8];  // filled, then appended once: keys are built for every row written
  for (int i = 0; i < width; i++) bytes[i] = static_cast<char>((v >> (8 * (width - 1 - i))) & 0xff);
  out->append(bytes, width);
}

// Signed integer of `width` bytes with the sign bit flipped: unsigned order = signed order.
void PutSigned(int64_t v, int width, std::string* out) {
  uint64_t bias = 1ULL << (8 * width - 1);
  uint64_t mask = width == 8 ? ~0ULL : ((1ULL << (8 * width)) - 1);
  PutBigEndian((static_cast<uint64_t>(v) + bias) & mask, width, out);
}

// Byte strings: 0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01.
void PutBytes(std::string_view s, std::string* out) {
  for (char c : s) {
    out->push_back(c);
    if (c == '\0') out->push_back(static_cast<char>(0xff));
  }
  out->push_back('\0');
  out->push_back('\x01');
}

void PutFloat(double d, std::string* out) {
  if (d == 0) d = 0;
  if (std::isnan(d)) d = std::nan("");
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  bits = (bits & (1ULL << 63)) ? ~bits : bits | (1ULL << 63);
  PutBigEndian(bits, 8, out);
}

// Numeric: a class byte (-inf < negative < zero < positive < +inf < NaN), then for
// non-zero finite values the decimal exponent and the significant digits, each
// complemented for negative numbers. Display scale is not kept: 1.5 and 1.50 encode
// the same, exactly as they compare equal.
void PutNumeric(const DecimalText& n, std::string* out) {
  enum : char { kNegInf = 0x10, kNeg = 0x20, kZero = 0x30, kPos = 0x40, kPosInf = 0x50, kNaN = 0x60 };
  switch (n.kind) {
    case Numeric::Kind::NaN: out->push_back(kNaN); return;
    case Numeric::Kind::PosInf: out->push_back(kPosInf); return;
    case Numeric::Kind::NegInf: out->push_back(kNegInf); return;
    case Numeric::Kind::Finite: break;
  }
  if (n.is_zero()) { out->push_back(kZero); return; }
  // Significant digits and the decimal exponent of the first of them.
  std::string digits(n.int_digits);
  int32_t exponent = static_cast<int32_t>(n.int_digits.size());
  std::string_view frac = n.frac_digits;
  if (digits.empty()) {
    size_t zeros = frac.find_first_not_of('0');
    exponent = -static_cast<int32_t>(zeros);
    frac.remove_prefix(zeros);
  }
  digits.append(frac);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string body;
  PutSigned(exponent, 4, &body);
  body.append(digits);
  body.push_back('\0');
  if (n.negative)
    for (char& c : body) c = static_cast<char>(~c);
  out->push_back(n.negative ? kNeg : kPos);
  out->append(body);
}

void EncodeAscending(Oid type, const Value& v, std::string* out);

// jsonb in its btree order (json_parser.h's CompareJsonb): each value a kind byte in
// type order, then its body; containers lead with their size, which orders first.
void PutJsonbValue(const json::Node& n, std::string* out) {
  out->push_back(static_cast<char>(0x10 + static_cast<int>(n.kind)));
  switch (n.kind) {
    case json::Node::Kind::Null: return;
    case json::Node::Kind::String: EncodeAscending(oids::kText, Value::Bytes(n.scalar), out); return;
    case json::Node::Kind::Number: EncodeAscending(oids::kNumeric, Value::Bytes(n.scalar), out); return;
    case json::Node::Kind::Bool: out->push_back(n.scalar == "true" ? 1 : 0); return;
    case json::Node::Kind::Array:
      PutBigEndian(n.elements.size(), 4, out);
      for (const json::Node& e : n.elements) PutJsonbValue(e, out);
      return;
    case json::Node::Kind::Object:
      PutBigEndian(n.members.size(), 4, out);
      for (const auto& m : n.members) {
        PutBytes(m.first, out);
        PutJsonbValue(m.second, out);
      }
      return;
  }
}

// The top level: objects above arrays; an array (or a scalar, stored by jsonb as a
// one-element "raw scalar" array) by length, then raw scalars first.
void PutJsonb(const json::Node& n, std::string* out) {
  if (n.kind == json::Node::Kind::Object) {
    out->push_back(0x02);
    PutJsonbValue(n, out);
    return;
  }
  bool raw = n.kind != json::Node::Kind::Array;
  out->push_back(0x01);
  PutBigEndian(raw ? 1 : n.elements.size(), 4, out);
  out->push_back(raw ? 0 : 1);
  if (raw) PutJsonbValue(n, out);
  else
    for (const json::Node& e : n.elements) PutJsonbValue(e, out);
}

void EncodeAscending(Oid type, const Value& v, std::string* out) {
  if (v.is_null()) { out->push_back(kNull); return; }
  out->push_back(kPresent);
  switch (type) {
    case oids::kBool: out->push_back(v.as_bool() ? 1 : 0); return;
    case oids::kInt2: case oids::kInt4: case oids::kInt8: case oids::kDate: case oids::kTime:
    case oids::kTimestamp: case oids::kTimestamptz:
      PutSigned(v.as_int(), FixedWidth(type), out);
      return;
    case oids::kOid: case oids::kRegclass: case oids::kRegtype: case oids::kRegproc: case oids::kRegnamespace: case oids::kRegrole:
      PutBigEndian(static_cast<uint64_t>(v.as_int()), 4, out);
      return;
    case oids::kFloat4: case oids::kFloat8: PutFloat(v.as_float(), out); return;
    case oids::kNumeric: {
      DecimalText d;
      if (ParseDecimalText(v.as_bytes(), &d)) {
        PutNumeric(d, out);
        return;
      }
      auto n = Numeric::Parse(v.as_bytes());  // not canonical: canonicalise first
      std::string canonical = n.ok() ? n->ToString() : "NaN";
      ParseDecimalText(canonical, &d);
      PutNumeric(d, out);
      return;
    }
    case oids::kUuid: out->append(v.as_bytes()); return;
    case oids::kJsonb: {
      auto tree = json::Parse(v.as_bytes(), /*unescape=*/true);
      if (tree.ok()) PutJsonb(*tree, out);
      else PutBytes(v.as_bytes(), out);  // unreachable for stored jsonb, kept total
      return;
    }
    case oids::kBpchar: {
      std::string_view s = v.as_bytes();
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      PutBytes(s, out);
      return;
    }
    case oids::kInterval: {
      // The ordering span first, then the fields so the key can be decoded.
      datetime::Interval iv = datetime::DecodeInterval(v.as_bytes());
      __int128 span = datetime::IntervalSpan(iv);
      PutSigned(static_cast<int64_t>(span >> 64), 8, out);
      PutBigEndian(static_cast<uint64_t>(span), 8, out);
      PutSigned(iv.months, 4, out);
      PutSigned(iv.days, 4, out);
      return;
    }
    case oids::kTimetz: {
      datetime::TimeTz t = datetime::DecodeTimeTz(v.as_bytes());
      PutSigned(t.time + t.zone * datetime::kUsecPerSec, 8, out);
      PutSigned(t.zone, 4, out);
      return;
    }
    default:
      if (IsArrayType(type)) {
        Oid elem = LookupType(type)->elem;
        ArrayData a = DecodeArray(v.as_bytes());
        for (const Value& e : a.elements) {
          out->push_back(0x02);  // element follows; 0x01 ends the array (shorter sorts first)
          EncodeAscending(elem, e, out);
        }
        out->push_back(0x01);
        PutSigned(a.lower_bound, 4, out);  // the last tie-breaker, as in PG's array_cmp
        return;
      }
      PutBytes(v.as_bytes(), out);
      return;
  }
}

// ---- decoding ------------------------------------------------------------------

struct Reader {
  std::string_view in;
  bool flip;
  bool ok = true;
  uint8_t Byte() {
    if (in.empty()) { ok = false; return 0; }
    uint8_t b = static_cast<uint8_t>(in[0]);
    in.remove_prefix(1);
    return flip ? static_cast<uint8_t>(~b) : b;
  }
  uint64_t BigEndian(int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | Byte();
    return v;
  }
  int64_t Signed(int width) {
    uint64_t bias = 1ULL << (8 * width - 1);
    uint64_t raw = BigEndian(width) - bias;
    if (width < 8 && (raw & bias)) raw |= ~((1ULL << (8 * width)) - 1);  // sign-extend
    return static_cast<int64_t>(raw);
  }
  std::string Bytes() {
    std::string s;
    while (ok) {
      uint8_t b = Byte();
      if (b != 0) { s.push_back(static_cast<char>(b)); continue; }
      uint8_t next = Byte();
      if (next == 0x01) break;
      if (next != 0xff) { ok = false; break; }
      s.push_back('\0');
    }
    return s;
  }
};

Result<Value> DecodeOne(Oid type, Reader& r);

void AppendJsonQuoted(std::string_view s, std::string* out) {
  out->push_back('"');
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out->append(buf);
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

// Inverts PutJsonbValue into JSON text (numbers without their display scale).
Status ReadJsonbValue(Reader& r, int depth, std::string* out) {
  if (depth > 1000) return Status::Error("XX001", "corrupt index key");
  int kind = r.Byte() - 0x10;
  auto corrupt = [] { return Status::Error("XX001", "corrupt index key"); };
  switch (kind) {
    case static_cast<int>(json::Node::Kind::Null): out->append("null"); break;
    case static_cast<int>(json::Node::Kind::Bool): out->append(r.Byte() ? "true" : "false"); break;
    case static_cast<int>(json::Node::Kind::String): {
      PLINTH_ASSIGN_OR_RETURN(Value s, DecodeOne(oids::kText, r));
      if (s.is_null()) return corrupt();
      AppendJsonQuoted(s.as_bytes(), out);
      break;
    }
    case static_cast<int>(json::Node::Kind::Number): {
      PLINTH_ASSIGN_OR_RETURN(Value n, DecodeOne(oids::kNumeric, r));
      if (n.is_null()) return corrupt();
      out->append(n.as_bytes());
      break;
    }
    case static_cast<int>(json::Node::Kind::Array):
    case static_cast<int>(json::Node::Kind::Object): {
      bool object = kind == static_cast<int>(json::Node::Kind::Object);
      uint64_t n = r.BigEndian(4);
      out->push_back(object ? '{' : '[');
      for (uint64_t i = 0; i < n && r.ok; ++i) {
        if (i) out->push_back(',');
        if (object) {
          AppendJsonQuoted(r.Bytes(), out);
          out->push_back(':');
        }
        PLINTH_RETURN_IF_ERROR(ReadJsonbValue(r, depth + 1, out));
      }
      out->push_back(object ? '}' : ']');
      break;
    }
    default: return corrupt();
  }
  return r.ok ? Status::OK() : corrupt();
}

Result<Value> ReadJsonb(Reader& r) {
  std::string text;
  uint8_t top = r.Byte();
  if (top == 0x02) {
    PLINTH_RETURN_IF_ERROR(ReadJsonbValue(r, 0, &text));
  } else if (top == 0x01) {
    uint64_t n = r.BigEndian(4);
    bool raw = r.Byte() == 0;
    if (raw) {
      PLINTH_RETURN_IF_ERROR(ReadJsonbValue(r, 0, &text));
    } else {
      text.push_back('[');
      for (uint64_t i = 0; i < n && r.ok; ++i) {
        if (i) text.push_back(',');
        PLINTH_RETURN_IF_ERROR(ReadJsonbValue(r, 0, &text));
      }
      text.push_back(']');
    }
  } else {
    return Status::Error("XX001", "corrupt index key");
  }
  if (!r.ok) return Status::Error("XX001", "corrupt index key");
  auto canonical = io::CanonicalJsonb(text);
  if (!canonical.ok()) return Status::Error("XX001", "corrupt index key");
  return Value::Bytes(canonical.take());
}

Result<Value> DecodeOne(Oid type, Reader& r) {
  uint8_t presence = r.Byte();
  if (presence == kNull) return Value::Null();
  if (presence != kPresent) return Status::Error("XX001", "corrupt index key");
  switch (type) {
    case oids::kBool: return Value::Bool(r.Byte() != 0);
    case oids::kInt2: case oids::kInt4: case oids::kInt8: case oids::kDate: case oids::kTime:
    case oids::kTimestamp: case oids::kTimestamptz:
      return Value::Int(r.Signed(FixedWidth(type)));
    case oids::kOid: case oids::kRegclass: case oids::kRegtype: case oids::kRegproc: case oids::kRegnamespace: case oids::kRegrole:
      return Value::Int(static_cast<int64_t>(r.BigEndian(4)));
    case oids::kFloat4: case oids::kFloat8: {
      uint64_t bits = r.BigEndian(8);
      bits = (bits & (1ULL << 63)) ? bits & ~(1ULL << 63) : ~bits;
      double d;
      std::memcpy(&d, &bits, 8);
      return Value::Float(d);
    }
    case oids::kNumeric: {
      uint8_t cls = r.Byte();
      if (cls == 0x60) return Value::Bytes(std::string("NaN"));
      if (cls == 0x50) return Value::Bytes(std::string("Infinity"));
      if (cls == 0x10) return Value::Bytes(std::string("-Infinity"));
      if (cls == 0x30) return Value::Bytes(std::string("0"));
      bool negative = cls == 0x20;
      Reader body{r.in, r.flip != negative};
      int64_t exponent = body.Signed(4);
      std::string digits;
      while (body.ok) {
        uint8_t c = body.Byte();
        if (c == 0) break;
        digits.push_back(static_cast<char>(c));
      }
      r.in = body.in;
      r.ok = body.ok;
      bool well_formed = !digits.empty() && digits[0] != '0' && exponent > -200000 && exponent < 200000 &&
                         digits.find_first_not_of("0123456789") == std::string::npos;
      if (!well_formed) return Status::Error("XX001", "corrupt index key");
      int64_t scale = static_cast<int64_t>(digits.size()) - exponent;
      Numeric::Int u(digits);
      if (scale < 0) { u *= Pow10(static_cast<int>(-scale)); scale = 0; }
      return Value::Bytes(Numeric(negative ? Numeric::Int(-u) : u, static_cast<int>(scale)).ToString());
    }
    case oids::kJsonb: return ReadJsonb(r);
    case oids::kUuid: {
      std::string s;
      for (int i = 0; i < 16; ++i) s.push_back(static_cast<char>(r.Byte()));
      return Value::Bytes(std::move(s));
    }
    case oids::kInterval: {
      __int128 hi = r.Signed(8);
      __int128 span = (hi << 64) | static_cast<__int128>(r.BigEndian(8));
      datetime::Interval iv;
      iv.months = static_cast<int32_t>(r.Signed(4));
      iv.days = static_cast<int32_t>(r.Signed(4));
      iv.time = static_cast<int64_t>(span - datetime::IntervalSpan(iv));
      return Value::Bytes(datetime::EncodeInterval(iv));
    }
    case oids::kTimetz: {
      int64_t utc = r.Signed(8);
      datetime::TimeTz t;
      t.zone = static_cast<int32_t>(r.Signed(4));
      t.time = utc - t.zone * datetime::kUsecPerSec;
      return Value::Bytes(datetime::EncodeTimeTz(t));
    }
    default:
      if (IsArrayType(type)) {
        Oid elem = LookupType(type)->elem;
        ArrayData a;
        while (r.ok) {
          uint8_t marker = r.Byte();
          if (marker == 0x01) {
            a.lower_bound = static_cast<int32_t>(r.Signed(4));
            break;
          }
          if (marker != 0x02) return Status::Error("XX001", "corrupt index key");
          PLINTH_ASSIGN_OR_RETURN(Value e, DecodeOne(elem, r));
          a.elements.push_back(std::move(e));
        }
        return MakeArrayValue(a);
      }
      return Value::Bytes(r.Bytes());
  }
}

}  // namespace

void EncodeKey(Oid type, const Value& v, bool descending, std::string* out) {
  size_t start = out->size();
  EncodeAscending(type, v, out);
  if (descending)
    for (size_t i = start; i < out->size(); ++i) (*out)[i] = static_cast<char>(~(*out)[i]);
}

Result<Value> DecodeKey(Oid type, std::string_view* in, bool descending) {
  Reader r{*in, descending};
  auto v = DecodeOne(type, r);
  if (!v.ok()) return v;
  if (!r.ok) return Status::Error("XX001", "truncated index key");
  *in = r.in;
  return v;
}

}  // namespace plinth
