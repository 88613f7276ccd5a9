// Joins. Both keep the right input in memory and stream the left one: the nested loop
// for any condition (and LATERAL, whose right side is re-run per left row with the left
// row as its outer frame), the hash join for equality keys. Outer joins pad the missing
// side with nulls; RIGHT/FULL remember which right rows ever matched.

#include "engine/executor/eval.h"
#include "engine/executor/join_hash_table.h"
#include "engine/executor/query_operators.h"

namespace plinth {

namespace {

Status CheckCancel(const ExecContext& ctx) {
  if (ctx.cancel && ctx.cancel->load(std::memory_order_relaxed))
    return Status::Error("57014", "canceling statement due to user request");
  return Status::OK();
}

// What the two joins share: the inputs, the padding rules and the final pass over
// unmatched right rows.
class JoinBase : public Operator {
 protected:
  JoinBase(const PlanNode& node)
      : node_(node), left_(BuildOperator(*node.child)), right_(BuildOperator(*node.right)) {
    left_width_ = node.child->column_types.size();
    right_width_ = node.right->column_types.size();
  }

  // The left input streams (the right one is materialized), so the left row's storage
  // key is current while its joined rows come out: UPDATE ... FROM / DELETE ... USING
  // keep their target table on the left to find the rows they change.
  std::string_view current_key() const override { return left_->current_key(); }

  bool KeepsUnmatchedLeft() const { return node_.join_type == JoinType::Left || node_.join_type == JoinType::Full; }
  bool KeepsUnmatchedRight() const { return node_.join_type == JoinType::Right || node_.join_type == JoinType::Full; }

  Status LoadRight(ExecContext& ctx) {
    right_rows_.clear();
    PLINTH_RETURN_IF_ERROR(right_->Open(ctx));
    Row row;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, right_->Next(ctx, &row));
      if (!more) break;
      right_rows_.push_back(row);
    }
    right_matched_.assign(right_rows_.size(), false);
    return Status::OK();
  }

  void Combine(const Row& left, const Row* right, Row* out) const {
    out->clear();
    out->insert(out->end(), left.begin(), left.end());
    if (right) out->insert(out->end(), right->begin(), right->end());
    else out->resize(left_width_ + right_width_);
  }

  // After the left input ends: the right rows no left row matched, with null left sides.
  bool NextUnmatchedRight(Row* out) {
    while (unmatched_next_ < right_rows_.size()) {
      size_t i = unmatched_next_++;
      if (right_matched_[i]) continue;
      out->assign(left_width_, Value::Null());
      out->insert(out->end(), right_rows_[i].begin(), right_rows_[i].end());
      return true;
    }
    return false;
  }

  const PlanNode& node_;
  std::unique_ptr<Operator> left_, right_;
  size_t left_width_ = 0, right_width_ = 0;
  std::vector<Row> right_rows_;
  std::vector<bool> right_matched_;
  size_t unmatched_next_ = 0;
};

class NestedLoopJoinOp : public JoinBase {
 public:
  explicit NestedLoopJoinOp(const PlanNode& node) : JoinBase(node) {}

  Status Open(ExecContext& ctx) override {
    PLINTH_RETURN_IF_ERROR(left_->Open(ctx));
    if (!node_.lateral) PLINTH_RETURN_IF_ERROR(LoadRight(ctx));
    have_left_ = false;
    left_done_ = false;
    unmatched_next_ = 0;
    return Status::OK();
  }

  Result<bool> Next(ExecContext& ctx, Row* out) override {
    for (;;) {
      if (!have_left_) {
        if (left_done_) return KeepsUnmatchedRight() && NextUnmatchedRight(out);
        PLINTH_ASSIGN_OR_RETURN(bool more, left_->Next(ctx, &left_row_));
        if (!more) {
          left_done_ = true;
          continue;
        }
        if (node_.lateral) PLINTH_RETURN_IF_ERROR(LoadLateral(ctx));
        have_left_ = true;
        left_matched_ = false;
        next_right_ = 0;
      }
      while (next_right_ < right_rows_.size()) {
        PLINTH_RETURN_IF_ERROR(CheckCancel(ctx));
        size_t i = next_right_++;
        Combine(left_row_, &right_rows_[i], out);
        if (node_.predicate) {
          PLINTH_ASSIGN_OR_RETURN(bool ok, EvalPredicate(*node_.predicate, *out, ctx));
          if (!ok) continue;
        }
        left_matched_ = true;
        right_matched_[i] = true;
        return true;
      }
      have_left_ = false;
      if (!left_matched_ && KeepsUnmatchedLeft()) {
        Combine(left_row_, nullptr, out);
        return true;
      }
    }
  }

