#include "engine/executor/operators.h"
#include "engine/executor/instrument.h"
#include "engine/executor/external_source.h"
#include "engine/executor/query_operators.h"

#include <algorithm>
#include <unordered_set>

#include "engine/executor/eval.h"
#include "engine/executor/row_codec.h"
#include "engine/storage/keys.h"

namespace plinth {

namespace {

Status CheckCancel(const ExecContext& ctx) {
  if (ctx.cancel && ctx.cancel->load(std::memory_order_relaxed))
    return Status::Error("57014", "canceling statement due to user request");
  return Status::OK();
}

class OneRowOp : public Operator {
 public:
  Status Open(ExecContext&) override {
    done_ = false;
    return Status::OK();
  }
  Result<bool> Next(ExecContext&, Row* row) override {
    if (done_) return false;
    done_ = true;
    row->clear();
    return true;
  }

 private:
  bool done_ = false;
};

class ValuesOp : public Operator {
 public:
  explicit ValuesOp(const PlanNode& node) : node_(node) {}
  Status Open(ExecContext&) override {
    next_ = 0;
    return Status::OK();
  }
  Result<bool> Next(ExecContext& ctx, Row* row) override {
    if (next_ >= node_.rows.size()) return false;
    const auto& exprs = node_.rows[next_++];
    row->resize(exprs.size());
    Row empty;
    for (size_t i = 0; i < exprs.size(); i++) PLINTH_RETURN_IF_ERROR(Eval(*exprs[i], empty, ctx, &(*row)[i]));
    return true;
  }

 private:
  const PlanNode& node_;
  size_t next_ = 0;
};

class TableScanOp : public Operator {
 public:
  explicit TableScanOp(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    const TableDef& t = *node_.table;
    std::string prefix = keys::IndexPrefix(t.storage_id(), 0);
    std::string lo = prefix, hi = keys::PrefixEnd(prefix);
    const KeyRange& r = node_.range;
    empty_ = false;
    Row none;
    std::string eq = prefix;
    for (size_t i = 0; i < r.equal.size(); i++) {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*r.equal[i], none, ctx, &v));
      if (v.is_null()) empty_ = true;
      EncodeKey(t.columns[t.primary_key[i]].type, v, false, &eq);
    }
    lo = eq;
    hi = keys::PrefixEnd(eq);
    if (r.lower || r.upper) {
      Oid type = t.columns[t.primary_key[r.equal.size()]].type;
      if (r.lower) {
        Value v;
        PLINTH_RETURN_IF_ERROR(Eval(*r.lower, none, ctx, &v));
        if (v.is_null()) empty_ = true;
        std::string k = eq;
        EncodeKey(type, v, false, &k);
        lo = r.lower_inclusive ? k : keys::PrefixEnd(k);
      }
      if (r.upper) {
        Value v;
        PLINTH_RETURN_IF_ERROR(Eval(*r.upper, none, ctx, &v));
        if (v.is_null()) empty_ = true;
        std::string k = eq;
        EncodeKey(type, v, false, &k);
        hi = r.upper_inclusive ? keys::PrefixEnd(k) : k;
      }
    }
    cursor_ = ctx.txn->Scan(lo, hi);
    return Status::OK();
  }

  Result<bool> Next(ExecContext& ctx, Row* row) override {
    if (empty_) return false;
    PLINTH_RETURN_IF_ERROR(CheckCancel(ctx));
    PLINTH_ASSIGN_OR_RETURN(bool more, cursor_->Next());
    if (!more) return false;
    // Only the columns the plan reads (planner/column_pruning.h).
    PLINTH_RETURN_IF_ERROR(DecodeRow(cursor_->value(), node_.table->columns.size(), node_.used_columns, row));
    return true;
  }

  std::string_view current_key() const override { return cursor_->key(); }

 private:
  const PlanNode& node_;
  std::unique_ptr<MergedCursor> cursor_;
  bool empty_ = false;
};

class FilterOp : public Operator {
 public:
  FilterOp(const PlanNode& node, std::unique_ptr<Operator> child) : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override { return child_->Open(ctx); }
  Result<bool> Next(ExecContext& ctx, Row* row) override {
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, row));
      if (!more) return false;
      PLINTH_ASSIGN_OR_RETURN(bool keep, EvalPredicate(*node_.predicate, *row, ctx));
      if (keep) return true;
    }
  }
  std::string_view current_key() const override { return child_->current_key(); }

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
};

