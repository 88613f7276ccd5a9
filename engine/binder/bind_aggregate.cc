// Binding of aggregates: aggregate calls, GROUP BY (expressions, ordinals, output names,
// ROLLUP/CUBE/GROUPING SETS) and the rewrite of an aggregated query's target list,
// HAVING and ORDER BY over the Aggregate node's output (group keys, then aggregates).
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <functional>
#include <optional>

#include "engine/binder/bind_internal.h"

namespace plinth {

namespace {

bool SameValue(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::Null: return true;
    case Value::Kind::Bool:
    case Value::Kind::Int: return a.as_int() == b.as_int();
    case Value::Kind::Float: return a.as_float() == b.as_float();
    case Value::Kind::Bytes: return a.as_bytes() == b.as_bytes();
  }
  return false;
}

struct AggregateSignature {
  AggFunc func;
  std::vector<Oid> coerce_to;  // 0: keep the argument's type
  Oid result;
};

// The variance/standard-deviation family; variance and stddev are the sample forms.
std::optional<AggFunc> StatisticAggregate(const std::string& name) {
  if (name == "var_samp" || name == "variance") return AggFunc::VarSamp;
  if (name == "var_pop") return AggFunc::VarPop;
  if (name == "stddev_samp" || name == "stddev") return AggFunc::StddevSamp;
  if (name == "stddev_pop") return AggFunc::StddevPop;
  return std::nullopt;
}

// PostgreSQL's built-in aggregates and their result types (pg_aggregate).
std::optional<AggregateSignature> ResolveAggregate(const std::string& name, const std::vector<Oid>& args) {
  auto one = [&](Oid t) { return args.size() == 1 && args[0] == t; };
  if (name == "count" && args.size() == 1) return AggregateSignature{AggFunc::Count, {0}, oids::kInt8};
  if (name == "sum" || name == "avg") {
    bool avg = name == "avg";
    AggFunc f = avg ? AggFunc::Avg : AggFunc::Sum;
    if (one(oids::kInt2) || one(oids::kInt4)) return AggregateSignature{f, {0}, avg ? oids::kNumeric : oids::kInt8};
    if (one(oids::kInt8)) return AggregateSignature{f, {0}, oids::kNumeric};
    if (one(oids::kNumeric) || one(oids::kUnknown)) return AggregateSignature{f, {oids::kNumeric}, oids::kNumeric};
    if (one(oids::kFloat4)) return AggregateSignature{f, {0}, avg ? oids::kFloat8 : oids::kFloat4};
    if (one(oids::kFloat8)) return AggregateSignature{f, {0}, oids::kFloat8};
    if (one(oids::kInterval)) return AggregateSignature{f, {0}, oids::kInterval};
    return std::nullopt;
  }
  if ((name == "min" || name == "max") && args.size() == 1) {
    Oid t = args[0] == oids::kUnknown ? oids::kText : args[0];
    const TypeInfo* ti = LookupType(t);
    if (!ti || t == oids::kJson || t == oids::kBool) return std::nullopt;
    return AggregateSignature{name == "min" ? AggFunc::Min : AggFunc::Max, {t}, t};
  }
  if (name == "string_agg" && args.size() == 2) {
    if (args[0] == oids::kBytea) return AggregateSignature{AggFunc::StringAgg, {oids::kBytea, oids::kBytea}, oids::kBytea};
    for (Oid a : args)
      if (!CanCast(a == oids::kUnknown ? oids::kText : a, oids::kText, CastContext::Implicit) && a != oids::kUnknown)
        return std::nullopt;
    return AggregateSignature{AggFunc::StringAgg, {oids::kText, oids::kText}, oids::kText};
  }
  if (name == "array_agg" && args.size() == 1) {
    Oid t = args[0] == oids::kUnknown ? oids::kText : args[0];
    const TypeInfo* ti = LookupType(t);
    if (!ti || !ti->array) return std::nullopt;
    return AggregateSignature{AggFunc::ArrayAgg, {t}, ti->array};
  }
  if (auto f = StatisticAggregate(name); f && args.size() == 1) {
    // pg_aggregate: numeric for integer and numeric input, double precision for floats.
    if (one(oids::kInt2) || one(oids::kInt4) || one(oids::kInt8)) return AggregateSignature{*f, {0}, oids::kNumeric};
    if (one(oids::kNumeric) || one(oids::kUnknown)) return AggregateSignature{*f, {oids::kNumeric}, oids::kNumeric};
    if (one(oids::kFloat4) || one(oids::kFloat8)) return AggregateSignature{*f, {oids::kFloat8}, oids::kFloat8};
    return std::nullopt;
  }
  if ((name == "json_agg" || name == "jsonb_agg") && args.size() == 1) {
    bool jsonb = name == "jsonb_agg";
    return AggregateSignature{jsonb ? AggFunc::JsonbAgg : AggFunc::JsonAgg, {0}, jsonb ? oids::kJsonb : oids::kJson};
  }
  if ((name == "json_object_agg" || name == "jsonb_object_agg") && args.size() == 2) {
    bool jsonb = name == "jsonb_object_agg";
    return AggregateSignature{jsonb ? AggFunc::JsonbObjectAgg : AggFunc::JsonObjectAgg, {0, 0},
                              jsonb ? oids::kJsonb : oids::kJson};
  }
  if ((name == "bool_and" || name == "every" || name == "bool_or") && args.size() == 1) {
    if (args[0] != oids::kBool && args[0] != oids::kUnknown) return std::nullopt;
    return AggregateSignature{name == "bool_or" ? AggFunc::BoolOr : AggFunc::BoolAnd, {oids::kBool}, oids::kBool};
  }
  return std::nullopt;
}

}  // namespace

