// The binder: turns libpg-query parse trees into typed, name-resolved logical plans.
// It resolves tables through the catalog and search_path, columns through the FROM
// scope, functions and operators through the registry with PostgreSQL's overload
// rules, gives `unknown` literals and $n parameters their types from context, and
// reports PostgreSQL's errors (42P01, 42703, 42883, 42804, 42601...) with positions.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/binder/expr.h"
#include "engine/catalog/catalog.h"
#include "engine/common/status.h"
#include "engine/planner/plan.h"
#include "engine/types/types.h"

struct PgQuery__Node;
struct PgQuery__TypeName;
struct PgQuery__RangeVar;
struct PgQuery__SelectStmt;
struct PgQuery__WithClause;
struct PgQuery__JoinExpr;
struct PgQuery__RangeSubselect;
struct PgQuery__RangeFunction;
struct PgQuery__FuncCall;
struct PgQuery__OnConflictClause;

namespace plinth {

// The session state the binder reads.
class SystemCatalog;

struct BindContext {
  const Catalog* catalog = nullptr;
  std::vector<std::string> search_path{"public"};
  const IoContext* io = nullptr;
  // The catalog plugin's relations and functions (pg_catalog.*); null without one.
  const SystemCatalog* system = nullptr;
};

// One range-table entry visible to column references.
struct ScopeEntry {
  std::string alias;  // table name or alias
  std::shared_ptr<const TableDef> table;
  std::vector<OutputColumn> columns;
  int offset = 0;  // position of its first column in the input row
  // Where column i lives in the input row when not at offset + i (a JOIN ... USING
  // entry points into its inputs' columns).
  std::vector<int> positions;
  // PostgreSQL's namespace visibility: an alias-less JOIN is not a relation name, and
  // the tables inside a JOIN are reachable only by qualified names (the JOIN's own
  // entry answers unqualified ones).
  bool rel_visible = true;
  bool cols_visible = true;
  int position(size_t i) const { return positions.empty() ? offset + static_cast<int>(i) : positions[i]; }
};

struct AggregateScope;
struct WindowScope;
struct CteBinding;
struct GroupingPlan;

class Binder {
 public:
  // param_types: the types the client gave (0 = infer); grows to the highest $n used.
  Binder(const BindContext& ctx, std::vector<Oid> param_types)
      : ctx_(ctx), param_types_(std::move(param_types)) {}

  // SELECT / INSERT / UPDATE / DELETE / VALUES.
  Result<Plan> BindQuery(const PgQuery__Node* stmt);
  // COPY t (cols) FROM ...: an INSERT plan whose rows come from a PlanKind::External
  // source producing the listed columns (all columns when empty), already typed.
  Result<Plan> BindCopyFrom(const PgQuery__RangeVar* table, const std::vector<std::string>& columns,
                            std::vector<int>* source_columns);
  // Parameter types after binding; an unresolved one is an error (42P18).
  Result<std::vector<Oid>> FinalParamTypes() const;

  // Exposed for DDL (column defaults, CHECK constraints): binds an expression over the
  // columns of `table` (or no columns when null).
  Result<ExprPtr> BindStandalone(const PgQuery__Node* node, const TableDef* table);
  Result<ExprPtr> CoerceTo(ExprPtr e, Oid type, int32_t typmod, CastContext ctx, const std::string& what);
  Result<std::pair<Oid, int32_t>> BindTypeName(const PgQuery__TypeName* tn);

  // Printing a stored view's query back (query_deparse.h, bind_deparse.cc): binds just
  // the FROM list of `sel` into the scope; BindQueryClauseExpr then binds the query's
  // expressions over it, collecting aggregate calls (AggRef nodes) in `aggregates`.
  Status BindFromForDeparse(const PgQuery__SelectStmt* sel);
  Result<ExprPtr> BindQueryClauseExpr(const PgQuery__Node* node, std::vector<AggregateCall>* aggregates);
  const std::vector<ScopeEntry>& scope() const { return scope_; }
  // For a subquery of the query `outer` is printing: `outer`'s scopes become the
  // enclosing levels, so correlated names bind as OuterRef slots (outer_ref_source).
  void EnterDeparseLevelOf(const Binder& outer);
  // Where OuterRef slot `slot` reads from: the scope of enclosing level `level` and the
  // position in its row; false for an unknown slot.
  bool OuterRefSource(int slot, const std::vector<ScopeEntry>** scope, int* position) const;

