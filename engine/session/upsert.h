// INSERT ... ON CONFLICT, one proposed row at a time.
//
// For each proposed row the arbiter keys (Plan::on_conflict->arbiters) are locked
// before they are looked up, and looked up in their newest committed version, not the
// statement's snapshot. So two sessions upserting one key serialize on its lock: the
// second waits, then finds the first's row (DO UPDATE updates it, DO NOTHING skips)
// instead of failing with 23505 — PostgreSQL's guarantee under READ COMMITTED. Under
// REPEATABLE READ and SERIALIZABLE a conflicting row newer than the snapshot is a
// serialization failure (40001), as in PostgreSQL.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/planner/plan.h"
#include "engine/session/row_writer.h"

namespace plinth {

class Upserter {
 public:
  // What happened to one proposed row.
  enum class Outcome { Inserted, Updated, Skipped };

  Upserter(const Plan& plan, const TableDef& t, RowWriter& writer, Transaction& txn, ExecContext& ctx)
      : plan_(plan), oc_(*plan.on_conflict), t_(t), writer_(writer), txn_(txn), ctx_(ctx) {}

  // Binds the arbiter indexes' key parts (once, before the first row).
  Status Prepare(const BindContext& bctx);
  // Inserts `proposed`, or resolves its conflict. *written receives the inserted or
  // updated row (what RETURNING sees) unless the row was skipped.
  Result<Outcome> Apply(const Row& proposed, Row* written);

 private:
  struct Arbiter {
    uint32_t id = 0;             // 0: the primary key
    std::vector<ExprPtr> parts;  // unique index: key parts over the table row
    std::vector<bool> descending;
    ExprPtr predicate;           // partial index: rows outside it never conflict
  };
  // Locks the arbiter's key for `proposed` and finds the newest committed row holding
  // it: *found false when there is none (or the key has a NULL part).
  Status FindConflict(const Arbiter& a, const Row& proposed, bool* found, std::string* row_key, Row* existing);
  Result<Outcome> Resolve(const Row& proposed, const std::string& row_key, const Row& existing, Row* written);

  const Plan& plan_;
  const OnConflictPlan& oc_;
  const TableDef& t_;
  RowWriter& writer_;
  Transaction& txn_;
  ExecContext& ctx_;
  std::vector<Arbiter> arbiters_;
  // Storage keys of the rows this statement inserted or updated: DO UPDATE may not
  // reach one of them again (21000), as PostgreSQL refuses.
  std::set<std::string> touched_;
};

}  // namespace plinth
