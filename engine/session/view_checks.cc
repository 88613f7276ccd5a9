#include "engine/session/view_checks.h"

#include "engine/executor/eval.h"

namespace plinth {

Status CheckViewOptions(const Plan& plan, const TableDef& t, const Row& row, ExecContext& ctx) {
  for (const auto& [view, check] : plan.view_checks) {
    Value v;
    PLINTH_RETURN_IF_ERROR(Eval(*check, row, ctx, &v));
    // Unlike a CHECK constraint, NULL fails: PostgreSQL evaluates the check as a qual.
    if (!v.is_null() && v.as_bool()) continue;
    std::string text = "(";
    for (size_t i = 0; i < row.size() && i < t.columns.size(); i++) {
      if (i) text += ", ";
      text += row[i].is_null() ? "null" : OutputText(t.columns[i].type, row[i], *ctx.io);
    }
    return Status::Error("44000", "new row violates check option for view \"" + view + "\"")
        .with_detail("Failing row contains " + text + ").");
  }
  return Status::OK();
}

}  // namespace plinth
