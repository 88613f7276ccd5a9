// Comparison, hashing and the order-preserving key encoding, checked against each
// other over every value of io_cases.tsv, plus malformed keys.
#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "tests/types/case_file.h"

namespace plinth {
namespace {

using testing::ParseTypeSpec;
using testing::ReadCases;

int Sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

int MemCompare(const std::string& a, const std::string& b) {
  int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return Sign(c);
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

// All valid values per type from the PG-generated cases.
std::map<Oid, std::vector<Value>> ValuesByType() {
  std::map<Oid, std::vector<Value>> out;
  IoContext io;
  for (const auto& r : ReadCases("io_cases.tsv")) {
    auto type = ParseTypeSpec(r[0]);
    if (!type.ok()) continue;
    auto v = InputText(type->first, -1, r[2], io);
    if (v.ok() && !v->is_null()) out[type->first].push_back(*v);
  }
  return out;
}

TEST(TypesKeys, EncodingOrderMatchesCompare) {
  for (auto& [type, values] : ValuesByType()) {
    for (const Value& a : values) {
      for (const Value& b : values) {
        std::string ea, eb, da, db;
        EncodeKey(type, a, false, &ea);
        EncodeKey(type, b, false, &eb);
        EncodeKey(type, a, true, &da);
        EncodeKey(type, b, true, &db);
        int c = Sign(Compare(type, a, b));
        IoContext io;
        EXPECT_EQ(MemCompare(ea, eb), c) << FormatType(type, -1) << ": " << OutputText(type, a, io) << " vs " << OutputText(type, b, io);
        EXPECT_EQ(MemCompare(da, db), -c) << FormatType(type, -1) << " descending";
        if (c == 0) {
          EXPECT_EQ(Hash(type, a), Hash(type, b)) << FormatType(type, -1);
        }
        EXPECT_EQ(Sign(Compare(type, b, a)), -c);
      }
    }
  }
}

TEST(TypesKeys, DecodeInvertsEncode) {
  IoContext io;
  for (auto& [type, values] : ValuesByType()) {
    for (const Value& v : values) {
      for (bool desc : {false, true}) {
        std::string key;
        EncodeKey(type, v, desc, &key);
        key += "tail";  // composite keys: decoding must stop at the column's end
        std::string_view in = key;
        auto d = DecodeKey(type, &in, desc);
        ASSERT_TRUE(d.ok()) << FormatType(type, -1) << ": " << d.status().message();
        EXPECT_EQ(in, "tail");
        EXPECT_EQ(Compare(type, v, *d), 0) << FormatType(type, -1) << " " << OutputText(type, v, io);
      }
    }
  }
}

TEST(TypesKeys, NullsSortLastAscendingFirstDescending) {
  std::string null_key, value_key;
  EncodeKey(oids::kInt4, Value::Null(), false, &null_key);
  EncodeKey(oids::kInt4, Value::Int(INT32_MAX), false, &value_key);
  EXPECT_GT(MemCompare(null_key, value_key), 0);
  null_key.clear();
  value_key.clear();
  EncodeKey(oids::kInt4, Value::Null(), true, &null_key);
  EncodeKey(oids::kInt4, Value::Int(INT32_MIN), true, &value_key);
  EXPECT_LT(MemCompare(null_key, value_key), 0);
  std::string_view in = null_key;
  auto d = DecodeKey(oids::kInt4, &in, true);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->is_null());
}

TEST(TypesKeys, CompositeKeysOrderColumnByColumn) {
  // ("a", 2) < ("a", 10) < ("ab", 1): a shorter string never runs into the next column.
  auto key = [](const char* s, int64_t i) {
    std::string k;
    EncodeKey(oids::kText, Value::Bytes(std::string(s)), false, &k);
    EncodeKey(oids::kInt8, Value::Int(i), false, &k);
    return k;
  };
  EXPECT_LT(MemCompare(key("a", 2), key("a", 10)), 0);
  EXPECT_LT(MemCompare(key("a", 10), key("ab", 1)), 0);
  EXPECT_LT(MemCompare(key("a\0", 10), key("a\x01", 1)), 0);
}

TEST(TypesKeys, MalformedKeysAreErrors) {
  std::string key;
  EncodeKey(oids::kText, Value::Bytes(std::string("hello")), false, &key);
  std::string_view truncated(key.data(), key.size() - 1);
  EXPECT_FALSE(DecodeKey(oids::kText, &truncated, false).ok());
  std::string_view empty;
  EXPECT_FALSE(DecodeKey(oids::kInt4, &empty, false).ok());
  std::string garbage = "\x07xyz";
  std::string_view g = garbage;
  EXPECT_FALSE(DecodeKey(oids::kInt8, &g, false).ok());
  std::string short_int = "\x01\x80";
  std::string_view s = short_int;
  EXPECT_FALSE(DecodeKey(oids::kInt8, &s, false).ok());
}

TEST(TypesHash, EqualValuesHashEqual) {
  IoContext io;
  auto h = [&](Oid t, const char* text) { return Hash(t, *InputText(t, -1, text, io)); };
  EXPECT_EQ(h(oids::kNumeric, "1.5"), h(oids::kNumeric, "1.500"));
  EXPECT_EQ(h(oids::kNumeric, "0"), h(oids::kNumeric, "-0.00"));
  EXPECT_EQ(h(oids::kBpchar, "ab"), h(oids::kBpchar, "ab   "));
  EXPECT_EQ(h(oids::kInterval, "1 mon"), h(oids::kInterval, "30 days"));
  EXPECT_EQ(h(oids::kFloat8, "0"), h(oids::kFloat8, "-0"));
  EXPECT_NE(h(oids::kText, "a"), h(oids::kText, "b"));
  EXPECT_NE(h(oids::kInt4, "1"), h(oids::kInt4, "2"));
}

}  // namespace
}  // namespace plinth
