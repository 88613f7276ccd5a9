// Physical plans: what the planner hands the executor. A plan is a tree of PlanNodes
// (each becomes one pull-based operator) under a statement-level Plan that says what
// to do with the rows: return them, or insert/update/delete them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/binder/expr.h"
#include "engine/catalog/catalog.h"

namespace plinth {

struct OutputColumn {
  std::string name;
  Oid type = 0;
  int32_t typmod = -1;
  Oid table_oid = 0;   // for RowDescription: the source table column, if any
  int16_t attnum = 0;
};

struct SortKey {
  ExprPtr expr;  // evaluated over the node's input row
  bool descending = false;
  bool nulls_first = false;
};

enum class PlanKind {
  OneRow,     // a single empty row (SELECT without FROM)
  Values,     // rows of expressions (VALUES lists)
  TableScan,  // rows of a table, optionally a primary-key range; emits the row key too
  Filter,     // child rows where predicate is true
  Project,    // expressions over child rows
  Sort,       // child rows ordered by keys
  Limit,      // OFFSET/LIMIT over child rows
  Distinct,   // child rows without duplicates (all columns)
  External,   // rows pushed in by the caller through ExecContext::external (COPY FROM)
  Aggregate,       // group_keys then aggregates per group (hash aggregation)
  NestedLoopJoin,  // child x right, with predicate over the joined row
  HashJoin,        // child x right on left_keys = right_keys, then predicate
  SetOp,           // UNION/INTERSECT/EXCEPT [ALL] of child and right
  RecursiveUnion,  // WITH RECURSIVE: child, then right repeatedly over the work table
  WorkTableScan,   // the rows of the enclosing RecursiveUnion's current iteration
  FunctionScan,    // a set-returning function in FROM (generate_series, unnest)
  IndexScan,       // rows of a table found through a secondary index range (`index`,
                   // bounds in `range` over its key parts); emits the row key too
  Window,          // child rows plus one column per window function call (windows)
  ProjectSet,      // child rows plus one column per set-returning call of the select list
                   // (function_args: the calls, over the child row), run in lockstep
  SystemScan,      // rows of a catalog plugin relation (`system`), computed when opened
  SequenceScan,    // the one row of a sequence relation (`sequence`): last_value, log_cnt, is_called
};

enum class JoinType { Inner, Left, Right, Full };
enum class SetOpKind { Union, Intersect, Except };
enum class AggFunc { CountStar, Count, Sum, Avg, Min, Max, StringAgg, ArrayAgg, BoolAnd, BoolOr,
                     VarSamp, VarPop, StddevSamp, StddevPop,
                     JsonAgg, JsonbAgg, JsonObjectAgg, JsonbObjectAgg };

// One aggregate call of an Aggregate node, with arguments over the node's input row.
struct AggregateCall {
  AggFunc func = AggFunc::CountStar;
  std::vector<ExprPtr> args;
  Oid input_type = 0;   // type of args[0]
  Oid result_type = 0;
  bool distinct = false;
  ExprPtr filter;               // FILTER (WHERE ...), may be null
  std::vector<SortKey> order;   // ORDER BY inside the call, over the input row
};

enum class WindowFunc {
  RowNumber, Rank, DenseRank, PercentRank, CumeDist, Ntile,
  Lag, Lead, FirstValue, LastValue, NthValue,
  Aggregate,  // an aggregate over the frame (WindowCall::aggregate)
};
enum class FrameMode { Rows, Range, Groups };
enum class FrameBoundKind { UnboundedPreceding, OffsetPreceding, CurrentRow, OffsetFollowing, UnboundedFollowing };
enum class FrameExclusion { NoOthers, CurrentRow, Group, Ties };

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::UnboundedPreceding;
  ExprPtr offset;  // the PRECEDING/FOLLOWING amount (int8 for ROWS/GROUPS)
  // RANGE only: the order key moved by the offset, over the input row (key - offset
  // for PRECEDING, + for FOLLOWING; reversed under DESC). Rows whose key lies between
  // the two bounds are in the frame.
  ExprPtr range_bound;
};

// One window function call of a Window node; every expression is over the node's
// input row.
struct WindowCall {
  WindowFunc func = WindowFunc::RowNumber;
  std::vector<ExprPtr> args;
  AggregateCall aggregate;  // func == Aggregate
  Oid result_type = 0;
  std::vector<ExprPtr> partition;
  std::vector<SortKey> order;
  FrameMode mode = FrameMode::Range;
  FrameBound start, end;  // default: RANGE UNBOUNDED PRECEDING .. CURRENT ROW
  FrameExclusion exclusion = FrameExclusion::NoOthers;
  std::string name;  // the function name, for EXPLAIN
};

// A primary-key restriction found by the planner: equality on a prefix of the key
// columns, then optionally a range on the next one. Bounds are expressions because
// they may reference parameters; the executor evaluates them when the scan opens.
struct KeyRange {
  std::vector<ExprPtr> equal;  // one per leading key column
  ExprPtr lower, upper;        // on key column equal.size(), may be null
  bool lower_inclusive = true, upper_inclusive = true;
  bool empty() const { return equal.empty() && !lower && !upper; }
};

