// CREATE [UNIQUE] INDEX and DROP INDEX. An index is declared in its table's TableDef and
// built over the existing rows in the same transaction (session/index_maintenance.h).
#include <pg_query/pg_query.pb-c.h>

#include "engine/session/ddl.h"
#include "engine/session/ddl_internal.h"
#include "engine/session/index_maintenance.h"

namespace plinth {

using namespace ddl;

namespace {

// PostgreSQL names an expression key's part after its function (lower(email) -> "lower").
std::string ExpressionPartName(const PgQuery__Node* expr) {
  if (expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
    const PgQuery__FuncCall* fc = expr->func_call;
    return fc->funcname[fc->n_funcname - 1]->string->sval;
  }
  return "expr";
}

}  // namespace

namespace ddl {

// Declares ix on t (validated, not yet built): columns, expressions, ordering, predicate.
Status BuildIndexDef(UtilityContext& ctx, TableDef& t, const PgQuery__IndexStmt* is, IndexDef* ix,
                     std::vector<std::string>* part_names) {
  BindContext bctx = MakeBindContext(ctx);
  Binder binder(bctx, {});
  for (size_t i = 0; i < is->n_index_params; i++) {
    const PgQuery__IndexElem* el = is->index_params[i]->index_elem;
    if (el->name && el->name[0]) {
      int col = t.FindColumn(el->name);
      if (col < 0) return Status::Error("42703", std::string("column \"") + el->name + "\" does not exist");
      ix->columns.push_back(col);
      ix->exprs.emplace_back();
      part_names->push_back(el->name);
    } else {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr e, binder.BindStandalone(el->expr, &t));
      (void)e;
      PLINTH_ASSIGN_OR_RETURN(std::string sql, DeparseExpr(el->expr));
      ix->columns.push_back(-1);
      ix->exprs.push_back(std::move(sql));
      part_names->push_back(ExpressionPartName(el->expr));
    }
    ix->descending.push_back(el->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC);
  }
  if (is->where_clause) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr e, binder.BindStandalone(is->where_clause, &t));
    if (e->type != oids::kBool) return Status::Error("42804", "argument of WHERE must be type boolean");
    PLINTH_ASSIGN_OR_RETURN(ix->predicate_sql, DeparseExpr(is->where_clause));
  }
  ix->unique = is->unique;
  return Status::OK();
}

}  // namespace ddl

Status CreateIndex(UtilityContext& ctx, const PgQuery__IndexStmt* is, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  PLINTH_ASSIGN_OR_RETURN(const TableDef* table, ResolveTable(ctx, is->relation, false));
  if (is->primary) return Status::Error("0A000", "use ALTER TABLE ... ADD PRIMARY KEY");
  if (is->idxname && is->idxname[0] && txn.catalog().RelationExists(table->schema, is->idxname)) {
    if (is->if_not_exists) {
      notices->push_back(Notice{"NOTICE", "42P07", std::string("relation \"") + is->idxname + "\" already exists, skipping"});
      return Status::OK();
    }
    return Status::Error("42P07", std::string("relation \"") + is->idxname + "\" already exists");
  }
  TableDef t = *table;
  IndexDef ix;
  std::vector<std::string> part_names;
  PLINTH_RETURN_IF_ERROR(BuildIndexDef(ctx, t, is, &ix, &part_names));
  ix.name = is->idxname && is->idxname[0] ? is->idxname
                                          : ChooseName(txn.catalog(), t.schema, t.name, part_names, ix.unique ? "key" : "idx");
  ix.oid = txn.MutableCatalog().AllocateOid();
  ix.id = t.next_index_id++;
  uint32_t id = ix.id;
  t.indexes.push_back(std::move(ix));

  BindContext bctx = MakeBindContext(ctx);
  PLINTH_ASSIGN_OR_RETURN(TableIndexes built, TableIndexes::BindOne(t, id, bctx));
  ExecContext ectx = MakeExecContext(ctx);
  PLINTH_RETURN_IF_ERROR(built.Build(txn, ectx));
  WriteTable(txn, t);
  txn.MutableCatalog().PutTable(std::move(t));
  return Status::OK();
}

Status DropIndexes(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  for (size_t i = 0; i < ds->n_objects; i++) {
    const PgQuery__List* names = ds->objects[i]->list;
    std::vector<std::string> parts = NameList(names->items, names->n_items);
    std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
    std::string name = parts.back();
    const TableDef* t = txn.catalog().LookupIndexTable(schema, name, ctx.session.settings().search_path());
    std::string full = schema.empty() ? name : schema + "." + name;
    if (!t) {
      if (ds->missing_ok) {
        notices->push_back(Notice{"NOTICE", "00000", "index \"" + full + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error("42704", "index \"" + full + "\" does not exist");
    }
    const IndexDef* ix = t->FindIndex(name);
    if (ix->constraint)
      return Status::Error("2BP01", "cannot drop index " + name + " because constraint " + name + " on table " +
                                        t->name + " requires it")
          .with_hint("You can drop constraint " + name + " on table " + t->name + " instead.");
    PLINTH_RETURN_IF_ERROR(DeleteIndexEntries(txn, t->storage_id(), ix->id));
    TableDef copy = *t;
    copy.indexes.erase(copy.indexes.begin() + (ix - t->indexes.data()));
    WriteTable(txn, copy);
    txn.MutableCatalog().PutTable(std::move(copy));
  }
  return Status::OK();
}

}  // namespace plinth
