// json_to_record, jsonb_to_record, json_to_recordset, jsonb_to_recordset in FROM, with
// the column definition list that names and types their output: PostgreSQL's
// "populate" rules, for the rows of a FunctionScan.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/common/status.h"
#include "engine/types/types.h"

namespace plinth {

bool IsJsonToRecordFunction(std::string_view name);

// The rows `function` yields for `json` (of type json or jsonb; NULL: one row of NULLs
// for the _record forms, none for _recordset), one value per defined column: a key's
// value converted to the column's type (absent or JSON null: NULL; strings by their
// contents, other scalars by their text, arrays into array columns element by element,
// anything into json/jsonb columns as JSON).
Status JsonToRecordRows(std::string_view function, const Value& json,
                        const std::vector<std::string>& names, const std::vector<Oid>& types,
                        const std::vector<int32_t>& typmods, const IoContext& io,
                        std::vector<std::vector<Value>>* rows);

}  // namespace plinth
