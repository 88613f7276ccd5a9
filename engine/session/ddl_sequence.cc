// CREATE / ALTER / DROP SEQUENCE. Definitions are catalog objects (transactional);
// counters live in session/sequences.h.
#include <pg_query/pg_query.pb-c.h>

#include "engine/session/ddl.h"
#include "engine/session/ddl_internal.h"
#include "engine/session/index_maintenance.h"

namespace plinth {

using namespace ddl;

namespace {

// Whether a column default reads sequence `seq` (nextval('s'::regclass) and the like).
bool DefaultUses(UtilityContext& ctx, const TableDef& t, const ColumnDef& col, Oid seq) {
  if (col.default_sql.empty()) return false;
  BindContext bctx = MakeBindContext(ctx);
  Binder binder(bctx, {});
  auto e = BindStoredExpr(binder, col.default_sql, &t);
  if (!e.ok()) return false;
  std::vector<const Expr*> stack{e->get()};
  while (!stack.empty()) {
    const Expr* x = stack.back();
    stack.pop_back();
    if (x->kind == ExprKind::Const && x->type == oids::kRegclass && !x->value.is_null() &&
        static_cast<Oid>(x->value.as_int()) == seq)
      return true;
    for (const auto& a : x->args) stack.push_back(a.get());
  }
  return false;
}

}  // namespace

Status CreateSequence(UtilityContext& ctx, const PgQuery__CreateSeqStmt* cs, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  const PgQuery__RangeVar* rv = cs->sequence;
  PLINTH_ASSIGN_OR_RETURN(std::string schema, CreationSchema(ctx, rv->schemaname, rv->location));
  if (txn.catalog().RelationExists(schema, rv->relname)) {
    if (cs->if_not_exists) {
      notices->push_back(Notice{"NOTICE", "42P07", std::string("relation \"") + rv->relname + "\" already exists, skipping"});
      return Status::OK();
    }
    return Status::Error("42P07", std::string("relation \"") + rv->relname + "\" already exists");
  }
  SequenceDef s;
  s.schema = schema;
  s.name = rv->relname;
  std::optional<int64_t> restart;
  PLINTH_RETURN_IF_ERROR(ApplySequenceOptions(ctx, s, cs->options, cs->n_options, true, &restart));
  s.oid = txn.MutableCatalog().AllocateOid();
  // A recycled OID must not inherit a dropped sequence's counter.
  txn.Delete(SequenceCounters::Key(s.oid));
  ctx.db.sequences().Forget(s.oid);
  WriteSequence(txn, s);
  txn.MutableCatalog().PutSequence(std::move(s));
  return Status::OK();
}

Status AlterSequence(UtilityContext& ctx, const PgQuery__AlterSeqStmt* as, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  const PgQuery__RangeVar* rv = as->sequence;
  const SequenceDef* found = txn.catalog().LookupSequence(rv->schemaname ? rv->schemaname : "", rv->relname,
                                                          ctx.session.settings().search_path());
  if (!found) {
    if (as->missing_ok) {
      notices->push_back(Notice{"NOTICE", "00000", std::string("relation \"") + rv->relname + "\" does not exist, skipping"});
      return Status::OK();
    }
    return ErrorAt("42P01", std::string("relation \"") + rv->relname + "\" does not exist", rv->location);
  }
  SequenceDef s = *found;
  std::optional<int64_t> restart;
  PLINTH_RETURN_IF_ERROR(ApplySequenceOptions(ctx, s, as->options, as->n_options, false, &restart));
  if (restart) PLINTH_RETURN_IF_ERROR(ctx.db.sequences().Set(ctx.db.store(), s, *restart, false));
  WriteSequence(txn, s);
  txn.MutableCatalog().PutSequence(std::move(s));
  return Status::OK();
}

Status DropSequences(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  std::vector<const SequenceDef*> victims;
  for (size_t i = 0; i < ds->n_objects; i++) {
    const PgQuery__List* names = ds->objects[i]->list;
    std::vector<std::string> parts = NameList(names->items, names->n_items);
    std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
    std::string full = schema.empty() ? parts.back() : schema + "." + parts.back();
    const SequenceDef* s = txn.catalog().LookupSequence(schema, parts.back(), ctx.session.settings().search_path());
    if (!s) {
      if (ds->missing_ok) {
        notices->push_back(Notice{"NOTICE", "00000", "sequence \"" + full + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error("42P01", "sequence \"" + full + "\" does not exist");
    }
    victims.push_back(s);
  }
  bool cascade = ds->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
  std::vector<std::tuple<Oid, std::string>> dependent_defaults;  // table, column
  for (const SequenceDef* s : victims) {
    std::vector<std::string> dependents;
    for (const auto& [oid, t] : txn.catalog().tables())
      for (const ColumnDef& c : t->columns)
        if (DefaultUses(ctx, *t, c, s->oid)) {
          dependents.push_back("default value for column " + c.name + " of table " + t->name + " depends on sequence " +
                               s->name);
          dependent_defaults.emplace_back(oid, c.name);
        }
    if (!dependents.empty() && !cascade) return DependencyError("sequence " + s->name, dependents);
  }
  std::vector<std::string> cascaded;
  for (const auto& [table, column] : dependent_defaults) {
    TableDef t = *txn.catalog().TableByOid(table);
    t.columns[t.FindColumn(column)].default_sql.clear();
    cascaded.push_back("default value for column " + column + " of table " + t.name);
    WriteTable(txn, t);
    txn.MutableCatalog().PutTable(std::move(t));
  }
  CascadeNotice(cascaded, notices);
  std::vector<Oid> oids;
  for (const SequenceDef* s : victims) oids.push_back(s->oid);
  Catalog& cat = txn.MutableCatalog();
  for (Oid oid : oids) {
    cat.DropSequence(oid);
    txn.Delete(keys::CatalogObject(Database::kDatabaseId, oid));
    txn.Delete(SequenceCounters::Key(oid));
  }
  return Status::OK();
}

}  // namespace plinth
