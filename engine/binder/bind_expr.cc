// Binding of scalar expressions: constants, column references, parameters, operators,
// function calls, casts, boolean logic, CASE and friends.
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <cstdlib>

#include "engine/binder/bind_internal.h"
#include "engine/system/system_catalog.h"
#include "engine/functions/functions.h"

namespace plinth {

namespace {

std::string StrVal(const PgQuery__Node* n) {
  if (n && n->node_case == PG_QUERY__NODE__NODE_STRING) return n->string->sval;
  return {};
}

}  // namespace

std::vector<std::string> NameList(const PgQuery__Node* const* items, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; i++) out.push_back(StrVal(items[i]));
  return out;
}

Result<std::pair<Oid, int32_t>> Binder::BindTypeName(const PgQuery__TypeName* tn) {
  std::vector<std::string> names = NameList(tn->names, tn->n_names);
  std::vector<int32_t> mods;
  for (size_t i = 0; i < tn->n_typmods; i++) {
    const PgQuery__Node* m = tn->typmods[i];
    if (m->node_case == PG_QUERY__NODE__NODE_A_CONST && m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
      mods.push_back(m->a_const->ival->ival);
    else
      return PositionedError("42601", "type modifiers must be simple constants or identifiers", tn->location);
  }
  auto r = ResolveTypeName(names, mods, tn->n_array_bounds > 0);
  if (!r.ok()) {
    Status s = r.status();
    if (s.info().position == 0 && tn->location >= 0) s.with_position(tn->location + 1);
    return s;
  }
  return r;
}

namespace {

Result<ExprPtr> BindConstValue(const PgQuery__AConst* c, const IoContext& io) {
  if (c->isnull) return Expr::MakeConst(Value::Null(), oids::kUnknown);
  switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
      return Expr::MakeConst(Value::Int(c->ival->ival), oids::kInt4);
    case PG_QUERY__A__CONST__VAL_FVAL: {
      // Integers too wide for int4 arrive as "Float": int8 when they fit, else numeric.
      std::string text = c->fval->fval;
      bool integral = text.find_first_of(".eE") == std::string::npos;
      if (integral) {
        auto v = InputText(oids::kInt8, -1, text, io);
        // -2147483648 arrives negated as "Float" but fits int4, which PostgreSQL then uses.
        if (v.ok() && v->as_int() >= INT32_MIN && v->as_int() <= INT32_MAX)
          return Expr::MakeConst(v.take(), oids::kInt4);
        if (v.ok()) return Expr::MakeConst(v.take(), oids::kInt8);
      }
      PLINTH_ASSIGN_OR_RETURN(Value v, InputText(oids::kNumeric, -1, text, io));
      return Expr::MakeConst(std::move(v), oids::kNumeric);
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      return Expr::MakeConst(Value::Bool(c->boolval->boolval), oids::kBool);
    case PG_QUERY__A__CONST__VAL_SVAL: {
      auto e = Expr::MakeConst(Value::Bytes(std::string(c->sval->sval)), oids::kUnknown);
      e->location = c->location;
      return e;
    }
    case PG_QUERY__A__CONST__VAL_BSVAL:
      return PositionedError("0A000", "bit string constants are not supported", c->location);
    default:
      return Expr::MakeConst(Value::Null(), oids::kUnknown);
  }
}

}  // namespace

Result<ExprPtr> Binder::BindConst(const PgQuery__Node* node) {
  // Every constant keeps its position, so coercion errors can point at it.
  PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindConstValue(node->a_const, *ctx_.io));
  e->location = node->a_const->location;
  return e;
}

// ARRAY[...]::t[] coerces each element to t, as PostgreSQL does, so an element's input
// error points at that element; any other argument binds as usual.
Result<ExprPtr> Binder::BindCastArgument(const PgQuery__Node* arg, Oid target) {
  const TypeInfo* target_info = LookupType(target);
  if (arg->node_case != PG_QUERY__NODE__NODE_A_ARRAY_EXPR || !IsArrayType(target) ||
      arg->a_array_expr->n_elements == 0)
    return BindExpr(arg);
  const PgQuery__AArrayExpr* ae = arg->a_array_expr;
  for (size_t i = 0; i < ae->n_elements; i++)
    if (ae->elements[i]->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR) return BindExpr(arg);
  PLINTH_ASSIGN_OR_RETURN(std::vector<ExprPtr> elements, BindList(ae->elements, ae->n_elements));
  for (ExprPtr& element : elements) {
    PLINTH_ASSIGN_OR_RETURN(element, CoerceTo(std::move(element), target_info->elem, -1, CastContext::Explicit, "cast"));
  }
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Array;
  e->type = target;
  e->name = "array";
  e->location = ae->location;
  e->args = std::move(elements);
  return e;
}

