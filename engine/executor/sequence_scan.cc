// A sequence read as a relation (`SELECT last_value, is_called FROM seq`): one row of
// its current state, as PostgreSQL's sequence relations have (log_cnt is always 0 here:
// values are not pre-logged in batches).
#include "engine/executor/query_operators.h"
#include "engine/functions/session_services.h"

namespace plinth {

namespace {

class SequenceScanOp : public Operator {
 public:
  explicit SequenceScanOp(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    done_ = false;
    if (!ctx.services) return Status::Error("0A000", "reading a sequence needs a session");
    PLINTH_ASSIGN_OR_RETURN(state_, ctx.services->ReadSequence(node_.sequence));
    return Status::OK();
  }

  Result<bool> Next(ExecContext&, Row* row) override {
    if (done_) return false;
    done_ = true;
    *row = Row{Value::Int(state_.last_value), Value::Int(0), Value::Bool(state_.is_called)};
    return true;
  }

 private:
  const PlanNode& node_;
  SessionServices::SequenceState state_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Operator> MakeSequenceScan(const PlanNode& node) { return std::make_unique<SequenceScanOp>(node); }

}  // namespace plinth
