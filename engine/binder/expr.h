// Bound expressions: the binder's output for every scalar expression. Types are
// resolved (PostgreSQL OIDs), names are resolved to column positions of the input row,
// functions and operators to their FunctionDef. The executor evaluates them
// (executor/eval.h); nothing here refers to the parse tree any more.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/types/value.h"

namespace plinth {

struct FunctionDef;

enum class ExprKind {
  Const,      // value
  Column,     // column: index into the input row
  Param,      // param: 0-based $n index
  Func,       // fn(args...): functions and operators
  Cast,       // args[0] cast to type/typmod (explicit or implicit as `cast_context`)
  And,        // args... (three-valued)
  Or,         // args... (three-valued)
  Not,        // args[0]
  IsNull,     // args[0] IS NULL
  IsNotNull,  // args[0] IS NOT NULL
  BoolTest,   // args[0] IS [NOT] TRUE/FALSE/UNKNOWN: bool_test
  Case,       // args = [when1, then1, when2, then2, ..., else?]; has_else
  Coalesce,   // args...
  NullIf,     // args[0], args[1] with fn = the "=" operator
  Distinct,   // args[0] IS [NOT] DISTINCT FROM args[1]; fn = "="; negate for NOT DISTINCT
  InList,     // args[0] IN (args[1..]) with fn = "="; negate for NOT IN
  MinMax,     // GREATEST (is_greatest) / LEAST over args, compared with type order
  Array,      // ARRAY[args...]
  ArrayOp,    // args[0] OP ANY/ALL (args[1] array): fn = OP; negate = ALL
  AggRef,     // column: index of an aggregate call collected by the binder; rewritten
              // into a Column over the Aggregate node's output before planning
  OuterRef,   // column: index into the innermost outer frame (ExecContext::outer_frames),
              // i.e. a value a correlated subquery takes from the query around it
  SubLink,    // a subquery in an expression (sublink: SubLinkKind); see below
  WindowRef,  // column: index of a window function call collected by the binder;
              // rewritten into a Column over the Window node's output before planning
};

// What a SubLink computes from its subquery's rows.
enum class SubLinkKind {
  Exists,  // EXISTS (subquery)
  Scalar,  // (subquery): its single value, null when empty, 21000 on a second row
  Any,     // lhs op ANY/SOME/IN (subquery)
  All,     // lhs op ALL (subquery)
  Array,   // ARRAY(subquery)
};

struct PlanNode;

struct Expr {
  ExprKind kind = ExprKind::Const;
  Oid type = 0;
  int32_t typmod = -1;

  Value value;  // Const
  int column = -1;
  int param = -1;
  const FunctionDef* fn = nullptr;
  std::vector<std::unique_ptr<Expr>> args;
  bool negate = false;
  bool has_else = false;
  bool is_greatest = false;
  int bool_test = 0;  // 0 TRUE, 1 NOT TRUE, 2 FALSE, 3 NOT FALSE, 4 UNKNOWN, 5 NOT UNKNOWN
  int cast_context = 2;  // CastContext as int (Explicit by default)
  Oid compare_type = 0;  // MinMax: type to compare in

  // SubLink: args[0, frame_size) are the outer values the subquery reads through
  // OuterRef (evaluated over the current row, they become its frame); args[frame_size..)
  // are the left-hand values of ANY/ALL. `combine` compares them with one subquery row:
  // it is evaluated over [lhs values..., subquery columns...]. Both are immutable after
  // binding, so clones share them.
  SubLinkKind sublink = SubLinkKind::Exists;
  int frame_size = 0;
  std::shared_ptr<PlanNode> subplan;  // the planner optimizes it in place, once
  std::shared_ptr<const Expr> combine;

  std::string name;  // output column name suggestion ("?column?", function name, column name)
  int location = -1;

  static std::unique_ptr<Expr> MakeConst(Value v, Oid type, int32_t typmod = -1) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::Const;
    e->value = std::move(v);
    e->type = type;
    e->typmod = typmod;
    return e;
  }
  static std::unique_ptr<Expr> MakeColumn(int column, Oid type, int32_t typmod, std::string name) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::Column;
    e->column = column;
    e->type = type;
    e->typmod = typmod;
    e->name = std::move(name);
    return e;
  }
  std::unique_ptr<Expr> Clone() const;
};

using ExprPtr = std::unique_ptr<Expr>;

}  // namespace plinth