class ProjectOp : public Operator {
 public:
  ProjectOp(const PlanNode& node, std::unique_ptr<Operator> child) : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override { return child_->Open(ctx); }
  Result<bool> Next(ExecContext& ctx, Row* row) override {
    PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &input_));
    if (!more) return false;
    row->resize(node_.exprs.size());
    for (size_t i = 0; i < node_.exprs.size(); i++) PLINTH_RETURN_IF_ERROR(Eval(*node_.exprs[i], input_, ctx, &(*row)[i]));
    return true;
  }

  std::string_view current_key() const override { return child_->current_key(); }

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  Row input_;
};

// Sorts its input; with a top-N bound (LIMIT under ORDER BY) it keeps only the best
// limit + offset rows in a heap instead of the whole input.
class SortOp : public Operator {
 public:
  SortOp(const PlanNode& node, std::unique_ptr<Operator> child) : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override {
    PLINTH_RETURN_IF_ERROR(child_->Open(ctx));
    rows_.clear();
    next_ = 0;
    PLINTH_ASSIGN_OR_RETURN(int64_t bound, TopN(ctx));
    struct Keyed {
      Row keys;
      size_t seq;  // arrival order: ties keep it, as a stable sort would
      Row row;
      std::string storage_key;  // the input's current_key(), for SELECT ... FOR UPDATE
    };
    const auto& sk = node_.keys;
    auto before = [&](const Keyed& a, const Keyed& b) {
      int c = CompareSortKeys(sk, a.keys, b.keys);
      return c != 0 ? c < 0 : a.seq < b.seq;
    };
    std::vector<Keyed> keyed;
    Row row;
    for (size_t seq = 0; bound != 0; seq++) {
      PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &row));
      if (!more) break;
      Keyed k{Row(sk.size()), seq, {}, {}};
      for (size_t i = 0; i < sk.size(); i++) PLINTH_RETURN_IF_ERROR(Eval(*sk[i].expr, row, ctx, &k.keys[i]));
      if (bound > 0 && keyed.size() == static_cast<size_t>(bound)) {
        // keyed is a max-heap on `before`: its front is the worst row kept so far.
        if (!before(k, keyed.front())) continue;
        std::pop_heap(keyed.begin(), keyed.end(), before);
        keyed.pop_back();
      }
      k.row = row;
      k.storage_key.assign(child_->current_key());
      keyed.push_back(std::move(k));
      if (bound > 0) std::push_heap(keyed.begin(), keyed.end(), before);
    }
    std::sort(keyed.begin(), keyed.end(), before);
    storage_keys_.clear();
    for (auto& k : keyed) {
      rows_.push_back(std::move(k.row));
      storage_keys_.push_back(std::move(k.storage_key));
    }
    return Status::OK();
  }
  Result<bool> Next(ExecContext&, Row* row) override {
    if (next_ >= rows_.size()) return false;
    *row = std::move(rows_[next_++]);
    return true;
  }
  std::string_view current_key() const override {
    return next_ > 0 && next_ <= storage_keys_.size() ? std::string_view(storage_keys_[next_ - 1]) : std::string_view();
  }

 private:
  // -1: no bound; else how many rows the Limit above can ever take.
  Result<int64_t> TopN(ExecContext& ctx) const {
    if (!node_.limit) return -1;
    Row none;
    Value limit, offset;
    PLINTH_RETURN_IF_ERROR(Eval(*node_.limit, none, ctx, &limit));
    if (node_.offset) PLINTH_RETURN_IF_ERROR(Eval(*node_.offset, none, ctx, &offset));
    if (limit.is_null() || limit.as_int() < 0 || (!offset.is_null() && offset.as_int() < 0)) return -1;
    int64_t off = offset.is_null() ? 0 : offset.as_int();
    if (limit.as_int() > INT64_MAX / 2 || off > INT64_MAX / 2 || limit.as_int() + off > (1 << 20)) return -1;
    return limit.as_int() + off;
  }

  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  std::vector<Row> rows_;
  std::vector<std::string> storage_keys_;
  size_t next_ = 0;
};