bool IsAggregateName(const std::string& name) {
  return name == "count" || name == "sum" || name == "avg" || name == "min" || name == "max" ||
         name == "string_agg" || name == "array_agg" || name == "bool_and" || name == "bool_or" || name == "every" ||
         name == "json_agg" || name == "jsonb_agg" || name == "json_object_agg" || name == "jsonb_object_agg" ||
         StatisticAggregate(name).has_value();
}

bool ExprEquals(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.type != b.type || a.typmod != b.typmod || a.column != b.column || a.param != b.param ||
      a.fn != b.fn || a.negate != b.negate || a.has_else != b.has_else || a.is_greatest != b.is_greatest ||
      a.bool_test != b.bool_test || a.cast_context != b.cast_context || a.subplan != b.subplan ||
      a.args.size() != b.args.size())
    return false;
  if (a.kind == ExprKind::Const && !SameValue(a.value, b.value)) return false;
  for (size_t i = 0; i < a.args.size(); i++)
    if (!ExprEquals(*a.args[i], *b.args[i])) return false;
  return true;
}

Result<ExprPtr> Binder::BindAggregateCall(const PgQuery__FuncCall* fc, const std::string& name) {
  if (in_agg_args_) return PositionedError("42803", "aggregate function calls cannot be nested", fc->location);
  if (recursive_term_)
    return PositionedError("42P19", "aggregate functions are not allowed in a recursive query's recursive term",
                           fc->location);
  if (!aggs_)
    return PositionedError("42803",
                           std::string("aggregate functions are not allowed in ") +
                               (agg_forbidden_ ? agg_forbidden_ : "this context"),
                           fc->location);
  AggregateCall call;
  in_agg_args_ = true;
  std::vector<ExprPtr> args;
  for (size_t i = 0; i < fc->n_args; i++) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr a, BindExpr(fc->args[i]));
    args.push_back(std::move(a));
  }
  if (fc->agg_filter) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr f, BindExpr(fc->agg_filter));
    PLINTH_ASSIGN_OR_RETURN(call.filter, ToBoolean(std::move(f), "FILTER"));
  }
  for (size_t i = 0; i < fc->n_agg_order; i++) {
    const PgQuery__SortBy* sb = fc->agg_order[i]->sort_by;
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
  in_agg_args_ = false;

  if (fc->agg_star) {
    call.func = AggFunc::CountStar;
    call.result_type = oids::kInt8;
  } else {
    std::vector<Oid> types;
    for (auto& a : args) types.push_back(a->type);
    auto sig = ResolveAggregate(name, types);
    if (!sig) {
      std::string list;
      for (size_t i = 0; i < args.size(); i++)
        list += (i ? ", " : "") + (types[i] == oids::kUnknown ? std::string("unknown") : FormatType(types[i], -1));
      return PositionedError("42883", "function " + name + "(" + list + ") does not exist", fc->location)
          .with_hint("No function matches the given name and argument types. You might need to add explicit type casts.");
    }
    for (size_t i = 0; i < args.size(); i++) {
      Oid want = sig->coerce_to[i];
      if (want == 0 && args[i]->type == oids::kUnknown) want = oids::kText;
      if (want != 0) {
        PLINTH_ASSIGN_OR_RETURN(args[i], CoerceTo(std::move(args[i]), want, -1, CastContext::Implicit, "argument"));
      }
    }
    call.func = sig->func;
    call.result_type = sig->result;
    call.input_type = args[0]->type;
  }
  call.distinct = fc->agg_distinct;
  call.args = std::move(args);

  auto ref = std::make_unique<Expr>();
  ref->kind = ExprKind::AggRef;
  ref->type = call.result_type;
  ref->column = static_cast<int>(aggs_->calls.size());
  ref->name = name;
  ref->location = fc->location;
  aggs_->calls.push_back(std::move(call));
  return ref;
}

