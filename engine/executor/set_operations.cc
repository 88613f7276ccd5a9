// UNION/INTERSECT/EXCEPT [ALL] and WITH RECURSIVE. Set operations compare whole rows
// by their exact encoding, so NULLs are equal to each other as SQL requires here.
// UNION [ALL] streams both inputs; INTERSECT/EXCEPT count the right input's rows and
// stream the left one against the counts.
#include <unordered_map>
#include <unordered_set>

#include "engine/executor/query_operators.h"

namespace plinth {

namespace {

Status CheckCancel(const ExecContext& ctx) {
  if (ctx.cancel && ctx.cancel->load(std::memory_order_relaxed))
    return Status::Error("57014", "canceling statement due to user request");
  return Status::OK();
}

class SetOpOp : public Operator {
 public:
  explicit SetOpOp(const PlanNode& node)
      : node_(node), left_(BuildOperator(*node.child)), right_(BuildOperator(*node.right)) {}

  Status Open(ExecContext& ctx) override {
    PLINTH_RETURN_IF_ERROR(left_->Open(ctx));
    seen_.clear();
    counts_.clear();
    on_right_ = false;
    if (node_.set_op == SetOpKind::Union) return right_->Open(ctx);
    PLINTH_RETURN_IF_ERROR(right_->Open(ctx));
    Row row;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, right_->Next(ctx, &row));
      if (!more) break;
      counts_[RowIdentity(row, node_.column_types)]++;
    }
    return Status::OK();
  }

  Result<bool> Next(ExecContext& ctx, Row* row) override {
    for (;;) {
      PLINTH_RETURN_IF_ERROR(CheckCancel(ctx));
      if (node_.set_op == SetOpKind::Union) {
        Operator* input = on_right_ ? right_.get() : left_.get();
        PLINTH_ASSIGN_OR_RETURN(bool more, input->Next(ctx, row));
        if (!more) {
          if (on_right_) return false;
          on_right_ = true;
          continue;
        }
        if (node_.set_all || seen_.insert(RowIdentity(*row, node_.column_types)).second) return true;
        continue;
      }
      PLINTH_ASSIGN_OR_RETURN(bool more, left_->Next(ctx, row));
      if (!more) return false;
      std::string id = RowIdentity(*row, node_.column_types);
      auto it = counts_.find(id);
      int64_t in_right = it == counts_.end() ? 0 : it->second;
      if (node_.set_op == SetOpKind::Intersect) {
        if (in_right <= 0) continue;
        // ALL: min(m, n) copies; otherwise one, and the count is used up.
        it->second = node_.set_all ? in_right - 1 : 0;
        return true;
      }
      if (in_right > 0 && node_.set_all) {
        it->second--;  // EXCEPT ALL: m - n copies
        continue;
      }
      if (in_right > 0) continue;
      if (node_.set_all || seen_.insert(std::move(id)).second) return true;
    }
  }

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> left_, right_;
  std::unordered_set<std::string> seen_;
  std::unordered_map<std::string, int64_t> counts_;
  bool on_right_ = false;
};

// WITH RECURSIVE: the non-recursive term's rows, then the recursive term run again and
// again over the previous round's new rows (the work table) until a round adds none.
class RecursiveUnionOp : public Operator {
 public:
  explicit RecursiveUnionOp(const PlanNode& node)
      : node_(node), initial_(BuildOperator(*node.child)), recursive_(BuildOperator(*node.right)) {}

  Status Open(ExecContext& ctx) override {
    PLINTH_RETURN_IF_ERROR(initial_->Open(ctx));
    in_recursive_ = false;
    done_ = false;
    work_.clear();
    next_work_.clear();
    seen_.clear();
    return Status::OK();
  }

  Result<bool> Next(ExecContext& ctx, Row* row) override {
    while (!done_) {
      PLINTH_RETURN_IF_ERROR(CheckCancel(ctx));
      Operator* input = in_recursive_ ? recursive_.get() : initial_.get();
      PLINTH_ASSIGN_OR_RETURN(bool more, input->Next(ctx, row));
      if (more) {
        if (!node_.set_all && !seen_.insert(RowIdentity(*row, node_.column_types)).second) continue;
        next_work_.push_back(*row);
        return true;
      }
      // A round ended: its new rows become the work table of the next one.
      work_ = std::move(next_work_);
      next_work_.clear();
      if (work_.empty()) {
        done_ = true;
        ctx.work_tables.erase(node_.work_table);
        break;
      }
      ctx.work_tables[node_.work_table] = &work_;
      in_recursive_ = true;
      PLINTH_RETURN_IF_ERROR(recursive_->Open(ctx));
    }
    return false;
  }

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> initial_, recursive_;
  std::vector<Row> work_, next_work_;
  std::unordered_set<std::string> seen_;
  bool in_recursive_ = false, done_ = false;
};

class WorkTableScanOp : public Operator {
 public:
  explicit WorkTableScanOp(const PlanNode& node) : node_(node) {}
  Status Open(ExecContext& ctx) override {
    auto it = ctx.work_tables.find(node_.work_table);
    rows_ = it == ctx.work_tables.end() ? nullptr : it->second;
    next_ = 0;
    return Status::OK();
  }
  Result<bool> Next(ExecContext&, Row* row) override {
    if (!rows_ || next_ >= rows_->size()) return false;
    *row = (*rows_)[next_++];
    return true;
  }

 private:
  const PlanNode& node_;
  const std::vector<Row>* rows_ = nullptr;
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeSetOp(const PlanNode& node) { return std::make_unique<SetOpOp>(node); }
std::unique_ptr<Operator> MakeRecursiveUnion(const PlanNode& node) { return std::make_unique<RecursiveUnionOp>(node); }
std::unique_ptr<Operator> MakeWorkTableScan(const PlanNode& node) { return std::make_unique<WorkTableScanOp>(node); }

}  // namespace plinth
