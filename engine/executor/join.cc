// Joins. Both keep the right input in memory and stream the left one: the nested loop
// for any condition (and LATERAL, whose right side is re-run per left row with the left
// row as its outer frame), the hash join for equality keys. Outer joins pad the missing
// side with nulls; RIGHT/FULL remember which right rows ever matched.

#include "engine/executor/eval.h"
#include "engine/executor/join_hash_table.h"
#include "engine/executor/query_operators.h"
#include "engine/planner/column_pruning.h"

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
    // The joined row needs the columns the nodes above read and those of the residual
    // condition; the rest stay null (copying every column of both sides into each
    // joined row was a large part of a join's cost).
    std::vector<bool> read = node.used_columns;
    read.resize(left_width_ + right_width_, node.used_columns.empty());
    if (node.predicate) MarkColumnsRead(*node.predicate, &read);
    for (size_t c = 0; c < left_width_; c++)
      if (read[c]) left_copied_.push_back(c);
    for (size_t c = 0; c < right_width_; c++)
      if (read[left_width_ + c]) right_copied_.push_back(c);
  }

  // The left input streams (the right one is materialized), so the left row's storage
  // key is current while its joined rows come out: UPDATE ... FROM / DELETE ... USING
  // keep their target table on the left to find the rows they change.
  std::string_view current_key() const override { return left_->current_key(); }

  bool KeepsUnmatchedLeft() const { return node_.join_type == JoinType::Left || node_.join_type == JoinType::Full; }
  bool KeepsUnmatchedRight() const { return node_.join_type == JoinType::Right || node_.join_type == JoinType::Full; }

  // Materializes the right input: of each row only the columns the joined row needs,
  // one flat array for all rows (RightRow), so a probe's match is one short read
  // instead of a row vector and its heap block. Each full row goes to OnRightRow first.
  Status LoadRight(ExecContext& ctx) {
    right_values_.clear();
    right_count_ = 0;
    PLINTH_RETURN_IF_ERROR(right_->Open(ctx));
    Row row;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, right_->Next(ctx, &row));
      if (!more) break;
      PLINTH_RETURN_IF_ERROR(OnRightRow(ctx, row, right_count_));
      for (size_t c : right_copied_) right_values_.push_back(row[c]);
      right_count_++;
    }
    right_matched_.assign(right_count_, false);
    return Status::OK();
  }
  // The hash join keys each right row as it is loaded.
  virtual Status OnRightRow(ExecContext&, const Row&, size_t) { return Status::OK(); }
  // Right row i's copied columns (right_copied_[j] is at [j]).
  const Value* RightRow(size_t i) const { return right_values_.data() + i * right_copied_.size(); }

  // The joined row [left..., right...], or the left row padded with nulls. Columns
  // nobody reads are not copied: they keep the null they got when *out was sized (the
  // callers hand the same row back each time and do not write into it).
  // `right` is a RightRow, or null for the padding.
  void Combine(const Row& left, const Value* right, Row* out) const {
    if (out->size() != left_width_ + right_width_) out->assign(left_width_ + right_width_, Value::Null());
    Value* dest = out->data();
    for (size_t c : left_copied_) dest[c] = left[c];
    dest += left_width_;
    if (right) {
      for (size_t j = 0; j < right_copied_.size(); j++) dest[right_copied_[j]] = right[j];
    } else {
      for (size_t c : right_copied_) dest[c] = Value::Null();
    }
  }

  // After the left input ends: the right rows no left row matched, with null left sides.
  bool NextUnmatchedRight(Row* out) {
    while (unmatched_next_ < right_count_) {
      size_t i = unmatched_next_++;
      if (right_matched_[i]) continue;
      out->assign(left_width_ + right_width_, Value::Null());
      for (size_t j = 0; j < right_copied_.size(); j++) (*out)[left_width_ + right_copied_[j]] = RightRow(i)[j];
      return true;
    }
    return false;
  }

  const PlanNode& node_;
  std::unique_ptr<Operator> left_, right_;
  size_t left_width_ = 0, right_width_ = 0;
  std::vector<size_t> left_copied_, right_copied_;  // the columns Combine copies
  std::vector<Value> right_values_;  // RightRow(0), RightRow(1), ...
  size_t right_count_ = 0;
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
      while (next_right_ < right_count_) {
        PLINTH_RETURN_IF_ERROR(CheckCancel(ctx));
        size_t i = next_right_++;
        Combine(left_row_, RightRow(i), out);
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

// The hash join: the right side goes into a JoinHashTable, left rows probe it. A
// drained join (planner/read_ahead.h) reads its left rows in batches: it hashes every
// row's key and prefetches its table slot, then finds every row's first match and
// prefetches that right row, and only then emits the batch's joined rows. The cache
// misses of a batch's probes overlap instead of each stalling its row in turn.
class HashJoinOp : public JoinBase {
 public:
  explicit HashJoinOp(const PlanNode& node) : JoinBase(node), batch_(node.drained ? kReadAhead : 1) {
    for (const auto& k : node.left_keys) key_types_.push_back(k->type);
  }

  Status Open(ExecContext& ctx) override {
    PLINTH_RETURN_IF_ERROR(left_->Open(ctx));
    table_.Reset(0);
    PLINTH_RETURN_IF_ERROR(LoadRight(ctx));  // fills the table through OnRightRow
    table_.Finish();
    batch_size_ = batch_next_ = 0;
    current_ = nullptr;
    have_left_ = false;
    left_done_ = false;
    unmatched_next_ = 0;
    return Status::OK();
  }

  // Reading ahead, the left input has moved past the current row: its key was kept.
  std::string_view current_key() const override {
    if (batch_.size() == 1) return left_->current_key();
    return current_ ? std::string_view(current_->storage_key) : std::string_view();
  }

  Result<bool> Next(ExecContext& ctx, Row* out) override {
    for (;;) {
      if (!have_left_) {
        if (left_done_) return KeepsUnmatchedRight() && NextUnmatchedRight(out);
        PLINTH_ASSIGN_OR_RETURN(current_, NextLeft(ctx));
        if (!current_) {
          left_done_ = true;
          continue;
        }
        have_left_ = true;
        left_matched_ = false;
      }
      Probe& p = *current_;
      while (p.match != JoinHashTable::kNone) {
        size_t i = table_.row(p.match);
        p.match = table_.Next(p.match, p.key, p.hash);
        Combine(p.row, RightRow(i), out);
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
        Combine(p.row, nullptr, out);
        return true;
      }
    }
  }

 private:
  static constexpr size_t kReadAhead = 32;  // left rows per batch when drained

  // A left row with its probe: the key, its hash and the next matching table slot.
  struct Probe {
    Row row;
    std::string storage_key;  // the left input's current_key() for this row
    std::string key;
    uint64_t hash = 0;
    uint32_t match = JoinHashTable::kNone;
  };

  // The next left row, probed; null at the end of the left input.
  Result<Probe*> NextLeft(ExecContext& ctx) {
    if (batch_next_ == batch_size_) PLINTH_RETURN_IF_ERROR(ReadBatch(ctx));
    if (batch_next_ == batch_size_) return nullptr;
    return &batch_[batch_next_++];
  }

  Status ReadBatch(ExecContext& ctx) {
    batch_size_ = batch_next_ = 0;
    bool ahead = batch_.size() > 1;
    usable_.assign(batch_.size(), false);
    while (batch_size_ < batch_.size()) {
      Probe& p = batch_[batch_size_];
      PLINTH_ASSIGN_OR_RETURN(bool more, left_->Next(ctx, &p.row));
      if (!more) break;
      PLINTH_RETURN_IF_ERROR(CheckCancel(ctx));
      if (ahead) p.storage_key.assign(left_->current_key());
      PLINTH_ASSIGN_OR_RETURN(bool has_key, EncodeJoinKey(node_.left_keys, p.row, ctx, &p.key));
      if (has_key) {
        p.hash = HashKeyBytes(p.key);
        table_.Prefetch(p.hash);
      }
      usable_[batch_size_++] = has_key;
    }
    for (size_t b = 0; b < batch_size_; b++) {
      Probe& p = batch_[b];
      p.match = usable_[b] ? table_.Find(p.key, p.hash) : JoinHashTable::kNone;
      if (ahead && p.match != JoinHashTable::kNone) __builtin_prefetch(RightRow(table_.row(p.match)));
    }
    return Status::OK();
  }

  Status OnRightRow(ExecContext& ctx, const Row& row, size_t i) override {
    PLINTH_ASSIGN_OR_RETURN(bool usable, EncodeJoinKey(node_.right_keys, row, ctx, &build_key_));
    if (usable) table_.Add(build_key_, static_cast<uint32_t>(i));
    return Status::OK();
  }

  // A row's join key, encoded into *key (reused: no allocation per row), or false when
  // a part is null: a null key never equals anything, so the row has no partner. Plain
  // column keys, the usual case, are read in place instead of evaluated into a copy.
  Result<bool> EncodeJoinKey(const std::vector<ExprPtr>& exprs, const Row& row, ExecContext& ctx, std::string* key) {
    key->clear();
    for (size_t k = 0; k < exprs.size(); k++) {
      const Expr& e = *exprs[k];
      const Value* v = &scratch_;
      if (e.kind == ExprKind::Column) v = &row[e.column];
      else PLINTH_RETURN_IF_ERROR(Eval(e, row, ctx, &scratch_));
      if (v->is_null()) return false;
      AppendHashKeyPart(key_types_[k], *v, key);
    }
    return true;
  }

  std::vector<Oid> key_types_;
  Value scratch_;  // a computed key part
  std::string build_key_;
  JoinHashTable table_;
  // Left rows read and probed, batch_[batch_next_..batch_size_) still to come; one at
  // a time unless drained.
  std::vector<Probe> batch_;
  std::vector<bool> usable_;  // per batch row: its key has no null
  size_t batch_size_ = 0, batch_next_ = 0;
  Probe* current_ = nullptr;  // the left row whose joined rows are coming out
  bool have_left_ = false, left_done_ = false, left_matched_ = false;
};

}  // namespace

std::unique_ptr<Operator> MakeNestedLoopJoin(const PlanNode& node) { return std::make_unique<NestedLoopJoinOp>(node); }
std::unique_ptr<Operator> MakeHashJoin(const PlanNode& node) { return std::make_unique<HashJoinOp>(node); }

}  // namespace plinth
