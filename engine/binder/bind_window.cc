// Binding of window functions: calls with OVER (inline or named windows of the WINDOW
// clause), their PARTITION BY / ORDER BY / frame clause, and the Window node placed
// over the query's (grouped) input before the final projection.
#include <pg_query/pg_query.pb-c.h>

#include <map>

#include "engine/binder/bind_internal.h"
#include "engine/functions/functions.h"

namespace plinth {

namespace {

// PostgreSQL's FRAMEOPTION_* bits (nodes/parsenodes.h), as libpg-query reports them.
enum FrameOption : int32_t {
  kRange = 0x2,
  kRows = 0x4,
  kGroups = 0x8,
  kStartUnboundedPreceding = 0x20,
  kStartUnboundedFollowing = 0x80,
  kEndUnboundedPreceding = 0x40,
  kEndUnboundedFollowing = 0x100,
  kStartCurrentRow = 0x200,
  kEndCurrentRow = 0x400,
  kStartOffsetPreceding = 0x800,
  kEndOffsetPreceding = 0x1000,
  kStartOffsetFollowing = 0x2000,
  kEndOffsetFollowing = 0x4000,
  kExcludeCurrentRow = 0x8000,
  kExcludeGroup = 0x10000,
  kExcludeTies = 0x20000,
  kNonDefault = 0x1,
};

struct WindowFuncInfo {
  WindowFunc func;
  size_t min_args, max_args;
};

const std::map<std::string, WindowFuncInfo>& WindowFunctions() {
  static const std::map<std::string, WindowFuncInfo> m = {
      {"row_number", {WindowFunc::RowNumber, 0, 0}},   {"rank", {WindowFunc::Rank, 0, 0}},
      {"dense_rank", {WindowFunc::DenseRank, 0, 0}},   {"percent_rank", {WindowFunc::PercentRank, 0, 0}},
      {"cume_dist", {WindowFunc::CumeDist, 0, 0}},     {"ntile", {WindowFunc::Ntile, 1, 1}},
      {"lag", {WindowFunc::Lag, 1, 3}},                {"lead", {WindowFunc::Lead, 1, 3}},
      {"first_value", {WindowFunc::FirstValue, 1, 1}}, {"last_value", {WindowFunc::LastValue, 1, 1}},
      {"nth_value", {WindowFunc::NthValue, 2, 2}},
  };
  return m;
}

bool HasName(const char* s) { return s != nullptr && s[0] != '\0'; }

}  // namespace

bool IsWindowOnlyFunction(const std::string& name) { return WindowFunctions().count(name) > 0; }

Result<ExprPtr> Binder::BindWindowCall(const PgQuery__FuncCall* fc, const std::string& name) {
  if (!windows_)
    return PositionedError("42P20",
                           std::string("window functions are not allowed in ") +
                               (agg_forbidden_ ? agg_forbidden_ : "this context"),
                           fc->location);
  if (in_agg_args_)
    return PositionedError("42803", "aggregate function calls cannot contain window function calls", fc->location);

  // Resolve the window: OVER name, or OVER (name ...) copying a named window's parts.
  const PgQuery__WindowDef* over = fc->over;
  const PgQuery__WindowDef* base = nullptr;
  auto lookup = [&](const char* wanted) -> const PgQuery__WindowDef* {
    if (!window_clause_owner_) return nullptr;
    for (size_t i = 0; i < window_clause_owner_->n_window_clause; i++) {
      const PgQuery__WindowDef* d = window_clause_owner_->window_clause[i]->window_def;
      if (HasName(d->name) && std::string(d->name) == wanted) return d;
    }
    return nullptr;
  };
  if (HasName(over->name)) {
    base = lookup(over->name);
    if (!base) return PositionedError("42704", "window \"" + std::string(over->name) + "\" does not exist", over->location);
    over = base;
    base = nullptr;
  }
  if (HasName(over->refname)) {
    base = lookup(over->refname);
    if (!base)
      return PositionedError("42704", "window \"" + std::string(over->refname) + "\" does not exist", over->location);
    if (over->n_partition_clause)
      return PositionedError("42P20", "cannot override PARTITION BY clause of window \"" + std::string(over->refname) + "\"",
                             over->location);
    if (base->n_order_clause && over->n_order_clause)
      return PositionedError("42P20", "cannot override ORDER BY clause of window \"" + std::string(over->refname) + "\"",
                             over->location);
    if (base->frame_options & kNonDefault)
      return PositionedError("42P20", "cannot copy window \"" + std::string(over->refname) + "\" because it has a frame clause",
                             over->location);
  }
  const PgQuery__WindowDef* partition_src = base ? base : over;
  const PgQuery__WindowDef* order_src = base && base->n_order_clause ? base : over;

  WindowCall call;
  call.name = name;
  // The window's clauses: aggregates in them are the query's own (GROUP BY output).
  WindowScope* saved_windows = windows_;
  windows_ = nullptr;
  for (size_t i = 0; i < partition_src->n_partition_clause; i++) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindExpr(partition_src->partition_clause[i]));
    if (e->type == oids::kUnknown) {
      PLINTH_ASSIGN_OR_RETURN(e, CoerceTo(std::move(e), oids::kText, -1, CastContext::Implicit, "PARTITION BY"));
    }
    call.partition.push_back(std::move(e));
  }
  for (size_t i = 0; i < order_src->n_order_clause; i++) {
    const PgQuery__SortBy* sb = order_src->order_clause[i]->sort_by;
    SortKey key;
    key.descending = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    key.nulls_first = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
                      (sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && key.descending);
    PLINTH_ASSIGN_OR_RETURN(key.expr, BindExpr(sb->node));
    if (key.expr->type == oids::kUnknown) {
      PLINTH_ASSIGN_OR_RETURN(key.expr, CoerceTo(std::move(key.expr), oids::kText, -1, CastContext::Implicit, "ORDER BY"));
    }
    call.order.push_back(std::move(key));
  }

  // The frame clause.
  int32_t fo = over->frame_options;
  call.mode = (fo & kRows) ? FrameMode::Rows : (fo & kGroups) ? FrameMode::Groups : FrameMode::Range;
  auto bound_kind = [&](bool start) {
    if (fo & (start ? kStartUnboundedPreceding : kEndUnboundedPreceding)) return FrameBoundKind::UnboundedPreceding;
    if (fo & (start ? kStartUnboundedFollowing : kEndUnboundedFollowing)) return FrameBoundKind::UnboundedFollowing;
    if (fo & (start ? kStartOffsetPreceding : kEndOffsetPreceding)) return FrameBoundKind::OffsetPreceding;
    if (fo & (start ? kStartOffsetFollowing : kEndOffsetFollowing)) return FrameBoundKind::OffsetFollowing;
    if (fo & (start ? kStartCurrentRow : kEndCurrentRow)) return FrameBoundKind::CurrentRow;
    return start ? FrameBoundKind::UnboundedPreceding : FrameBoundKind::CurrentRow;
  };
  call.start.kind = bound_kind(true);
  call.end.kind = bound_kind(false);
  if (fo & kExcludeCurrentRow) call.exclusion = FrameExclusion::CurrentRow;
  if (fo & kExcludeGroup) call.exclusion = FrameExclusion::Group;
  if (fo & kExcludeTies) call.exclusion = FrameExclusion::Ties;
  auto bind_offset = [&](FrameBound* b, const PgQuery__Node* node) -> Status {
    if (b->kind != FrameBoundKind::OffsetPreceding && b->kind != FrameBoundKind::OffsetFollowing) return Status::OK();
    PLINTH_ASSIGN_OR_RETURN(ExprPtr off, BindExpr(node));
    if (call.mode != FrameMode::Range) {
      PLINTH_ASSIGN_OR_RETURN(b->offset, CoerceTo(std::move(off), oids::kInt8, -1, CastContext::Implicit, "argument"));
      return Status::OK();
    }
    if (call.order.size() != 1)
      return PositionedError("42P20", "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column",
                             LocationOf(node));
    // The key moved towards the frame edge: key - offset before the current row under
    // ascending order, key + offset after it (and the other way round under DESC).
    bool minus = (b->kind == FrameBoundKind::OffsetPreceding) != call.order[0].descending;
    const Expr& key = *call.order[0].expr;
    ExprPtr off_copy = off->Clone();
    std::vector<ExprPtr> args;
    args.push_back(key.Clone());
    args.push_back(std::move(off));
    auto moved = BindOperator(minus ? "-" : "+", std::move(args), LocationOf(node));
    if (!moved.ok())
      return PositionedError("42883", "RANGE with offset PRECEDING/FOLLOWING is not supported for column type " +
                                          FormatType(key.type, -1),
                             LocationOf(node));
    b->range_bound = moved.take();
    if (b->range_bound->type != key.type) {
      PLINTH_ASSIGN_OR_RETURN(b->range_bound, CoerceTo(std::move(b->range_bound), key.type, -1, CastContext::Implicit, "argument"));
    }
    b->offset = std::move(off_copy);
    return Status::OK();
  };
  PLINTH_RETURN_IF_ERROR(bind_offset(&call.start, over->start_offset));
  PLINTH_RETURN_IF_ERROR(bind_offset(&call.end, over->end_offset));
  windows_ = saved_windows;

  // The function and its arguments.
  auto known = WindowFunctions().find(name);
  if (known != WindowFunctions().end()) {
    const WindowFuncInfo& info = known->second;
    if (fc->agg_star || fc->agg_distinct || fc->agg_filter || fc->n_args < info.min_args || fc->n_args > info.max_args) {
      if (fc->agg_distinct)
        return PositionedError("0A000", "DISTINCT is not implemented for window functions", fc->location);
      if (fc->agg_filter)
        return PositionedError("0A000", "FILTER is not implemented for non-aggregate window functions", fc->location);
      std::vector<ExprPtr> args;
      for (size_t i = 0; i < fc->n_args; i++) {
        PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(fc->args[i]));
        args.push_back(std::move(a));
      }
      std::string list;
      for (size_t i = 0; i < args.size(); i++)
        list += (i ? ", " : "") + (args[i]->type == oids::kUnknown ? std::string("unknown") : FormatType(args[i]->type, -1));
      return PositionedError("42883", "function " + name + "(" + list + ") does not exist", fc->location)
          .with_hint("No function matches the given name and argument types. You might need to add explicit type casts.");
    }
    call.func = info.func;
    for (size_t i = 0; i < fc->n_args; i++) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(fc->args[i]));
      call.args.push_back(std::move(a));
    }
    switch (call.func) {
      case WindowFunc::RowNumber: case WindowFunc::Rank: case WindowFunc::DenseRank:
        call.result_type = oids::kInt8;
        break;
      case WindowFunc::PercentRank: case WindowFunc::CumeDist:
        call.result_type = oids::kFloat8;
        break;
      case WindowFunc::Ntile: {
        PLINTH_ASSIGN_OR_RETURN(call.args[0], CoerceTo(std::move(call.args[0]), oids::kInt4, -1, CastContext::Implicit, "argument"));
        call.result_type = oids::kInt4;
        break;
      }
      case WindowFunc::NthValue: case WindowFunc::FirstValue: case WindowFunc::LastValue: {
        if (call.func == WindowFunc::NthValue) {
          PLINTH_ASSIGN_OR_RETURN(call.args[1], CoerceTo(std::move(call.args[1]), oids::kInt4, -1, CastContext::Implicit, "argument"));
        }
        if (call.args[0]->type == oids::kUnknown) {
          PLINTH_ASSIGN_OR_RETURN(call.args[0], CoerceTo(std::move(call.args[0]), oids::kText, -1, CastContext::Implicit, "argument"));
        }
        call.result_type = call.args[0]->type;
        break;
      }
      case WindowFunc::Lag: case WindowFunc::Lead: {
        // lag(anycompatible, integer, anycompatible): the value and default share a type.
        if (call.args.size() >= 2) {
          PLINTH_ASSIGN_OR_RETURN(call.args[1], CoerceTo(std::move(call.args[1]), oids::kInt4, -1, CastContext::Implicit, "argument"));
        }
        if (call.args.size() == 3) {
          std::vector<ExprPtr*> pair{&call.args[0], &call.args[2]};
          PLINTH_ASSIGN_OR_RETURN(Oid common, CommonType(pair, name.c_str()));
          (void)common;
        } else if (call.args[0]->type == oids::kUnknown) {
          PLINTH_ASSIGN_OR_RETURN(call.args[0], CoerceTo(std::move(call.args[0]), oids::kText, -1, CastContext::Implicit, "argument"));
        }
        call.result_type = call.args[0]->type;
        break;
      }
      case WindowFunc::Aggregate:
        break;
    }
  } else if (IsAggregateName(name)) {
    if (fc->agg_distinct)
      return PositionedError("0A000", "DISTINCT is not implemented for window functions", fc->location);
    if (fc->n_agg_order)
      return PositionedError("0A000", "aggregate ORDER BY is not implemented for window functions", fc->location);
    // Bind as a plain aggregate into a scope of its own; the call runs per frame.
    AggregateScope own;
    AggregateScope* saved_aggs = aggs_;
    aggs_ = &own;
    windows_ = nullptr;
    auto ref = BindAggregateCall(fc, name);
    aggs_ = saved_aggs;
    windows_ = saved_windows;
    PLINTH_RETURN_IF_ERROR(ref.status());
    call.func = WindowFunc::Aggregate;
    call.aggregate = std::move(own.calls[0]);
    call.result_type = call.aggregate.result_type;
  } else {
    std::vector<ExprPtr> args;
    for (size_t i = 0; i < fc->n_args; i++) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(fc->args[i]));
      args.push_back(std::move(a));
    }
    bool exists = !FunctionCandidates(name).empty();
    if (exists)
      return PositionedError("42809", "OVER specified, but " + name + " is not a window function nor an aggregate function",
                             fc->location);
    std::string list;
    for (size_t i = 0; i < args.size(); i++)
      list += (i ? ", " : "") + (args[i]->type == oids::kUnknown ? std::string("unknown") : FormatType(args[i]->type, -1));
    return PositionedError("42883", "function " + name + "(" + list + ") does not exist", fc->location)
        .with_hint("No function matches the given name and argument types. You might need to add explicit type casts.");
  }

  auto ref = std::make_unique<Expr>();
  ref->kind = ExprKind::WindowRef;
  ref->type = call.result_type;
  ref->column = static_cast<int>(windows_->calls.size());
  ref->name = name;
  ref->location = fc->location;
  windows_->calls.push_back(std::move(call));
  return ref;
}

