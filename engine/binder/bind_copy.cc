// Binding of COPY ... FROM: an INSERT whose source is the COPY data stream.
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"

namespace plinth {

Result<Plan> Binder::BindCopyFrom(const PgQuery__RangeVar* rv, const std::vector<std::string>& columns,
                                  std::vector<int>* source_columns) {
  Plan plan;
  plan.action = PlanAction::Insert;
  plan.command = "COPY";
  PLINTH_ASSIGN_OR_RETURN(plan.table, ResolveTable(rv));
  const TableDef& t = *plan.table;
  source_columns->clear();
  if (columns.empty()) {
    for (size_t i = 0; i < t.columns.size(); i++) source_columns->push_back(static_cast<int>(i));
  } else {
    for (const std::string& name : columns) {
      int col = t.FindColumn(name);
      if (col < 0)
        return Status::Error("42703", "column \"" + name + "\" of relation \"" + t.name + "\" does not exist");
      for (int seen : *source_columns)
        if (seen == col) return Status::Error("42701", "column \"" + name + "\" specified more than once");
      source_columns->push_back(col);
    }
  }
  auto source = std::make_unique<PlanNode>();
  source->kind = PlanKind::External;
  for (int c : *source_columns) source->column_types.push_back(t.columns[c].type);

  // Each table column is the matching source column, or its default.
  auto project = std::make_unique<PlanNode>();
  project->kind = PlanKind::Project;
  project->exprs.resize(t.columns.size());
  for (size_t i = 0; i < source_columns->size(); i++) {
    int c = (*source_columns)[i];
    project->exprs[c] = Expr::MakeColumn(static_cast<int>(i), t.columns[c].type, t.columns[c].typmod, t.columns[c].name);
  }
  for (size_t c = 0; c < t.columns.size(); c++) {
    if (!project->exprs[c]) {
      PLINTH_ASSIGN_OR_RETURN(project->exprs[c], DefaultFor(t.columns[c]));
    }
    project->column_types.push_back(t.columns[c].type);
  }
  // Every column, in table order: the stream's rows are the table's rows as they
  // are, and a projection would only copy each value once more.
  bool identity = source_columns->size() == t.columns.size();
  for (size_t i = 0; identity && i < source_columns->size(); i++) identity = (*source_columns)[i] == static_cast<int>(i);
  if (identity) {
    plan.root = std::move(source);
  } else {
    project->child = std::move(source);
    plan.root = std::move(project);
  }
  // CHECK constraints name the table's columns: bind them with the new row in scope,
  // as INSERT does.
  scope_.clear();
  ScopeEntry self;
  self.alias = t.name;
  self.columns = TableColumns(t);
  scope_.push_back(std::move(self));
  PLINTH_RETURN_IF_ERROR(AddChecks(&plan));
  return plan;
}

}  // namespace plinth
