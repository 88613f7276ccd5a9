#include "engine/session/explain_statement.h"

#include <pg_query/pg_query.pb-c.h>

#include <chrono>
#include <cstdio>

#include "engine/binder/binder.h"
#include "engine/executor/instrument.h"
#include "engine/planner/planner.h"
#include "engine/session/session.h"

namespace plinth {

namespace {

// An option's boolean: no argument means true, as in PostgreSQL's defGetBoolean.
Result<bool> OptionBool(const PgQuery__DefElem* d) {
  if (!d->arg) return true;
  std::string v;
  if (d->arg->node_case == PG_QUERY__NODE__NODE_STRING) v = d->arg->string->sval;
  else if (d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN) return static_cast<bool>(d->arg->boolean->boolval);
  else if (d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER) return d->arg->integer->ival != 0;
  else if (d->arg->node_case == PG_QUERY__NODE__NODE_A_CONST && d->arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
    v = d->arg->a_const->sval->sval;
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v == "true" || v == "on" || v == "1") return true;
  if (v == "false" || v == "off" || v == "0") return false;
  return Status::Error("42601", std::string(d->defname) + " requires a Boolean value");
}

Result<ExplainOptions> ParseOptions(const PgQuery__ExplainStmt* es) {
  ExplainOptions o;
  bool timing_set = false, summary_set = false;
  for (size_t i = 0; i < es->n_options; i++) {
    if (es->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    const PgQuery__DefElem* d = es->options[i]->def_elem;
    std::string name = d->defname;
    if (name == "format") {
      std::string f = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_STRING ? d->arg->string->sval : "";
      if (f != "text") return Status::Error("0A000", "EXPLAIN formats other than TEXT are not supported yet");
      continue;
    }
    PLINTH_ASSIGN_OR_RETURN(bool v, OptionBool(d));
    if (name == "analyze") o.analyze = v;
    else if (name == "costs") o.costs = v;
    else if (name == "timing") o.timing = v, timing_set = true;
    else if (name == "summary") o.summary = v, summary_set = true;
    else if (name == "verbose") o.verbose = v;
    else if (name == "buffers" || name == "wal" || name == "settings") continue;  // nothing to report
    else return Status::Error("42601", "unrecognized EXPLAIN option \"" + name + "\"");
  }
  if (timing_set && o.timing && !o.analyze) return Status::Error("22023", "EXPLAIN option TIMING requires ANALYZE");
  if (!summary_set) o.summary = o.analyze;
  if (!o.analyze) o.timing = false;
  return o;
}

double MillisSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

std::string Millis(const char* what, double ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s: %.3f ms", what, ms);
  return buf;
}

}  // namespace

Status RunExplain(UtilityContext& ctx, const PgQuery__ExplainStmt* es, std::vector<Row>* rows) {
  PLINTH_ASSIGN_OR_RETURN(ExplainOptions options, ParseOptions(es));
  const PgQuery__Node* query = es->query;
  switch (query->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      break;
    default:
      return Status::Error("0A000", "EXPLAIN of this statement is not supported");
  }

  auto planning_start = std::chrono::steady_clock::now();
  BindContext bctx{&ctx.txn->catalog(), ctx.session.settings().search_path(), &ctx.session.io(),
                   ctx.db.system_catalog()};
  Binder binder(bctx, {});
  PLINTH_ASSIGN_OR_RETURN(Plan plan, binder.BindQuery(query));
  Optimize(&plan);
  double planning_ms = MillisSince(planning_start);

  std::unique_ptr<Instrumentation> instrumentation;
  double execution_ms = 0;
  if (options.analyze) {
    if (plan.action != PlanAction::Query)
      return Status::Error("0A000", "EXPLAIN ANALYZE of INSERT, UPDATE or DELETE is not supported yet");
    ExecContext ectx;
    ectx.txn = ctx.txn.get();
    ectx.params = &ctx.params;
    ectx.io = &ctx.session.io();
    ectx.services = ctx.session.services();
    ectx.catalog_reader = ctx.session.catalog_reader();
    ectx.cancel = &ctx.session.cancel_flag();
    ectx.user = ctx.session.user();
    instrumentation = std::make_unique<Instrumentation>(options.timing);
    auto start = std::chrono::steady_clock::now();
    auto root = BuildOperator(*plan.root);
    PLINTH_RETURN_IF_ERROR(root->Open(ectx));
    Row row;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, root->Next(ectx, &row));
      if (!more) break;
    }
    execution_ms = MillisSince(start);
  }
  ActualsLookup lookup;
  if (instrumentation) lookup = [&](const PlanNode* n) { return instrumentation->Find(n); };
  std::vector<std::string> lines = ExplainPlan(plan, options, lookup);
  if (options.summary) {
    lines.push_back(Millis("Planning Time", planning_ms));
    if (options.analyze) lines.push_back(Millis("Execution Time", execution_ms));
  }
  for (std::string& l : lines) rows->push_back(Row{Value::Bytes(std::move(l))});
  return Status::OK();
}

}  // namespace plinth