namespace {

// Points every WindowRef at its column of the Window node's output.
void ResolveWindowRefs(Expr* e, int first_window_column) {
  if (e->kind == ExprKind::WindowRef) {
    e->kind = ExprKind::Column;
    e->column += first_window_column;
    return;
  }
  for (auto& a : e->args) ResolveWindowRefs(a.get(), first_window_column);
}

}  // namespace

Result<std::unique_ptr<PlanNode>> Binder::ApplyWindows(std::unique_ptr<PlanNode> input, WindowScope* windows,
                                                       const std::vector<ExprPtr>* group_keys,
                                                       std::vector<ExprPtr>* targets) {
  if (windows->calls.empty()) return input;
  // In a grouped query the window's expressions read the Aggregate node's output.
  if (group_keys) {
    auto regroup = [&](ExprPtr& e) -> Status {
      if (!e) return Status::OK();
      PLINTH_ASSIGN_OR_RETURN(e, RewriteGrouped(std::move(e), *group_keys));
      return Status::OK();
    };
    for (WindowCall& w : windows->calls) {
      for (auto& e : w.args) PLINTH_RETURN_IF_ERROR(regroup(e));
      for (auto& e : w.aggregate.args) PLINTH_RETURN_IF_ERROR(regroup(e));
      PLINTH_RETURN_IF_ERROR(regroup(w.aggregate.filter));
      for (auto& e : w.partition) PLINTH_RETURN_IF_ERROR(regroup(e));
      for (auto& k : w.order) PLINTH_RETURN_IF_ERROR(regroup(k.expr));
      for (FrameBound* b : {&w.start, &w.end}) {
        PLINTH_RETURN_IF_ERROR(regroup(b->offset));
        PLINTH_RETURN_IF_ERROR(regroup(b->range_bound));
      }
    }
  }
  int first = static_cast<int>(input->column_types.size());
  auto node = MakeNode(PlanKind::Window, input->column_types);
  for (const WindowCall& w : windows->calls) node->column_types.push_back(w.result_type);
  node->windows = std::move(windows->calls);
  node->child = std::move(input);
  for (auto& t : *targets) ResolveWindowRefs(t.get(), first);
  return node;
}

}  // namespace plinth