  // When set, every table and view a FROM clause or DML target names is added here
  // (CREATE VIEW records them as the view's dependencies).
  std::set<Oid>* relation_log = nullptr;

 private:
  Result<ExprPtr> BindCastArgument(const PgQuery__Node* arg, Oid target);  // bind_expr.cc
  Result<std::unique_ptr<PlanNode>> BindSelect(const PgQuery__Node* node, std::vector<OutputColumn>* out);
  Result<std::unique_ptr<PlanNode>> BindFrom(const PgQuery__Node* from);
  Result<Plan> BindInsert(const PgQuery__Node* node);
  Result<Plan> BindUpdate(const PgQuery__Node* node);
  Result<Plan> BindDelete(const PgQuery__Node* node);
  // INSERT ... ON CONFLICT (bind_upsert.cc): arbiters, and DO UPDATE's SET and WHERE
  // over [target row as `alias`..., EXCLUDED row...].
  Status BindOnConflict(const PgQuery__OnConflictClause* oc, const std::string& alias, Plan* plan);
  // A SET list (UPDATE, ON CONFLICT DO UPDATE): per column of t, the assigned value over
  // the current scope's row, null where the column is not assigned.
  Status BindSetClause(PgQuery__Node* const* targets, size_t n, const TableDef& t, std::vector<ExprPtr>* out);
  // A WITH entry whose query is INSERT/UPDATE/DELETE: bound now, on its own, and queued
  // in modifying_ctes_ for the statement's Plan (bind_modifying_cte.cc).
  Status BindModifyingCte(CteBinding& cte);
  Result<std::shared_ptr<const TableDef>> ResolveTable(const PgQuery__RangeVar* rv);
  Result<ExprPtr> DefaultFor(const ColumnDef& col);
  Status BindReturning(const PgQuery__Node* const* items, size_t n, Plan* plan);
  Status AddChecks(Plan* plan);
  Result<std::vector<ExprPtr>> ExpandTargets(const PgQuery__Node* const* items, size_t n,
                                             std::vector<OutputColumn>* out);

 public:
  Result<ExprPtr> BindExpr(const PgQuery__Node* node);

 private:
  Result<ExprPtr> BindColumnRef(const PgQuery__Node* node);
  Result<ExprPtr> BindAExpr(const PgQuery__Node* node);
  Result<ExprPtr> BindFuncCall(const PgQuery__Node* node);
  Result<ExprPtr> BindOperator(const std::string& op, std::vector<ExprPtr> args, int location);
  Result<ExprPtr> BindFunction(const std::string& name, std::vector<ExprPtr> args, int location);
  Result<ExprPtr> BindConst(const PgQuery__Node* node);
  Result<ExprPtr> BindCase(const PgQuery__Node* node);
  Result<ExprPtr> ToBoolean(ExprPtr e, const char* clause);
  // 'name'::regclass resolves now, against the catalog (bind_regclass.cc); a computed
  // text resolves when evaluated.
  Result<ExprPtr> RegclassLiteral(ExprPtr literal);
  Result<ExprPtr> RegclassOfText(ExprPtr text);
  // Set-returning calls of the select list (unnest, generate_series...) move into a
  // ProjectSet node over `input`; the targets read their columns (bind_srf.cc).
  Result<std::unique_ptr<PlanNode>> ApplySetFunctions(std::unique_ptr<PlanNode> input,
                                                      std::vector<ExprPtr>* targets);
  // expr[i] on a one-dimensional array (bind_indirection.cc).
  Result<ExprPtr> BindIndirection(const PgQuery__Node* node);
  // Resolves a common type for CASE/COALESCE/IN/VALUES branches (PG's select_common_type).
  Result<Oid> CommonType(const std::vector<ExprPtr*>& exprs, const char* context);
  Result<Oid> CommonTypeOf(std::vector<ExprPtr>& exprs, const char* context);
  // Binds each node of a parse-tree list, in order.
  Result<std::vector<ExprPtr>> BindList(PgQuery__Node* const* items, size_t n);

