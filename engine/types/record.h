// Anonymous record values: what a function returning a record (information_schema.
// _pg_expandarray) produces. As in PostgreSQL, a record's shape (its field names and
// types) is registered once per process and named by a small id, which rides along as
// the typmod of the record type (oids::kRecord) so that (expr).field binds, and inside
// every value so that a value prints without its expression at hand.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/types/types.h"

namespace plinth {

struct RecordField {
  std::string name;
  Oid type = 0;
};

// The id of this shape (the same for the same fields), >= 0.
int32_t RegisterRecordShape(const std::vector<RecordField>& fields);
// The fields of a registered shape; null for an unknown id.
const std::vector<RecordField>* RecordShape(int32_t id);

std::string EncodeRecord(int32_t shape, const std::vector<Value>& values);
// payload must come from EncodeRecord.
std::pair<int32_t, std::vector<Value>> DecodeRecord(std::string_view payload);

// record_out: "(1,abc)", fields quoted when they hold separators, quotes or spaces, or
// are empty; NULL fields are empty.
void FormatRecord(const Value& v, const IoContext& io, std::string* out);

}  // namespace plinth