struct PlanNode {
  PlanKind kind = PlanKind::OneRow;
  std::vector<Oid> column_types;  // of the rows this node emits
  // Which of those columns the nodes above ever read (planner/column_pruning.h); empty
  // means all. Rows keep their full width, but a TableScan leaves the unread columns
  // null instead of decoding them, and a join does not copy them.
  std::vector<bool> used_columns;
  // The node above reads all of this node's rows before it yields any of its own
  // (planner/read_ahead.h): this node may read its input ahead.
  bool drained = false;
  std::unique_ptr<PlanNode> child;

  // TableScan / IndexScan
  std::shared_ptr<const TableDef> table;
  KeyRange range;
  // IndexScan: the index (owned by *table) and the type of each of its key parts.
  const IndexDef* index = nullptr;
  std::vector<Oid> index_key_types;
  // Filter
  ExprPtr predicate;
  // Project
  std::vector<ExprPtr> exprs;
  // Values
  std::vector<std::vector<ExprPtr>> rows;
  // Sort
  std::vector<SortKey> keys;
  // Limit; on a Sort, a top-N bound set by the planner (keep limit + offset rows).
  ExprPtr limit, offset;
  bool with_ties = false;  // Limit: FETCH ... WITH TIES, peers by `keys`
  // Distinct: when non-empty, only these columns identify a row (DISTINCT ON); the
  // first row of each group wins.
  std::vector<int> distinct_columns;

  // NestedLoopJoin/HashJoin/SetOp/RecursiveUnion: `child` is the left input.
  std::unique_ptr<PlanNode> right;
  JoinType join_type = JoinType::Inner;
  std::vector<ExprPtr> left_keys, right_keys;  // HashJoin, over each side's row
  // NestedLoopJoin with a LATERAL right side: the outer frame the right side reads
  // (OuterRef), evaluated over each left row.
  std::vector<ExprPtr> lateral_args;
  bool lateral = false;
  // Aggregate: output rows are [group_keys..., aggregates...].
  std::vector<ExprPtr> group_keys;
  std::vector<AggregateCall> aggregates;
  // GROUPING SETS: each a list of group_keys indexes; keys outside a set are null.
  // Empty means one set of every key.
  std::vector<std::vector<int>> grouping_sets;
  // SetOp / RecursiveUnion (set_all: UNION ALL keeps duplicates)
  SetOpKind set_op = SetOpKind::Union;
  bool set_all = false;
  int work_table = -1;  // RecursiveUnion / WorkTableScan
  // FunctionScan: the function name, its arguments (row independent).
  std::string function;
  std::vector<ExprPtr> function_args;
  // FunctionScan of a function returning record (json_to_record): its column definition
  // list's names and typmods (the types are column_types).
  std::vector<std::string> record_columns;
  std::vector<int32_t> record_typmods;
  // SystemScan: the plugin relation (engine/system/system_catalog.h); both outlive plans.
  const class SystemCatalog* system_catalog = nullptr;
  const struct SystemRelation* system_relation = nullptr;
  // SequenceScan: the sequence's OID.
  Oid sequence = 0;
  // Window: output rows are [child columns..., one value per call...].
  std::vector<WindowCall> windows;

  std::string Describe(int indent = 0) const;  // EXPLAIN text
};

enum class PlanAction { Query, Insert, Update, Delete };

// INSERT ... ON CONFLICT (run by engine/session/upsert.cc).
struct OnConflictPlan {
  bool do_update = false;  // DO UPDATE, else DO NOTHING
  // The unique keys whose conflicts are resolved: IndexDef::id, 0 for the primary key.
  // A conflict on any other unique index is still an error (23505).
  std::vector<uint32_t> arbiters;
  // DO UPDATE: per table column, the new value over [existing row..., EXCLUDED row...]
  // (null = unchanged), and the optional WHERE over the same row.
  std::vector<ExprPtr> assignments;
  ExprPtr where;
};

struct Plan;

// A data-modifying WITH entry (WITH x AS (DELETE ... RETURNING ...) ...): it runs to
// completion before the statement's main query, and references to it read its
// RETURNING rows as work table `work_table` (a WorkTableScan).
struct ModifyingCte {
  std::shared_ptr<Plan> plan;
  int work_table = -1;
};

struct Plan {
  PlanAction action = PlanAction::Query;
  // SELECT ... FOR SHARE (1) / FOR UPDATE (2): lock every returned row of the one table
  // scanned, identified by the scan's current_key().
  int row_lock = 0;
  std::unique_ptr<PlanNode> root;  // Query: the rows; Insert: rows in table column order;
                                   // Update/Delete: the full old rows (TableScan below)
  std::vector<OutputColumn> columns;  // rows returned to the client (query or RETURNING)

  std::shared_ptr<const TableDef> table;  // Insert/Update/Delete target
  // Update: per table column, the new value over the old row; null = unchanged.
  std::vector<ExprPtr> assignments;
  // RETURNING, evaluated over the new (insert/update) or old (delete) row.
  std::vector<ExprPtr> returning;
  // Constraint checks (CHECK expressions over the new row) and NOT NULL columns.
  std::vector<std::pair<std::string, ExprPtr>> checks;
  // INSERT/UPDATE through a view WITH CHECK OPTION: the view's name and its WHERE over
  // the new base-table row, which must not be false.
  std::vector<std::pair<std::string, ExprPtr>> view_checks;
  std::string command;  // "SELECT", "INSERT", "UPDATE", "DELETE"
  std::unique_ptr<OnConflictPlan> on_conflict;  // Insert with ON CONFLICT
  std::vector<ModifyingCte> modifying_ctes;    // run first, in order
};

}  // namespace plinth