namespace {

// Each GROUP BY item stands for a list of grouping sets (lists of key indexes).
using SetList = std::vector<std::vector<int>>;

SetList Cross(const SetList& a, const SetList& b) {
  SetList out;
  for (const auto& x : a) {
    for (const auto& y : b) {
      std::vector<int> s = x;
      for (int k : y)
        if (std::find(s.begin(), s.end(), k) == s.end()) s.push_back(k);
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace

Status Binder::BindGroupBy(const PgQuery__SelectStmt* sel, const std::vector<ExprPtr>& targets,
                           const std::vector<OutputColumn>& out, GroupingPlan* grouping) {
  if (sel->n_group_clause == 0) return Status::OK();
  grouping->present = true;
  AggregateScope* saved_aggs = aggs_;
  aggs_ = nullptr;
  agg_forbidden_ = "GROUP BY";

  // A key is a select-list ordinal, an input expression, or (when no input column has
  // the name) an output column name; PostgreSQL prefers input columns for GROUP BY.
  auto add_key = [&](const PgQuery__Node* n) -> Result<int> {
    ExprPtr e;
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
      int pos = n->a_const->ival->ival;
      if (pos < 1 || pos > static_cast<int>(out.size()))
        return PositionedError("42P10", "GROUP BY position " + std::to_string(pos) + " is not in select list",
                               n->a_const->location);
      e = targets[pos - 1]->Clone();
    } else {
      auto bound = BindExpr(n);
      if (!bound.ok() && bound.status().info().sqlstate == std::string("42703") &&
          n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1) {
        std::string name = n->column_ref->fields[0]->string->sval;
        for (size_t c = 0; c < out.size() && !e; c++)
          if (out[c].name == name) e = targets[c]->Clone();
      }
      if (!e) {
        PLINTH_ASSIGN_OR_RETURN(e, std::move(bound));
      }
    }
    for (size_t k = 0; k < grouping->keys.size(); k++)
      if (ExprEquals(*grouping->keys[k], *e)) return static_cast<int>(k);
    grouping->keys.push_back(std::move(e));
    return static_cast<int>(grouping->keys.size() - 1);
  };
  std::function<Result<SetList>(const PgQuery__Node*)> expand = [&](const PgQuery__Node* n) -> Result<SetList> {
    if (n->node_case != PG_QUERY__NODE__NODE_GROUPING_SET) {
      if (n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
        std::vector<int> set;
        for (size_t i = 0; i < n->row_expr->n_args; i++) {
          PLINTH_ASSIGN_OR_RETURN(int k, add_key(n->row_expr->args[i]));
          set.push_back(k);
        }
        return SetList{set};
      }
      PLINTH_ASSIGN_OR_RETURN(int k, add_key(n));
      return SetList{{k}};
    }
    const PgQuery__GroupingSet* gs = n->grouping_set;
    std::vector<std::vector<int>> elems;  // each content element as one key group
    for (size_t i = 0; i < gs->n_content && gs->kind != PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS; i++) {
      PLINTH_ASSIGN_OR_RETURN(SetList s, expand(gs->content[i]));
      elems.push_back(s.empty() ? std::vector<int>{} : s[0]);
    }
    SetList result;
    switch (gs->kind) {
      case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_EMPTY:
        return SetList{{}};
      case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SIMPLE: {
        std::vector<int> all;
        for (auto& e : elems) all.insert(all.end(), e.begin(), e.end());
        return SetList{all};
      }
      case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP:
        for (size_t len = elems.size() + 1; len-- > 0;) {
          std::vector<int> set;
          for (size_t i = 0; i < len; i++) set.insert(set.end(), elems[i].begin(), elems[i].end());
          result.push_back(std::move(set));
        }
        return result;
      case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE:
        for (size_t mask = (size_t{1} << elems.size()); mask-- > 0;) {
          std::vector<int> set;
          for (size_t i = 0; i < elems.size(); i++)
            if (mask & (size_t{1} << (elems.size() - 1 - i))) set.insert(set.end(), elems[i].begin(), elems[i].end());
          result.push_back(std::move(set));
        }
        return result;
      case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS:
        for (size_t i = 0; i < gs->n_content; i++) {
          PLINTH_ASSIGN_OR_RETURN(SetList s, expand(gs->content[i]));
          result.insert(result.end(), s.begin(), s.end());
        }
        return result;
      default:
        return Status::Error("0A000", "this grouping set is not supported");
    }
  };

  SetList sets{{}};
  bool has_sets = false;
  for (size_t i = 0; i < sel->n_group_clause; i++) {
    const PgQuery__Node* item = sel->group_clause[i];
    has_sets = has_sets || item->node_case == PG_QUERY__NODE__NODE_GROUPING_SET;
    PLINTH_ASSIGN_OR_RETURN(SetList s, expand(item));
    sets = Cross(sets, s);
  }
  if (has_sets) grouping->sets = std::move(sets);
  aggs_ = saved_aggs;
  agg_forbidden_ = nullptr;
  return Status::OK();
}

Result<ExprPtr> Binder::RewriteGrouped(ExprPtr e, const std::vector<ExprPtr>& keys) {
  for (size_t k = 0; k < keys.size(); k++) {
    if (e->kind != ExprKind::Const && ExprEquals(*e, *keys[k])) {
      auto col = Expr::MakeColumn(static_cast<int>(k), e->type, e->typmod, e->name);
      col->location = e->location;
      return col;
    }
  }
  if (e->kind == ExprKind::AggRef) {
    auto col = Expr::MakeColumn(static_cast<int>(keys.size()) + e->column, e->type, e->typmod, e->name);
    col->location = e->location;
    return col;
  }
  if (e->kind == ExprKind::Column) {
    std::string name = e->name;
    for (const ScopeEntry& se : scope_) {
      if (se.alias.empty()) continue;
      for (size_t c = 0; c < se.columns.size(); c++)
        if (se.position(c) == e->column) name = se.alias + "." + se.columns[c].name;
      if (name != e->name) break;
    }
    return PositionedError("42803",
                           "column \"" + name + "\" must appear in the GROUP BY clause or be used in an aggregate function",
                           e->location);
  }
  for (auto& a : e->args) {
    PLINTH_ASSIGN_OR_RETURN(a, RewriteGrouped(std::move(a), keys));
  }
  return e;
}

Result<std::unique_ptr<PlanNode>> Binder::ApplyGrouping(std::unique_ptr<PlanNode> input, GroupingPlan* grouping,
                                                        AggregateScope* aggs, std::vector<ExprPtr>* targets,
                                                        ExprPtr* having) {
  if (!grouping->present && aggs->calls.empty() && !*having) return input;
  auto agg = MakeNode(PlanKind::Aggregate, {});
  for (const auto& k : grouping->keys) {
    agg->column_types.push_back(k->type);
    agg->group_keys.push_back(k->Clone());
  }
  for (const auto& c : aggs->calls) agg->column_types.push_back(c.result_type);
  for (auto& t : *targets) {
    PLINTH_ASSIGN_OR_RETURN(t, RewriteGrouped(std::move(t), grouping->keys));
  }
  if (*having) {
    PLINTH_ASSIGN_OR_RETURN(*having, RewriteGrouped(std::move(*having), grouping->keys));
  }
  agg->aggregates = std::move(aggs->calls);
  agg->grouping_sets = std::move(grouping->sets);
  agg->child = std::move(input);
  return agg;
}

}  // namespace plinth