  // SELECT machinery (bind_select.cc, bind_from.cc, bind_aggregate.cc, bind_setop.cc,
  // bind_subquery.cc, bind_column.cc).
  Result<std::unique_ptr<PlanNode>> BindSelectStmt(const PgQuery__SelectStmt* sel, std::vector<OutputColumn>* out);
  Result<std::unique_ptr<PlanNode>> ApplyLimit(const PgQuery__SelectStmt* sel, std::unique_ptr<PlanNode> top,
                                               const std::vector<SortKey>& sort_keys);
  Status BindGroupBy(const PgQuery__SelectStmt* sel, const std::vector<ExprPtr>& targets,
                     const std::vector<OutputColumn>& out, GroupingPlan* grouping);
  Result<std::unique_ptr<PlanNode>> ApplyGrouping(std::unique_ptr<PlanNode> input, GroupingPlan* grouping,
                                                  AggregateScope* aggs, std::vector<ExprPtr>* targets,
                                                  ExprPtr* having);
  Result<ExprPtr> RewriteGrouped(ExprPtr e, const std::vector<ExprPtr>& keys);
  Status CheckDuplicateAliases() const;
  Result<std::unique_ptr<PlanNode>> BindSimpleSelect(const PgQuery__SelectStmt* sel, std::vector<OutputColumn>* out);
  Result<std::unique_ptr<PlanNode>> BindValues(const PgQuery__SelectStmt* sel, std::vector<OutputColumn>* out);
  Result<std::unique_ptr<PlanNode>> BindSetOp(const PgQuery__SelectStmt* sel, std::vector<OutputColumn>* out);
  Result<std::unique_ptr<PlanNode>> BindOrderLimit(const PgQuery__SelectStmt* sel, std::unique_ptr<PlanNode> input,
                                                   std::vector<OutputColumn>* out);
  Status PushWith(const PgQuery__WithClause* with);
  Result<std::unique_ptr<PlanNode>> BindFromItem(const PgQuery__Node* item, std::unique_ptr<PlanNode> left);
  Result<std::unique_ptr<PlanNode>> BindJoin(const PgQuery__JoinExpr* j, std::unique_ptr<PlanNode> left);
  // One table, subquery, function or WITH reference; adds its scope entry at `base`.
  Result<std::unique_ptr<PlanNode>> BindFromLeaf(const PgQuery__Node* item, int base, bool* lateral,
                                                 std::vector<ExprPtr>* lateral_args);
  Result<std::unique_ptr<PlanNode>> BindRangeFunction(const PgQuery__RangeFunction* rf, std::vector<OutputColumn>* cols);
  // bind_json_to_record.cc: AS alias(column type, ...) lists, required by and only
  // allowed for the functions returning record (json[b]_to_record[set]).
  Status CheckColumnDefinitionList(const PgQuery__RangeFunction* rf, std::string_view name, int call_location);
  Result<std::unique_ptr<PlanNode>> BindJsonToRecord(const PgQuery__RangeFunction* rf, const std::string& name,
                                                     std::vector<ExprPtr> args, int location,
                                                     std::vector<OutputColumn>* cols);
  Result<std::unique_ptr<PlanNode>> BindCteRef(CteBinding& cte, std::vector<OutputColumn>* cols);
  // Views (bind_view.cc): the view `rv` names when it names one before any table on
  // search_path, and its query bound on its own as a FROM item.
  const ViewDef* FindViewFor(const PgQuery__RangeVar* rv) const;
  Result<std::unique_ptr<PlanNode>> BindViewRef(const ViewDef& view, std::vector<OutputColumn>* cols);
  // A sequence named in FROM (when no table of that name comes first on search_path):
  // its one-row relation (last_value, log_cnt, is_called).
  const SequenceDef* FindSequenceFor(const PgQuery__RangeVar* rv) const;
  static std::unique_ptr<PlanNode> SequenceRelation(const SequenceDef& seq, std::vector<OutputColumn>* cols);
  // INSERT/UPDATE/DELETE whose target is a view: rewritten onto the view's base
  // relation (PostgreSQL's automatically updatable views), or an error saying why not.
  Result<Plan> BindViewModify(const PgQuery__Node* stmt, const ViewDef& view);
  // Binds a complete query (its own scope) as a FROM item or subquery body.
  Result<std::unique_ptr<PlanNode>> BindNestedQuery(const PgQuery__Node* node, std::vector<OutputColumn>* out);
  Result<std::unique_ptr<PlanNode>> BindIsolated(const PgQuery__SelectStmt* sel, std::vector<OutputColumn>* out,
                                                 bool keep_unknown);
  Result<std::unique_ptr<PlanNode>> BindCteQuery(CteBinding& cte, std::vector<OutputColumn>* cols);
  Result<ExprPtr> BindSubLink(const PgQuery__Node* node);
  Result<ExprPtr> BindAggregateCall(const PgQuery__FuncCall* fc, const std::string& name);
  // Window functions (bind_window.cc): a call with OVER becomes a WindowRef collected
  // in windows_; ApplyWindows puts the Window node over the (grouped) input.
  Result<ExprPtr> BindWindowCall(const PgQuery__FuncCall* fc, const std::string& name);
  Result<std::unique_ptr<PlanNode>> ApplyWindows(std::unique_ptr<PlanNode> input, WindowScope* windows,
                                                 const std::vector<ExprPtr>* group_keys,
                                                 std::vector<ExprPtr>* targets);
  Result<ExprPtr> BindRowCompare(const PgQuery__Node* node);
  // ROW(a, b) as a value: an anonymous record (bind_row_expr.cc).
  Result<ExprPtr> BindRowConstructor(const PgQuery__Node* node);
  Result<ExprPtr> BindRowDistinct(const PgQuery__Node* node);  // ROW(..) IS [NOT] DISTINCT FROM ROW(..)
  Result<ExprPtr> BindColumnInScope(const std::string& qual, const std::string& col, int location, bool* found);
  Result<ExprPtr> OuterReference(size_t level, int position, const OutputColumn& oc, const std::string& name);
  Result<ExprPtr> ResolveQualifiedStar(const std::string& qual, int location);
  // A FROM item's name used as a value (row_to_json(t), t.* in an expression): a record
  // of its columns (bind_whole_row.cc); null when no item of that name is in scope.
  Result<ExprPtr> BindWholeRow(const std::string& alias, int location);
  // Array subscripts (bind_indirection.cc): `n` consecutive A_Indices steps applied to
  // base (an element or a slice), and SET a[i]... = value as the array with that element
  // replaced.
  Result<ExprPtr> BindSubscript(ExprPtr base, const PgQuery__Node* const* steps, size_t n);
  Result<ExprPtr> BindSubscriptAssignment(ExprPtr current, const PgQuery__Node* const* steps, size_t n,
                                          const PgQuery__Node* value, const std::string& what);
  Result<ExprPtr> SubscriptToInt(ExprPtr subscript);
  Result<ExprPtr> BindJsonbSubscript(ExprPtr base, const PgQuery__Node* const* steps, size_t n);
  // ARRAY[...] whose elements are arrays of type `array_type` (bind_array.cc).
  Result<ExprPtr> BindArrayOfArrays(Oid array_type, std::vector<ExprPtr> elements, int location);

