// json[b]_to_record[set](...) AS alias(column type, ...) in FROM: the column definition
// list names and types the output, and the scan (executor/json_to_record.h) fills each
// column from the JSON key of the same name.
#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"
#include "engine/executor/json_to_record.h"

namespace plinth {

namespace {

int ColumnDefLocation(const PgQuery__RangeFunction* rf) {
  const PgQuery__Node* first = rf->n_coldeflist ? rf->coldeflist[0] : nullptr;
  return first && first->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF ? first->column_def->location : -1;
}

}  // namespace

Status Binder::CheckColumnDefinitionList(const PgQuery__RangeFunction* rf, std::string_view name,
                                         int call_location) {
  if (IsJsonToRecordFunction(name)) {
    if (rf->n_coldeflist == 0) {
      return PositionedError("42601", "a column definition list is required for functions returning \"record\"",
                     call_location);
    }
    if (rf->ordinality) {
      Status s = PositionedError("42601", "WITH ORDINALITY cannot be used with a column definition list",
                         ColumnDefLocation(rf));
      s.with_hint("Put the column definition list inside ROWS FROM().");
      return s;
    }
    return Status::OK();
  }
  if (rf->n_coldeflist > 0) {
    return PositionedError("42601", "a column definition list is only allowed for functions returning \"record\"",
                   ColumnDefLocation(rf));
  }
  return Status::OK();
}

Result<std::unique_ptr<PlanNode>> Binder::BindJsonToRecord(const PgQuery__RangeFunction* rf,
                                                           const std::string& name,
                                                           std::vector<ExprPtr> args, int location,
                                                           std::vector<OutputColumn>* cols) {
  const Oid json_type = name.rfind("jsonb", 0) == 0 ? oids::kJsonb : oids::kJson;
  if (args.size() != 1 || (args[0]->type != json_type && args[0]->type != oids::kUnknown)) {
    std::string signature;
    for (const ExprPtr& a : args) {
      signature += (signature.empty() ? "" : ", ") + FormatType(a->type, -1);
    }
    Status s = PositionedError("42883", "function " + name + "(" + signature + ") does not exist", location);
    s.with_hint("No function matches the given name and argument types. You might need to add "
                "explicit type casts.");
    return s;
  }
  PLINTH_ASSIGN_OR_RETURN(ExprPtr arg, CoerceTo(std::move(args[0]), json_type, -1,
                                                 CastContext::Implicit, "argument"));
  std::vector<Oid> types;
  auto node = MakeNode(PlanKind::FunctionScan, {});
  for (size_t i = 0; i < rf->n_coldeflist; i++) {
    const PgQuery__Node* item = rf->coldeflist[i];
    if (item->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) {
      return Status::Error("0A000", "this column definition is not supported yet");
    }
    const PgQuery__ColumnDef* def = item->column_def;
    PLINTH_ASSIGN_OR_RETURN(auto type, BindTypeName(def->type_name));
    types.push_back(type.first);
    node->record_columns.push_back(def->colname);
    node->record_typmods.push_back(type.second);
    cols->push_back(OutputColumn{def->colname, type.first, type.second, 0, 0});
  }
  node->column_types = std::move(types);
  node->function = name;
  node->function_args.push_back(std::move(arg));
  return node;
}

}  // namespace plinth
