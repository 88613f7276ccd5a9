// Aggregate transition state: one Accumulator per aggregate call per group. Feed()
// takes one input row's argument values (after FILTER); Finish() gives the result with
// PostgreSQL's types and overflow rules (sum(int4) -> bigint, avg(int) -> numeric...).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "engine/planner/plan.h"
#include "engine/types/datetime.h"
#include "engine/types/numeric.h"
#include "engine/types/types.h"

namespace plinth {

class Accumulator {
 public:
  explicit Accumulator(const AggregateCall& call) : call_(call) {}
  Status Feed(const Value* args);
  // `io`: the session's I/O settings, which the json aggregates print values with
  // (timestamptz in the session's zone); null: the defaults.
  Result<Value> Finish(const IoContext* io = nullptr) const;

 private:
  const AggregateCall& call_;
  int64_t count_ = 0;      // inputs seen (non-null for strict aggregates)
  __int128 int_sum_ = 0;   // sum/avg of integers
  double float_sum_ = 0;
  Numeric numeric_sum_;
  Value best_;             // min/max
  bool bool_acc_ = false;  // bool_and/bool_or
  std::string text_;       // string_agg
  ArrayData array_;        // array_agg
  // variance/stddev: exact sums for integer and numeric input; for floats, PostgreSQL's
  // Youngs-Cramer running sum of squared deviations (float_sum_ is Sx there).
  Numeric numeric_sum_squares_;
  double float_sxx_ = 0;
  Result<Value> FinishStatistic() const;
  datetime::Interval interval_sum_;  // sum/avg of intervals
  datetime::Interval IntervalAverage() const;
};

}  // namespace plinth