 private:
  // LATERAL: the right side reads the left row through its outer frame.
  Status LoadLateral(ExecContext& ctx) {
    Row frame(node_.lateral_args.size());
    for (size_t i = 0; i < frame.size(); i++) PLINTH_RETURN_IF_ERROR(Eval(*node_.lateral_args[i], left_row_, ctx, &frame[i]));
    ctx.outer_frames.push_back(std::move(frame));
    Status st = LoadRight(ctx);
    ctx.outer_frames.pop_back();
    return st;
  }

  Row left_row_;
  bool have_left_ = false, left_done_ = false, left_matched_ = false;
  size_t next_right_ = 0;
};

class HashJoinOp : public JoinBase {
 public:
  explicit HashJoinOp(const PlanNode& node) : JoinBase(node) {
    for (const auto& k : node.left_keys) key_types_.push_back(k->type);
  }

  Status Open(ExecContext& ctx) override {
    PLINTH_RETURN_IF_ERROR(left_->Open(ctx));
    PLINTH_RETURN_IF_ERROR(LoadRight(ctx));
    table_.Reset(right_rows_.size());
    Row keys(node_.right_keys.size());
    for (size_t i = 0; i < right_rows_.size(); i++) {
      PLINTH_ASSIGN_OR_RETURN(bool usable, EvalKeys(node_.right_keys, right_rows_[i], ctx, &keys));
      if (usable) table_.Add(RowIdentity(keys, key_types_), static_cast<uint32_t>(i));
    }
    table_.Finish();
    have_left_ = false;
    left_done_ = false;
    unmatched_next_ = 0;
    return Status::OK();
  }

  Result<bool> Next(ExecContext& ctx, Row* out) override {
    for (;;) {
      if (!have_left_) {
        if (left_done_) return KeepsUnmatchedRight() && NextUnmatchedRight(out);
        PLINTH_ASSIGN_OR_RETURN(bool more, left_->Next(ctx, &left_row_));
        if (!more) {
          left_done_ = true;
          continue;
        }
        PLINTH_RETURN_IF_ERROR(CheckCancel(ctx));
        Row keys(node_.left_keys.size());
        PLINTH_ASSIGN_OR_RETURN(bool usable, EvalKeys(node_.left_keys, left_row_, ctx, &keys));
        candidate_ = JoinHashTable::kNone;
        if (usable) {
          probe_key_ = RowIdentity(keys, key_types_);
          candidate_ = table_.First(probe_key_, &probe_hash_);
        }
        have_left_ = true;
        left_matched_ = false;
      }
      while (candidate_ != JoinHashTable::kNone) {
        size_t i = table_.row(candidate_);
        candidate_ = table_.Next(candidate_, probe_key_, probe_hash_);
        Combine(left_row_, &right_rows_[i], out);
        if (node_.predicate) {
          PLINTH_ASSIGN_OR_RETURN(bool ok, EvalPredicate(*node_.predicate, *out, ctx));
          if (!ok) continue;
        }
        left_matched_ = true;
        right_matched_[i] = true;
        return true;
      }
      have_left_ = false;
      if (!left_matched_ && KeepsUnmatchedLeft()) {
        Combine(left_row_, nullptr, out);
        return true;
      }
    }
  }

 private:
  // A null key never equals anything: such a row has no partner.
  static Result<bool> EvalKeys(const std::vector<ExprPtr>& exprs, const Row& row, ExecContext& ctx, Row* keys) {
    for (size_t k = 0; k < exprs.size(); k++) {
      PLINTH_RETURN_IF_ERROR(Eval(*exprs[k], row, ctx, &(*keys)[k]));
      if ((*keys)[k].is_null()) return false;
    }
    return true;
  }

  std::vector<Oid> key_types_;
  JoinHashTable table_;
  Row left_row_;
  bool have_left_ = false, left_done_ = false, left_matched_ = false;
  // The probe in progress: the left row's key and the next matching entry.
  std::string probe_key_;
  uint64_t probe_hash_ = 0;
  uint32_t candidate_ = JoinHashTable::kNone;
};

}  // namespace

std::unique_ptr<Operator> MakeNestedLoopJoin(const PlanNode& node) { return std::make_unique<NestedLoopJoinOp>(node); }
std::unique_ptr<Operator> MakeHashJoin(const PlanNode& node) { return std::make_unique<HashJoinOp>(node); }

}  // namespace plinth
