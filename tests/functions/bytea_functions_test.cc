// bytea functions and encoding conversions called through the registry, with the edge
// cases and malformed input the types_bytea golden does not reach. Expected texts are
// PostgreSQL 15's (bytea output in hex).
#include <gtest/gtest.h>

#include "engine/functions/functions.h"
#include "engine/types/encoding.h"

namespace plinth {
namespace {

constexpr Oid kBytea = oids::kBytea, kText = oids::kText, kInt4 = oids::kInt4, kInt8 = oids::kInt8,
              kName = oids::kName;

struct Arg {
  Oid type;
  const char* text;
};

// name(args...) as PostgreSQL prints it, or "ERROR <sqlstate>: <message>".
std::string Call(const std::string& name, const std::vector<Arg>& args) {
  IoContext io;
  std::vector<Oid> types;
  std::vector<Value> values;
  for (const Arg& a : args) {
    types.push_back(a.type);
    auto v = InputText(a.type, -1, a.text, io);
    if (!v.ok()) return "bad test input";
    values.push_back(v.take());
  }
  const auto& candidates = IsOperatorName(name) ? OperatorCandidates(name, static_cast<int>(types.size()))
                                                : FunctionCandidates(name);
  const FunctionDef* def = nullptr;
  for (const FunctionDef* d : candidates)
    if (!d->variadic && d->args == types) def = d;
  if (def == nullptr) return "no such function";
  FunctionCallContext ctx{io, types.data()};
  Value out;
  Status st = CallFunction(*def, ctx, values.data(), values.size(), &out);
  if (!st.ok()) return "ERROR " + st.info().sqlstate + ": " + st.info().message;
  return out.is_null() ? "NULL" : OutputText(def->result, out, io);
}

TEST(ByteaBytes, GetAndSetByte) {
  EXPECT_EQ(Call("get_byte", {{kBytea, "\\xdeadbeef"}, {kInt4, "3"}}), "239");
  EXPECT_EQ(Call("get_byte", {{kBytea, "\\x00"}, {kInt4, "5"}}), "ERROR 2202E: index 5 out of valid range, 0..0");
  EXPECT_EQ(Call("get_byte", {{kBytea, "\\x00"}, {kInt4, "-1"}}), "ERROR 2202E: index -1 out of valid range, 0..0");
  EXPECT_EQ(Call("get_byte", {{kBytea, "\\x"}, {kInt4, "0"}}), "ERROR 2202E: index 0 out of valid range, 0..-1");
  EXPECT_EQ(Call("set_byte", {{kBytea, "\\x0000"}, {kInt4, "1"}, {kInt4, "255"}}), "\\x00ff");
  EXPECT_EQ(Call("set_byte", {{kBytea, "\\x0000"}, {kInt4, "0"}, {kInt4, "257"}}), "\\x0100");  // low 8 bits
  EXPECT_EQ(Call("set_byte", {{kBytea, "\\x00"}, {kInt4, "1"}, {kInt4, "1"}}),
            "ERROR 2202E: index 1 out of valid range, 0..0");
}

TEST(ByteaBytes, GetAndSetBit) {
  // Bits count from the least significant bit of the first byte.
  EXPECT_EQ(Call("get_bit", {{kBytea, "\\x01"}, {kInt8, "0"}}), "1");
  EXPECT_EQ(Call("get_bit", {{kBytea, "\\x0180"}, {kInt8, "15"}}), "1");
  EXPECT_EQ(Call("get_bit", {{kBytea, "\\x0180"}, {kInt8, "16"}}), "ERROR 2202E: index 16 out of valid range, 0..15");
  EXPECT_EQ(Call("set_bit", {{kBytea, "\\x00"}, {kInt8, "7"}, {kInt4, "1"}}), "\\x80");
  EXPECT_EQ(Call("set_bit", {{kBytea, "\\xff"}, {kInt8, "0"}, {kInt4, "0"}}), "\\xfe");
  EXPECT_EQ(Call("set_bit", {{kBytea, "\\xff"}, {kInt8, "0"}, {kInt4, "2"}}), "ERROR 22023: new bit must be 0 or 1");
}

TEST(ByteaBytes, SubstringPositionOverlay) {
  EXPECT_EQ(Call("substring", {{kBytea, "\\x0102030405"}, {kInt4, "2"}, {kInt4, "3"}}), "\\x020304");
  EXPECT_EQ(Call("substring", {{kBytea, "\\x0102030405"}, {kInt4, "4"}}), "\\x0405");
  EXPECT_EQ(Call("substr", {{kBytea, "\\x0102030405"}, {kInt4, "-1"}, {kInt4, "3"}}), "\\x01");
  EXPECT_EQ(Call("substring", {{kBytea, "\\x01"}, {kInt4, "9"}, {kInt4, "1"}}), "\\x");
  EXPECT_EQ(Call("substring", {{kBytea, "\\x01"}, {kInt4, "1"}, {kInt4, "-1"}}),
            "ERROR 22011: negative substring length not allowed");
  EXPECT_EQ(Call("position", {{kBytea, "\\x0102030405"}, {kBytea, "\\x0304"}}), "3");
  EXPECT_EQ(Call("position", {{kBytea, "\\x0102"}, {kBytea, "\\x03"}}), "0");
  EXPECT_EQ(Call("position", {{kBytea, "\\x0102"}, {kBytea, "\\x"}}), "1");
  EXPECT_EQ(Call("overlay", {{kBytea, "\\x0102030405"}, {kBytea, "\\xaabb"}, {kInt4, "2"}}), "\\x01aabb0405");
  EXPECT_EQ(Call("overlay", {{kBytea, "\\x0102030405"}, {kBytea, "\\xaa"}, {kInt4, "2"}, {kInt4, "3"}}), "\\x01aa05");
  EXPECT_EQ(Call("overlay", {{kBytea, "\\x01"}, {kBytea, "\\xaa"}, {kInt4, "0"}}),
            "ERROR 22011: negative substring length not allowed");
  EXPECT_EQ(Call("btrim", {{kBytea, "\\x00010200"}, {kBytea, "\\x00"}}), "\\x0102");
  EXPECT_EQ(Call("ltrim", {{kBytea, "\\x00010200"}, {kBytea, "\\x00"}}), "\\x010200");
  EXPECT_EQ(Call("rtrim", {{kBytea, "\\x00010200"}, {kBytea, "\\x00"}}), "\\x000102");
}

TEST(ByteaEncodings, ConvertToAndFrom) {
  EXPECT_EQ(Call("convert_to", {{kText, "héllo"}, {kName, "UTF8"}}), "\\x68c3a96c6c6f");
  EXPECT_EQ(Call("convert_to", {{kText, "héllo"}, {kName, "latin1"}}), "\\x68e96c6c6f");
  EXPECT_EQ(Call("convert_to", {{kText, "€"}, {kName, "LATIN1"}}),
            "ERROR 22P05: character with byte sequence 0xe2 0x82 0xac in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\"");
  EXPECT_EQ(Call("convert_to", {{kText, "x"}, {kName, "klingon"}}), "ERROR 22023: invalid destination encoding name \"klingon\"");
  EXPECT_EQ(Call("convert_from", {{kBytea, "\\x68c3a96c6c6f"}, {kName, "utf-8"}}), "héllo");
  EXPECT_EQ(Call("convert_from", {{kBytea, "\\x68e9"}, {kName, "LATIN1"}}), "hé");
  EXPECT_EQ(Call("convert_from", {{kBytea, "\\x61ff"}, {kName, "UTF8"}}), "ERROR 22021: invalid byte sequence for encoding \"UTF8\": 0xff");
  EXPECT_EQ(Call("convert_from", {{kBytea, "\\xc328"}, {kName, "UTF8"}}), "ERROR 22021: invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
  EXPECT_EQ(Call("convert_from", {{kBytea, "\\x6100"}, {kName, "SQL_ASCII"}}),
            "ERROR 22021: invalid byte sequence for encoding \"SQL_ASCII\": 0x00");
  EXPECT_EQ(Call("convert_from", {{kBytea, "\\x61"}, {kName, "nope"}}), "ERROR 22023: invalid source encoding name \"nope\"");
  EXPECT_EQ(Call("convert", {{kBytea, "\\x68e9"}, {kName, "LATIN1"}, {kName, "UTF8"}}), "\\x68c3a9");
  EXPECT_EQ(Call("length", {{kBytea, "\\x68c3a96c6c6f"}, {kName, "UTF8"}}), "5");
  EXPECT_EQ(Call("length", {{kBytea, "\\x68c3a96c6c6f"}, {kName, "LATIN1"}}), "6");
  EXPECT_EQ(Call("length", {{kBytea, "\\xe282"}, {kName, "UTF8"}}), "ERROR 22021: invalid byte sequence for encoding \"UTF8\": 0xe2 0x82");
  EXPECT_EQ(Call("length", {{kBytea, "\\x61"}, {kName, "x"}}), "ERROR 22023: invalid encoding name \"x\"");
}

TEST(ByteaEncodings, Utf8Verification) {
  using encoding::Encoding;
  EXPECT_TRUE(encoding::Verify(Encoding::kUtf8, "h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80").ok());
  EXPECT_FALSE(encoding::Verify(Encoding::kUtf8, "\xc0\xaf").ok());          // overlong '/'
  EXPECT_FALSE(encoding::Verify(Encoding::kUtf8, "\xed\xa0\x80").ok());      // a UTF-16 surrogate
  EXPECT_FALSE(encoding::Verify(Encoding::kUtf8, "\xf4\x90\x80\x80").ok());  // past U+10FFFF
  EXPECT_FALSE(encoding::Verify(Encoding::kUtf8, "\x80").ok());              // stray continuation
  EXPECT_FALSE(encoding::Verify(Encoding::kUtf8, "ab\xe2\x82").ok());        // cut short
  EXPECT_TRUE(encoding::Verify(Encoding::kLatin1, "\xe9\xff").ok());
  EXPECT_EQ(encoding::FromName("Unicode"), Encoding::kUtf8);
  EXPECT_EQ(encoding::FromName("ISO-8859-1"), Encoding::kLatin1);
  EXPECT_EQ(encoding::FromName("sql_ascii"), Encoding::kSqlAscii);
  EXPECT_FALSE(encoding::FromName("utf16").has_value());
}

TEST(ByteaEncodings, Base64AsPostgreSQL) {
  EXPECT_EQ(Call("encode", {{kBytea, "Hello"}, {kText, "base64"}}), "SGVsbG8=");
  // A newline after every 76 characters; after a full last line only when no padded
  // group ends it (57 bytes: 19 whole groups).
  std::string line(76, 'x');
  for (size_t i = 0; i < 76; i += 4) line.replace(i, 4, "YWFh");
  std::string a57(57, 'a'), a56(56, 'a'), a58(58, 'a');
  EXPECT_EQ(Call("encode", {{kBytea, a57.c_str()}, {kText, "base64"}}), line + "\n");
  EXPECT_EQ(Call("encode", {{kBytea, a58.c_str()}, {kText, "base64"}}), line + "\nYQ==");
  EXPECT_EQ(Call("encode", {{kBytea, a56.c_str()}, {kText, "base64"}}).size(), 76u);
  EXPECT_EQ(Call("decode", {{kText, "SGVs\nbG8="}, {kText, "base64"}}), "\\x48656c6c6f");
  EXPECT_EQ(Call("decode", {{kText, "YWJ="}, {kText, "base64"}}), "\\x6162");
  // '=' ends a group early and limits every later group to as many bytes.
  EXPECT_EQ(Call("decode", {{kText, "YW==YWJj"}, {kText, "base64"}}), "\\x6161");
  EXPECT_EQ(Call("decode", {{kText, "YW=j"}, {kText, "base64"}}), "\\x61");
  EXPECT_EQ(Call("decode", {{kText, ""}, {kText, "base64"}}), "\\x");
  EXPECT_EQ(Call("decode", {{kText, "Y"}, {kText, "base64"}}), "ERROR 22023: invalid base64 end sequence");
  EXPECT_EQ(Call("decode", {{kText, "YW="}, {kText, "base64"}}), "ERROR 22023: invalid base64 end sequence");
  EXPECT_EQ(Call("decode", {{kText, "Y="}, {kText, "base64"}}), "ERROR 22023: unexpected \"=\" while decoding base64 sequence");
  EXPECT_EQ(Call("decode", {{kText, "YWJ*"}, {kText, "base64"}}),
            "ERROR 22023: invalid symbol \"*\" found while decoding base64 sequence");
  EXPECT_EQ(Call("decode", {{kText, "YWJé"}, {kText, "base64"}}),
            "ERROR 22023: invalid symbol \"é\" found while decoding base64 sequence");
}

TEST(MixedFloatOperators, RealWithDoubleComputesInDouble) {
  // real 0.1 widened exactly is not double 0.1; float48eq sees the difference.
  EXPECT_EQ(Call("=", {{oids::kFloat4, "0.1"}, {oids::kFloat8, "0.1"}}), "f");
  EXPECT_EQ(Call("<", {{oids::kFloat8, "0.1"}, {oids::kFloat4, "0.1"}}), "t");
  EXPECT_EQ(Call("/", {{oids::kFloat4, "2"}, {oids::kFloat8, "3"}}), "0.6666666666666666");
  EXPECT_EQ(Call("/", {{oids::kFloat4, "2"}, {oids::kFloat8, "0"}}), "ERROR 22012: division by zero");
  EXPECT_EQ(Call("@", {{kInt4, "-2147483648"}}), "ERROR 22003: integer out of range");
  EXPECT_EQ(Call("@", {{oids::kNumeric, "-1.50"}}), "1.50");
}

TEST(IntegerOperators, ShiftCountsWrapAsPostgreSQL) {
  constexpr Oid kInt2 = oids::kInt2;
  EXPECT_EQ(Call("<<", {{kInt4, "1"}, {kInt4, "33"}}), "2");
  EXPECT_EQ(Call("<<", {{kInt4, "1"}, {kInt4, "-1"}}), "-2147483648");
  EXPECT_EQ(Call("<<", {{kInt2, "1"}, {kInt4, "15"}}), "-32768");
  EXPECT_EQ(Call("<<", {{kInt2, "1"}, {kInt4, "17"}}), "0");
  EXPECT_EQ(Call("<<", {{kInt8, "1"}, {kInt4, "65"}}), "2");
  EXPECT_EQ(Call(">>", {{kInt4, "-8"}, {kInt4, "33"}}), "-4");
  EXPECT_EQ(Call(">>", {{kInt8, "-8"}, {kInt4, "1"}}), "-4");
}

}  // namespace
}  // namespace plinth
