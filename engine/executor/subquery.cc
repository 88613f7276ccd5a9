// Evaluation of SubLink expressions. A correlated subquery runs once per outer row
// with its outer frame pushed (OuterRef reads it); an uncorrelated one runs once per
// execution and its rows are kept. `x IN (subquery)` over an uncorrelated subquery
// probes a hash set instead of scanning the rows.
#include "engine/executor/subquery.h"

#include <unordered_set>

#include "engine/executor/eval.h"
#include "engine/executor/query_operators.h"
#include "engine/functions/functions.h"

namespace plinth {

struct SubqueryState {
  std::unique_ptr<Operator> op;
  bool computed = false;        // uncorrelated: rows below are final
  std::vector<Row> rows;
  bool hashed = false;          // single-column "=": rows indexed in `keys`
  std::unordered_set<std::string> keys;
  bool has_null = false;
};

namespace {

// How many rows a kind of sublink ever needs.
size_t RowsNeeded(SubLinkKind kind) {
  switch (kind) {
    case SubLinkKind::Exists: return 1;
    case SubLinkKind::Scalar: return 2;
    default: return SIZE_MAX;
  }
}

// Single-column `lhs = ANY (subquery)` on one type can use a hash set.
bool IsHashableIn(const Expr& e) {
  if (e.sublink != SubLinkKind::Any || !e.combine) return false;
  const Expr& c = *e.combine;
  return c.kind == ExprKind::Func && c.fn && c.fn->name == "=" && c.args.size() == 2 &&
         c.args[0]->kind == ExprKind::Column && c.args[1]->kind == ExprKind::Column &&
         c.args[0]->type == c.args[1]->type && c.args[0]->type != oids::kFloat4 && c.args[0]->type != oids::kFloat8;
}

Status RunSubquery(const Expr& e, SubqueryState& st, ExecContext& ctx, std::vector<Row>* rows) {
  if (!st.op) st.op = BuildOperator(*e.subplan);
  PLINTH_RETURN_IF_ERROR(st.op->Open(ctx));
  size_t limit = RowsNeeded(e.sublink);
  Row row;
  while (rows->size() < limit) {
    PLINTH_ASSIGN_OR_RETURN(bool more, st.op->Next(ctx, &row));
    if (!more) break;
    rows->push_back(row);
  }
  return Status::OK();
}

}  // namespace

Status EvalSubLink(const Expr& e, const Row& row, ExecContext& ctx, Value* out) {
  std::shared_ptr<SubqueryState>& slot = ctx.subqueries[&e];
  if (!slot) slot = std::make_shared<SubqueryState>();
  std::shared_ptr<SubqueryState> st = slot;  // keeps it alive across nested evaluation

  std::vector<Row> local;
  const std::vector<Row>* rows = &local;
  if (e.frame_size > 0) {
    Row frame(e.frame_size);
    for (int i = 0; i < e.frame_size; i++) PLINTH_RETURN_IF_ERROR(Eval(*e.args[i], row, ctx, &frame[i]));
    ctx.outer_frames.push_back(std::move(frame));
    Status run = RunSubquery(e, *st, ctx, &local);
    ctx.outer_frames.pop_back();
    PLINTH_RETURN_IF_ERROR(run);
  } else {
    if (!st->computed) {
      PLINTH_RETURN_IF_ERROR(RunSubquery(e, *st, ctx, &st->rows));
      st->computed = true;
      if (IsHashableIn(e)) {
        Oid type = e.combine->args[1]->type;
        for (const Row& r : st->rows) {
          if (r[0].is_null()) st->has_null = true;
          else st->keys.insert(RowIdentity({r[0]}, {type}));
        }
        st->hashed = true;
      }
    }
    rows = &st->rows;
  }

  switch (e.sublink) {
    case SubLinkKind::Exists:
      *out = Value::Bool(!rows->empty());
      return Status::OK();
    case SubLinkKind::Scalar:
      if (rows->size() > 1) return Status::Error("21000", "more than one row returned by a subquery used as an expression");
      *out = rows->empty() ? Value::Null() : (*rows)[0][0];
      return Status::OK();
    case SubLinkKind::Array: {
      ArrayData data;
      for (const Row& r : *rows) data.elements.push_back(r[0]);
      *out = MakeArrayValue(data);
      return Status::OK();
    }
    case SubLinkKind::Any:
    case SubLinkKind::All:
      break;
  }
  // lhs op ANY/ALL: three-valued over the subquery's rows.
  size_t nl = e.args.size() - e.frame_size;
  Row probe(nl);
  for (size_t i = 0; i < nl; i++) PLINTH_RETURN_IF_ERROR(Eval(*e.args[e.frame_size + i], row, ctx, &probe[i]));
  bool any = e.sublink == SubLinkKind::Any;
  if (st->hashed && e.frame_size == 0) {
    if (st->rows.empty()) {
      *out = Value::Bool(false);
    } else if (probe[0].is_null()) {
      *out = Value::Null();
    } else if (st->keys.count(RowIdentity(probe, {e.combine->args[0]->type}))) {
      *out = Value::Bool(true);
    } else {
      *out = st->has_null ? Value::Null() : Value::Bool(false);
    }
    return Status::OK();
  }
  bool saw_null = false;
  Row combined;
  for (const Row& r : *rows) {
    combined = probe;
    combined.insert(combined.end(), r.begin(), r.end());
    Value v;
    PLINTH_RETURN_IF_ERROR(Eval(*e.combine, combined, ctx, &v));
    if (v.is_null()) {
      saw_null = true;
    } else if (v.as_bool() == any) {
      *out = Value::Bool(any);
      return Status::OK();
    }
  }
  *out = saw_null ? Value::Null() : Value::Bool(!any);
  return Status::OK();
}

}  // namespace plinth
