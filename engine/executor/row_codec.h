// The stored form of a table row (the value under its primary key): a format byte,
// then per column a tag byte (null, bool, int, float, bytes) and its payload. Each
// column is self-describing, so a reader never trusts a length it cannot check.
#pragma once

#include <string>
#include <string_view>

#include "engine/common/status.h"
#include "engine/executor/exec_context.h"

namespace plinth {

void EncodeRow(const Row& row, std::string* out);
// Decodes exactly `columns` values; a row written before ADD COLUMN is padded with NULLs.
Status DecodeRow(std::string_view bytes, size_t columns, Row* row);

}  // namespace plinth
