// CREATE TABLE ... AS SELECT and SELECT ... INTO: a new table shaped like the query's
// result (no constraints, no primary key: rows get hidden row ids), filled with its rows
// unless WITH NO DATA.
#include "engine/session/ddl_create_as.h"

#include <pg_query/pg_query.pb-c.h>

#include "engine/executor/operators.h"
#include "engine/planner/planner.h"
#include "engine/session/ddl_internal.h"
#include "engine/session/row_writer.h"

namespace plinth {

using namespace ddl;

Status CreateTableAs(UtilityContext& ctx, const PgQuery__Node* query, const PgQuery__IntoClause* into,
                     bool if_not_exists, std::string* tag, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  const PgQuery__RangeVar* rv = into->rel;
  *tag = "SELECT 0";
  PLINTH_ASSIGN_OR_RETURN(std::string schema, CreationSchema(ctx, rv->schemaname, rv->location));
  if (txn.catalog().RelationExists(schema, rv->relname)) {
    if (if_not_exists) {
      notices->push_back(Notice{"NOTICE", "42P07", std::string("relation \"") + rv->relname + "\" already exists, skipping"});
      *tag = "CREATE TABLE AS";
      return Status::OK();
    }
    return Status::Error("42P07", std::string("relation \"") + rv->relname + "\" already exists");
  }

  BindContext bctx{&txn.catalog(), ctx.session.settings().search_path(), &ctx.session.io(), ctx.db.system_catalog()};
  Binder binder(bctx, {});
  PLINTH_ASSIGN_OR_RETURN(Plan plan, binder.BindQuery(query));
  if (plan.action != PlanAction::Query) return Status::Error("0A000", "CREATE TABLE AS needs a query that returns rows");
  if (into->n_col_names > plan.columns.size())
    return Status::Error("42601", "too many column names were specified");

  TableDef t;
  t.schema = schema;
  t.name = rv->relname;
  t.temporary = rv->relpersistence && rv->relpersistence[0] == 't';
  for (size_t i = 0; i < plan.columns.size(); i++) {
    const OutputColumn& c = plan.columns[i];
    ColumnDef col;
    col.name = i < into->n_col_names ? into->col_names[i]->string->sval : c.name;
    // An untyped literal column becomes text, as in PostgreSQL.
    col.type = c.type == oids::kUnknown ? oids::kText : c.type;
    col.typmod = c.typmod;
    if (t.FindColumn(col.name) >= 0)
      return Status::Error("42701", "column \"" + col.name + "\" specified more than once");
    t.columns.push_back(std::move(col));
  }
  t.oid = txn.MutableCatalog().AllocateOid();
  WriteTable(txn, t);
  txn.MutableCatalog().PutTable(t);
  if (into->skip_data) {
    *tag = "CREATE TABLE AS";
    return Status::OK();
  }

  // The rows: run the query, then insert each (the table is new, so nothing it reads
  // can see these writes).
  Optimize(&plan);
  ExecContext ectx = MakeExecContext(ctx);
  auto source = BuildOperator(*plan.root);
  PLINTH_RETURN_IF_ERROR(source->Open(ectx));
  const TableDef& created = *txn.catalog().TableByOid(t.oid);
  RowWriter writer(txn, ectx, MakeBindContext(ctx), [&](Oid table) { return ctx.db.NextRowId(table); });
  uint64_t count = 0;
  Row row;
  for (;;) {
    PLINTH_ASSIGN_OR_RETURN(bool more, source->Next(ectx, &row));
    if (!more) break;
    row.resize(created.columns.size());
    PLINTH_RETURN_IF_ERROR(writer.Insert(created, row));
    count++;
  }
  *tag = "SELECT " + std::to_string(count);
  return Status::OK();
}

}  // namespace plinth
