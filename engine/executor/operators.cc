#include "engine/executor/operators.h"

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
    std::string prefix = keys::IndexPrefix(t.oid, 0);
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
    PLINTH_RETURN_IF_ERROR(DecodeRow(cursor_->value(), node_.table->columns.size(), row));
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

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  Row input_;
};

class SortOp : public Operator {
 public:
  SortOp(const PlanNode& node, std::unique_ptr<Operator> child) : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override {
    PLINTH_RETURN_IF_ERROR(child_->Open(ctx));
    rows_.clear();
    next_ = 0;
    Row row;
    std::vector<std::pair<Row, Row>> keyed;  // (sort keys, row)
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &row));
      if (!more) break;
      Row keys(node_.keys.size());
      for (size_t i = 0; i < node_.keys.size(); i++) PLINTH_RETURN_IF_ERROR(Eval(*node_.keys[i].expr, row, ctx, &keys[i]));
      keyed.emplace_back(std::move(keys), row);
    }
    const auto& sk = node_.keys;
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
      for (size_t i = 0; i < sk.size(); i++) {
        const Value& x = a.first[i];
        const Value& y = b.first[i];
        if (x.is_null() || y.is_null()) {
          if (x.is_null() && y.is_null()) continue;
          return x.is_null() == sk[i].nulls_first;
        }
        int c = Compare(sk[i].expr->type, x, y);
        if (c != 0) return sk[i].descending ? c > 0 : c < 0;
      }
      return false;
    });
    for (auto& [k, r] : keyed) rows_.push_back(std::move(r));
    return Status::OK();
  }
  Result<bool> Next(ExecContext&, Row* row) override {
    if (next_ >= rows_.size()) return false;
    *row = std::move(rows_[next_++]);
    return true;
  }

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  std::vector<Row> rows_;
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
    return child_->Open(ctx);
  }
  Result<bool> Next(ExecContext& ctx, Row* row) override {
    if (limit_ >= 0 && returned_ >= limit_) return false;
    while (offset_ > 0) {
      PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, row));
      if (!more) return false;
      offset_--;
    }
    PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, row));
    if (more) returned_++;
    return more;
  }

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  int64_t limit_ = -1, offset_ = 0, returned_ = 0;
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
      for (size_t i = 0; i < row->size(); i++) EncodeKey(node_.column_types[i], (*row)[i], false, &key);
      if (seen_.insert(std::move(key)).second) return true;
    }
  }

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

std::unique_ptr<Operator> BuildOperator(const PlanNode& node) {
  switch (node.kind) {
    case PlanKind::OneRow: return std::make_unique<OneRowOp>();
    case PlanKind::Values: return std::make_unique<ValuesOp>(node);
    case PlanKind::TableScan: return std::make_unique<TableScanOp>(node);
    case PlanKind::Filter: return std::make_unique<FilterOp>(node, BuildOperator(*node.child));
    case PlanKind::Project: return std::make_unique<ProjectOp>(node, BuildOperator(*node.child));
    case PlanKind::Sort: return std::make_unique<SortOp>(node, BuildOperator(*node.child));
    case PlanKind::Limit: return std::make_unique<LimitOp>(node, BuildOperator(*node.child));
    case PlanKind::Distinct: return std::make_unique<DistinctOp>(node, BuildOperator(*node.child));
  }
  return nullptr;
}

std::string RowKey(const TableDef& table, const Row& row, int64_t hidden_row_id) {
  std::string key = keys::IndexPrefix(table.oid, 0);
  if (table.primary_key.empty()) {
    EncodeKey(oids::kInt8, Value::Int(hidden_row_id), false, &key);
  } else {
    for (int c : table.primary_key) EncodeKey(table.columns[c].type, row[c], false, &key);
  }
  return key;
}

}  // namespace plinth
