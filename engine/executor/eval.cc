#include "engine/executor/eval.h"

#include "engine/executor/subquery.h"
#include "engine/functions/functions.h"

namespace plinth {

namespace {

FunctionCallContext MakeCallContext(const FunctionDef* fn, ExecContext& ctx, const Oid* arg_types) {
  FunctionCallContext fctx{*ctx.io};
  fctx.arg_types = arg_types;
  fctx.transaction_timestamp = ctx.transaction_time_us;
  fctx.statement_timestamp = ctx.statement_time_us;
  fctx.user = &ctx.user;
  fctx.database = &ctx.database;
  fctx.cancel = ctx.cancel;
  fctx.services = ctx.services;
  fctx.function = fn;
  fctx.catalog_reader = ctx.catalog_reader;
  return fctx;
}

Status CallFunction(const FunctionDef* fn, const Value* args, size_t n, ExecContext& ctx, Value* out,
                    const Oid* arg_types = nullptr) {
  if (fn->strict) {
    for (size_t i = 0; i < n; i++) {
      if (args[i].is_null()) {
        *out = Value::Null();
        return Status::OK();
      }
    }
  }
  FunctionCallContext fctx = MakeCallContext(fn, ctx, arg_types);
  return fn->impl(fctx, args, n, out);
}

// a = b through the bound equality operator; *result is null when either side is.
Status Equal(const FunctionDef* eq, const Value& a, const Value& b, ExecContext& ctx, Value* result) {
  Value args[2] = {a, b};
  return CallFunction(eq, args, 2, ctx, result);
}

}  // namespace

Status CallSetFunction(const Expr& call, const Row& row, ExecContext& ctx, std::vector<std::vector<Value>>* rows) {
  std::vector<Value> args(call.args.size());
  std::vector<Oid> types(call.args.size());
  for (size_t i = 0; i < args.size(); i++) {
    PLINTH_RETURN_IF_ERROR(Eval(*call.args[i], row, ctx, &args[i]));
    types[i] = call.args[i]->type;
    if (args[i].is_null() && call.fn->strict) return Status::OK();  // strict: no rows
  }
  FunctionCallContext fctx = MakeCallContext(call.fn, ctx, types.data());
  return call.fn->set_impl(fctx, args.data(), args.size(), rows);
}

Status Eval(const Expr& e, const Row& row, ExecContext& ctx, Value* out) {
  switch (e.kind) {
    case ExprKind::Const:
      *out = e.value;
      return Status::OK();
    case ExprKind::Column:
      *out = row[e.column];
      return Status::OK();
    case ExprKind::Param:
      *out = (*ctx.params)[e.param];
      return Status::OK();
    case ExprKind::Func: {
      Value args[8];
      Oid types[8];
      std::vector<Value> many;
      std::vector<Oid> many_types;
      Value* argv = args;
      Oid* argt = types;
      if (e.args.size() > 8) {
        many.resize(e.args.size());
        many_types.resize(e.args.size());
        argv = many.data();
        argt = many_types.data();
      }
      for (size_t i = 0; i < e.args.size(); i++) {
        PLINTH_RETURN_IF_ERROR(Eval(*e.args[i], row, ctx, &argv[i]));
        argt[i] = e.args[i]->type;
      }
      return CallFunction(e.fn, argv, e.args.size(), ctx, out, argt);
    }
    case ExprKind::Cast: {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[0], row, ctx, &v));
      if (v.is_null()) {
        *out = Value::Null();
        return Status::OK();
      }
      Oid from = e.args[0]->type;
      auto cctx = static_cast<CastContext>(e.cast_context);
      auto r = from == e.type ? ApplyTypmod(v, e.type, e.typmod, cctx) : Cast(v, from, e.type, e.typmod, cctx, *ctx.io);
      if (!r.ok()) return r.status();
      *out = r.take();
      return Status::OK();
    }
    case ExprKind::And:
    case ExprKind::Or: {
      // AND: false wins over null; OR: true wins over null.
      bool is_and = e.kind == ExprKind::And;
      bool saw_null = false;
      for (const auto& a : e.args) {
        Value v;
        PLINTH_RETURN_IF_ERROR(Eval(*a, row, ctx, &v));
        if (v.is_null()) saw_null = true;
        else if (v.as_bool() != is_and) {
          *out = Value::Bool(!is_and);
          return Status::OK();
        }
      }
      *out = saw_null ? Value::Null() : Value::Bool(is_and);
      return Status::OK();
    }
    case ExprKind::Not: {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[0], row, ctx, &v));
      *out = v.is_null() ? Value::Null() : Value::Bool(!v.as_bool());
      return Status::OK();
    }
    case ExprKind::IsNull:
    case ExprKind::IsNotNull: {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[0], row, ctx, &v));
      *out = Value::Bool(v.is_null() == (e.kind == ExprKind::IsNull));
      return Status::OK();
    }
    case ExprKind::BoolTest: {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[0], row, ctx, &v));
      bool r = false;
      switch (e.bool_test) {
        case 0: r = !v.is_null() && v.as_bool(); break;
        case 1: r = v.is_null() || !v.as_bool(); break;
        case 2: r = !v.is_null() && !v.as_bool(); break;
        case 3: r = v.is_null() || v.as_bool(); break;
        case 4: r = v.is_null(); break;
        default: r = !v.is_null(); break;
      }
      *out = Value::Bool(r);
      return Status::OK();
    }
    case ExprKind::Case: {
      size_t pairs = (e.args.size() - (e.has_else ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; i++) {
        Value cond;
        PLINTH_RETURN_IF_ERROR(Eval(*e.args[2 * i], row, ctx, &cond));
        if (!cond.is_null() && cond.as_bool()) return Eval(*e.args[2 * i + 1], row, ctx, out);
      }
      if (e.has_else) return Eval(*e.args.back(), row, ctx, out);
      *out = Value::Null();
      return Status::OK();
    }
    case ExprKind::Coalesce:
      for (const auto& a : e.args) {
        PLINTH_RETURN_IF_ERROR(Eval(*a, row, ctx, out));
        if (!out->is_null()) return Status::OK();
      }
      return Status::OK();
    case ExprKind::NullIf: {
      Value a, b, eq;
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[0], row, ctx, &a));
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[1], row, ctx, &b));
      PLINTH_RETURN_IF_ERROR(Equal(e.fn, a, b, ctx, &eq));
      *out = (!eq.is_null() && eq.as_bool()) ? Value::Null() : a;
      return Status::OK();
    }
    case ExprKind::Distinct: {
      Value a, b;
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[0], row, ctx, &a));
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[1], row, ctx, &b));
      bool distinct;
      if (a.is_null() || b.is_null()) {
        distinct = a.is_null() != b.is_null();
      } else {
        Value eq;
        PLINTH_RETURN_IF_ERROR(Equal(e.fn, a, b, ctx, &eq));
        distinct = !eq.as_bool();
      }
      *out = Value::Bool(distinct != e.negate);
      return Status::OK();
    }
    case ExprKind::InList: {
      Value probe;
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[0], row, ctx, &probe));
      if (probe.is_null()) {
        *out = Value::Null();
        return Status::OK();
      }
      bool saw_null = false;
      for (size_t i = 1; i < e.args.size(); i++) {
        Value item, eq;
        PLINTH_RETURN_IF_ERROR(Eval(*e.args[i], row, ctx, &item));
        PLINTH_RETURN_IF_ERROR(Equal(e.fn, probe, item, ctx, &eq));
        if (eq.is_null()) saw_null = true;
        else if (eq.as_bool()) {
          *out = Value::Bool(!e.negate);
          return Status::OK();
        }
      }
      *out = saw_null ? Value::Null() : Value::Bool(e.negate);
      return Status::OK();
    }
    case ExprKind::MinMax: {
      *out = Value::Null();
      for (const auto& a : e.args) {
        Value v;
        PLINTH_RETURN_IF_ERROR(Eval(*a, row, ctx, &v));
        if (v.is_null()) continue;
        if (out->is_null()) {
          *out = std::move(v);
          continue;
        }
        int c = Compare(e.compare_type, v, *out);
        if (e.is_greatest ? c > 0 : c < 0) *out = std::move(v);
      }
      return Status::OK();
    }
    case ExprKind::ArrayOp: {
      // ANY: true if some element compares true, else NULL if some comparison was NULL.
      // ALL: false if some element compares false, else NULL if some was NULL.
      Value left, array;
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[0], row, ctx, &left));
      PLINTH_RETURN_IF_ERROR(Eval(*e.args[1], row, ctx, &array));
      if (array.is_null()) {
        *out = Value::Null();
        return Status::OK();
      }
      ArrayData data = DecodeArray(array.as_bytes());
      bool is_all = e.negate, saw_null = false;
      Oid types[2] = {e.args[0]->type, LookupType(e.args[1]->type) ? LookupType(e.args[1]->type)->elem : 0};
      for (const Value& item : data.elements) {
        Value cmp;
        Value args[2] = {left, item};
        PLINTH_RETURN_IF_ERROR(CallFunction(e.fn, args, 2, ctx, &cmp, types));
        if (cmp.is_null()) {
          saw_null = true;
        } else if (cmp.as_bool() != is_all) {
          *out = Value::Bool(!is_all);
          return Status::OK();
        }
      }
      *out = saw_null ? Value::Null() : Value::Bool(is_all);
      return Status::OK();
    }
    case ExprKind::Array: {
      ArrayData data;
      for (const auto& a : e.args) {
        Value v;
        PLINTH_RETURN_IF_ERROR(Eval(*a, row, ctx, &v));
        data.elements.push_back(std::move(v));
      }
      *out = MakeArrayValue(data);
      return Status::OK();
    }
    case ExprKind::OuterRef:
      *out = ctx.outer_frames.back()[e.column];
      return Status::OK();
    case ExprKind::SubLink:
      return EvalSubLink(e, row, ctx, out);
    case ExprKind::AggRef:
      return Status::Error("XX000", "aggregate reference outside of an aggregate");
    case ExprKind::WindowRef:
      return Status::Error("XX000", "window function reference outside of a Window node");
  }
  return Status::Error("XX000", "unknown expression kind");
}

Result<bool> EvalPredicate(const Expr& e, const Row& row, ExecContext& ctx) {
  Value v;
  PLINTH_RETURN_IF_ERROR(Eval(e, row, ctx, &v));
  return !v.is_null() && v.as_bool();
}

}  // namespace plinth
