// Data-modifying WITH entries: WITH moved AS (DELETE ... RETURNING ...) INSERT ... .
// Each entry is bound as a statement of its own and queued on the binder; the
// statement's Plan carries them (Plan::modifying_ctes), the session runs them before
// the main query, and references to an entry read its RETURNING rows as a work table.
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"

namespace plinth {

Status Binder::BindModifyingCte(CteBinding& cte) {
  const PgQuery__CommonTableExpr* def = cte.cte;
  if (!outer_levels_.empty())
    return PositionedError("0A000", "WITH clause containing a data-modifying statement must be at the top level",
                           def->location);

  // A binder of its own: the entry has its own scope, and sees the WITH entries before it.
  Binder sub(ctx_, param_types_);
  sub.relation_log = relation_log;
  sub.ctes_ = ctes_;
  sub.next_work_table_ = next_work_table_;
  auto bound = sub.BindQuery(def->ctequery);
  if (sub.param_types_.size() > param_types_.size()) param_types_ = sub.param_types_;
  next_work_table_ = sub.next_work_table_;
  PLINTH_ASSIGN_OR_RETURN(Plan plan, std::move(bound));

  cte.modifying = true;
  cte.has_returning = !plan.returning.empty();
  cte.work_columns = plan.columns;
  if (def->n_aliascolnames > cte.work_columns.size())
    return PositionedError("42P10",
                           "WITH query \"" + cte.name + "\" has " + std::to_string(cte.work_columns.size()) +
                               " columns available but " + std::to_string(def->n_aliascolnames) + " columns specified",
                           def->location);
  for (size_t i = 0; i < def->n_aliascolnames; i++) cte.work_columns[i].name = def->aliascolnames[i]->string->sval;
  for (auto& c : cte.work_columns) c.table_oid = 0, c.attnum = 0;
  cte.work_table = next_work_table_++;
  // Entries of a WITH inside the entry's own statement run before it.
  for (ModifyingCte& inner : plan.modifying_ctes) modifying_ctes_.push_back(std::move(inner));
  plan.modifying_ctes.clear();
  modifying_ctes_.push_back(ModifyingCte{std::make_shared<Plan>(std::move(plan)), cte.work_table});
  return Status::OK();
}

}  // namespace plinth
