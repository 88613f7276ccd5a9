// PostgreSQL's SQL spellings of types: format_type() and information_schema's
// data_type and its length/precision columns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace catalog_pg {

// format_type(oid, typmod): "integer", "character varying(20)", "numeric(10,2)",
// "text[]". `fallback_name` (pg_type.typname) serves types this table does not know;
// nullopt when there is none either.
std::optional<std::string> FormatType(uint32_t oid, int32_t typmod, const std::string& fallback_name = "");

struct TypeFacts {
  std::string data_type;  // information_schema.columns.data_type ("ARRAY" for arrays)
  std::string udt_name;   // pg_type.typname
  std::optional<std::string> char_max_length, numeric_precision, numeric_radix, numeric_scale, datetime_precision;
};
TypeFacts FactsOf(uint32_t oid, int32_t typmod);

}  // namespace catalog_pg
