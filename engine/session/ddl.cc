#include "engine/session/ddl.h"

#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/binder.h"
#include "engine/session/session.h"
#include "engine/storage/keys.h"

namespace plinth {

namespace {

Status ErrorAt(const char* sqlstate, std::string message, int location) {
  Status s = Status::Error(sqlstate, std::move(message));
  if (location >= 0) s.with_position(location + 1);
  return s;
}

void WriteTable(Transaction& txn, const TableDef& t) {
  txn.Put(keys::CatalogObject(Database::kDatabaseId, t.oid), t.Serialize());
}

Status AddPrimaryKey(TableDef& t, const std::vector<std::string>& cols, const std::string& conname, int location) {
  if (!t.primary_key.empty())
    return ErrorAt("42P16", "multiple primary keys for table \"" + t.name + "\" are not allowed", location);
  for (const std::string& c : cols) {
    int i = t.FindColumn(c);
    if (i < 0) return ErrorAt("42703", "column \"" + c + "\" named in key does not exist", location);
    t.primary_key.push_back(i);
    t.columns[i].not_null = true;
  }
  t.pk_constraint_name = conname.empty() ? t.name + "_pkey" : conname;
  return Status::OK();
}

std::vector<std::string> KeyNames(PgQuery__Node** keys, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; i++) out.push_back(keys[i]->string->sval);
  return out;
}

}  // namespace

Status CreateTable(UtilityContext& ctx, const PgQuery__CreateStmt* cs, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  const PgQuery__RangeVar* rv = cs->relation;
  std::string schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : "";
  if (schema.empty()) {
    const auto& path = ctx.session.settings().search_path();
    schema = path.empty() ? "public" : path.front();
  }
  if (!txn.catalog().HasSchema(schema))
    return ErrorAt("3F000", "schema \"" + schema + "\" does not exist", rv->location);
  if (txn.catalog().FindTable(schema, rv->relname)) {
    if (cs->if_not_exists) {
      notices->push_back(Notice{"NOTICE", "42P07", std::string("relation \"") + rv->relname + "\" already exists, skipping"});
      return Status::OK();
    }
    return ErrorAt("42P07", std::string("relation \"") + rv->relname + "\" already exists", rv->location);
  }
  if (cs->n_inh_relations) return Status::Error("0A000", "table inheritance is not supported");

  TableDef t;
  t.schema = schema;
  t.name = rv->relname;
  BindContext bctx{&txn.catalog(), ctx.session.settings().search_path(), &ctx.session.io()};
  Binder binder(bctx, {});

  struct PendingCheck {
    std::string name;
    const PgQuery__Node* expr;
    std::string column;
  };
  std::vector<PendingCheck> checks;

  for (size_t i = 0; i < cs->n_table_elts; i++) {
    const PgQuery__Node* elt = cs->table_elts[i];
    if (elt->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) continue;
    const PgQuery__ColumnDef* cd = elt->column_def;
    if (t.FindColumn(cd->colname) >= 0)
      return ErrorAt("42701", std::string("column \"") + cd->colname + "\" specified more than once", cd->location);
    ColumnDef col;
    col.name = cd->colname;
    PLINTH_ASSIGN_OR_RETURN(auto type, binder.BindTypeName(cd->type_name));
    col.type = type.first;
    col.typmod = type.second;
    col.not_null = cd->is_not_null;
    t.columns.push_back(col);
  }
  if (t.columns.size() > 1600) return Status::Error("54011", "tables can have at most 1600 columns");

  // Column constraints, then table constraints.
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
          case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
            PLINTH_RETURN_IF_ERROR(AddPrimaryKey(t, {cd->colname}, c->conname, c->location));
            break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
            checks.push_back({c->conname, c->raw_expr, cd->colname});
            break;
          default:
            return ErrorAt("0A000", "this column constraint is not supported yet", c->location);
        }
      }
    } else if (elt->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      const PgQuery__Constraint* c = elt->constraint;
      switch (c->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
          PLINTH_RETURN_IF_ERROR(AddPrimaryKey(t, KeyNames(c->keys, c->n_keys), c->conname, c->location));
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
          checks.push_back({c->conname, c->raw_expr, ""});
          break;
        default:
          return ErrorAt("0A000", "this table constraint is not supported yet", c->location);
      }
    } else {
      return Status::Error("0A000", "LIKE clauses in CREATE TABLE are not supported yet");
    }
  }

  for (const PendingCheck& ck : checks) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr e, binder.BindStandalone(ck.expr, &t));
    if (e->type != oids::kBool)
      return Status::Error("42804", "argument of CHECK must be type boolean, not type " + FormatType(e->type, e->typmod));
    CheckDef def;
    def.name = !ck.name.empty() ? ck.name : !ck.column.empty() ? t.name + "_" + ck.column + "_check" : t.name + "_check";
    PLINTH_ASSIGN_OR_RETURN(def.expr_sql, DeparseExpr(ck.expr));
    t.checks.push_back(std::move(def));
  }

  Catalog& cat = txn.MutableCatalog();
  t.oid = cat.AllocateOid();
  WriteTable(txn, t);
  cat.PutTable(std::move(t));
  return Status::OK();
}

Status DropObjects(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::string* tag, std::vector<Notice>* notices) {
  if (ds->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
    *tag = "DROP";
    return Status::Error("0A000", "only DROP TABLE is supported yet");
  }
  *tag = "DROP TABLE";
  Transaction& txn = *ctx.txn;
  // Resolve every name before dropping any, so a missing one drops nothing.
  std::vector<Oid> victims;
  for (size_t i = 0; i < ds->n_objects; i++) {
    const PgQuery__List* names = ds->objects[i]->list;
    std::vector<std::string> parts = NameList(names->items, names->n_items);
    std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
    std::string name = parts.back();
    const TableDef* t = txn.catalog().LookupTable(schema, name, ctx.session.settings().search_path());
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
  Catalog& cat = txn.MutableCatalog();
  for (Oid oid : victims) {
    cat.DropTable(oid);
    txn.Delete(keys::CatalogObject(Database::kDatabaseId, oid));
  }
  return Status::OK();
}

}  // namespace plinth
