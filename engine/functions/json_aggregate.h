// The results of the json aggregates (json_agg, jsonb_agg, json_object_agg,
// jsonb_object_agg), from the values the executor's Accumulator collected
// (executor/aggregate_functions.cc). Printed exactly as PostgreSQL 15 prints them.
#pragma once

#include <vector>

#include "engine/common/status.h"
#include "engine/types/types.h"

namespace plinth::functions {

// json_agg / jsonb_agg over `values` of SQL type `type` (NULL values become json null).
// json's text is "[1, 2]", with "\n " before each later array or record element.
Result<Value> JsonArrayAggregate(bool jsonb, Oid type, const std::vector<Value>& values, const IoContext& io);

// json_object_agg / jsonb_object_agg: `keys_and_values` alternate (no NULL keys). json's
// text is "{ \"k\" : v, ... }"; jsonb's object keeps the last value of a repeated key.
Result<Value> JsonObjectAggregate(bool jsonb, Oid key_type, Oid value_type, const std::vector<Value>& keys_and_values,
                                  const IoContext& io);

}  // namespace plinth::functions
