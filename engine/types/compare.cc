// Same-type btree comparison and hashing consistent with it.
#include <cmath>
#include <cstring>

#include "engine/types/array_shape.h"
#include "engine/types/datetime.h"
#include "engine/types/json_parser.h"
#include "engine/types/numeric.h"
#include "engine/types/record.h"
#include "engine/types/types.h"

namespace plinth {
namespace {

template <typename T>
int Cmp3(const T& a, const T& b) { return a < b ? -1 : (b < a ? 1 : 0); }

// Floats order like PostgreSQL's float8_cmp: NaN equals NaN and sorts above everything.
int CompareFloat(double a, double b) {
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return an && bn ? 0 : (an ? 1 : -1);
  return Cmp3(a, b);
}

std::string_view StripTrailingBlanks(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

int CompareBytes(std::string_view a, std::string_view b) {
  int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

uint64_t Mix(uint64_t h) {  // splitmix64 finaliser
  h ^= h >> 30; h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27; h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, then mixed
  for (unsigned char c : s) { h ^= c; h *= 0x100000001b3ULL; }
  return Mix(h);
}

// Hashes a jsonb tree so that values equal under jsonb's order (1 and 1.0) agree.
uint64_t HashJsonb(const json::Node& n) {
  uint64_t h = Mix(static_cast<uint64_t>(n.kind) + 1);
  switch (n.kind) {
    case json::Node::Kind::Number: return Mix(h ^ Hash(oids::kNumeric, Value::Bytes(n.scalar)));
    case json::Node::Kind::String:
    case json::Node::Kind::Bool: return Mix(h ^ HashBytes(n.scalar));
    case json::Node::Kind::Array:
      for (const json::Node& e : n.elements) h = Mix(h * 31 + HashJsonb(e));
      return h;
    case json::Node::Kind::Object:
      for (const auto& m : n.members) h = Mix(Mix(h * 31 + HashBytes(m.first)) * 31 + HashJsonb(m.second));
      return h;
    default: return h;
  }
}

// The type of field i of a record, from its registered shape (0 when unknown).
Oid FieldType(const std::vector<RecordField>* shape, size_t i) {
  return shape && i < shape->size() ? (*shape)[i].type : 0;
}

// PostgreSQL's record_cmp, for records compared as values (not row constructors): field
// by field in the fields' own order, NULL fields equal to each other and after every
// value, a record with fewer fields first when all shared fields are equal.
int CompareRecords(const Value& v, const Value& w) {
  auto [shape_a, a] = DecodeRecord(v.as_bytes());
  auto [shape_b, b] = DecodeRecord(w.as_bytes());
  const std::vector<RecordField>* fields_a = RecordShape(shape_a);
  const std::vector<RecordField>* fields_b = RecordShape(shape_b);
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; i++) {
    if (a[i].is_null() || b[i].is_null()) {
      if (a[i].is_null() && b[i].is_null()) continue;
      return a[i].is_null() ? 1 : -1;
    }
    const Oid type = FieldType(fields_a, i);
    // Fields of different types (records of unrelated shapes): by their bytes.
    int c = type != 0 && type == FieldType(fields_b, i) ? Compare(type, a[i], b[i])
                                                         : CompareBytes(a[i].as_bytes(), b[i].as_bytes());
    if (c != 0) return c;
  }
  return Cmp3(a.size(), b.size());
}

uint64_t HashRecord(const Value& v) {
  auto [shape, fields] = DecodeRecord(v.as_bytes());
  const std::vector<RecordField>* types = RecordShape(shape);
  uint64_t h = 0x2545f4914f6cdd1dULL;
  for (size_t i = 0; i < fields.size(); i++) {
    const Oid type = FieldType(types, i);
    h = Mix(h * 31 + (fields[i].is_null() ? 0x55 : type != 0 ? Hash(type, fields[i])
                                                               : HashBytes(fields[i].as_bytes())));
  }
  return h;
}

}  // namespace

int Compare(Oid type, const Value& v, const Value& w) {
  switch (type) {
    case oids::kBool: return Cmp3(v.as_bool(), w.as_bool());
    case oids::kInt2: case oids::kInt4: case oids::kInt8: case oids::kOid:
    case oids::kRegclass: case oids::kRegtype: case oids::kRegproc: case oids::kRegnamespace: case oids::kRegrole:
    case oids::kDate: case oids::kTime: case oids::kTimestamp: case oids::kTimestamptz:
      return Cmp3(v.as_int(), w.as_int());
    case oids::kFloat4: case oids::kFloat8: return CompareFloat(v.as_float(), w.as_float());
    case oids::kNumeric: {
      DecimalText x, y;
      if (ParseDecimalText(v.as_bytes(), &x) && ParseDecimalText(w.as_bytes(), &y))
        return CompareDecimalText(x, y);
      auto a = Numeric::Parse(v.as_bytes()), b = Numeric::Parse(w.as_bytes());
      if (!a.ok() || !b.ok()) return CompareBytes(v.as_bytes(), w.as_bytes());
      return Numeric::Compare(*a, *b);
    }
    case oids::kBpchar: return CompareBytes(StripTrailingBlanks(v.as_bytes()), StripTrailingBlanks(w.as_bytes()));
    case oids::kJsonb: {
      auto a = json::Parse(v.as_bytes(), true), b = json::Parse(w.as_bytes(), true);
      if (!a.ok() || !b.ok()) return CompareBytes(v.as_bytes(), w.as_bytes());
      return json::CompareJsonb(*a, *b);
    }
    case oids::kInterval:
      return Cmp3(datetime::IntervalSpan(datetime::DecodeInterval(v.as_bytes())),
                  datetime::IntervalSpan(datetime::DecodeInterval(w.as_bytes())));
    case oids::kRecord: return CompareRecords(v, w);
    case oids::kTimetz: {
      // By the UTC instant, then by zone (PG's timetz_cmp_internal).
      datetime::TimeTz a = datetime::DecodeTimeTz(v.as_bytes()), b = datetime::DecodeTimeTz(w.as_bytes());
      int c = Cmp3(a.time + a.zone * datetime::kUsecPerSec, b.time + b.zone * datetime::kUsecPerSec);
      return c != 0 ? c : Cmp3(a.zone, b.zone);
    }
    default:
      if (IsArrayType(type)) {
        Oid elem = LookupType(type)->elem;
        ArrayData a = DecodeArray(v.as_bytes()), b = DecodeArray(w.as_bytes());
        size_t n = std::min(a.elements.size(), b.elements.size());
        for (size_t i = 0; i < n; ++i) {
          const Value& x = a.elements[i];
          const Value& y = b.elements[i];
          if (x.is_null() || y.is_null()) {
            if (x.is_null() && y.is_null()) continue;
            return x.is_null() ? 1 : -1;  // NULL elements sort last
          }
          int c = Compare(elem, x, y);
          if (c != 0) return c;
        }
        int c = Cmp3(a.elements.size(), b.elements.size());
        if (c != 0) return c;
        // Same elements: the shapes decide (PG's array_cmp), so '{1,2}' != '{{1},{2}}'.
        ArrayShape sa = DecodeArrayShape(v.as_bytes()), sb = DecodeArrayShape(w.as_bytes());
        if (sa.ndims() != sb.ndims()) return Cmp3(sa.ndims(), sb.ndims());
        for (size_t d = 0; d < sa.ndims(); ++d) {
          if (sa.lengths[d] != sb.lengths[d]) return Cmp3(sa.lengths[d], sb.lengths[d]);
          if (sa.lower_bounds[d] != sb.lower_bounds[d]) return Cmp3(sa.lower_bounds[d], sb.lower_bounds[d]);
        }
        return 0;
      }
      // text, varchar, name, char, bytea, uuid, json, jsonb: bytewise (C collation)
      return CompareBytes(v.as_bytes(), w.as_bytes());
  }
}

uint64_t Hash(Oid type, const Value& v) {
  switch (type) {
    case oids::kBool: return Mix(v.as_bool() ? 1 : 0);
    case oids::kFloat4: case oids::kFloat8: {
      double d = v.as_float();
      if (d == 0) d = 0;                   // -0 equals 0
      if (std::isnan(d)) d = std::nan("");  // every NaN is equal
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return Mix(bits);
    }
    case oids::kNumeric: {
      DecimalText d;
      if (!ParseDecimalText(v.as_bytes(), &d)) {
        auto n = Numeric::Parse(v.as_bytes());
        if (!n.ok() || !ParseDecimalText(n->ToString(), &d)) return HashBytes(v.as_bytes());
        return Hash(type, Value::Bytes(n->ToString()));
      }
      // Hash the value's normalised digits so 1.5 and 1.50 agree.
      uint64_t h = HashBytes(d.int_digits) * 31 + HashBytes(d.frac_digits);
      return Mix(h ^ (d.negative ? 0x5bd1e995ULL : 0) ^ (static_cast<uint64_t>(d.kind) << 40));
    }
    case oids::kBpchar: return HashBytes(StripTrailingBlanks(v.as_bytes()));
    case oids::kRecord: return HashRecord(v);
    case oids::kJsonb: {
      auto tree = json::Parse(v.as_bytes(), true);
      return tree.ok() ? HashJsonb(*tree) : HashBytes(v.as_bytes());
    }
    case oids::kInterval: {
      __int128 span = datetime::IntervalSpan(datetime::DecodeInterval(v.as_bytes()));
      return Mix(static_cast<uint64_t>(span) ^ Mix(static_cast<uint64_t>(span >> 64)));
    }
    default:
      if (v.kind() == Value::Kind::Int) return Mix(static_cast<uint64_t>(v.as_int()));
      if (IsArrayType(type)) {
        Oid elem = LookupType(type)->elem;
        uint64_t h = 0x9e3779b97f4a7c15ULL;
        for (const Value& e : DecodeArray(v.as_bytes()).elements)
          h = Mix(h * 31 + (e.is_null() ? 0x55 : Hash(elem, e)));
        return h;
      }
      return HashBytes(v.as_bytes());
  }
}

}  // namespace plinth