Result<ExprPtr> Binder::CoerceTo(ExprPtr e, Oid type, int32_t typmod, CastContext cctx, const std::string& what) {
  if (e->type == type && (typmod < 0 || e->typmod == typmod)) return e;
  if (e->type == oids::kUnknown && e->kind == ExprKind::Const) {
    // An untyped literal takes the target type by running that type's input function.
    if (e->value.is_null()) {
      e->type = type;
      e->typmod = typmod;
      return e;
    }
    if (type == oids::kRegclass) return RegclassLiteral(std::move(e));
    // As PostgreSQL's coerce_type: the input function runs without the typmod (save for
    // interval, whose input needs the field range) and its errors point at the literal;
    // the length or precision check follows in the coercion's own context, unpositioned,
    // as it would run at execution time.
    int32_t input_typmod = type == oids::kInterval ? typmod : -1;
    auto v = InputText(type, input_typmod, e->value.as_bytes(), *ctx_.io);
    if (!v.ok()) {
      Status s = v.status();
      if (s.info().position == 0 && e->location >= 0) s.with_position(e->location + 1);
      return s;
    }
    Value value = v.take();
    if (input_typmod != typmod) { PLINTH_ASSIGN_OR_RETURN(value, ApplyTypmod(value, type, typmod, cctx)); }
    auto c = Expr::MakeConst(std::move(value), type, typmod);
    c->name = e->name;
    c->location = e->location;
    return c;
  }
  if (e->kind == ExprKind::Param && e->type == oids::kUnknown) {
    param_types_[e->param] = type;
    e->type = type;
    if (typmod < 0) return e;
  }
  if (e->type == type && typmod >= 0) {
    auto cast = std::make_unique<Expr>();
    cast->kind = ExprKind::Cast;
    cast->type = type;
    cast->typmod = typmod;
    cast->cast_context = static_cast<int>(cctx);
    cast->name = e->name;
    cast->args.push_back(std::move(e));
    return cast;
  }
  if (type == oids::kRegclass && (e->type == oids::kText || e->type == oids::kVarchar)) return RegclassOfText(std::move(e));
  Oid from = e->type == oids::kUnknown ? oids::kText : e->type;
  if (!CanCast(from, type, cctx)) {
    if (cctx == CastContext::Explicit)
      return PositionedError("42846", "cannot cast type " + FormatType(from, -1) + " to " + FormatType(type, -1), e->location);
    return PositionedError("42804", what + " is of type " + FormatType(type, -1) + " but expression is of type " +
                                FormatType(from, -1),
                   e->location)
        .with_hint("You will need to rewrite or cast the expression.");
  }
  auto cast = std::make_unique<Expr>();
  cast->kind = ExprKind::Cast;
  cast->type = type;
  cast->typmod = typmod;
  cast->cast_context = static_cast<int>(cctx);
  cast->name = e->name;
  cast->location = e->location;
  if (e->type == oids::kUnknown) e->type = oids::kText;
  cast->args.push_back(std::move(e));
  return cast;
}

Result<ExprPtr> Binder::ToBoolean(ExprPtr e, const char* clause) {
  if (e->type == oids::kBool) return e;
  if (e->type == oids::kUnknown) return CoerceTo(std::move(e), oids::kBool, -1, CastContext::Implicit, "argument");
  return PositionedError("42804", std::string("argument of ") + clause + " must be type boolean, not type " +
                              FormatType(e->type, e->typmod),
                 e->location);
}

// BindColumnRef: bind_column.cc.

Result<std::vector<ExprPtr>> Binder::BindList(PgQuery__Node* const* items, size_t n) {
  std::vector<ExprPtr> out;
  out.reserve(n);
  for (size_t i = 0; i < n; i++) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindExpr(items[i]));
    out.push_back(std::move(e));
  }
  return out;
}

Result<Oid> Binder::CommonTypeOf(std::vector<ExprPtr>& exprs, const char* context) {
  std::vector<ExprPtr*> ptrs;
  for (auto& e : exprs) ptrs.push_back(&e);
  return CommonType(ptrs, context);
}

Result<Oid> Binder::CommonType(const std::vector<ExprPtr*>& exprs, const char* context) {
  // PostgreSQL's rule in short: the first non-unknown type wins unless a later one of the
  // same category is preferred or the first can be implicitly cast to it; all unknown
  // means text.
  Oid common = 0;
  for (ExprPtr* e : exprs) {
    Oid t = (*e)->type;
    if (t == oids::kUnknown) continue;
    if (common == 0) {
      common = t;
      continue;
    }
    if (t == common) continue;
    const TypeInfo* ci = LookupType(common);
    const TypeInfo* ti = LookupType(t);
    if (ci && ti && ci->category != ti->category)
      return PositionedError("42804", std::string(context) + " types " + FormatType(common, -1) + " and " +
                                  FormatType(t, -1) + " cannot be matched",
                     (*e)->location);
    if (CanCast(common, t, CastContext::Implicit) && !(ci && ci->preferred && !CanCast(t, common, CastContext::Implicit)))
      common = t;
  }
  if (common == 0) common = oids::kText;
  for (ExprPtr* e : exprs) {
    PLINTH_ASSIGN_OR_RETURN(*e, CoerceTo(std::move(*e), common, -1, CastContext::Implicit, context));
  }
  return common;
}

