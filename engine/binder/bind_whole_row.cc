// Whole-row references: a FROM item's name used as a value (SELECT row_to_json(t) FROM
// t, to_jsonb(t.*)). As in PostgreSQL it is a record of the item's columns, named as
// the item names them; it binds as a call of the registry's record constructor "(row)"
// (record_functions.cc) whose first argument is the record shape (engine/types/record.h).
#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"
#include "engine/functions/functions.h"
#include "engine/types/record.h"

namespace plinth {

Result<ExprPtr> Binder::BindWholeRow(const std::string& alias, int location) {
  for (size_t depth = 0; depth <= outer_levels_.size(); depth++) {
    const auto& scope = depth == 0 ? scope_ : outer_levels_[outer_levels_.size() - depth].scope;
    const ScopeEntry* entry = nullptr;
    for (const ScopeEntry& e : scope)
      if (e.rel_visible && e.alias == alias) entry = &e;
    if (!entry) continue;
    const FunctionDef* constructor = nullptr;
    for (const FunctionDef* d : FunctionCandidates("(row)")) constructor = d;
    if (!constructor) return Status::Error("XX000", "the record constructor is not registered");

    std::vector<RecordField> fields;
    for (const OutputColumn& c : entry->columns) fields.push_back(RecordField{c.name, c.type});
    int32_t shape = RegisterRecordShape(fields);
    auto row = std::make_unique<Expr>();
    row->kind = ExprKind::Func;
    row->fn = constructor;
    row->type = oids::kRecord;
    row->typmod = shape;
    row->name = alias;
    row->location = location;
    row->args.push_back(Expr::MakeConst(Value::Int(shape), oids::kInt4));
    for (size_t i = 0; i < entry->columns.size(); i++) {
      const OutputColumn& c = entry->columns[i];
      ExprPtr column;
      if (depth == 0) {
        column = Expr::MakeColumn(entry->position(i), c.type, c.typmod, c.name);
      } else {
        PLINTH_ASSIGN_OR_RETURN(column, OuterReference(outer_levels_.size() - depth, entry->position(i), c, c.name));
      }
      row->args.push_back(std::move(column));
    }
    return row;
  }
  return ExprPtr();
}

}  // namespace plinth
