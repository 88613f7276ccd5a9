// PostgreSQL binary wire format against PG 15's typsend output (binary_cases.tsv), and
// malformed binary input.
#include <gtest/gtest.h>

#include "tests/types/case_file.h"

namespace plinth {
namespace {

using testing::ParseTypeSpec;
using testing::ReadCases;

std::string Hex(const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) { out.push_back(kHex[c >> 4]); out.push_back(kHex[c & 15]); }
  return out;
}
std::string Unhex(const std::string& h) {
  std::string out;
  for (size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

TEST(TypesBinary, SendMatchesPostgres) {
  auto rows = ReadCases("binary_cases.tsv");
  ASSERT_GT(rows.size(), 20u);
  IoContext io;
  for (const auto& r : rows) {
    auto type = ParseTypeSpec(r[0]);
    ASSERT_TRUE(type.ok()) << r[0];
    auto v = InputText(type->first, -1, r[1], io);
    ASSERT_TRUE(v.ok()) << r[0] << " " << r[1];
    std::string wire;
    SendBinary(type->first, *v, io, &wire);
    EXPECT_EQ(Hex(wire), r[2]) << r[0] << " " << r[1];
  }
}

TEST(TypesBinary, ReceiveInvertsPostgresSend) {
  IoContext io;
  for (const auto& r : ReadCases("binary_cases.tsv")) {
    auto type = ParseTypeSpec(r[0]);
    auto expected = InputText(type->first, -1, r[1], io);
    auto got = ReceiveBinary(type->first, -1, Unhex(r[2]), io);
    ASSERT_TRUE(got.ok()) << r[0] << " " << r[1] << ": " << got.status().message();
    EXPECT_EQ(OutputText(type->first, *got, io), OutputText(type->first, *expected, io)) << r[0];
  }
}

TEST(TypesBinary, MalformedInputIsRejected) {
  IoContext io;
  EXPECT_FALSE(ReceiveBinary(oids::kInt4, -1, std::string("\x00\x01", 2), io).ok());
  EXPECT_FALSE(ReceiveBinary(oids::kInt4, -1, std::string("\x00\x00\x00\x01\x02", 5), io).ok());
  EXPECT_FALSE(ReceiveBinary(oids::kInt8, -1, "", io).ok());
  EXPECT_FALSE(ReceiveBinary(oids::kUuid, -1, "short", io).ok());
  // numeric: bad sign word, digit out of range, truncated digits
  EXPECT_FALSE(ReceiveBinary(oids::kNumeric, -1, Unhex("0001000012340000" "0001"), io).ok());
  EXPECT_FALSE(ReceiveBinary(oids::kNumeric, -1, Unhex("0001000000000000" "2710"), io).ok());
  EXPECT_FALSE(ReceiveBinary(oids::kNumeric, -1, Unhex("0002000000000000" "0001"), io).ok());
  // arrays: wrong element type, element running past the end, 2 dimensions
  EXPECT_FALSE(ReceiveBinary(oids::kInt4Array, -1, Unhex("00000001" "00000000" "00000019" "00000001" "00000001" "00000004" "00000001"), io).ok());
  EXPECT_FALSE(ReceiveBinary(oids::kInt4Array, -1, Unhex("00000001" "00000000" "00000017" "00000001" "00000001" "00000008" "00000001"), io).ok());
  EXPECT_FALSE(ReceiveBinary(oids::kInt4Array, -1, Unhex("00000002" "00000000" "00000017"), io).ok());
  EXPECT_FALSE(ReceiveBinary(oids::kJsonb, -1, std::string("\x02{}"), io).ok());
  EXPECT_FALSE(ReceiveBinary(oids::kJsonb, -1, std::string("\x01{"), io).ok());
  // typmods apply to binary input too
  auto v = ReceiveBinary(oids::kVarchar, 3 + 4, "abcd", io);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().sqlstate(), "22001");
  EXPECT_TRUE(HasBinaryIo(oids::kInt4));
  EXPECT_TRUE(HasBinaryIo(oids::kNumericArray));
  EXPECT_FALSE(HasBinaryIo(oids::kUnknown));
}

}  // namespace
}  // namespace plinth
