// SystemScan: the rows of a catalog plugin relation. Catalog relations are small and
// describe the catalog as the statement sees it, so the plugin computes them all when
// the scan opens (a re-open, as under a nested loop, recomputes them).
#include "engine/executor/query_operators.h"
#include "engine/system/system_catalog.h"

namespace plinth {

namespace {

class SystemScanOp : public Operator {
 public:
  explicit SystemScanOp(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    rows_.clear();
    next_ = 0;
    return node_.system_catalog->Scan(*node_.system_relation, ctx.catalog_reader, *ctx.io, &rows_);
  }

  Result<bool> Next(ExecContext&, Row* row) override {
    if (next_ >= rows_.size()) return false;
    *row = std::move(rows_[next_++]);
    return true;
  }

 private:
  const PlanNode& node_;
  std::vector<Row> rows_;
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeSystemScan(const PlanNode& node) { return std::make_unique<SystemScanOp>(node); }

}  // namespace plinth
