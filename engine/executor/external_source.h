// The operator for PlanKind::External: rows handed in by the caller (COPY FROM).
#pragma once

#include <memory>

#include "engine/executor/operators.h"

namespace plinth {

std::unique_ptr<Operator> MakeExternalSourceOperator();

}  // namespace plinth
