// Set-returning functions in a select list (SELECT unnest(a), generate_series(1, n)):
// each call moves out of the target expressions into a ProjectSet node placed over the
// query's input, and the targets read the column it produces instead. As in PostgreSQL
// 10 and later, the calls of one select list run in lockstep (executor/project_set.cc).
#include "engine/binder/bind_internal.h"
#include "engine/binder/binder.h"
#include "engine/functions/functions.h"
#include "engine/types/record.h"

namespace plinth {

namespace {

bool IsSetCall(const Expr& e) { return e.kind == ExprKind::Func && e.fn && e.fn->returns_set; }

bool ContainsSetCall(const Expr& e) {
  if (IsSetCall(e)) return true;
  for (const auto& a : e.args)
    if (a && ContainsSetCall(*a)) return true;
  return false;
}

// The type of the values a call produces: unnest gives its array's elements.
Oid SetCallResultType(const Expr& call) {
  if (call.fn->name == "unnest" && !call.args.empty())
    if (const TypeInfo* t = LookupType(call.args[0]->type); t && t->elem) return t->elem;
  return call.type;
}

// Replaces every set-returning call in `e` by a column of the ProjectSet node, adding
// the call to `calls` (an identical call already there is shared: they would run in
// lockstep and yield the same values anyway).
Status ExtractSetCalls(ExprPtr& e, int first_column, std::vector<ExprPtr>* calls, std::vector<Oid>* types) {
  if (!e) return Status::OK();
  if (!IsSetCall(*e)) {
    for (auto& a : e->args) PLINTH_RETURN_IF_ERROR(ExtractSetCalls(a, first_column, calls, types));
    return Status::OK();
  }
  for (const auto& a : e->args)
    if (ContainsSetCall(*a)) return Status::Error("0A000", "nested set-returning functions are not supported yet");
  size_t index = calls->size();
  for (size_t i = 0; i < calls->size(); i++)
    if (ExprEquals(*(*calls)[i], *e)) index = i;
  Oid type = SetCallResultType(*e);
  std::string name = e->name;
  int32_t typmod = e->typmod;
  if (index == calls->size()) {
    calls->push_back(std::move(e));
    types->push_back(type);
  }
  e = Expr::MakeColumn(first_column + static_cast<int>(index), type, typmod, name);
  return Status::OK();
}

}  // namespace

int32_t RecordShapeOfCall(const Expr& call) {
  if (call.kind != ExprKind::Func || !call.fn || call.fn->name != "_pg_expandarray" || call.args.empty()) return -1;
  const TypeInfo* array = LookupType(call.args[0]->type);
  if (!array || !array->elem) return -1;
  return RegisterRecordShape({{"x", array->elem}, {"n", oids::kInt4}});
}

Result<std::unique_ptr<PlanNode>> Binder::ApplySetFunctions(std::unique_ptr<PlanNode> input,
                                                            std::vector<ExprPtr>* targets) {
  bool any = false;
  for (const auto& t : *targets) any = any || ContainsSetCall(*t);
  if (!any) return input;
  int first = static_cast<int>(input->column_types.size());
  std::vector<ExprPtr> calls;
  std::vector<Oid> types;
  for (auto& t : *targets) PLINTH_RETURN_IF_ERROR(ExtractSetCalls(t, first, &calls, &types));
  auto node = MakeNode(PlanKind::ProjectSet, input->column_types);
  node->column_types.insert(node->column_types.end(), types.begin(), types.end());
  node->function_args = std::move(calls);
  node->child = std::move(input);
  return node;
}

}  // namespace plinth
