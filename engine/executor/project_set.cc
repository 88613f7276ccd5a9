// ProjectSet: for each input row, runs the select list's set-returning calls
// (node.function_args: unnest, generate_series, generate_subscripts, _pg_expandarray,
// bound over the input row) in lockstep, emitting the input row plus one value per call until every
// call is exhausted; a call that ran out earlier gives NULL. An input row for which
// every call is empty produces no rows (PostgreSQL 10+ semantics).
#include "engine/executor/eval.h"
#include "engine/executor/query_operators.h"
#include "engine/functions/functions.h"
#include "engine/types/record.h"

namespace plinth {

namespace {

// One call's values for the current input row, produced one at a time.
class SetCallCursor {
 public:
  Status Start(const Expr& call, const Row& row, ExecContext& ctx) {
    if (call.fn->set_impl) {  // a function that gives its rows at once (regexp_matches...)
      std::vector<std::vector<Value>> rows;
      PLINTH_RETURN_IF_ERROR(CallSetFunction(call, row, ctx, &rows));
      elements_.clear();
      for (auto& r : rows) elements_.push_back(r.empty() ? Value() : std::move(r[0]));
      index_ = 0;
      name_ = "unnest";  // from here on it reads like an unnested array
      done_ = false;
      return Status::OK();
    }
    std::vector<Value> args(call.args.size());
    done_ = false;
    for (size_t i = 0; i < args.size(); i++) {
      PLINTH_RETURN_IF_ERROR(Eval(*call.args[i], row, ctx, &args[i]));
      done_ = done_ || args[i].is_null();  // strict: a NULL argument gives no rows
    }
    name_ = call.fn->name;
    if (done_) return Status::OK();
    if (name_ == "unnest" || name_ == "generate_subscripts" || name_ == "_pg_expandarray") {
      ArrayData array = DecodeArray(args[0].as_bytes());
      if (name_ == "unnest" || name_ == "_pg_expandarray") {
        shape_ = call.typmod;
        elements_ = std::move(array.elements);
        index_ = 0;
        return Status::OK();
      }
      // generate_subscripts(a, 1): the subscripts of the one dimension arrays have.
      if (args[1].as_int() != 1 || array.elements.empty()) {
        done_ = true;
        return Status::OK();
      }
      current_ = array.lower_bound;
      stop_ = array.lower_bound + static_cast<int64_t>(array.elements.size()) - 1;
      step_ = 1;
      return Status::OK();
    }
    if (name_ == "generate_series") {
      current_ = args[0].as_int();
      stop_ = args[1].as_int();
      step_ = args.size() > 2 ? args[2].as_int() : 1;
      if (step_ == 0) return Status::Error("22023", "step size cannot equal zero");
      return Status::OK();
    }
    return Status::Error("0A000", "set-returning function " + name_ + " is not supported in a select list");
  }

  // The next value, or false when the call has no more.
  bool Next(Value* out) {
    if (done_) return false;
    if (name_ == "unnest") {
      if (index_ >= elements_.size()) return done_ = true, false;
      *out = elements_[index_++];
      return true;
    }
    if (name_ == "_pg_expandarray") {  // (x: the element, n: its 1-based position)
      if (index_ >= elements_.size()) return done_ = true, false;
      index_++;
      *out = Value::Bytes(EncodeRecord(shape_, {elements_[index_ - 1], Value::Int(static_cast<int64_t>(index_))}));
      return true;
    }
    if (step_ > 0 ? current_ > stop_ : current_ < stop_) return done_ = true, false;
    *out = Value::Int(current_);
    if (__builtin_add_overflow(current_, step_, &current_)) done_ = true;  // stop at the type's end
    return true;
  }

 private:
  std::string name_;
  bool done_ = true;
  std::vector<Value> elements_;
  size_t index_ = 0;
  int32_t shape_ = -1;  // _pg_expandarray: its record shape (engine/types/record.h)
  int64_t current_ = 0, stop_ = 0, step_ = 1;
};

class ProjectSetOp : public Operator {
 public:
  explicit ProjectSetOp(const PlanNode& node) : node_(node), child_(BuildOperator(*node.child)) {}

  Status Open(ExecContext& ctx) override {
    cursors_.assign(node_.function_args.size(), SetCallCursor());
    have_input_ = false;
    return child_->Open(ctx);
  }

  Result<bool> Next(ExecContext& ctx, Row* row) override {
    while (true) {
      if (!have_input_) {
        PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &input_));
        if (!more) return false;
        for (size_t i = 0; i < cursors_.size(); i++)
          PLINTH_RETURN_IF_ERROR(cursors_[i].Start(*node_.function_args[i], input_, ctx));
        have_input_ = true;
      }
      *row = input_;
      bool any = false;
      for (SetCallCursor& c : cursors_) {
        Value v;
        any = c.Next(&v) || any;
        row->push_back(std::move(v));
      }
      if (any) return true;
      have_input_ = false;  // every call ran out: on to the next input row
    }
  }

 private:
  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  std::vector<SetCallCursor> cursors_;
  Row input_;
  bool have_input_ = false;
};

}  // namespace

std::unique_ptr<Operator> MakeProjectSet(const PlanNode& node) { return std::make_unique<ProjectSetOp>(node); }

}  // namespace plinth
