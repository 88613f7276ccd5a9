// CREATE TABLE, DROP TABLE, TRUNCATE, and the DROP dispatcher.
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <set>

#include "engine/session/ddl.h"
#include "engine/session/ddl_internal.h"
#include "engine/session/ddl_view.h"
#include "engine/session/index_maintenance.h"

namespace plinth {

using namespace ddl;

namespace {

// serial types: the integer type they stand for, or 0.
Oid SerialType(const PgQuery__TypeName* tn) {
  if (tn->n_names == 0 || tn->n_array_bounds) return 0;
  std::string name = tn->names[tn->n_names - 1]->string->sval;
  if (name == "serial" || name == "serial4") return oids::kInt4;
  if (name == "bigserial" || name == "serial8") return oids::kInt8;
  if (name == "smallserial" || name == "serial2") return oids::kInt2;
  return 0;
}

}  // namespace

Status CreateTable(UtilityContext& ctx, const PgQuery__CreateStmt* cs, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  const PgQuery__RangeVar* rv = cs->relation;
  PLINTH_ASSIGN_OR_RETURN(std::string schema, CreationSchema(ctx, rv->schemaname, rv->location));
  if (txn.catalog().RelationExists(schema, rv->relname)) {
    if (cs->if_not_exists) {
      notices->push_back(Notice{"NOTICE", "42P07", std::string("relation \"") + rv->relname + "\" already exists, skipping"});
      return Status::OK();
    }
    return Status::Error("42P07", std::string("relation \"") + rv->relname + "\" already exists");
  }
  if (cs->n_inh_relations) return Status::Error("0A000", "table inheritance is not supported");
  if (cs->partspec) return Status::Error("0A000", "partitioned tables are not supported");

  TableDef t;
  t.schema = schema;
  t.name = rv->relname;
  t.temporary = rv->relpersistence && rv->relpersistence[0] == 't';
  // The OID comes first so constraints (a self-referencing foreign key, owned
  // sequences) can name the table.
  t.oid = txn.MutableCatalog().AllocateOid();
  BindContext bctx = MakeBindContext(ctx);
  Binder binder(bctx, {});

  struct SerialColumn {
    int column;
    const PgQuery__Constraint* identity;  // null for serial
  };
  std::vector<SerialColumn> serials;
  for (size_t i = 0; i < cs->n_table_elts; i++) {
    const PgQuery__Node* elt = cs->table_elts[i];
    if (elt->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) continue;
    const PgQuery__ColumnDef* cd = elt->column_def;
    if (t.FindColumn(cd->colname) >= 0)
      return Status::Error("42701", std::string("column \"") + cd->colname + "\" specified more than once");
    ColumnDef col;
    col.name = cd->colname;
    if (Oid serial = SerialType(cd->type_name)) {
      col.type = serial;
      col.not_null = true;
      serials.push_back({static_cast<int>(t.columns.size()), nullptr});
    } else {
      PLINTH_ASSIGN_OR_RETURN(auto type, binder.BindTypeName(cd->type_name));
      col.type = type.first;
      col.typmod = type.second;
    }
    col.not_null |= cd->is_not_null;
    t.columns.push_back(col);
  }
  if (t.columns.size() > 1600) return Status::Error("54011", "tables can have at most 1600 columns");

  // Column constraints, then table constraints.
  std::vector<std::string> taken;
  for (size_t i = 0; i < cs->n_table_elts; i++) {
    const PgQuery__Node* elt = cs->table_elts[i];
    if (elt->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      const PgQuery__ColumnDef* cd = elt->column_def;
      int ci = t.FindColumn(cd->colname);
      for (size_t k = 0; k < cd->n_constraints; k++) {
        const PgQuery__Constraint* c = cd->constraints[k]->constraint;
        switch (c->contype) {
          case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: t.columns[ci].not_null = true; break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: t.columns[ci].not_null = false; break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
            // Bind now so a bad default fails CREATE TABLE, then keep its canonical text.
            PLINTH_ASSIGN_OR_RETURN(ExprPtr e, binder.BindStandalone(c->raw_expr, nullptr));
            PLINTH_RETURN_IF_ERROR(binder.CoerceTo(std::move(e), t.columns[ci].type, t.columns[ci].typmod,
                                                   CastContext::Assignment, "column \"" + t.columns[ci].name + "\"")
                                       .status());
            PLINTH_ASSIGN_OR_RETURN(t.columns[ci].default_sql, DeparseExpr(c->raw_expr));
            break;
          }
          case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: {
            Oid type = t.columns[ci].type;
            if (type != oids::kInt2 && type != oids::kInt4 && type != oids::kInt8)
              return ErrorAt("22023", "identity column type must be smallint, integer, or bigint", c->location);
            t.columns[ci].identity = c->generated_when && c->generated_when[0] == 'a' ? "a" : "d";
            t.columns[ci].not_null = true;
            serials.push_back({ci, c});
            break;
          }
          case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
          case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
          case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
          case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
            PLINTH_RETURN_IF_ERROR(AddTableConstraint(ctx, binder, t, c, cd->colname, &taken));
            break;
          default:
            return ErrorAt("0A000", "this column constraint is not supported yet", c->location);
        }
      }
    } else if (elt->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      PLINTH_RETURN_IF_ERROR(AddTableConstraint(ctx, binder, t, elt->constraint, "", &taken));
    } else {
      return Status::Error("0A000", "LIKE clauses in CREATE TABLE are not supported yet");
    }
  }

