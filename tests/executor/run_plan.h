// Shared by the executor tests: builds a plan's operator tree and reads every row.
#pragma once

#include <vector>

#include "engine/executor/operators.h"

namespace plinth::testing_support {

inline Result<std::vector<Row>> RunPlan(const PlanNode& plan, ExecContext& ctx) {
  auto op = BuildOperator(plan);
  PLINTH_RETURN_IF_ERROR(op->Open(ctx));
  std::vector<Row> rows;
  Row row;
  for (;;) {
    PLINTH_ASSIGN_OR_RETURN(bool more, op->Next(ctx, &row));
    if (!more) break;
    rows.push_back(row);
  }
  return rows;
}

}  // namespace plinth::testing_support
