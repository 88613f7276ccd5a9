// EXPLAIN ANALYZE's measurements. While an Instrumentation is alive on a thread,
// BuildOperator wraps every operator it builds for that thread's plan in a counter of
// rows, loops (opens) and time, keyed by the operator's PlanNode.
#pragma once

#include <map>
#include <memory>

#include "engine/executor/operators.h"
#include "engine/planner/explain.h"

namespace plinth {

class Instrumentation {
 public:
  explicit Instrumentation(bool timing);
  ~Instrumentation();
  Instrumentation(const Instrumentation&) = delete;
  Instrumentation& operator=(const Instrumentation&) = delete;

  // The one installed on this thread, or null.
  static Instrumentation* Current();

  std::unique_ptr<Operator> Wrap(const PlanNode& node, std::unique_ptr<Operator> op);
  const NodeActuals* Find(const PlanNode* node) const;

 private:
  bool timing_;
  Instrumentation* previous_;
  std::map<const PlanNode*, NodeActuals> actuals_;
};

}  // namespace plinth