  std::vector<SequenceDef> owned;
  for (const SerialColumn& sc : serials) {
    ColumnDef& col = t.columns[sc.column];
    PgQuery__Node* const* options = sc.identity ? sc.identity->options : nullptr;
    size_t n_options = sc.identity ? sc.identity->n_options : 0;
    PLINTH_ASSIGN_OR_RETURN(SequenceDef s, MakeOwnedSequence(ctx, t, col, options, n_options, &taken));
    col.default_sql = NextvalDefault(s);
    owned.push_back(std::move(s));
  }

  Catalog& cat = txn.MutableCatalog();
  for (SequenceDef& s : owned) {
    WriteSequence(txn, s);
    cat.PutSequence(std::move(s));
  }
  WriteTable(txn, t);
  cat.PutTable(std::move(t));
  return Status::OK();
}

namespace ddl {

// Drops a table with its owned sequences; its rows and index entries go at commit
// (Database::Commit deletes the key range of every table the new catalog lacks).
void DropTableNow(UtilityContext& ctx, Oid oid) {
  Transaction& txn = *ctx.txn;
  Catalog& cat = txn.MutableCatalog();
  std::vector<Oid> owned;
  for (const auto& [soid, s] : cat.sequences())
    if (s->owned_by_table == oid) owned.push_back(soid);
  for (Oid s : owned) {
    cat.DropSequence(s);
    txn.Delete(keys::CatalogObject(Database::kDatabaseId, s));
    txn.Delete(SequenceCounters::Key(s));
  }
  cat.DropTable(oid);
  txn.Delete(keys::CatalogObject(Database::kDatabaseId, oid));
}

// Foreign keys of tables outside `victims` that reference a table in it.
std::vector<std::pair<Oid, std::string>> ForeignKeysInto(const Catalog& cat, const std::set<Oid>& victims) {
  std::vector<std::pair<Oid, std::string>> out;
  for (const auto& [oid, t] : cat.tables()) {
    if (victims.count(oid)) continue;
    for (const ForeignKeyDef& fk : t->foreign_keys)
      if (victims.count(fk.ref_table)) out.emplace_back(oid, fk.name);
  }
  return out;
}

void DropForeignKey(UtilityContext& ctx, Oid table, const std::string& name) {
  const TableDef* t = ctx.txn->catalog().TableByOid(table);
  TableDef copy = *t;
  copy.foreign_keys.erase(std::remove_if(copy.foreign_keys.begin(), copy.foreign_keys.end(),
                                         [&](const ForeignKeyDef& fk) { return fk.name == name; }),
                          copy.foreign_keys.end());
  WriteTable(*ctx.txn, copy);
  ctx.txn->MutableCatalog().PutTable(std::move(copy));
}

Status DependencyError(const std::string& what, const std::vector<std::string>& dependents) {
  std::string detail;
  for (size_t i = 0; i < dependents.size(); i++) detail += (i ? "\n" : "") + dependents[i];
  return Status::Error("2BP01", "cannot drop " + what + " because other objects depend on it")
      .with_detail(detail)
      .with_hint("Use DROP ... CASCADE to drop the dependent objects too.");
}

void CascadeNotice(const std::vector<std::string>& dropped, std::vector<Notice>* notices) {
  if (dropped.empty()) return;
  if (dropped.size() == 1) {
    notices->push_back(Notice{"NOTICE", "00000", "drop cascades to " + dropped[0]});
    return;
  }
  std::string detail;
  for (size_t i = 0; i < dropped.size(); i++) detail += (i ? "\ndrop cascades to " : "drop cascades to ") + dropped[i];
  Notice n{"NOTICE", "00000", "drop cascades to " + std::to_string(dropped.size()) + " other objects"};
  n.detail = detail;
  notices->push_back(std::move(n));
}

}  // namespace ddl

