// INSERT, UPDATE and DELETE: runs the plan's source rows through a RowWriter (which
// enforces constraints, maintains indexes and applies referential actions) and
// produces RETURNING rows.
#include <set>

#include "engine/executor/eval.h"
#include "engine/session/row_writer.h"
#include "engine/session/session.h"

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

Status Session::RunModify(Portal& portal) {
  const Plan& plan = *portal.stmt->plan;
  ExecContext& ctx = portal.ctx;
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

  if (plan.action == PlanAction::Insert) {
    uint64_t count = 0;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, source->Next(ctx, &row));
      if (!more) break;
      PLINTH_RETURN_IF_ERROR(writer.Insert(t, row));
      PLINTH_RETURN_IF_ERROR(Returning(plan, row, ctx, &portal.buffered));
      count++;
    }
    portal.tag = "INSERT 0 " + std::to_string(count);
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
      PLINTH_RETURN_IF_ERROR(Returning(plan, old, ctx, &portal.buffered));
    }
    portal.tag = "DELETE " + std::to_string(targets.size());
    return Status::OK();
  }

  for (auto& [key, old] : targets) {
    Row stored(old.begin(), old.begin() + static_cast<long>(t.columns.size()));
    Row updated = stored;
    for (size_t c = 0; c < plan.assignments.size() && c < updated.size(); c++)
      if (plan.assignments[c]) PLINTH_RETURN_IF_ERROR(Eval(*plan.assignments[c], old, ctx, &updated[c]));
    PLINTH_RETURN_IF_ERROR(writer.Update(t, key, stored, updated));
    // RETURNING sees the new row, followed by any FROM columns of the joined row.
    Row returned = updated;
    returned.insert(returned.end(), old.begin() + static_cast<long>(t.columns.size()), old.end());
    PLINTH_RETURN_IF_ERROR(Returning(plan, returned, ctx, &portal.buffered));
  }
  portal.tag = "UPDATE " + std::to_string(targets.size());
  return Status::OK();
}

}  // namespace plinth