namespace {

// anyelement and anyarray in one signature must agree: the array's element type is the
// element's type (so text[] || text[] is array_cat, not an append of an array).
bool PolymorphicArgsAgree(const FunctionDef& f, const std::vector<Oid>& args) {
  Oid element = 0, array_element = 0;
  for (size_t i = 0; i < args.size() && i < f.args.size(); i++) {
    if (args[i] == oids::kUnknown) continue;
    if (f.args[i] == oids::kAnyElement) element = element ? element : args[i];
    if (f.args[i] == oids::kAnyArray && IsArrayType(args[i]))
      array_element = array_element ? array_element : LookupType(args[i])->elem;
  }
  return !element || !array_element || element == array_element;
}

// PostgreSQL's overload resolution, condensed (func_select_candidate): keep candidates
// every argument can be implicitly cast to; prefer the most exact matches, then the
// most preferred-type matches; unknown arguments lean towards the category of the known
// ones (and then to string types).
const FunctionDef* PickCandidate(const std::vector<const FunctionDef*>& cands, const std::vector<Oid>& args) {
  const FunctionDef* best = nullptr;
  int best_score = -1;
  Oid known = 0;
  for (Oid a : args)
    if (a != oids::kUnknown) known = known ? known : a;
  for (const FunctionDef* f : cands) {
    if (!f->variadic && f->args.size() != args.size()) continue;
    if (f->variadic && args.size() <= f->args.size()) continue;  // VARIADIC takes one or more
    int score = 0;
    bool ok = true;
    for (size_t i = 0; i < args.size() && ok; i++) {
      Oid want = i < f->args.size() ? f->args[i] : oids::kAny;
      Oid have = args[i];
      if (want == oids::kAny || want == oids::kAnyElement) {
        score += 1;
        continue;
      }
      if (want == oids::kAnyArray) {
        ok = have == oids::kUnknown || IsArrayType(have);
        score += 2;  // an array matching anyarray beats it matching anyelement
        continue;
      }
      if (have == want) {
        score += 100;
      } else if (have == oids::kUnknown) {
        // An unknown literal matches anything; prefer the known argument's type.
        if (known && want == known) score += 50;
        else if (known) {
          const TypeInfo* kt = LookupType(known);
          const TypeInfo* wt = LookupType(want);
          if (kt && wt && kt->category == wt->category) score += 10;
          if (wt && wt->preferred) score += 2;
        } else {
          // No known argument: string types first, then each category's preferred type.
          if (want == oids::kText) score += 5;
          if (const TypeInfo* wt = LookupType(want); wt && wt->preferred) score += 2;
        }
      } else if (CanCast(have, want, CastContext::Implicit)) {
        const TypeInfo* wt = LookupType(want);
        score += (wt && wt->preferred) ? 3 : 1;
      } else {
        ok = false;
      }
    }
    ok = ok && PolymorphicArgsAgree(*f, args);
    if (ok && score > best_score) {
      best = f;
      best_score = score;
    }
  }
  return best;
}

// The concrete type of an anyarray result: the anyarray argument's type, else the array
// of the anyelement argument's type.
Oid PolymorphicArrayResult(const FunctionDef& f, const std::vector<ExprPtr>& args) {
  for (size_t i = 0; i < args.size() && i < f.args.size(); i++)
    if (f.args[i] == oids::kAnyArray && IsArrayType(args[i]->type)) return args[i]->type;
  for (size_t i = 0; i < args.size() && i < f.args.size(); i++)
    if (f.args[i] == oids::kAnyElement)
      if (const TypeInfo* t = LookupType(args[i]->type); t && t->array) return t->array;
  return oids::kAnyArray;
}

// The type an unknown literal takes at a polymorphic parameter: what the other
// polymorphic arguments fix (array_position(ARRAY[1, 2], '1'): int4; int[] @> '{2}':
// int4[]), else text.
Oid UnknownPolymorphicTarget(const FunctionDef& f, const std::vector<ExprPtr>& args, Oid want) {
  if (want == oids::kAnyElement || want == oids::kAnyArray) {
    Oid array = PolymorphicArrayResult(f, args);
    if (array != oids::kAnyArray && LookupType(array))
      return want == oids::kAnyArray ? array : LookupType(array)->elem;
  }
  return oids::kText;
}

std::string TypeListText(const std::vector<ExprPtr>& args) {
  std::string s;
  for (size_t i = 0; i < args.size(); i++) {
    if (i) s += ", ";
    s += args[i]->type == oids::kUnknown ? "unknown" : FormatType(args[i]->type, -1);
  }
  return s;
}

}  // namespace

