// The binder: turns libpg-query parse trees into typed, name-resolved logical plans.
// It resolves tables through the catalog and search_path, columns through the FROM
// scope, functions and operators through the registry with PostgreSQL's overload
// rules, gives `unknown` literals and $n parameters their types from context, and
// reports PostgreSQL's errors (42P01, 42703, 42883, 42804, 42601...) with positions.
#pragma once

#include <memory>
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

namespace plinth {

// The session state the binder reads.
struct BindContext {
  const Catalog* catalog = nullptr;
  std::vector<std::string> search_path{"public"};
  const IoContext* io = nullptr;
};

// One range-table entry visible to column references.
struct ScopeEntry {
  std::string alias;  // table name or alias
  std::shared_ptr<const TableDef> table;
  std::vector<OutputColumn> columns;
  int offset = 0;  // position of its first column in the input row
};

class Binder {
 public:
  // param_types: the types the client gave (0 = infer); grows to the highest $n used.
  Binder(const BindContext& ctx, std::vector<Oid> param_types)
      : ctx_(ctx), param_types_(std::move(param_types)) {}

  // SELECT / INSERT / UPDATE / DELETE / VALUES.
  Result<Plan> BindQuery(const PgQuery__Node* stmt);
  // Parameter types after binding; an unresolved one is an error (42P18).
  Result<std::vector<Oid>> FinalParamTypes() const;

  // Exposed for DDL (column defaults, CHECK constraints): binds an expression over the
  // columns of `table` (or no columns when null).
  Result<ExprPtr> BindStandalone(const PgQuery__Node* node, const TableDef* table);
  Result<ExprPtr> CoerceTo(ExprPtr e, Oid type, int32_t typmod, CastContext ctx, const std::string& what);
  Result<std::pair<Oid, int32_t>> BindTypeName(const PgQuery__TypeName* tn);

 private:
  Result<std::unique_ptr<PlanNode>> BindSelect(const PgQuery__Node* node, std::vector<OutputColumn>* out);
  Result<std::unique_ptr<PlanNode>> BindFrom(const PgQuery__Node* from);
  Result<Plan> BindInsert(const PgQuery__Node* node);
  Result<Plan> BindUpdate(const PgQuery__Node* node);
  Result<Plan> BindDelete(const PgQuery__Node* node);
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
  // Resolves a common type for CASE/COALESCE/IN/VALUES branches (PG's select_common_type).
  Result<Oid> CommonType(const std::vector<ExprPtr*>& exprs, const char* context);

  const BindContext& ctx_;
  std::vector<Oid> param_types_;
  std::vector<ScopeEntry> scope_;
};

// Resolves a libpg-query String list into plain strings.
std::vector<std::string> NameList(const PgQuery__Node* const* items, size_t n);

}  // namespace plinth
