#include "engine/executor/instrument.h"

#include <chrono>

namespace plinth {

namespace {

thread_local Instrumentation* current_instrumentation = nullptr;

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

class CountingOp : public Operator {
 public:
  CountingOp(std::unique_ptr<Operator> inner, NodeActuals* actuals, bool timing)
      : inner_(std::move(inner)), actuals_(actuals), timing_(timing) {}

  Status Open(ExecContext& ctx) override {
    actuals_->loops++;
    first_row_pending_ = true;
    auto start = std::chrono::steady_clock::now();
    Status st = inner_->Open(ctx);
    if (timing_) actuals_->total_ms += MillisSince(start);
    return st;
  }

  Result<bool> Next(ExecContext& ctx, Row* row) override {
    auto start = std::chrono::steady_clock::now();
    auto r = inner_->Next(ctx, row);
    if (timing_) {
      double ms = MillisSince(start);
      actuals_->total_ms += ms;
      // Startup time: until the first row (or the end) of each loop.
      if (first_row_pending_) actuals_->startup_ms = actuals_->total_ms;
    }
    first_row_pending_ = false;
    if (r.ok() && r.value()) actuals_->rows++;
    return r;
  }

  std::string_view current_key() const override { return inner_->current_key(); }

 private:
  std::unique_ptr<Operator> inner_;
  NodeActuals* actuals_;
  bool timing_;
  bool first_row_pending_ = true;
};

}  // namespace

Instrumentation::Instrumentation(bool timing) : timing_(timing), previous_(current_instrumentation) {
  current_instrumentation = this;
}

Instrumentation::~Instrumentation() { current_instrumentation = previous_; }

Instrumentation* Instrumentation::Current() { return current_instrumentation; }

std::unique_ptr<Operator> Instrumentation::Wrap(const PlanNode& node, std::unique_ptr<Operator> op) {
  return std::make_unique<CountingOp>(std::move(op), &actuals_[&node], timing_);
}

const NodeActuals* Instrumentation::Find(const PlanNode* node) const {
  auto it = actuals_.find(node);
  return it == actuals_.end() ? nullptr : &it->second;
}

}  // namespace plinth