namespace {

Status DropTables(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  // Resolve every name before dropping any, so a missing one drops nothing.
  std::vector<Oid> victims;
  for (size_t i = 0; i < ds->n_objects; i++) {
    const PgQuery__List* names = ds->objects[i]->list;
    std::vector<std::string> parts = NameList(names->items, names->n_items);
    std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
    std::string name = parts.back();
    const TableDef* t = txn.catalog().LookupTable(schema, name, ctx.session.settings().search_path());
    if (!t && txn.catalog().LookupView(schema, name, ctx.session.settings().search_path()))
      return Status::Error("42809", "\"" + name + "\" is not a table").with_hint("Use DROP VIEW to remove a view.");
    if (!t) {
      std::string full = schema.empty() ? name : schema + "." + name;
      if (ds->missing_ok) {
        notices->push_back(Notice{"NOTICE", "00000", "table \"" + full + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error("42P01", "table \"" + full + "\" does not exist");
    }
    victims.push_back(t->oid);
  }
  if (victims.empty()) return Status::OK();
  std::set<Oid> doomed(victims.begin(), victims.end());
  auto fks = ForeignKeysInto(txn.catalog(), doomed);
  std::vector<std::string> dependents;
  for (const auto& [child, name] : fks) {
    const TableDef* c = txn.catalog().TableByOid(child);
    const ForeignKeyDef* fk = nullptr;
    for (const ForeignKeyDef& f : c->foreign_keys)
      if (f.name == name) fk = &f;
    dependents.push_back("constraint " + name + " on table " + c->name + " depends on table " +
                         txn.catalog().TableByOid(fk->ref_table)->name);
  }
  ViewDependents views = FindViewDependents(txn.catalog(), victims);
  dependents.insert(dependents.end(), views.lines.begin(), views.lines.end());
  if (!dependents.empty() && ds->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
    return DependencyError("table " + txn.catalog().TableByOid(victims.front())->name, dependents);
  std::vector<std::string> cascaded;
  for (const auto& [child, name] : fks) {
    cascaded.push_back("constraint " + name + " on table " + txn.catalog().TableByOid(child)->name);
    DropForeignKey(ctx, child, name);
  }
  for (Oid v : views.views) {
    cascaded.push_back("view " + txn.catalog().ViewByOid(v)->name);
    DropViewNow(ctx, v);
  }
  CascadeNotice(cascaded, notices);
  for (Oid oid : victims) DropTableNow(ctx, oid);
  return Status::OK();
}

}  // namespace

Status DropObjects(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::string* tag, std::vector<Notice>* notices) {
  switch (ds->remove_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      *tag = "DROP TABLE";
      return DropTables(ctx, ds, notices);
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      *tag = "DROP INDEX";
      return DropIndexes(ctx, ds, notices);
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      *tag = "DROP SEQUENCE";
      return DropSequences(ctx, ds, notices);
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
      *tag = "DROP SCHEMA";
      return DropSchemas(ctx, ds, notices);
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      *tag = "DROP VIEW";
      return DropViews(ctx, ds, notices);
    default:
      *tag = "DROP";
      return Status::Error("0A000", "this kind of DROP is not supported yet");
  }
}

Status Truncate(UtilityContext& ctx, const PgQuery__TruncateStmt* ts, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  std::set<Oid> victims;
  std::vector<const TableDef*> order;
  for (size_t i = 0; i < ts->n_relations; i++) {
    PLINTH_ASSIGN_OR_RETURN(const TableDef* t, ResolveTable(ctx, ts->relations[i]->range_var, true));
    if (victims.insert(t->oid).second) order.push_back(t);
  }
  bool cascade = ts->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
  // Tables whose foreign keys reference a truncated table must go too (CASCADE) or
  // make the statement fail.
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [child, name] : ForeignKeysInto(txn.catalog(), victims)) {
      const TableDef* c = txn.catalog().TableByOid(child);
      const TableDef* parent = nullptr;
      for (const ForeignKeyDef& fk : c->foreign_keys)
        if (fk.name == name) parent = txn.catalog().TableByOid(fk.ref_table);
      if (!cascade)
        return Status::Error("0A000", "cannot truncate a table referenced in a foreign key constraint")
            .with_detail("Table \"" + c->name + "\" references \"" + parent->name + "\".")
            .with_hint("Truncate table \"" + c->name + "\" at the same time, or use TRUNCATE ... CASCADE.");
      if (victims.insert(child).second) {
        notices->push_back(Notice{"NOTICE", "00000", "truncate cascades to table \"" + c->name + "\""});
        order.push_back(c);
        grew = true;
      }
    }
  }
  // Each table moves to a new, empty storage range, as PostgreSQL gives it a new
  // relfilenode: the commit drops the old range whole (in the background), a rollback
  // keeps it. Until then the new range is this transaction's own, so a COPY into it may
  // write it directly (copy.cc).
  std::vector<Oid> oids;
  for (const TableDef* t : order) oids.push_back(t->oid);
  for (Oid oid : oids) {
    TableDef moved = *txn.catalog().TableByOid(oid);
    moved.storage = ctx.db.NewStorageId();
    txn.AddDirectRange(moved.storage);
    WriteTable(txn, moved);
    txn.MutableCatalog().PutTable(std::move(moved));
  }
  return Status::OK();
}

}  // namespace plinth