Result<ExprPtr> Binder::BindOperator(const std::string& op, std::vector<ExprPtr> args, int location) {
  std::vector<Oid> types;
  for (auto& a : args) types.push_back(a->type);
  // Two unknown literals compare as text (PostgreSQL resolves unknown = unknown so).
  if (args.size() == 2 && types[0] == oids::kUnknown && types[1] == oids::kUnknown) types = {oids::kText, oids::kText};
  const FunctionDef* f = PickCandidate(OperatorCandidates(op, static_cast<int>(args.size())), types);
  // '{"a": 1}' @? '$.a': no text operator, so the literals take the types of the one
  // operator of that name (with several, PostgreSQL would call it ambiguous).
  if (!f && args.size() == 2 && args[0]->type == oids::kUnknown && args[1]->type == oids::kUnknown &&
      OperatorCandidates(op, 2).size() == 1)
    f = PickCandidate(OperatorCandidates(op, 2), {oids::kUnknown, oids::kUnknown});
  if (!f) {
    std::string sig = args.size() == 2 ? FormatType(types[0], -1) + " " + op + " " + FormatType(types[1], -1)
                                       : op + " " + FormatType(types.back(), -1);
    if (args.size() == 2 && args[0]->type == oids::kUnknown) sig = "unknown " + op + " " + FormatType(types[1], -1);
    if (args.size() == 2 && args[1]->type == oids::kUnknown) sig = FormatType(types[0], -1) + " " + op + " unknown";
    return PositionedError("42883", "operator does not exist: " + sig, location)
        .with_hint("No operator matches the given name and argument types. You might need to add explicit type casts.");
  }
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Func;
  e->fn = f;
  e->location = location;
  e->name = "?column?";
  Oid poly = 0;
  for (size_t i = 0; i < args.size(); i++) {
    Oid want = f->args[i];
    if (want == oids::kAnyElement || want == oids::kAny || want == oids::kAnyArray) {
      if (args[i]->type == oids::kUnknown) { PLINTH_ASSIGN_OR_RETURN(args[i], CoerceTo(std::move(args[i]), UnknownPolymorphicTarget(*f, args, want), -1, CastContext::Implicit, "argument")); }
      if (want != oids::kAny && !poly) poly = args[i]->type;
    } else {
      PLINTH_ASSIGN_OR_RETURN(args[i], CoerceTo(std::move(args[i]), want, -1, CastContext::Implicit, "argument"));
    }
  }
  e->type = f->result == oids::kAnyElement ? (poly ? poly : oids::kText) : f->result;
  if (f->result == oids::kAnyArray) e->type = PolymorphicArrayResult(*f, args);
  e->args = std::move(args);
  return e;
}

Result<ExprPtr> Binder::BindFunction(const std::string& name, std::vector<ExprPtr> args, int location) {
  std::vector<Oid> types;
  for (auto& a : args) types.push_back(a->type);
  const auto& builtin = FunctionCandidates(name);
  // The catalog plugin's functions (format_type, pg_get_indexdef...) come after the
  // built-in registry, which always wins a name both define.
  const auto& cands = builtin.empty() && ctx_.system ? ctx_.system->FunctionCandidates(name) : builtin;
  const FunctionDef* f = PickCandidate(cands, types);
  if (!f) {
    return PositionedError("42883", "function " + name + "(" + TypeListText(args) + ") does not exist", location)
        .with_hint("No function matches the given name and argument types. You might need to add explicit type casts.");
  }
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Func;
  e->fn = f;
  e->location = location;
  e->name = name;
  Oid poly = 0;
  for (size_t i = 0; i < args.size(); i++) {
    Oid want = i < f->args.size() ? f->args[i] : oids::kAny;
    // A declared (non-variadic) "any" parameter takes an unknown literal as it is, so
    // pg_typeof('x') answers unknown, as in PostgreSQL.
    bool declared_any = i < f->args.size() && want == oids::kAny;
    if (want == oids::kAnyElement || want == oids::kAny || want == oids::kAnyArray) {
      if (args[i]->type == oids::kUnknown && !declared_any) { PLINTH_ASSIGN_OR_RETURN(args[i], CoerceTo(std::move(args[i]), UnknownPolymorphicTarget(*f, args, want), -1, CastContext::Implicit, "argument")); }
      if (want == oids::kAnyElement && !poly) poly = args[i]->type;
    } else {
      PLINTH_ASSIGN_OR_RETURN(args[i], CoerceTo(std::move(args[i]), want, -1, CastContext::Implicit, "argument"));
    }
  }
  e->type = f->result == oids::kAnyElement ? (poly ? poly : oids::kText) : f->result;
  if (f->result == oids::kAnyArray) e->type = PolymorphicArrayResult(*f, args);
  // anyelement from an anyarray argument alone (unnest): the array's element type.
  if (f->result == oids::kAnyElement && !poly)
    if (Oid array = PolymorphicArrayResult(*f, args); array != oids::kAnyArray) e->type = LookupType(array)->elem;
  e->args = std::move(args);
  if (f->result == oids::kRecord) e->typmod = RecordShapeOfCall(*e);
  return e;
}

