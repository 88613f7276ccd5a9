// The stored form of a table row (the value under its primary key): a format byte,
// then per column a tag byte (null, bool, int, float, bytes) and its payload. Each
// column is self-describing, so a reader never trusts a length it cannot check.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"
#include "engine/executor/exec_context.h"

namespace plinth {

void EncodeRow(const Row& row, std::string* out);
// Decodes exactly `columns` values; a row written before ADD COLUMN is padded with NULLs.
Status DecodeRow(std::string_view bytes, size_t columns, Row* row);
// The same, but only the columns `wanted` marks (empty: all) are decoded; the others are
// checked and skipped, and left null. The Values already in *row are overwritten in
// place, so a scan that decodes into the same row keeps its string buffers.
Status DecodeRow(std::string_view bytes, size_t columns, const std::vector<bool>& wanted, Row* row);

}  // namespace plinth