  const BindContext& ctx_;
  std::vector<Oid> param_types_;
  std::vector<ScopeEntry> scope_;

  // Enclosing query levels of a subquery being bound (innermost last) and the outer
  // values the current level reads: each becomes one slot of its outer frame.
  struct OuterRefSlot {
    size_t level;  // index into outer_levels_ of the level that owns the column
    int position;  // its position in that level's row
    OutputColumn column;
  };
  struct SavedLevel {
    std::vector<ScopeEntry> scope;
    std::vector<OuterRefSlot> outer_refs;
  };
  std::vector<SavedLevel> outer_levels_;
  std::vector<OuterRefSlot> outer_refs_;
  void EnterLevel();
  std::vector<ExprPtr> LeaveLevel();  // the frame arguments, over the parent's row

  AggregateScope* aggs_ = nullptr;        // collects the aggregate calls of the clause
  const char* agg_forbidden_ = nullptr;   // "WHERE", "JOIN conditions"...: not allowed
  bool in_agg_args_ = false;              // nested aggregate calls are errors
  WindowScope* windows_ = nullptr;        // collects window calls where they are allowed
  const PgQuery__SelectStmt* window_clause_owner_ = nullptr;  // its WINDOW clause names windows
  std::vector<std::shared_ptr<CteBinding>> ctes_;  // visible WITH entries, innermost last
  int next_work_table_ = 0;
  bool keep_unknown_targets_ = false;  // set-operation arms leave literals untyped
  bool recursive_term_ = false;        // binding a WITH RECURSIVE recursive term
  size_t last_item_entry_ = 0;         // scope_ index of the FROM item bound last
  int view_depth_ = 0;                 // views being expanded around this binder
  std::vector<ModifyingCte> modifying_ctes_;  // data-modifying WITH entries bound so far
};

// Resolves a libpg-query String list into plain strings.
std::vector<std::string> NameList(const PgQuery__Node* const* items, size_t n);

}  // namespace plinth
