// Row-level COPY formats: splitting and unescaping incoming lines, escaping outgoing
// fields, for PostgreSQL's text and CSV formats.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"
#include "engine/session/copy.h"

namespace plinth::copyfmt {

// Splits one text-format line into fields (nullopt = NULL), undoing backslash escapes.
Status ParseTextLine(std::string_view line, const CopyOptions& opt, std::vector<std::optional<std::string>>* fields);
// Splits one CSV record (which may span lines: the caller passes a complete record).
Status ParseCsvRecord(std::string_view record, const CopyOptions& opt, std::vector<std::optional<std::string>>* fields);
// True when `text` so far ends inside a quoted CSV field (the record continues on the next line).
bool CsvRecordIncomplete(std::string_view text, const CopyOptions& opt);

void AppendTextField(std::string_view value, const CopyOptions& opt, std::string* out);
void AppendCsvField(std::string_view value, const CopyOptions& opt, std::string* out);

}  // namespace plinth::copyfmt
