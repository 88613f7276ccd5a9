// INSERT, UPDATE and DELETE: constraint checks (NOT NULL, primary key, CHECK), the
// writes into the transaction's buffer, and RETURNING rows.
#include "engine/executor/eval.h"
#include "engine/executor/row_codec.h"
#include "engine/session/session.h"

namespace plinth {

namespace {

std::string RowText(const TableDef& t, const Row& row, const IoContext& io) {
  std::string s = "(";
  for (size_t i = 0; i < row.size(); i++) {
    if (i) s += ", ";
    s += row[i].is_null() ? "null" : OutputText(t.columns[i].type, row[i], io);
  }
  return s + ")";
}

Status CheckRow(const Plan& plan, const Row& row, ExecContext& ctx) {
  const TableDef& t = *plan.table;
  for (size_t i = 0; i < t.columns.size(); i++) {
    const ColumnDef& c = t.columns[i];
    bool is_pk = false;
    for (int k : t.primary_key) is_pk |= k == static_cast<int>(i);
    if ((c.not_null || is_pk) && row[i].is_null())
      return Status::Error("23502", "null value in column \"" + c.name + "\" of relation \"" + t.name +
                                        "\" violates not-null constraint")
          .with_detail("Failing row contains " + RowText(t, row, *ctx.io) + ".");
  }
  for (const auto& [name, expr] : plan.checks) {
    Value v;
    PLINTH_RETURN_IF_ERROR(Eval(*expr, row, ctx, &v));
    if (!v.is_null() && !v.as_bool())
      return Status::Error("23514", "new row for relation \"" + t.name + "\" violates check constraint \"" + name + "\"")
          .with_detail("Failing row contains " + RowText(t, row, *ctx.io) + ".");
  }
  return Status::OK();
}

Status DuplicateKey(const TableDef& t, const Row& row, const IoContext& io) {
  std::string cols, vals;
  for (size_t i = 0; i < t.primary_key.size(); i++) {
    int c = t.primary_key[i];
    if (i) cols += ", ", vals += ", ";
    cols += t.columns[c].name;
    vals += OutputText(t.columns[c].type, row[c], io);
  }
  return Status::Error("23505", "duplicate key value violates unique constraint \"" + t.pk_constraint_name + "\"")
      .with_detail("Key (" + cols + ")=(" + vals + ") already exists.");
}

Status Returning(const Plan& plan, const Row& row, ExecContext& ctx, std::vector<Row>* out) {
  if (plan.returning.empty()) return Status::OK();
  Row r(plan.returning.size());
  for (size_t i = 0; i < plan.returning.size(); i++) PLINTH_RETURN_IF_ERROR(Eval(*plan.returning[i], row, ctx, &r[i]));
  out->push_back(std::move(r));
  return Status::OK();
}

}  // namespace

Status Session::RunModify(Portal& portal) {
  const Plan& plan = *portal.stmt->plan;
  const TableDef& t = *plan.table;
  ExecContext& ctx = portal.ctx;
  Transaction& txn = *txn_;
  auto source = BuildOperator(*plan.root);
  PLINTH_RETURN_IF_ERROR(source->Open(ctx));
  uint64_t count = 0;
  Row row;
  std::string value;

  if (plan.action == PlanAction::Insert) {
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, source->Next(ctx, &row));
      if (!more) break;
      PLINTH_RETURN_IF_ERROR(CheckRow(plan, row, ctx));
      int64_t row_id = 0;
      if (t.primary_key.empty()) { PLINTH_ASSIGN_OR_RETURN(row_id, db_.NextRowId(t.oid)); }
      std::string key = RowKey(t, row, row_id);
      if (!t.primary_key.empty()) {
        bool exists = false;
        std::string old;
        PLINTH_RETURN_IF_ERROR(txn.Get(key, &old, &exists));
        if (exists) return DuplicateKey(t, row, *ctx.io);
      }
      value.clear();
      EncodeRow(row, &value);
      txn.Put(std::move(key), value);
      PLINTH_RETURN_IF_ERROR(Returning(plan, row, ctx, &portal.buffered));
      count++;
    }
    portal.tag = "INSERT 0 " + std::to_string(count);
    return Status::OK();
  }

  // UPDATE/DELETE: find every target row first, so the writes never feed the scan.
  std::vector<std::pair<std::string, Row>> targets;
  for (;;) {
    PLINTH_ASSIGN_OR_RETURN(bool more, source->Next(ctx, &row));
    if (!more) break;
    targets.emplace_back(std::string(source->current_key()), row);
  }
  source.reset();

  if (plan.action == PlanAction::Delete) {
    for (auto& [key, old] : targets) {
      txn.Delete(key);
      PLINTH_RETURN_IF_ERROR(Returning(plan, old, ctx, &portal.buffered));
    }
    portal.tag = "DELETE " + std::to_string(targets.size());
    return Status::OK();
  }

  for (auto& [key, old] : targets) {
    Row updated = old;
    for (size_t c = 0; c < plan.assignments.size(); c++)
      if (plan.assignments[c]) PLINTH_RETURN_IF_ERROR(Eval(*plan.assignments[c], old, ctx, &updated[c]));
    PLINTH_RETURN_IF_ERROR(CheckRow(plan, updated, ctx));
    std::string new_key = key;
    if (!t.primary_key.empty()) {
      new_key = RowKey(t, updated, 0);
      if (new_key != key) {
        bool exists = false;
        std::string other;
        PLINTH_RETURN_IF_ERROR(txn.Get(new_key, &other, &exists));
        if (exists) return DuplicateKey(t, updated, *ctx.io);
        txn.Delete(key);
      }
    }
    value.clear();
    EncodeRow(updated, &value);
    txn.Put(std::move(new_key), value);
    PLINTH_RETURN_IF_ERROR(Returning(plan, updated, ctx, &portal.buffered));
  }
  portal.tag = "UPDATE " + std::to_string(targets.size());
  return Status::OK();
}

}  // namespace plinth
