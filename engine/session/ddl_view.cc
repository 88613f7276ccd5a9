// CREATE [OR REPLACE] VIEW, DROP VIEW. A view is validated by binding its query when it
// is created (so `CREATE VIEW v AS SELECT nope ...` fails as in PostgreSQL, with the
// statement's own error positions), then stored as deparsed SQL with its column names
// and types and the relations it reads.
#include "engine/session/ddl_view.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <functional>
#include <set>

#include "engine/parser/parser.h"
#include "engine/session/ddl_internal.h"

namespace plinth {

using namespace ddl;


namespace {

std::string RelationKind(const Catalog& cat, Oid oid) {
  if (const ViewDef* v = cat.ViewByOid(oid)) return "view " + v->name;
  if (const TableDef* t = cat.TableByOid(oid)) return "table " + t->name;
  return "relation " + std::to_string(oid);
}

// PostgreSQL's checkViewColumns: a replacement may add columns at the end, but not
// drop, rename or retype the existing ones.
Status CheckReplacementColumns(const ViewDef& old, const std::vector<ViewColumn>& cols) {
  if (cols.size() < old.columns.size()) return Status::Error("42P16", "cannot drop columns from view");
  for (size_t i = 0; i < old.columns.size(); i++) {
    const ViewColumn& a = old.columns[i];
    const ViewColumn& b = cols[i];
    if (a.name != b.name)
      return Status::Error("42P16", "cannot change name of view column \"" + a.name + "\" to \"" + b.name + "\"")
          .with_hint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
    if (a.type != b.type || a.typmod != b.typmod)
      return Status::Error("42P16", "cannot change data type of view column \"" + a.name + "\" from " +
                                        FormatType(a.type, a.typmod) + " to " + FormatType(b.type, b.typmod));
  }
  return Status::OK();
}

}  // namespace

namespace ddl {

ViewDependents FindViewDependents(const Catalog& cat, const std::vector<Oid>& victims) {
  ViewDependents out;
  std::set<Oid> seen(victims.begin(), victims.end());
  std::function<void(Oid)> visit = [&](Oid of) {
    for (const auto& [oid, v] : cat.views()) {  // std::map: ascending OID
      if (std::find(v->depends_on.begin(), v->depends_on.end(), of) == v->depends_on.end()) continue;
      if (!seen.insert(oid).second) continue;
      out.lines.push_back("view " + v->name + " depends on " + RelationKind(cat, of));
      out.views.push_back(oid);
      visit(oid);
    }
  };
  for (Oid v : victims) visit(v);
  return out;
}

void DropViewNow(UtilityContext& ctx, Oid oid) {
  ctx.txn->MutableCatalog().DropView(oid);
  ctx.txn->Delete(keys::CatalogObject(Database::kDatabaseId, oid));
}

}  // namespace ddl

Status CreateView(UtilityContext& ctx, const PgQuery__ViewStmt* vs, std::vector<Notice>* notices) {
  (void)notices;
  Transaction& txn = *ctx.txn;
  const PgQuery__RangeVar* rv = vs->view;
  PLINTH_ASSIGN_OR_RETURN(std::string schema, CreationSchema(ctx, rv->schemaname, rv->location));
  if (rv->relpersistence && rv->relpersistence[0] == 't')
    return Status::Error("0A000", "temporary views are not supported yet");
  if (vs->n_options) return Status::Error("0A000", "view options are not supported yet");
  const ViewDef* existing = txn.catalog().FindView(schema, rv->relname);
  if (txn.catalog().RelationExists(schema, rv->relname)) {
    if (!vs->replace || !existing)
      return Status::Error(vs->replace ? "42809" : "42P07",
                           vs->replace ? "\"" + std::string(rv->relname) + "\" is not a view"
                                       : "relation \"" + std::string(rv->relname) + "\" already exists");
  }

  // Bind the query now: errors point into this statement, and the result columns are
  // the view's.
  BindContext bctx{&txn.catalog(), ctx.session.settings().search_path(), &ctx.session.io(), ctx.db.system_catalog()};
  Binder binder(bctx, {});
  std::set<Oid> depends_on;
  binder.relation_log = &depends_on;
  if (vs->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
    return Status::Error("42601", "a view must be defined by a SELECT");
  if (vs->query->select_stmt->into_clause)
    return Status::Error("0A000", "views must not contain SELECT INTO");
  PLINTH_ASSIGN_OR_RETURN(Plan plan, binder.BindQuery(vs->query));
  if (!binder.FinalParamTypes().ok() || !binder.FinalParamTypes().value().empty())
    return Status::Error("42P02", "there is no parameter $1");
  if (plan.row_lock) return Status::Error("0A000", "FOR UPDATE/SHARE in views is not supported");

  ViewDef v;
  v.schema = schema;
  v.name = rv->relname;
  if (vs->n_aliases > plan.columns.size())
    return Status::Error("42601", "CREATE VIEW specifies more column names than columns");
  for (size_t i = 0; i < plan.columns.size(); i++) {
    const OutputColumn& c = plan.columns[i];
    ViewColumn col{i < vs->n_aliases ? vs->aliases[i]->string->sval : c.name, c.type, c.typmod};
    // An untyped literal column is text, as PostgreSQL 10+ makes it.
    if (col.type == oids::kUnknown) col.type = oids::kText;
    if (v.FindColumn(col.name) >= 0)
      return Status::Error("42701", "column \"" + col.name + "\" specified more than once");
    v.columns.push_back(std::move(col));
  }
  PLINTH_ASSIGN_OR_RETURN(v.query_sql, DeparseStatement(vs->query));
  switch (vs->with_check_option) {
    case PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION: v.check_option = ViewCheckOption::Local; break;
    case PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION: v.check_option = ViewCheckOption::Cascaded; break;
    default: break;
  }
  if (existing) {
    PLINTH_RETURN_IF_ERROR(CheckReplacementColumns(*existing, v.columns));
    v.oid = existing->oid;
    v.comment = existing->comment;
    // A view that reads itself, or reads a view that reads it, would expand forever.
    std::vector<Oid> readers = FindViewDependents(txn.catalog(), {v.oid}).views;
    readers.push_back(v.oid);
    for (Oid r : readers)
      if (depends_on.count(r))
        return Status::Error("42P17", "infinite recursion detected in rules for relation \"" + v.name + "\"");
  } else {
    v.oid = txn.MutableCatalog().AllocateOid();
  }
  v.depends_on.assign(depends_on.begin(), depends_on.end());
  txn.Put(keys::CatalogObject(Database::kDatabaseId, v.oid), v.Serialize());
  txn.MutableCatalog().PutView(std::move(v));
  return Status::OK();
}

Status DropViews(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  const Catalog& cat = txn.catalog();
  // Resolve every name before dropping any, so a missing one drops nothing.
  std::vector<Oid> victims;
  for (size_t i = 0; i < ds->n_objects; i++) {
    const PgQuery__List* names = ds->objects[i]->list;
    std::vector<std::string> parts = NameList(names->items, names->n_items);
    std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
    std::string name = parts.back();
    const ViewDef* v = cat.LookupView(schema, name, ctx.session.settings().search_path());
    if (!v) {
      if (cat.LookupTable(schema, name, ctx.session.settings().search_path()))
        return Status::Error("42809", "\"" + name + "\" is not a view").with_hint("Use DROP TABLE to remove a table.");
      std::string full = schema.empty() ? name : schema + "." + name;
      if (ds->missing_ok) {
        notices->push_back(Notice{"NOTICE", "00000", "view \"" + full + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error("42P01", "view \"" + full + "\" does not exist");
    }
    if (std::find(victims.begin(), victims.end(), v->oid) == victims.end()) victims.push_back(v->oid);
  }
  if (victims.empty()) return Status::OK();
  ViewDependents deps = FindViewDependents(cat, victims);
  if (!deps.views.empty()) {
    if (ds->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
      return DependencyError("view " + cat.ViewByOid(victims.front())->name, deps.lines);
    std::vector<std::string> cascaded;
    for (Oid d : deps.views) cascaded.push_back("view " + cat.ViewByOid(d)->name);
    CascadeNotice(cascaded, notices);
  }
  for (Oid d : deps.views) DropViewNow(ctx, d);
  for (Oid v : victims) DropViewNow(ctx, v);
  return Status::OK();
}

}  // namespace plinth
