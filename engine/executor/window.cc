// The Window operator: holds its whole input, then for each window call sorts the rows
// by (PARTITION BY, ORDER BY), walks each partition and computes one value per row.
// Rows come out in the sort order of the last call, as PostgreSQL's top WindowAgg
// leaves them.
//
// Frames are recomputed per row (an aggregate over a frame is fed afresh), which is
// quadratic for whole-partition frames; fine for the partition sizes this engine
// targets now, and simple to check against PostgreSQL's frame rules.
#include <algorithm>
#include <numeric>

#include "engine/executor/aggregate_functions.h"
#include "engine/executor/eval.h"
#include "engine/executor/query_operators.h"

namespace plinth {

namespace {

// One call's per-row inputs, evaluated once over the input rows.
struct CallInputs {
  std::vector<Row> partition, order, args;
  std::vector<bool> filtered_in;               // aggregate FILTER result
  std::vector<Value> start_bound, end_bound;   // RANGE offset bounds
};

class WindowOp : public Operator {
 public:
  WindowOp(const PlanNode& node, std::unique_ptr<Operator> child) : node_(node), child_(std::move(child)) {}

  Status Open(ExecContext& ctx) override {
    PLINTH_RETURN_IF_ERROR(child_->Open(ctx));
    rows_.clear();
    next_ = 0;
    Row row;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &row));
      if (!more) break;
      rows_.push_back(row);
    }
    std::vector<Row> results(rows_.size());
    order_.resize(rows_.size());
    std::iota(order_.begin(), order_.end(), size_t{0});
    for (const WindowCall& call : node_.windows) {
      std::vector<Value> values(rows_.size());
      PLINTH_RETURN_IF_ERROR(Compute(call, ctx, &values));
      for (size_t i = 0; i < rows_.size(); i++) results[i].push_back(std::move(values[i]));
    }
    for (size_t i = 0; i < rows_.size(); i++)
      for (Value& v : results[i]) rows_[i].push_back(std::move(v));
    return Status::OK();
  }

  Result<bool> Next(ExecContext&, Row* row) override {
    if (next_ >= order_.size()) return false;
    *row = std::move(rows_[order_[next_++]]);
    return true;
  }

 private:
  Status Evaluate(const WindowCall& call, ExecContext& ctx, CallInputs* in) {
    size_t n = rows_.size();
    in->partition.resize(n);
    in->order.resize(n);
    in->args.resize(n);
    in->filtered_in.assign(n, true);
    in->start_bound.resize(n);
    in->end_bound.resize(n);
    const auto& args = call.func == WindowFunc::Aggregate ? call.aggregate.args : call.args;
    for (size_t i = 0; i < n; i++) {
      const Row& r = rows_[i];
      in->partition[i].resize(call.partition.size());
      for (size_t k = 0; k < call.partition.size(); k++)
        PLINTH_RETURN_IF_ERROR(Eval(*call.partition[k], r, ctx, &in->partition[i][k]));
      in->order[i].resize(call.order.size());
      for (size_t k = 0; k < call.order.size(); k++)
        PLINTH_RETURN_IF_ERROR(Eval(*call.order[k].expr, r, ctx, &in->order[i][k]));
      in->args[i].resize(std::max<size_t>(args.size(), 1));
      for (size_t k = 0; k < args.size(); k++) PLINTH_RETURN_IF_ERROR(Eval(*args[k], r, ctx, &in->args[i][k]));
      if (call.func == WindowFunc::Aggregate && call.aggregate.filter) {
        PLINTH_ASSIGN_OR_RETURN(bool keep, EvalPredicate(*call.aggregate.filter, r, ctx));
        in->filtered_in[i] = keep;
      }
      if (call.start.range_bound) PLINTH_RETURN_IF_ERROR(Eval(*call.start.range_bound, r, ctx, &in->start_bound[i]));
      if (call.end.range_bound) PLINTH_RETURN_IF_ERROR(Eval(*call.end.range_bound, r, ctx, &in->end_bound[i]));
    }
    return Status::OK();
  }

  Status Compute(const WindowCall& call, ExecContext& ctx, std::vector<Value>* out) {
    CallInputs in;
    PLINTH_RETURN_IF_ERROR(Evaluate(call, ctx, &in));
    std::vector<Oid> partition_types;
    for (const auto& e : call.partition) partition_types.push_back(e->type);
    std::vector<std::string> partition_ids(rows_.size());
    for (size_t i = 0; i < rows_.size(); i++) partition_ids[i] = RowIdentity(in.partition[i], partition_types);
    // Sort by partition, then ORDER BY; stable so peers keep their input order.
    std::stable_sort(order_.begin(), order_.end(), [&](size_t a, size_t b) {
      if (partition_ids[a] != partition_ids[b]) return partition_ids[a] < partition_ids[b];
      return CompareSortKeys(call.order, in.order[a], in.order[b]) < 0;
    });
    for (size_t p0 = 0; p0 < order_.size();) {
      size_t p1 = p0 + 1;
      while (p1 < order_.size() && partition_ids[order_[p1]] == partition_ids[order_[p0]]) p1++;
      PLINTH_RETURN_IF_ERROR(ComputePartition(call, in, p0, p1, ctx, out));
      p0 = p1;
    }
    return Status::OK();
  }

  // Positions [p0, p1) of order_ form one partition.
  Status ComputePartition(const WindowCall& call, const CallInputs& in, size_t p0, size_t p1, ExecContext& ctx,
                          std::vector<Value>* out) {
    size_t n = p1 - p0;
    // Peer groups: rows equal under ORDER BY (all rows without one).
    std::vector<size_t> peer_start(n), peer_end(n), group(n);
    for (size_t i = 0; i < n; i++) {
      bool new_group = i == 0 || CompareSortKeys(call.order, in.order[order_[p0 + i - 1]], in.order[order_[p0 + i]]) != 0;
      peer_start[i] = new_group ? i : peer_start[i - 1];
      group[i] = i == 0 ? 0 : group[i - 1] + (new_group ? 1 : 0);
    }
    for (size_t i = n; i-- > 0;) peer_end[i] = (i + 1 == n || group[i + 1] != group[i]) ? i + 1 : peer_end[i + 1];
    std::vector<size_t> group_start, group_end;  // by group number
    for (size_t i = 0; i < n; i++) {
      if (group[i] == group_start.size()) group_start.push_back(i);
      if (group_end.size() <= group[i]) group_end.push_back(0);
      group_end[group[i]] = i + 1;
    }
    auto value_at = [&](size_t i, size_t arg) -> const Value& { return in.args[order_[p0 + i]][arg]; };
    auto set = [&](size_t i, Value v) { (*out)[order_[p0 + i]] = std::move(v); };

    switch (call.func) {
      case WindowFunc::RowNumber:
        for (size_t i = 0; i < n; i++) set(i, Value::Int(static_cast<int64_t>(i + 1)));
        return Status::OK();
      case WindowFunc::Rank:
        for (size_t i = 0; i < n; i++) set(i, Value::Int(static_cast<int64_t>(peer_start[i] + 1)));
        return Status::OK();
      case WindowFunc::DenseRank:
        for (size_t i = 0; i < n; i++) set(i, Value::Int(static_cast<int64_t>(group[i] + 1)));
        return Status::OK();
      case WindowFunc::PercentRank:
        for (size_t i = 0; i < n; i++)
          set(i, Value::Float(n > 1 ? static_cast<double>(peer_start[i]) / static_cast<double>(n - 1) : 0.0));
        return Status::OK();
      case WindowFunc::CumeDist:
        for (size_t i = 0; i < n; i++) set(i, Value::Float(static_cast<double>(peer_end[i]) / static_cast<double>(n)));
        return Status::OK();
      case WindowFunc::Ntile: {
        // The bucket count is read once per partition, as PostgreSQL does.
        const Value& b = value_at(0, 0);
        if (b.is_null()) {
          for (size_t i = 0; i < n; i++) set(i, Value::Null());
          return Status::OK();
        }
        if (b.as_int() <= 0) return Status::Error("22014", "argument of ntile must be greater than zero");
        size_t buckets = static_cast<size_t>(b.as_int());
        size_t per = n / buckets, extra = n % buckets;  // the first `extra` buckets hold one more
        for (size_t i = 0; i < n; i++) {
          size_t big = (per + 1) * extra;
          size_t bucket = i < big ? i / (per + 1) : extra + (i - big) / per;
          set(i, Value::Int(static_cast<int64_t>(bucket + 1)));
        }
        return Status::OK();
      }
      case WindowFunc::Lag:
      case WindowFunc::Lead:
        for (size_t i = 0; i < n; i++) {
          int64_t offset = 1;
          if (call.args.size() >= 2) {
            const Value& o = value_at(i, 1);
            if (o.is_null()) {
              set(i, Value::Null());
              continue;
            }
            offset = o.as_int();
          }
          int64_t target = static_cast<int64_t>(i) + (call.func == WindowFunc::Lag ? -offset : offset);
          if (target >= 0 && target < static_cast<int64_t>(n)) set(i, value_at(static_cast<size_t>(target), 0));
          else set(i, call.args.size() == 3 ? value_at(i, 2) : Value::Null());
        }
        return Status::OK();
      default:
        break;
    }

    // Frame-based: first_value, last_value, nth_value and aggregates.
    Frames frames{call, in, p0, n, peer_start, peer_end, group, group_start, group_end, order_, rows_};
    for (size_t i = 0; i < n; i++) {
      size_t fs = 0, fe = 0;
      PLINTH_RETURN_IF_ERROR(frames.Bounds(i, ctx, &fs, &fe));
      auto excluded = [&](size_t j) {
        switch (call.exclusion) {
          case FrameExclusion::NoOthers: return false;
          case FrameExclusion::CurrentRow: return j == i;
          case FrameExclusion::Group: return group[j] == group[i];
          case FrameExclusion::Ties: return group[j] == group[i] && j != i;
        }
        return false;
      };
      if (call.func == WindowFunc::Aggregate) {
        Accumulator acc(call.aggregate);
        for (size_t j = fs; j < fe; j++) {
          if (excluded(j) || !in.filtered_in[order_[p0 + j]]) continue;
          PLINTH_RETURN_IF_ERROR(acc.Feed(in.args[order_[p0 + j]].data()));
        }
        PLINTH_ASSIGN_OR_RETURN(Value v, acc.Finish(ctx.io));
        set(i, std::move(v));
        continue;
      }
      std::vector<size_t> members;
      for (size_t j = fs; j < fe; j++)
        if (!excluded(j)) members.push_back(j);
      if (call.func == WindowFunc::FirstValue) {
        set(i, members.empty() ? Value::Null() : value_at(members.front(), 0));
      } else if (call.func == WindowFunc::LastValue) {
        set(i, members.empty() ? Value::Null() : value_at(members.back(), 0));
      } else {  // NthValue
        const Value& nth = value_at(i, 1);
        if (nth.is_null()) {
          set(i, Value::Null());
          continue;
        }
        if (nth.as_int() <= 0) return Status::Error("22016", "argument of nth_value must be greater than zero");
        size_t k = static_cast<size_t>(nth.as_int());
        set(i, k <= members.size() ? value_at(members[k - 1], 0) : Value::Null());
      }
    }
    return Status::OK();
  }

  // Frame bounds of one partition's rows, as positions [start, end) in the partition.
  struct Frames {
    const WindowCall& call;
    const CallInputs& in;
    size_t p0, n;
    const std::vector<size_t>& peer_start;
    const std::vector<size_t>& peer_end;
    const std::vector<size_t>& group;
    const std::vector<size_t>& group_start;
    const std::vector<size_t>& group_end;
    const std::vector<size_t>& order;
    const std::vector<Row>& rows;

    Status Bounds(size_t i, ExecContext& ctx, size_t* fs, size_t* fe) const {
      PLINTH_ASSIGN_OR_RETURN(*fs, Edge(call.start, i, true, ctx));
      PLINTH_ASSIGN_OR_RETURN(*fe, Edge(call.end, i, false, ctx));
      if (*fe < *fs) *fe = *fs;
      return Status::OK();
    }

    // Where the frame starts (start) or ends (exclusive, !start) for row i.
    Result<size_t> Edge(const FrameBound& b, size_t i, bool start, ExecContext& ctx) const {
      switch (b.kind) {
        case FrameBoundKind::UnboundedPreceding: return size_t{0};
        case FrameBoundKind::UnboundedFollowing: return n;
        case FrameBoundKind::CurrentRow:
          if (call.mode == FrameMode::Rows) return start ? i : i + 1;
          return start ? peer_start[i] : peer_end[i];
        default: break;
      }
      bool preceding = b.kind == FrameBoundKind::OffsetPreceding;
      if (call.mode == FrameMode::Range) return RangeEdge(b, i, start, ctx);
      PLINTH_ASSIGN_OR_RETURN(int64_t k, OffsetValue(b, i, start, ctx));
      if (call.mode == FrameMode::Rows) {
        int64_t pos = static_cast<int64_t>(i) + (preceding ? -k : k) + (start ? 0 : 1);
        return static_cast<size_t>(std::clamp<int64_t>(pos, 0, static_cast<int64_t>(n)));
      }
      // GROUPS: whole peer groups k before or after the current one.
      int64_t g = static_cast<int64_t>(group[i]) + (preceding ? -k : k);
      int64_t groups = static_cast<int64_t>(group_start.size());
      if (g < 0) return size_t{0};
      if (g >= groups) return n;
      return start ? group_start[static_cast<size_t>(g)] : group_end[static_cast<size_t>(g)];
    }

    Result<int64_t> OffsetValue(const FrameBound& b, size_t i, bool start, ExecContext& ctx) const {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*b.offset, RowOf(i), ctx, &v));
      const char* which = start ? "starting" : "ending";
      if (v.is_null()) return Status::Error("22004", std::string("frame ") + which + " offset must not be null");
      if (v.as_int() < 0) return Status::Error("22013", std::string("frame ") + which + " offset must not be negative");
      return v.as_int();
    }

    const Row& RowOf(size_t i) const { return rows[order[p0 + i]]; }

    // RANGE offset: the first row whose key reaches the moved key (start), or the first
    // beyond it (end). A row with a null key frames its null peers only.
    Result<size_t> RangeEdge(const FrameBound& b, size_t i, bool start, ExecContext& ctx) const {
      Value size;
      PLINTH_RETURN_IF_ERROR(Eval(*b.offset, RowOf(i), ctx, &size));
      if (size.is_null())
        return Status::Error("22004", std::string("frame ") + (start ? "starting" : "ending") + " offset must not be null");
      bool negative = size.kind() == Value::Kind::Int     ? size.as_int() < 0
                      : size.kind() == Value::Kind::Float ? size.as_float() < 0
                      : size.kind() == Value::Kind::Bytes && !size.as_bytes().empty() && size.as_bytes()[0] == '-';
      if (negative)
        return Status::Error("22013", "invalid preceding or following size in window function");
      const SortKey& spec = call.order[0];
      const Value& key = in.order[order[p0 + i]][0];
      if (key.is_null()) return start ? peer_start[i] : peer_end[i];
      const Value& bound = start ? in.start_bound[order[p0 + i]] : in.end_bound[order[p0 + i]];
      auto cmp = [&](size_t j) {  // row j's key against the bound, in sort direction
        const Value& kj = in.order[order[p0 + j]][0];
        if (kj.is_null()) return spec.nulls_first ? -1 : 1;
        int c = Compare(spec.expr->type, kj, bound);
        return spec.descending ? -c : c;
      };
      size_t j = 0;
      if (start) {
        while (j < n && cmp(j) < 0) j++;
      } else {
        while (j < n && cmp(j) <= 0) j++;
      }
      return j;
    }
  };

  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  std::vector<Row> rows_;
  std::vector<size_t> order_;  // rows_ indexes in output order
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeWindow(const PlanNode& node) {
  return std::make_unique<WindowOp>(node, BuildOperator(*node.child));
}

}  // namespace plinth
