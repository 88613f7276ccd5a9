// pg_type metadata, type-name resolution and format_type() (expected strings are
// PostgreSQL 15's format_type() output for the same OID/typmod).
#include <gtest/gtest.h>

#include "engine/types/types.h"

namespace plinth {
namespace {

TEST(TypesCatalog, LookupMatchesPgType) {
  const TypeInfo* int4 = LookupType(oids::kInt4);
  ASSERT_NE(int4, nullptr);
  EXPECT_STREQ(int4->typname, "int4");
  EXPECT_EQ(int4->typlen, 4);
  EXPECT_EQ(int4->category, 'N');
  EXPECT_EQ(int4->array, oids::kInt4Array);
  const TypeInfo* arr = LookupType(oids::kInt4Array);
  ASSERT_NE(arr, nullptr);
  EXPECT_STREQ(arr->typname, "_int4");
  EXPECT_EQ(arr->elem, oids::kInt4);
  EXPECT_EQ(arr->category, 'A');
  EXPECT_TRUE(LookupType(oids::kFloat8)->preferred);
  EXPECT_TRUE(LookupType(oids::kText)->preferred);
  EXPECT_FALSE(LookupType(oids::kInt4)->preferred);
  EXPECT_EQ(LookupType(123456), nullptr);
  for (const TypeInfo& t : AllTypes()) {
    if (t.array != 0) {
      ASSERT_NE(LookupType(t.array), nullptr) << t.typname;
      EXPECT_EQ(LookupType(t.array)->elem, t.oid) << t.typname;
    }
  }
}

TEST(TypesCatalog, FormatTypeAsPostgres) {
  EXPECT_EQ(FormatType(oids::kVarchar, 14), "character varying(10)");
  EXPECT_EQ(FormatType(oids::kNumeric, ((10 << 16) | 2) + 4), "numeric(10,2)");
  EXPECT_EQ(FormatType(oids::kTimestamptz, 3), "timestamp(3) with time zone");
  EXPECT_EQ(FormatType(oids::kInt4Array, -1), "integer[]");
  EXPECT_EQ(FormatType(oids::kChar, -1), "\"char\"");
  EXPECT_EQ(FormatType(oids::kBpchar, -1), "bpchar");
  EXPECT_EQ(FormatType(oids::kBpchar, 9), "character(5)");
  EXPECT_EQ(FormatType(oids::kTime, -1), "time without time zone");
  EXPECT_EQ(FormatType(oids::kInterval, -1), "interval");
  EXPECT_EQ(FormatType(oids::kTimetz, 2), "time(2) with time zone");
  EXPECT_EQ(FormatType(0, -1), "-");
  EXPECT_EQ(FormatType(oids::kVarcharArray, 9), "character varying(5)[]");
  EXPECT_EQ(FormatType(oids::kFloat8, -1), "double precision");
  EXPECT_EQ(FormatType(oids::kJsonb, -1), "jsonb");
  EXPECT_EQ(FormatType(99999, -1), "???");
}

TEST(TypesCatalog, ResolvesGrammarTypeNames) {
  auto r = ResolveTypeName({"pg_catalog", "varchar"}, {10}, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first, oids::kVarchar);
  EXPECT_EQ(r->second, 14);
  r = ResolveTypeName({"pg_catalog", "numeric"}, {10, 2}, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(FormatType(r->first, r->second), "numeric(10,2)");
  r = ResolveTypeName({"int4"}, {}, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first, oids::kInt4Array);
  EXPECT_EQ(r->second, -1);
  r = ResolveTypeName({"timestamptz"}, {9}, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->second, 6);  // reduced to the maximum precision, as PG
  r = ResolveTypeName({"_text"}, {}, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first, oids::kTextArray);
}

TEST(TypesCatalog, RejectsBadTypeNames) {
  auto r = ResolveTypeName({"nosuchtype"}, {}, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().sqlstate(), "42704");
  EXPECT_EQ(r.status().message(), "type \"nosuchtype\" does not exist");
  r = ResolveTypeName({"myschema", "int4"}, {}, false);
  EXPECT_EQ(r.status().sqlstate(), "42704");
  r = ResolveTypeName({"varchar"}, {0}, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "length for type varchar must be at least 1");
  r = ResolveTypeName({"numeric"}, {1001}, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "NUMERIC precision 1001 must be between 1 and 1000");
  r = ResolveTypeName({"int4"}, {3}, false);
  EXPECT_FALSE(r.ok());
  r = ResolveTypeName({}, {}, false);
  EXPECT_FALSE(r.ok());
}

TEST(TypesCatalog, CastContextsFollowPgCast) {
  EXPECT_TRUE(CanCast(oids::kInt4, oids::kInt8, CastContext::Implicit));
  EXPECT_FALSE(CanCast(oids::kInt8, oids::kInt4, CastContext::Implicit));
  EXPECT_TRUE(CanCast(oids::kInt8, oids::kInt4, CastContext::Assignment));
  EXPECT_TRUE(CanCast(oids::kInt4, oids::kNumeric, CastContext::Implicit));
  EXPECT_TRUE(CanCast(oids::kNumeric, oids::kFloat8, CastContext::Implicit));
  EXPECT_FALSE(CanCast(oids::kFloat8, oids::kNumeric, CastContext::Implicit));
  EXPECT_TRUE(CanCast(oids::kVarchar, oids::kText, CastContext::Implicit));
  EXPECT_TRUE(CanCast(oids::kDate, oids::kTimestamptz, CastContext::Implicit));
  EXPECT_FALSE(CanCast(oids::kTimestamptz, oids::kDate, CastContext::Implicit));
  EXPECT_FALSE(CanCast(oids::kInt4, oids::kText, CastContext::Implicit));
  EXPECT_TRUE(CanCast(oids::kInt4, oids::kText, CastContext::Assignment));
  EXPECT_FALSE(CanCast(oids::kText, oids::kInt4, CastContext::Assignment));
  EXPECT_TRUE(CanCast(oids::kText, oids::kInt4, CastContext::Explicit));
  EXPECT_FALSE(CanCast(oids::kInt4, oids::kBool, CastContext::Assignment));
  EXPECT_TRUE(CanCast(oids::kInt4, oids::kBool, CastContext::Explicit));
  EXPECT_TRUE(CanCast(oids::kInt4Array, oids::kInt8Array, CastContext::Implicit));
  EXPECT_TRUE(CanCast(oids::kUnknown, oids::kDate, CastContext::Implicit));
  EXPECT_FALSE(CanCast(oids::kDate, oids::kInt4, CastContext::Explicit));
}

TEST(TypesCast, AssignmentLengthCheckVersusExplicitTruncation) {
  IoContext io;
  Value v = Value::Bytes(std::string("abcd"));
  auto a = Cast(v, oids::kText, oids::kVarchar, 3 + 4, CastContext::Assignment, io);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().sqlstate(), "22001");
  EXPECT_EQ(a.status().message(), "value too long for type character varying(3)");
  auto e = Cast(v, oids::kText, oids::kVarchar, 3 + 4, CastContext::Explicit, io);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->as_bytes(), "abc");
  auto in = InputText(oids::kVarchar, 3 + 4, "abcd", io);  // typed input checks too
  EXPECT_FALSE(in.ok());
  auto null = Cast(Value::Null(), oids::kText, oids::kInt4, -1, CastContext::Explicit, io);
  ASSERT_TRUE(null.ok());
  EXPECT_TRUE(null->is_null());
  auto bad = Cast(Value::Int(1), oids::kDate, oids::kInt4, -1, CastContext::Explicit, io);
  EXPECT_EQ(bad.status().sqlstate(), "42846");
}

}  // namespace
}  // namespace plinth
