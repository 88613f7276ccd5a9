#include "engine/session/upsert.h"

#include "engine/executor/eval.h"
#include "engine/executor/operators.h"
#include "engine/executor/row_codec.h"
#include "engine/session/index_maintenance.h"
#include "engine/storage/keys.h"

namespace plinth {

namespace {

Status AffectedTwice() {
  return Status::Error("21000", "ON CONFLICT DO UPDATE command cannot affect row a second time")
      .with_hint("Ensure that no rows proposed for insertion within the same command have duplicate constrained "
                 "values.");
}

bool IsTrue(const Value& v) { return !v.is_null() && v.as_bool(); }

}  // namespace

Status Upserter::Prepare(const BindContext& bctx) {
  Binder binder(bctx, {});
  for (uint32_t id : oc_.arbiters) {
    Arbiter a;
    a.id = id;
    if (id != 0) {
      const IndexDef* ix = nullptr;
      for (const IndexDef& candidate : t_.indexes)
        if (candidate.id == id) ix = &candidate;
      // The plan was bound against an older catalog that still had this index.
      if (!ix) return Status::Error("0A000", "cached plan refers to a dropped unique index");
      for (size_t p = 0; p < ix->columns.size(); p++) {
        if (ix->is_expression(p)) {
          PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindStoredExpr(binder, ix->exprs[p], &t_));
          a.parts.push_back(std::move(e));
        } else {
          const ColumnDef& c = t_.columns[ix->columns[p]];
          a.parts.push_back(Expr::MakeColumn(ix->columns[p], c.type, c.typmod, c.name));
        }
        a.descending.push_back(ix->is_descending(p));
      }
      if (!ix->predicate_sql.empty()) {
        PLINTH_ASSIGN_OR_RETURN(a.predicate, BindStoredExpr(binder, ix->predicate_sql, &t_));
      }
    }
    arbiters_.push_back(std::move(a));
  }
  return Status::OK();
}

Status Upserter::FindConflict(const Arbiter& a, const Row& proposed, bool* found, std::string* row_key,
                              Row* existing) {
  *found = false;
  std::string value;
  if (a.id == 0) {
    *row_key = RowKey(t_, proposed, 0);
  } else {
    if (a.predicate) {
      Value in_index;
      PLINTH_RETURN_IF_ERROR(Eval(*a.predicate, proposed, ctx_, &in_index));
      if (!IsTrue(in_index)) return Status::OK();
    }
    std::string entry = keys::IndexPrefix(t_.storage_id(), a.id);
    for (size_t p = 0; p < a.parts.size(); p++) {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*a.parts[p], proposed, ctx_, &v));
      if (v.is_null()) return Status::OK();  // NULLs never conflict
      EncodeKey(a.parts[p]->type, v, a.descending[p], &entry);
    }
    // The entry's lock serializes concurrent upserts of this value, like the row lock
    // does for a primary key; its newest committed value names the row holding it.
    PLINTH_RETURN_IF_ERROR(txn_.Lock(entry, LockMode::Exclusive));
    bool has_entry = false;
    std::string pk;
    PLINTH_RETURN_IF_ERROR(txn_.GetLatest(entry, &pk, &has_entry));
    if (!has_entry) return Status::OK();
    *row_key = keys::IndexPrefix(t_.storage_id(), 0) + pk;
  }
  // Locked before it is read, so the version we act on stays the newest until we end.
  PLINTH_RETURN_IF_ERROR(txn_.Lock(*row_key, LockMode::Exclusive));
  PLINTH_RETURN_IF_ERROR(txn_.GetLatest(*row_key, &value, found));
  if (*found) PLINTH_RETURN_IF_ERROR(DecodeRow(value, t_.columns.size(), existing));
  return Status::OK();
}

Result<Upserter::Outcome> Upserter::Apply(const Row& proposed, Row* written) {
  // PostgreSQL checks NOT NULL and CHECK on the proposed row before it looks for a
  // conflict, so a bad row fails even when it would only have updated another.
  PLINTH_RETURN_IF_ERROR(writer_.CheckConstraints(t_, proposed));
  for (const Arbiter& a : arbiters_) {
    bool found = false;
    std::string row_key;
    Row existing;
    PLINTH_RETURN_IF_ERROR(FindConflict(a, proposed, &found, &row_key, &existing));
    if (found) return Resolve(proposed, row_key, existing, written);
  }
  std::string key;
  PLINTH_RETURN_IF_ERROR(writer_.Insert(t_, proposed, &key));
  touched_.insert(std::move(key));
  *written = proposed;
  return Outcome::Inserted;
}

Result<Upserter::Outcome> Upserter::Resolve(const Row& proposed, const std::string& row_key, const Row& existing,
                                            Row* written) {
  if (oc_.do_update && touched_.count(row_key)) return AffectedTwice();
  // A transaction-snapshot level may not act on a row its snapshot does not show.
  if (txn_.isolation() != IsolationLevel::ReadCommitted && txn_.ChangedSinceSnapshot(row_key))
    return Status::Error("40001", "could not serialize access due to concurrent update");
  if (!oc_.do_update) return Outcome::Skipped;

  Row input = existing;  // [existing row..., EXCLUDED row...]
  input.insert(input.end(), proposed.begin(), proposed.end());
  if (oc_.where) {
    Value pass;
    PLINTH_RETURN_IF_ERROR(Eval(*oc_.where, input, ctx_, &pass));
    if (!IsTrue(pass)) return Outcome::Skipped;
  }
  Row updated = existing;
  for (size_t c = 0; c < oc_.assignments.size() && c < updated.size(); c++)
    if (oc_.assignments[c]) PLINTH_RETURN_IF_ERROR(Eval(*oc_.assignments[c], input, ctx_, &updated[c]));
  PLINTH_RETURN_IF_ERROR(writer_.Update(t_, row_key, existing, updated));
  touched_.insert(t_.primary_key.empty() ? row_key : RowKey(t_, updated, 0));
  *written = std::move(updated);
  return Outcome::Updated;
}

}  // namespace plinth
