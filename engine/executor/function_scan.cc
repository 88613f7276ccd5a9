// Set-returning functions in FROM: generate_series(start, stop[, step]) over integers
// and unnest(array). Rows are produced one at a time; nothing is materialised.
#include "engine/executor/eval.h"
#include "engine/executor/query_operators.h"

namespace plinth {

namespace {

class FunctionScanOp : public Operator {
 public:
  explicit FunctionScanOp(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    Row none;
    args_.assign(node_.function_args.size(), Value());
    for (size_t i = 0; i < args_.size(); i++) PLINTH_RETURN_IF_ERROR(Eval(*node_.function_args[i], none, ctx, &args_[i]));
    done_ = false;
    for (const Value& a : args_) done_ = done_ || a.is_null();  // strict: null in, no rows
    if (done_) return Status::OK();
    if (node_.function == "unnest") {
      array_ = DecodeArray(args_[0].as_bytes());
      index_ = 0;
      return Status::OK();
    }
    current_ = args_[0].as_int();
    stop_ = args_[1].as_int();
    step_ = args_.size() > 2 ? args_[2].as_int() : 1;
    if (step_ == 0) return Status::Error("22023", "step size cannot equal zero");
    return Status::OK();
  }

  Result<bool> Next(ExecContext&, Row* row) override {
    if (done_) return false;
    row->resize(1);
    if (node_.function == "unnest") {
      if (index_ >= array_.elements.size()) return false;
      (*row)[0] = array_.elements[index_++];
      return true;
    }
    if (step_ > 0 ? current_ > stop_ : current_ < stop_) return false;
    (*row)[0] = Value::Int(current_);
    // Stop instead of overflowing past the type's end.
    if (__builtin_add_overflow(current_, step_, &current_)) done_ = true;
    return true;
  }

 private:
  const PlanNode& node_;
  Row args_;
  bool done_ = false;
  int64_t current_ = 0, stop_ = 0, step_ = 1;
  ArrayData array_;
  size_t index_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeFunctionScan(const PlanNode& node) { return std::make_unique<FunctionScanOp>(node); }

}  // namespace plinth
