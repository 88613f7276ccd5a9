// Garbage in must give an error Status (or a value), never a crash or an exception:
// every type's text and binary input is fed mutated and random inputs.
#include <gtest/gtest.h>

#include <random>

#include "engine/types/types.h"
#include "tests/types/case_file.h"

namespace plinth {
namespace {

std::string Mutate(std::string s, std::mt19937_64& rng) {
  static const std::string kAlphabet = "0123456789-+.:eE/ {}\",\\NaInfyt'[]=xTZ\x01\xff\xc3\xa9";
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits; ++i) {
    size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    char c = kAlphabet[rng() % kAlphabet.size()];
    switch (rng() % 3) {
      case 0: s.insert(pos, 1, c); break;
      case 1: if (!s.empty() && pos < s.size()) s.erase(pos, 1); break;
      default: if (!s.empty() && pos < s.size()) s[pos] = c; break;
    }
  }
  return s;
}

TEST(TypesMalformed, TextInputNeverThrows) {
  std::mt19937_64 rng(20240102);
  IoContext io;
  auto rows = testing::ReadCases("io_cases.tsv");
  for (int round = 0; round < 20; ++round) {
    for (const auto& r : rows) {
      auto type = testing::ParseTypeSpec(r[0]);
      ASSERT_TRUE(type.ok());
      std::string input = Mutate(r[2], rng);
      Result<Value> v = Status::Error("XX000", "unset");
      ASSERT_NO_THROW(v = InputText(type->first, type->second, input, io)) << r[0] << " " << input;
      if (v.ok()) {
        std::string text;
        ASSERT_NO_THROW(text = OutputText(type->first, *v, io)) << r[0] << " " << input;
        std::string wire;
        ASSERT_NO_THROW(SendBinary(type->first, *v, io, &wire));
        std::string key;
        ASSERT_NO_THROW(EncodeKey(type->first, *v, false, &key));
        std::string_view in = key;
        auto d = DecodeKey(type->first, &in, false);
        EXPECT_TRUE(d.ok()) << r[0] << " " << input;
      } else {
        EXPECT_EQ(v.status().sqlstate().size(), 5u) << r[0] << " " << input;
        EXPECT_FALSE(v.status().message().empty());
      }
    }
  }
}

TEST(TypesMalformed, BinaryInputNeverThrows) {
  std::mt19937_64 rng(7);
  IoContext io;
  for (const TypeInfo& t : AllTypes()) {
    if (!HasBinaryIo(t.oid)) continue;
    for (int i = 0; i < 200; ++i) {
      std::string bytes(rng() % 40, '\0');
      for (char& c : bytes) c = static_cast<char>(rng());
      ASSERT_NO_THROW({
        auto v = ReceiveBinary(t.oid, -1, bytes, io);
        if (v.ok()) (void)OutputText(t.oid, *v, io);
      }) << t.typname;
    }
  }
}

TEST(TypesMalformed, RandomKeysDecodeOrFailCleanly) {
  std::mt19937_64 rng(99);
  for (const TypeInfo& t : AllTypes()) {
    for (int i = 0; i < 100; ++i) {
      std::string bytes(rng() % 24, '\0');
      for (char& c : bytes) c = static_cast<char>(rng());
      if (!bytes.empty() && (rng() & 1)) bytes[0] = 0x01;
      std::string_view in = bytes;
      ASSERT_NO_THROW((void)DecodeKey(t.oid, &in, false)) << t.typname;
    }
  }
}

}  // namespace
}  // namespace plinth
