// INSERT, UPDATE and DELETE: runs the plan's source rows through a RowWriter (which
// enforces constraints, maintains indexes and applies referential actions) and
// produces RETURNING rows.
#include <optional>
#include <set>

#include "engine/executor/eval.h"
#include "engine/session/row_writer.h"
#include "engine/session/session.h"
#include "engine/session/upsert.h"
#include "engine/session/view_checks.h"

namespace plinth {

namespace {

Status Returning(const Plan& plan, const Row& row, ExecContext& ctx, std::vector<Row>* out) {
  if (plan.returning.empty()) return Status::OK();
  Row r(plan.returning.size());
  for (size_t i = 0; i < plan.returning.size(); i++) PLINTH_RETURN_IF_ERROR(Eval(*plan.returning[i], row, ctx, &r[i]));
  out->push_back(std::move(r));
  return Status::OK();
}

// Takes the row lock of every target. Returns whether any target was changed by a
// transaction that committed after the statement's snapshot: under REPEATABLE READ and
// SERIALIZABLE that is a serialization failure, as in PostgreSQL.
Result<bool> LockTargets(Transaction& txn, const std::vector<std::pair<std::string, Row>>& targets) {
  bool stale = false;
  for (const auto& target : targets) {
    PLINTH_RETURN_IF_ERROR(txn.Lock(target.first, LockMode::Exclusive));
    if (!txn.ChangedSinceSnapshot(target.first)) continue;
    if (txn.isolation() != IsolationLevel::ReadCommitted)
      return Status::Error("40001", "could not serialize access due to concurrent update");
    stale = true;
  }
  return stale;
}

}  // namespace

Status Session::RunModifyingCtes(Portal& portal) {
  const Plan& plan = *portal.stmt->plan;
  if (plan.modifying_ctes.empty()) return Status::OK();
  portal.cte_rows.assign(plan.modifying_ctes.size(), {});
  // Every part of the statement reads the data as it was before any of them wrote.
  txn_->FreezeReads();
  for (size_t i = 0; i < plan.modifying_ctes.size(); i++) {
    const Plan& sub = *plan.modifying_ctes[i].plan;
    if (txn_->read_only()) return Status::Error("25006", "cannot execute " + sub.command + " in a read-only transaction");
    std::string tag;
    PLINTH_RETURN_IF_ERROR(ModifyRows(sub, portal.ctx, &portal.cte_rows[i], &tag));
    portal.ctx.work_tables[plan.modifying_ctes[i].work_table] = &portal.cte_rows[i];
  }
  // The entries' subqueries ran over their own rows; the main query computes its own.
  portal.ctx.subqueries.clear();
  return Status::OK();
}

Status Session::RunModify(Portal& portal) {
  PLINTH_RETURN_IF_ERROR(RunModifyingCtes(portal));
  return ModifyRows(*portal.stmt->plan, portal.ctx, &portal.buffered, &portal.tag);
}

Status Session::ModifyRows(const Plan& plan, ExecContext& ctx, std::vector<Row>* returned, std::string* tag) {
  Transaction& txn = *txn_;
  // The plan's table is the one it was bound against; the writer works from the
  // transaction's current catalog so that constraints added since are enforced.
  const TableDef* current = txn.catalog().TableByOid(plan.table->oid);
  const TableDef& t = current ? *current : *plan.table;
  RowWriter writer(txn, ctx, BindContext{&txn.catalog(), settings_.search_path(), &settings_.io()},
                   [this](Oid table) { return db_.NextRowId(table); });
  auto source = BuildOperator(*plan.root);
  PLINTH_RETURN_IF_ERROR(source->Open(ctx));
  Row row;

  if (plan.action == PlanAction::Insert && plan.on_conflict) {
    Upserter upsert(plan, t, writer, txn, ctx);
    PLINTH_RETURN_IF_ERROR(upsert.Prepare(BindContext{&txn.catalog(), settings_.search_path(), &settings_.io()}));
    uint64_t count = 0;
    Row written;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, source->Next(ctx, &row));
      if (!more) break;
      PLINTH_ASSIGN_OR_RETURN(Upserter::Outcome outcome, upsert.Apply(row, &written));
      if (outcome == Upserter::Outcome::Skipped) continue;
      PLINTH_RETURN_IF_ERROR(CheckViewOptions(plan, t, written, ctx));
      PLINTH_RETURN_IF_ERROR(Returning(plan, written, ctx, returned));
      count++;
    }
    *tag = "INSERT 0 " + std::to_string(count);
    return Status::OK();
  }

  if (plan.action == PlanAction::Insert) {
    // COPY FROM into a table truncated in this transaction writes straight to its new
    // storage range (direct_writer.h), as PostgreSQL's COPY skips the WAL then.
    std::optional<DirectRangeWriter> direct;
    if (ctx.external && RowWriter::DirectInsertAllowed(txn, t)) {
      direct.emplace(txn);
      writer.InsertDirectly(t.oid, &*direct);
    }
    uint64_t count = 0;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, source->Next(ctx, &row));
      if (!more) break;
      PLINTH_RETURN_IF_ERROR(writer.Insert(t, row));
      PLINTH_RETURN_IF_ERROR(CheckViewOptions(plan, t, row, ctx));
      PLINTH_RETURN_IF_ERROR(Returning(plan, row, ctx, returned));
      count++;
    }
    if (direct) PLINTH_RETURN_IF_ERROR(direct->Finish());
    *tag = "INSERT 0 " + std::to_string(count);
    return Status::OK();
  }

  // UPDATE/DELETE: find every target row first, so the writes never feed the scan. A
  // row reached twice (a join in UPDATE ... FROM) is changed once, as in PostgreSQL.
  std::vector<std::pair<std::string, Row>> targets;
  for (;;) {
    targets.clear();
    std::set<std::string> seen;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, source->Next(ctx, &row));
      if (!more) break;
      std::string key(source->current_key());
      if (!seen.insert(key).second) continue;
      targets.emplace_back(std::move(key), row);
    }
    source.reset();
    // Lock every target before writing any (waiting for other writers), then look for
    // targets that a transaction committed after our snapshot changed.
    PLINTH_ASSIGN_OR_RETURN(bool stale, LockTargets(txn, targets));
    if (!stale) break;
    // READ COMMITTED: like PostgreSQL's EvalPlanQual re-check, the statement goes on from
    // the newest committed versions: re-running the scan on a fresh snapshot re-checks
    // WHERE on them (a row that no longer matches, or was deleted, drops out) and
    // recomputes SET from them. The locks we hold keep those versions current.
    PLINTH_RETURN_IF_ERROR(txn.RefreshSnapshot());
    ctx.subqueries.clear();
    source = BuildOperator(*plan.root);
    PLINTH_RETURN_IF_ERROR(source->Open(ctx));
  }

  if (plan.action == PlanAction::Delete) {
    for (auto& [key, old] : targets) {
      Row stored(old.begin(), old.begin() + static_cast<long>(t.columns.size()));
      PLINTH_RETURN_IF_ERROR(writer.Delete(t, key, stored));
      PLINTH_RETURN_IF_ERROR(Returning(plan, old, ctx, returned));
    }
    *tag = "DELETE " + std::to_string(targets.size());
    return Status::OK();
  }

  for (auto& [key, old] : targets) {
    Row stored(old.begin(), old.begin() + static_cast<long>(t.columns.size()));
    Row updated = stored;
    for (size_t c = 0; c < plan.assignments.size() && c < updated.size(); c++)
      if (plan.assignments[c]) PLINTH_RETURN_IF_ERROR(Eval(*plan.assignments[c], old, ctx, &updated[c]));
    PLINTH_RETURN_IF_ERROR(writer.Update(t, key, stored, updated));
    PLINTH_RETURN_IF_ERROR(CheckViewOptions(plan, t, updated, ctx));
    // RETURNING sees the new row, followed by any FROM columns of the joined row.
    Row returned_row = updated;
    returned_row.insert(returned_row.end(), old.begin() + static_cast<long>(t.columns.size()), old.end());
    PLINTH_RETURN_IF_ERROR(Returning(plan, returned_row, ctx, returned));
  }
  *tag = "UPDATE " + std::to_string(targets.size());
  return Status::OK();
}

}  // namespace plinth