Result<ExprPtr> Binder::BindFuncCall(const PgQuery__Node* node) {
  const PgQuery__FuncCall* fc = node->func_call;
  std::vector<std::string> names = NameList(fc->funcname, fc->n_funcname);
  std::string name = names.empty() ? "" : names.back();
  bool builtin = names.size() <= 1 || names[0] == "pg_catalog";
  if (fc->over) return BindWindowCall(fc, name);
  if (builtin && IsWindowOnlyFunction(name))
    return PositionedError("42809", "window function " + name + " requires an OVER clause", fc->location);
  if (builtin && IsAggregateName(name)) return BindAggregateCall(fc, name);
  if (fc->agg_star || fc->agg_distinct || fc->n_agg_order || fc->agg_filter)
    return PositionedError("42809", name + "(*) specified, but " + name + " is not an aggregate function", fc->location);
  std::vector<ExprPtr> args;
  std::vector<std::pair<std::string, ExprPtr>> named;  // name => value arguments
  for (size_t i = 0; i < fc->n_args; i++) {
    const PgQuery__Node* arg = fc->args[i];
    bool is_named = arg->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR;
    PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(is_named ? arg->named_arg_expr->arg : arg));
    if (is_named) named.emplace_back(arg->named_arg_expr->name, std::move(a));
    else args.push_back(std::move(a));
  }
  // Named arguments and omitted defaults become positional (functions.h NamedParameters).
  if (const NamedParameterList* params = builtin ? NamedParameters(name) : nullptr) {
    for (size_t p = args.size(); p < params->names.size(); p++) {
      auto given = std::find_if(named.begin(), named.end(), [&](const auto& n) { return n.first == params->names[p]; });
      if (given != named.end()) {
        args.push_back(std::move(given->second));
        named.erase(given);
      } else if (!params->defaults[p].empty()) {
        args.push_back(Expr::MakeConst(Value::Bytes(params->defaults[p]), oids::kUnknown));
      } else {
        break;
      }
    }
  }
  if (!named.empty())
    return PositionedError("42883", "function " + name + " has no parameter named \"" + named.front().first + "\"", fc->location);
  return BindFunction(name, std::move(args), fc->location);
}

