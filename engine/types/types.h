// The engine's type system: PostgreSQL type OIDs and metadata, text and binary I/O,
// casts, comparison, hashing and order-preserving key encoding. A Value (value.h) is a
// physical payload; every function here interprets it by the SQL type passed alongside.
// The bar is PostgreSQL 15: identical text output, SQLSTATEs and error texts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/status.h"
#include "engine/types/value.h"

namespace plinth {

namespace oids {
inline constexpr Oid kInvalid = 0;
inline constexpr Oid kBool = 16, kBytea = 17, kChar = 18, kName = 19, kInt8 = 20, kInt2 = 21,
                     kInt4 = 23, kRegproc = 24, kText = 25, kOid = 26, kJson = 114,
                     kFloat4 = 700, kFloat8 = 701, kUnknown = 705, kBpchar = 1042,
                     kVarchar = 1043, kDate = 1082, kTime = 1083, kTimestamp = 1114,
                     kTimestamptz = 1184, kInterval = 1186, kTimetz = 1266, kNumeric = 1700,
                     kRegclass = 2205, kRegtype = 2206, kRecord = 2249, kAny = 2276,
                     kAnyArray = 2277, kVoid = 2278, kAnyElement = 2283, kUuid = 2950,
                     kJsonb = 3802, kRegnamespace = 4089, kRegrole = 4096;
// Array types (pg_type.typarray of the element types above).
inline constexpr Oid kBoolArray = 1000, kByteaArray = 1001, kCharArray = 1002,
                     kNameArray = 1003, kInt2Array = 1005, kInt4Array = 1007,
                     kRegprocArray = 1008, kTextArray = 1009, kOidArray = 1028,
                     kBpcharArray = 1014, kVarcharArray = 1015, kInt8Array = 1016,
                     kFloat4Array = 1021, kFloat8Array = 1022, kTimestampArray = 1115,
                     kDateArray = 1182, kTimeArray = 1183, kTimestamptzArray = 1185,
                     kIntervalArray = 1187, kNumericArray = 1231, kTimetzArray = 1270,
                     kRegclassArray = 2210, kRegtypeArray = 2211, kRecordArray = 2287,
                     kUuidArray = 2951, kJsonArray = 199, kJsonbArray = 3807;
// int2vector / oidvector (pg_index.indkey, pg_proc.proargtypes): arrays subscripted from
// 0 whose text form is space-separated ("1 2").
inline constexpr Oid kInt2Vector = 22, kOidVector = 30;
}  // namespace oids

struct TypeInfo {
  Oid oid;
  const char* typname;  // pg_type.typname: "int4", "_int4", "varchar"
  int16_t typlen;       // -1 varlena, -2 cstring-like, else fixed size
  bool byval;
  char category;        // pg_type.typcategory: 'N','S','B','D','T','U','A','V','P','X'
  bool preferred;       // pg_type.typispreferred
  Oid elem;             // element type for arrays, else 0
  Oid array;            // the array type of this type, else 0
};
const TypeInfo* LookupType(Oid oid);  // nullptr if unknown
const std::vector<TypeInfo>& AllTypes();
inline bool IsArrayType(Oid oid) {
  const TypeInfo* t = LookupType(oid);
  return t != nullptr && t->elem != 0 && t->category == 'A';
}

// SQL type names as the grammar gives them (libpg-query TypeName: ["pg_catalog","int4"],
// ["varchar"], ["timestamptz"], ["double", "precision"] is not produced by the grammar).
// Returns (type oid, typmod); typmod is -1 when none was given.
Result<std::pair<Oid, int32_t>> ResolveTypeName(const std::vector<std::string>& names,
                                               const std::vector<int32_t>& typmods,
                                               bool is_array);
// PostgreSQL's format_type(): "character varying(10)", "integer", "numeric(10,2)".
std::string FormatType(Oid oid, int32_t typmod);

// Names and finds the objects behind the reg* types (regclass, regtype, regnamespace,
// regrole), which print as names, not numbers; doing so needs the catalog, which the
// types layer does not see, so the session installs one (engine/system/reg_names.h).
// Without one, reg* values print as bare OIDs and only numbers are accepted as input.
class RegNameResolver {
 public:
  virtual ~RegNameResolver() = default;
  // The text regclassout etc. would print; nullopt when no object has that OID.
  virtual std::optional<std::string> Name(Oid reg_type, Oid oid) const = 0;
  // The OID a name denotes (regclassin etc.), or the 42P01/42704 error PostgreSQL gives.
  virtual Result<Oid> Find(Oid reg_type, std::string_view name) const = 0;
};

inline bool IsRegType(Oid t) {
  return t == oids::kRegclass || t == oids::kRegtype || t == oids::kRegproc || t == oids::kRegnamespace ||
         t == oids::kRegrole;
}

struct IoContext {                   // session settings that change I/O
  std::string timezone = "UTC";      // IANA name or offset, as PG's TimeZone
  std::string datestyle = "ISO, MDY";
  std::string intervalstyle = "postgres";
  int extra_float_digits = 1;        // >0: shortest round-trip output
  bool bytea_output_hex = true;
  const RegNameResolver* reg_names = nullptr;  // reg* I/O by name; not owned
};

// Text I/O. InputText applies the typmod (varchar(n) length check, numeric(p,s) rounding).
Result<Value> InputText(Oid type, int32_t typmod, std::string_view text, const IoContext&);
void OutputText(Oid type, const Value& v, const IoContext&, std::string* out);  // appends
std::string OutputText(Oid type, const Value& v, const IoContext&);
// PostgreSQL binary wire format (typsend/typreceive).
Result<Value> ReceiveBinary(Oid type, int32_t typmod, std::string_view bytes, const IoContext&);
void SendBinary(Oid type, const Value& v, const IoContext&, std::string* out);
bool HasBinaryIo(Oid type);

// Casts. Implicit: function arguments and operators; Assignment: INSERT/UPDATE
// targets; Explicit: :: and CAST.
enum class CastContext { Implicit, Assignment, Explicit };
bool CanCast(Oid from, Oid to, CastContext ctx);
// A null value stays null. Errors as PostgreSQL.
Result<Value> Cast(const Value& v, Oid from, Oid to, int32_t to_typmod, CastContext ctx,
                   const IoContext&);
Result<Value> ApplyTypmod(const Value& v, Oid type, int32_t typmod, CastContext ctx);

// Same-type btree comparison (-1, 0, 1); v and w not null.
int Compare(Oid type, const Value& v, const Value& w);
uint64_t Hash(Oid type, const Value& v);  // equal under Compare => equal hashes

// Order-preserving key encoding: memcmp order of encodings equals Compare order, NULL
// sorts after every value (ASC NULLS LAST); `descending` inverts the column's bytes,
// which also puts NULL first (PostgreSQL's DESC default). Each encoding is prefix-free,
// so columns concatenate into composite keys.
void EncodeKey(Oid type, const Value& v, bool descending, std::string* out);
Result<Value> DecodeKey(Oid type, std::string_view* in, bool descending);

// One-dimensional arrays: the physical payload of an array Value.
struct ArrayData {
  int32_t lower_bound = 1;
  std::vector<Value> elements;  // Null elements allowed
};
std::string EncodeArray(const ArrayData& a);
ArrayData DecodeArray(std::string_view payload);  // payload must come from EncodeArray
inline Value MakeArrayValue(const ArrayData& a) { return Value::Bytes(EncodeArray(a)); }

}  // namespace plinth
