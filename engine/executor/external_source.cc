#include "engine/executor/external_source.h"

namespace plinth {

namespace {

class ExternalSourceOp : public Operator {
 public:
  Status Open(ExecContext& ctx) override {
    if (!ctx.external) return Status::Error("XX000", "no external row source for this plan");
    return Status::OK();
  }
  Result<bool> Next(ExecContext& ctx, Row* row) override { return ctx.external->Next(row); }
};

}  // namespace

std::unique_ptr<Operator> MakeExternalSourceOperator() { return std::make_unique<ExternalSourceOp>(); }

}  // namespace plinth
