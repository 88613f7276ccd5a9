// Set-returning functions in FROM: generate_series(start, stop[, step]) over integers,
// unnest(array), set functions with output columns (jsonb_each) and json_to_record with
// its column definition list. Rows are produced one at a time; nothing is materialised. A scalar
// function in FROM (node.function empty, its call the only argument) yields one row.
// WITH ORDINALITY adds a second column numbering the rows from 1.
#include "engine/executor/eval.h"
#include "engine/executor/json_to_record.h"
#include "engine/executor/query_operators.h"
#include "engine/functions/functions.h"

namespace plinth {

namespace {

class FunctionScanOp : public Operator {
 public:
  explicit FunctionScanOp(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    Row none;
    if (const Expr* call = SetCall()) {  // regexp_matches, jsonb_each...: all rows at once
      rows_.clear();
      row_index_ = 0;
      ordinal_ = 0;
      done_ = false;
      return CallSetFunction(*call, none, ctx, &rows_);
    }
    if (!node_.record_columns.empty()) {  // json_to_record(...) AS r(a int, ...)
      rows_.clear();
      row_index_ = 0;
      Value json;
      PLINTH_RETURN_IF_ERROR(Eval(*node_.function_args[0], none, ctx, &json));
      return JsonToRecordRows(node_.function, json, node_.record_columns, node_.column_types,
                              node_.record_typmods, *ctx.io, &rows_);
    }
    args_.assign(node_.function_args.size(), Value());
    for (size_t i = 0; i < args_.size(); i++) PLINTH_RETURN_IF_ERROR(Eval(*node_.function_args[i], none, ctx, &args_[i]));
    done_ = false;
    ordinal_ = 0;
    if (node_.function.empty()) return Status::OK();  // scalar: its one result, even NULL
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

  Result<bool> Next(ExecContext& ctx, Row* row) override {
    if (!node_.record_columns.empty()) {
      if (row_index_ >= rows_.size()) return false;
      *row = std::move(rows_[row_index_++]);
      return true;
    }
    if (SetCall()) {
      if (row_index_ >= rows_.size()) return false;
      std::vector<Value>& values = rows_[row_index_++];
      row->assign(node_.column_types.size(), Value());
      for (size_t i = 0; i < values.size() && i < row->size(); i++) (*row)[i] = std::move(values[i]);
      size_t width = std::max<size_t>(SetCall()->fn->set_columns.size(), 1);
      if (row->size() > width) (*row)[width] = Value::Int(++ordinal_);  // WITH ORDINALITY
      return true;
    }
    PLINTH_ASSIGN_OR_RETURN(bool more, NextValue(ctx, row));
    if (more && node_.column_types.size() > 1) (*row)[1] = Value::Int(++ordinal_);
    return more;
  }

 private:
  // The call when this scan runs a FunctionDef::set_impl function, else null.
  const Expr* SetCall() const {
    if (node_.function.empty() || node_.function_args.size() != 1) return nullptr;
    const Expr& e = *node_.function_args[0];
    return e.kind == ExprKind::Func && e.fn && e.fn->set_impl && e.fn->name == node_.function ? &e : nullptr;
  }

  Result<bool> NextValue(ExecContext&, Row* row) {
    if (done_) return false;
    row->resize(node_.column_types.size());
    if (node_.function.empty()) {
      (*row)[0] = args_[0];
      done_ = true;
      return true;
    }
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

  const PlanNode& node_;
  Row args_;
  bool done_ = false;
  int64_t current_ = 0, stop_ = 0, step_ = 1;
  ArrayData array_;
  size_t index_ = 0;
  int64_t ordinal_ = 0;
  std::vector<std::vector<Value>> rows_;  // a set_impl call's rows
  size_t row_index_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeFunctionScan(const PlanNode& node) { return std::make_unique<FunctionScanOp>(node); }

}  // namespace plinth
