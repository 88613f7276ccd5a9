// IndexScan: walks a range of a secondary index's entries and fetches each entry's row
// from the table's primary storage (see session/index_maintenance.h for the layout).
#include "engine/executor/query_operators.h"

#include "engine/executor/eval.h"
#include "engine/executor/row_codec.h"
#include "engine/storage/keys.h"

namespace plinth {

namespace {

class IndexScanOp : public Operator {
 public:
  explicit IndexScanOp(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    const TableDef& t = *node_.table;
    const IndexDef& ix = *node_.index;
    const KeyRange& r = node_.range;
    empty_ = false;
    Row none;
    std::string eq = keys::IndexPrefix(t.storage_id(), ix.id);
    for (size_t i = 0; i < r.equal.size(); i++) {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*r.equal[i], none, ctx, &v));
      if (v.is_null()) empty_ = true;  // `= NULL` matches nothing
      EncodeKey(node_.index_key_types[i], v, ix.is_descending(i), &eq);
    }
    std::string lo = eq, hi = keys::PrefixEnd(eq);
    size_t part = r.equal.size();
    // On a DESC part larger values sort first, so a value-space lower bound limits the
    // key-space upper end and vice versa.
    bool desc = part < ix.columns.size() && ix.is_descending(part);
    const Expr* value_lower = desc ? r.upper.get() : r.lower.get();
    const Expr* value_upper = desc ? r.lower.get() : r.upper.get();
    bool lower_inclusive = desc ? r.upper_inclusive : r.lower_inclusive;
    bool upper_inclusive = desc ? r.lower_inclusive : r.upper_inclusive;
    if (value_lower) {
      std::string k;
      PLINTH_RETURN_IF_ERROR(BoundKey(*value_lower, eq, part, ctx, &k));
      lo = lower_inclusive ? k : keys::PrefixEnd(k);
    }
    if (value_upper) {
      std::string k;
      PLINTH_RETURN_IF_ERROR(BoundKey(*value_upper, eq, part, ctx, &k));
      hi = upper_inclusive ? keys::PrefixEnd(k) : k;
    }
    row_prefix_ = keys::IndexPrefix(t.storage_id(), 0);
    cursor_ = ctx.txn->Scan(lo, hi);
    return Status::OK();
  }

  Result<bool> Next(ExecContext& ctx, Row* row) override {
    if (empty_) return false;
    for (;;) {
      if (ctx.cancel && ctx.cancel->load(std::memory_order_relaxed))
        return Status::Error("57014", "canceling statement due to user request");
      PLINTH_ASSIGN_OR_RETURN(bool more, cursor_->Next());
      if (!more) return false;
      row_key_ = row_prefix_;
      row_key_.append(cursor_->value());
      bool found = false;
      PLINTH_RETURN_IF_ERROR(ctx.txn->Get(row_key_, &row_value_, &found));
      // Entries change together with their rows, so every entry has its row; an
      // entry without one is skipped rather than trusted.
      if (!found) continue;
      PLINTH_RETURN_IF_ERROR(DecodeRow(row_value_, node_.table->columns.size(), node_.used_columns, row));
      return true;
    }
  }

  std::string_view current_key() const override { return row_key_; }

 private:
  // The encoded index key of `eq` followed by bound's value on key part `part`.
  Status BoundKey(const Expr& bound, const std::string& eq, size_t part, ExecContext& ctx, std::string* key) {
    Value v;
    Row none;
    PLINTH_RETURN_IF_ERROR(Eval(bound, none, ctx, &v));
    if (v.is_null()) empty_ = true;  // comparisons with NULL are never true
    *key = eq;
    EncodeKey(node_.index_key_types[part], v, node_.index->is_descending(part), key);
    return Status::OK();
  }

  const PlanNode& node_;
  std::unique_ptr<MergedCursor> cursor_;
  std::string row_prefix_, row_key_, row_value_;
  bool empty_ = false;
};

}  // namespace

std::unique_ptr<Operator> MakeIndexScan(const PlanNode& node) { return std::make_unique<IndexScanOp>(node); }

}  // namespace plinth