Result<ExprPtr> Binder::BindAExpr(const PgQuery__Node* node) {
  const PgQuery__AExpr* ax = node->a_expr;
  std::string op = ax->n_name ? StrVal(ax->name[ax->n_name - 1]) : "";
  switch (ax->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP: {
      if (ax->lexpr && ax->lexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
          ax->rexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
        return BindRowCompare(node);
      std::vector<ExprPtr> args;
      if (ax->lexpr) {
        PLINTH_ASSIGN_OR_RETURN(ExprPtr l, BindExpr(ax->lexpr));
        args.push_back(std::move(l));
      }
      PLINTH_ASSIGN_OR_RETURN(ExprPtr r, BindExpr(ax->rexpr));
      args.push_back(std::move(r));
      return BindOperator(op, std::move(args), ax->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR: {  // x ~ similar_to_escape(pattern)
      PLINTH_ASSIGN_OR_RETURN(ExprPtr l, BindExpr(ax->lexpr));
      PLINTH_ASSIGN_OR_RETURN(ExprPtr r, BindExpr(ax->rexpr));
      std::vector<ExprPtr> args;
      args.push_back(std::move(l));
      args.push_back(std::move(r));
      return BindOperator(op, std::move(args), ax->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
      if (ax->kind != PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF && ax->lexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
          ax->rexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
        return BindRowDistinct(node);
      PLINTH_ASSIGN_OR_RETURN(ExprPtr l, BindExpr(ax->lexpr));
      PLINTH_ASSIGN_OR_RETURN(ExprPtr r, BindExpr(ax->rexpr));
      Oid result_type = l->type == oids::kUnknown ? r->type : l->type;
      std::vector<ExprPtr> args;
      args.push_back(std::move(l));
      args.push_back(std::move(r));
      PLINTH_ASSIGN_OR_RETURN(ExprPtr eq, BindOperator("=", std::move(args), ax->location));
      auto e = std::make_unique<Expr>();
      e->fn = eq->fn;
      e->args = std::move(eq->args);
      e->location = ax->location;
      if (ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF) {
        e->kind = ExprKind::NullIf;
        e->type = e->args[0]->type;
        (void)result_type;
        e->name = "nullif";
      } else {
        e->kind = ExprKind::Distinct;
        e->type = oids::kBool;
        e->negate = ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT;
        e->name = "?column?";
      }
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN: {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr l, BindExpr(ax->lexpr));
      std::vector<ExprPtr> items;
      items.push_back(std::move(l));
      const PgQuery__List* list = ax->rexpr->list;
      for (size_t i = 0; i < list->n_items; i++) {
        PLINTH_ASSIGN_OR_RETURN(ExprPtr it, BindExpr(list->items[i]));
        items.push_back(std::move(it));
      }
      std::vector<ExprPtr*> ptrs;
      for (auto& it : items) ptrs.push_back(&it);
      PLINTH_ASSIGN_OR_RETURN(Oid common, CommonType(ptrs, "IN"));
      std::vector<ExprPtr> probe;
      probe.push_back(Expr::MakeConst(Value::Null(), common));
      probe.push_back(Expr::MakeConst(Value::Null(), common));
      PLINTH_ASSIGN_OR_RETURN(ExprPtr eq, BindOperator("=", std::move(probe), ax->location));
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::InList;
      e->type = oids::kBool;
      e->fn = eq->fn;
      e->negate = op == "<>";
      e->args = std::move(items);
      e->location = ax->location;
      e->name = "?column?";
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM: {
      const PgQuery__List* list = ax->rexpr->list;
      bool negate = ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN ||
                    ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
      bool symmetric = ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM ||
                       ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
      auto combine = [](ExprKind kind, std::vector<ExprPtr> parts) {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->type = oids::kBool;
        e->args = std::move(parts);
        e->name = "?column?";
        return e;
      };
      // x BETWEEN lo AND hi is x >= lo AND x <= hi; NOT BETWEEN is x < lo OR x > hi.
      auto range = [&](int lo, int hi) -> Result<ExprPtr> {
        std::vector<ExprPtr> parts;
        for (int side = 0; side < 2; side++) {
          PLINTH_ASSIGN_OR_RETURN(ExprPtr l, BindExpr(ax->lexpr));
          PLINTH_ASSIGN_OR_RETURN(ExprPtr b, BindExpr(list->items[side == 0 ? lo : hi]));
          std::vector<ExprPtr> args;
          args.push_back(std::move(l));
          args.push_back(std::move(b));
          const char* cmp = side == 0 ? (negate ? "<" : ">=") : (negate ? ">" : "<=");
          PLINTH_ASSIGN_OR_RETURN(ExprPtr c, BindOperator(cmp, std::move(args), ax->location));
          parts.push_back(std::move(c));
        }
        return combine(negate ? ExprKind::Or : ExprKind::And, std::move(parts));
      };
      PLINTH_ASSIGN_OR_RETURN(ExprPtr forward, range(0, 1));
      if (!symmetric) return forward;
      // SYMMETRIC: either order of the bounds.
      PLINTH_ASSIGN_OR_RETURN(ExprPtr backward, range(1, 0));
      std::vector<ExprPtr> both;
      both.push_back(std::move(forward));
      both.push_back(std::move(backward));
      return combine(negate ? ExprKind::And : ExprKind::Or, std::move(both));
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL: {
      // x OP ANY/ALL (array): the operator is resolved for (x, element type).
      PLINTH_ASSIGN_OR_RETURN(ExprPtr l, BindExpr(ax->lexpr));
      PLINTH_ASSIGN_OR_RETURN(ExprPtr r, BindExpr(ax->rexpr));
      if (r->type == oids::kUnknown) {
        Oid elem = l->type == oids::kUnknown ? oids::kText : l->type;
        const TypeInfo* et = LookupType(elem);
        if (!et || !et->array)
          return PositionedError("42704", "could not find array type for data type " + FormatType(elem, -1), ax->location);
        PLINTH_ASSIGN_OR_RETURN(r, CoerceTo(std::move(r), et->array, -1, CastContext::Implicit, "argument"));
      }
      if (!IsArrayType(r->type))
        return PositionedError("42809", "op ANY/ALL (array) requires array on right side", ax->location);
      Oid elem = LookupType(r->type)->elem;
      std::vector<ExprPtr> probe;
      probe.push_back(std::move(l));
      probe.push_back(Expr::MakeConst(Value::Null(), elem));
      PLINTH_ASSIGN_OR_RETURN(ExprPtr cmp, BindOperator(op, std::move(probe), ax->location));
      if (cmp->type != oids::kBool)
        return PositionedError("42809", "op ANY/ALL (array) requires operator to yield boolean", ax->location);
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::ArrayOp;
      e->type = oids::kBool;
      e->fn = cmp->fn;
      e->negate = ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL;
      e->args.push_back(std::move(cmp->args[0]));
      // The array side is cast to an array of the operator's right argument type if needed.
      Oid want = cmp->fn->args.size() == 2 ? cmp->fn->args[1] : elem;
      if (want != elem && want != oids::kAnyElement && want != oids::kAny) {
        const TypeInfo* wt = LookupType(want);
        if (wt && wt->array) {
          PLINTH_ASSIGN_OR_RETURN(r, CoerceTo(std::move(r), wt->array, -1, CastContext::Implicit, "argument"));
        }
      }
      e->args.push_back(std::move(r));
      e->location = ax->location;
      e->name = "?column?";
      return e;
    }
    default:
      return PositionedError("0A000", "this kind of expression is not supported yet", ax->location);
  }
}

Result<ExprPtr> Binder::BindCase(const PgQuery__Node* node) {
  const PgQuery__CaseExpr* ce = node->case_expr;
  ExprPtr subject;
  if (ce->arg) { PLINTH_ASSIGN_OR_RETURN(subject, BindExpr(ce->arg)); }
  std::vector<ExprPtr> whens, thens;
  for (size_t i = 0; i < ce->n_args; i++) {
    const PgQuery__CaseWhen* w = ce->args[i]->case_when;
    PLINTH_ASSIGN_OR_RETURN(ExprPtr cond, BindExpr(w->expr));
    if (subject) {
      std::vector<ExprPtr> args;
      args.push_back(subject->Clone());
      args.push_back(std::move(cond));
      PLINTH_ASSIGN_OR_RETURN(cond, BindOperator("=", std::move(args), w->location));
    }
    PLINTH_ASSIGN_OR_RETURN(cond, ToBoolean(std::move(cond), "CASE/WHEN"));
    PLINTH_ASSIGN_OR_RETURN(ExprPtr then, BindExpr(w->result));
    whens.push_back(std::move(cond));
    thens.push_back(std::move(then));
  }
  ExprPtr otherwise;
  if (ce->defresult) { PLINTH_ASSIGN_OR_RETURN(otherwise, BindExpr(ce->defresult)); }
  std::vector<ExprPtr*> results;
  for (auto& t : thens) results.push_back(&t);
  if (otherwise) results.push_back(&otherwise);
  PLINTH_ASSIGN_OR_RETURN(Oid type, CommonType(results, "CASE"));
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Case;
  e->type = type;
  e->name = "case";
  for (size_t i = 0; i < whens.size(); i++) {
    e->args.push_back(std::move(whens[i]));
    e->args.push_back(std::move(thens[i]));
  }
  if (otherwise) {
    e->has_else = true;
    e->args.push_back(std::move(otherwise));
  }
  return e;
}

Result<ExprPtr> Binder::BindExpr(const PgQuery__Node* node) {
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
      return BindConst(node);
    case PG_QUERY__NODE__NODE_COLUMN_REF:
      return BindColumnRef(node);
    case PG_QUERY__NODE__NODE_PARAM_REF: {
      int n = node->param_ref->number;
      if (n < 1 || n > 65535)
        return PositionedError("42P02", "there is no parameter $" + std::to_string(n), node->param_ref->location);
      if (static_cast<int>(param_types_.size()) < n) param_types_.resize(n, 0);
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::Param;
      e->param = n - 1;
      e->type = param_types_[n - 1] ? param_types_[n - 1] : oids::kUnknown;
      e->location = node->param_ref->location;
      e->name = "?column?";
      return e;
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
      return BindAExpr(node);
    case PG_QUERY__NODE__NODE_BOOL_EXPR: {
      const PgQuery__BoolExpr* be = node->bool_expr;
      auto e = std::make_unique<Expr>();
      e->type = oids::kBool;
      e->name = "?column?";
      e->kind = be->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR  ? ExprKind::And
                : be->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? ExprKind::Or
                                                                  : ExprKind::Not;
      const char* clause = e->kind == ExprKind::And ? "AND" : e->kind == ExprKind::Or ? "OR" : "NOT";
      for (size_t i = 0; i < be->n_args; i++) {
        PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(be->args[i]));
        PLINTH_ASSIGN_OR_RETURN(a, ToBoolean(std::move(a), clause));
        e->args.push_back(std::move(a));
      }
      return e;
    }
    case PG_QUERY__NODE__NODE_NULL_TEST: {
      const PgQuery__NullTest* nt = node->null_test;
      ExprKind test = nt->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL ? ExprKind::IsNull : ExprKind::IsNotNull;
      auto make_test = [&](ExprPtr a) {
        auto e = std::make_unique<Expr>();
        e->kind = test;
        e->type = oids::kBool;
        e->name = "?column?";
        e->args.push_back(std::move(a));
        return e;
      };
      if (nt->arg && nt->arg->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
        // ROW(...) IS [NOT] NULL: every field is [not] null.
        auto all = std::make_unique<Expr>();
        all->kind = ExprKind::And;
        all->type = oids::kBool;
        all->name = "?column?";
        const PgQuery__RowExpr* row = nt->arg->row_expr;
        for (size_t i = 0; i < row->n_args; i++) {
          PLINTH_ASSIGN_OR_RETURN(ExprPtr field, BindExpr(row->args[i]));
          all->args.push_back(make_test(std::move(field)));
        }
        if (all->args.size() == 1) return std::move(all->args[0]);
        if (!all->args.empty()) return all;
      }
      PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(nt->arg));
      if (a->kind == ExprKind::Func && a->fn && a->fn->name == "(row)" && a->args.size() > 1) {
        // A whole-row reference (bind_whole_row.cc) tests its fields, as ROW(...) does.
        auto all = std::make_unique<Expr>();
        all->kind = ExprKind::And;
        all->type = oids::kBool;
        all->name = "?column?";
        for (size_t i = 1; i < a->args.size(); i++) all->args.push_back(make_test(std::move(a->args[i])));
        if (all->args.size() == 1) return std::move(all->args[0]);
        return all;
      }
      return make_test(std::move(a));
    }
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST: {
      const PgQuery__BooleanTest* bt = node->boolean_test;
      PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(bt->arg));
      PLINTH_ASSIGN_OR_RETURN(a, ToBoolean(std::move(a), "IS TRUE"));
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::BoolTest;
      e->type = oids::kBool;
      e->bool_test = static_cast<int>(bt->booltesttype) - 1;
      e->name = "?column?";
      e->args.push_back(std::move(a));
      return e;
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      const PgQuery__TypeCast* tc = node->type_cast;
      PLINTH_ASSIGN_OR_RETURN(auto t, BindTypeName(tc->type_name));
      PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindCastArgument(tc->arg, t.first));
      // A cast keeps a name its argument gives for sure (a column, a function, ARRAY[]),
      // else takes the target type's last name as written ("int4" for int[], "varchar").
      bool named_arg = a->kind == ExprKind::Column || a->kind == ExprKind::Func || a->kind == ExprKind::Array ||
                       a->kind == ExprKind::Coalesce || a->kind == ExprKind::MinMax || a->kind == ExprKind::NullIf ||
                       a->kind == ExprKind::SubLink;
      std::string name = named_arg && a->name != "?column?" ? a->name : "";
      if (a->kind == ExprKind::Const && a->location < 0) a->location = tc->location;
      auto coerced = CoerceTo(std::move(a), t.first, t.second, CastContext::Explicit, "cast");
      if (!coerced.ok()) {
        // "cannot cast type" points at the :: or CAST; input errors at the literal.
        Status s = coerced.status();
        if (s.info().sqlstate == "42846" && tc->location >= 0) s.with_position(tc->location + 1);
        return s;
      }
      ExprPtr c = coerced.take();
      if (name.empty() && tc->type_name->n_names > 0) name = StrVal(tc->type_name->names[tc->type_name->n_names - 1]);
      if (name.empty()) name = "?column?";
      c->name = name;
      return c;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
      return BindFuncCall(node);
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
      // Every text compares bytewise (C collation), so an explicit COLLATE (psql's
      // `COLLATE pg_catalog.default`) changes nothing.
      return BindExpr(node->collate_clause->arg);
    case PG_QUERY__NODE__NODE_CASE_EXPR:
      return BindCase(node);
    case PG_QUERY__NODE__NODE_SUB_LINK:
      return BindSubLink(node);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR: {
      const PgQuery__CoalesceExpr* ce = node->coalesce_expr;
      PLINTH_ASSIGN_OR_RETURN(std::vector<ExprPtr> args, BindList(ce->args, ce->n_args));
      PLINTH_ASSIGN_OR_RETURN(Oid type, CommonTypeOf(args, "COALESCE"));
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::Coalesce;
      e->type = type;
      e->name = "coalesce";
      e->args = std::move(args);
      return e;
    }
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
      const PgQuery__MinMaxExpr* mm = node->min_max_expr;
      PLINTH_ASSIGN_OR_RETURN(std::vector<ExprPtr> args, BindList(mm->args, mm->n_args));
      bool greatest = mm->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST;
      PLINTH_ASSIGN_OR_RETURN(Oid type, CommonTypeOf(args, greatest ? "GREATEST" : "LEAST"));
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::MinMax;
      e->type = type;
      e->compare_type = type;
      e->is_greatest = greatest;
      e->name = greatest ? "greatest" : "least";
      e->args = std::move(args);
      return e;
    }
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION: {
      const PgQuery__SQLValueFunction* sv = node->sqlvalue_function;
      const char* fname = nullptr;
      switch (sv->op) {
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE: fname = "current_date"; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP: fname = "now"; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP: fname = "localtimestamp"; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME: fname = "current_time"; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME: fname = "localtime"; break;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE: fname = "current_user"; break;
        default: break;
      }
      if (!fname) return PositionedError("0A000", "this SQL value function is not supported yet", sv->location);
      PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindFunction(fname, {}, sv->location));
      if (sv->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP) e->name = "current_timestamp";
      return e;
    }
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: {
      const PgQuery__AArrayExpr* ae = node->a_array_expr;
      PLINTH_ASSIGN_OR_RETURN(std::vector<ExprPtr> args, BindList(ae->elements, ae->n_elements));
      PLINTH_ASSIGN_OR_RETURN(Oid elem, CommonTypeOf(args, "ARRAY"));
      // ARRAY[[1, 2], [3, 4]] (or of array-typed expressions): one dimension more.
      if (IsArrayType(elem)) return BindArrayOfArrays(elem, std::move(args), ae->location);
      const TypeInfo* ti = LookupType(elem);
      if (!ti || !ti->array)
        return PositionedError("42704", "could not find array type for data type " + FormatType(elem, -1), ae->location);
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::Array;
      e->type = ti->array;
      e->name = "array";
      e->args = std::move(args);
      return e;
    }
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
      return BindIndirection(node);
    case PG_QUERY__NODE__NODE_ROW_EXPR:
      return BindRowConstructor(node);
    default:
      return Status::Error("0A000", "expression of this kind is not supported yet (node " +
                                        std::to_string(static_cast<int>(node->node_case)) + ")");
  }
}

}  // namespace plinth
