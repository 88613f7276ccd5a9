// Pull-based (Volcano) operators: Open once, then Next until it says there are no more
// rows. Rows stream through; only Sort and Distinct hold their input.
#pragma once

#include <memory>
#include <string>

#include "engine/executor/exec_context.h"
#include "engine/planner/plan.h"

namespace plinth {

class Operator {
 public:
  virtual ~Operator() = default;
  virtual Status Open(ExecContext& ctx) = 0;
  // Fills *row and returns true, or returns false at the end.
  virtual Result<bool> Next(ExecContext& ctx, Row* row) = 0;
  // The storage key of the row last returned, for scans that feed UPDATE/DELETE.
  virtual std::string_view current_key() const { return {}; }
};

std::unique_ptr<Operator> BuildOperator(const PlanNode& node);

// Storage key of a table row: its primary-key columns (or the hidden row id) encoded
// in order under the table's primary index prefix.
std::string RowKey(const TableDef& table, const Row& row, int64_t hidden_row_id);

}  // namespace plinth