class LimitOp : public Operator {
 public:
  LimitOp(const PlanNode& node, std::unique_ptr<Operator> child) : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override {
    Row none;
    limit_ = -1;
    offset_ = 0;
    if (node_.limit) {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*node_.limit, none, ctx, &v));
      if (!v.is_null()) {
        if (v.as_int() < 0) return Status::Error("2201W", "LIMIT must not be negative");
        limit_ = v.as_int();
      }
    }
    if (node_.offset) {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*node_.offset, none, ctx, &v));
      if (!v.is_null()) {
        if (v.as_int() < 0) return Status::Error("2201X", "OFFSET must not be negative");
        offset_ = v.as_int();
      }
    }
    returned_ = 0;
    node_done_ = false;
    return child_->Open(ctx);
  }
  Result<bool> Next(ExecContext& ctx, Row* row) override {
    if (node_done_) return false;
    if (limit_ >= 0 && returned_ >= limit_) {
      // FETCH ... WITH TIES: rows equal to the last one on the sort keys still count.
      if (!node_.with_ties || returned_ == 0) return false;
      PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, row));
      if (!more) return false;
      PLINTH_ASSIGN_OR_RETURN(Row keys, SortKeysOf(*row, ctx));
      if (CompareSortKeys(node_.keys, keys, last_keys_) != 0) {
        limit_ = returned_;
        node_done_ = true;
        return false;
      }
      return true;
    }
    while (offset_ > 0) {
      PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, row));
      if (!more) return false;
      offset_--;
    }
    PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, row));
    if (more) returned_++;
    if (more && node_.with_ties && returned_ == limit_) {
      PLINTH_ASSIGN_OR_RETURN(last_keys_, SortKeysOf(*row, ctx));
    }
    return more;
  }

  std::string_view current_key() const override { return child_->current_key(); }

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  Result<Row> SortKeysOf(const Row& row, ExecContext& ctx) const {
    Row keys(node_.keys.size());
    for (size_t i = 0; i < keys.size(); i++) PLINTH_RETURN_IF_ERROR(Eval(*node_.keys[i].expr, row, ctx, &keys[i]));
    return keys;
  }

  int64_t limit_ = -1, offset_ = 0, returned_ = 0;
  Row last_keys_;
  bool node_done_ = false;
};

class DistinctOp : public Operator {
 public:
  DistinctOp(const PlanNode& node, std::unique_ptr<Operator> child) : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override {
    seen_.clear();
    return child_->Open(ctx);
  }
  Result<bool> Next(ExecContext& ctx, Row* row) override {
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, row));
      if (!more) return false;
      // The order-preserving key encoding doubles as an exact identity for rows.
      std::string key;
      if (node_.distinct_columns.empty()) {
        for (size_t i = 0; i < row->size(); i++) EncodeKey(node_.column_types[i], (*row)[i], false, &key);
      } else {
        // DISTINCT ON: the first row (in sort order) of each group of these columns.
        for (int c : node_.distinct_columns) EncodeKey(node_.column_types[c], (*row)[c], false, &key);
      }
      if (seen_.insert(std::move(key)).second) return true;
    }
  }

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

namespace {

std::unique_ptr<Operator> BuildUninstrumented(const PlanNode& node) {
  switch (node.kind) {
    case PlanKind::OneRow: return std::make_unique<OneRowOp>();
    case PlanKind::Values: return std::make_unique<ValuesOp>(node);
    case PlanKind::TableScan: return std::make_unique<TableScanOp>(node);
    case PlanKind::Filter: return std::make_unique<FilterOp>(node, BuildOperator(*node.child));
    case PlanKind::Project: return std::make_unique<ProjectOp>(node, BuildOperator(*node.child));
    case PlanKind::Sort: return std::make_unique<SortOp>(node, BuildOperator(*node.child));
    case PlanKind::Limit: return std::make_unique<LimitOp>(node, BuildOperator(*node.child));
    case PlanKind::Distinct: return std::make_unique<DistinctOp>(node, BuildOperator(*node.child));
    case PlanKind::External: return MakeExternalSourceOperator();
    case PlanKind::Aggregate: return MakeAggregate(node);
    case PlanKind::NestedLoopJoin: return MakeNestedLoopJoin(node);
    case PlanKind::HashJoin: return MakeHashJoin(node);
    case PlanKind::SetOp: return MakeSetOp(node);
    case PlanKind::RecursiveUnion: return MakeRecursiveUnion(node);
    case PlanKind::WorkTableScan: return MakeWorkTableScan(node);
    case PlanKind::FunctionScan: return MakeFunctionScan(node);
    case PlanKind::Window: return MakeWindow(node);
    case PlanKind::ProjectSet: return MakeProjectSet(node);
    case PlanKind::IndexScan: return MakeIndexScan(node);
    case PlanKind::SystemScan: return MakeSystemScan(node);
    case PlanKind::SequenceScan: return MakeSequenceScan(node);
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<Operator> BuildOperator(const PlanNode& node) {
  auto op = BuildUninstrumented(node);
  // EXPLAIN ANALYZE counts what every operator of its plan does (executor/instrument.h).
  if (Instrumentation* in = Instrumentation::Current(); in && op) return in->Wrap(node, std::move(op));
  return op;
}

std::string RowKey(const TableDef& table, const Row& row, int64_t hidden_row_id) {
  std::string key = keys::IndexPrefix(table.storage_id(), 0);
  if (table.primary_key.empty()) {
    EncodeKey(oids::kInt8, Value::Int(hidden_row_id), false, &key);
  } else {
    for (int c : table.primary_key) EncodeKey(table.columns[c].type, row[c], false, &key);
  }
  return key;
}

}  // namespace plinth
