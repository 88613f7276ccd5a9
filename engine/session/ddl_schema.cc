// CREATE / DROP SCHEMA and COMMENT ON.
#include <pg_query/pg_query.pb-c.h>

#include "engine/session/ddl.h"
#include "engine/session/ddl_internal.h"

namespace plinth {

using namespace ddl;

Status CreateSchema(UtilityContext& ctx, const PgQuery__CreateSchemaStmt* cs, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  if (!cs->schemaname || !cs->schemaname[0]) return Status::Error("0A000", "CREATE SCHEMA needs a schema name here");
  std::string name = cs->schemaname;
  if (name.rfind("pg_", 0) == 0)
    return Status::Error("42939", "unacceptable schema name \"" + name + "\"")
        .with_detail("The prefix \"pg_\" is reserved for system schemas.");
  if (txn.catalog().HasSchema(name) || name == "pg_catalog" || name == "information_schema") {
    if (cs->if_not_exists) {
      notices->push_back(Notice{"NOTICE", "42P06", "schema \"" + name + "\" already exists, skipping"});
      return Status::OK();
    }
    return Status::Error("42P06", "schema \"" + name + "\" already exists");
  }
  if (cs->n_schema_elts) return Status::Error("0A000", "CREATE SCHEMA with elements is not supported yet");
  txn.MutableCatalog().PutSchema(name);
  return Status::OK();
}

Status DropSchemas(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  std::vector<std::string> victims;
  for (size_t i = 0; i < ds->n_objects; i++) {
    const PgQuery__Node* obj = ds->objects[i];
    std::string name = obj->node_case == PG_QUERY__NODE__NODE_STRING ? obj->string->sval
                                                                     : NameList(obj->list->items, obj->list->n_items).back();
    if (!txn.catalog().HasSchema(name)) {
      if (ds->missing_ok) {
        notices->push_back(Notice{"NOTICE", "00000", "schema \"" + name + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error("3F000", "schema \"" + name + "\" does not exist");
    }
    victims.push_back(name);
  }
  bool cascade = ds->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
  auto qualified = [](const std::string& schema, const std::string& name) {
    return QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
  };
  for (const std::string& schema : victims) {
    // Objects in creation (OID) order, as PostgreSQL lists dependents.
    std::vector<std::pair<Oid, std::string>> contents;
    std::vector<Oid> tables, sequences;
    for (const auto& [oid, t] : txn.catalog().tables())
      if (t->schema == schema) {
        contents.emplace_back(oid, "table " + qualified(schema, t->name));
        tables.push_back(oid);
      }
    for (const auto& [oid, s] : txn.catalog().sequences())
      if (s->schema == schema && !s->owned_by_table) {
        contents.emplace_back(oid, "sequence " + qualified(schema, s->name));
        sequences.push_back(oid);
      }
    std::sort(contents.begin(), contents.end());
    if (!contents.empty() && !cascade) {
      std::vector<std::string> dependents;
      for (const auto& [oid, what] : contents) dependents.push_back(what + " depends on schema " + QuoteIdentifier(schema));
      return DependencyError("schema " + QuoteIdentifier(schema), dependents);
    }
    std::vector<std::string> dropped;
    for (const auto& [oid, what] : contents) dropped.push_back(what);
    std::set<Oid> doomed(tables.begin(), tables.end());
    for (const auto& [child, name] : ForeignKeysInto(txn.catalog(), doomed)) {
      dropped.push_back("constraint " + name + " on table " + txn.catalog().TableByOid(child)->name);
      DropForeignKey(ctx, child, name);
    }
    CascadeNotice(dropped, notices);
    for (Oid oid : tables) DropTableNow(ctx, oid);
    Catalog& cat = txn.MutableCatalog();
    for (Oid oid : sequences) {
      cat.DropSequence(oid);
      txn.Delete(keys::CatalogObject(Database::kDatabaseId, oid));
      txn.Delete(SequenceCounters::Key(oid));
    }
    cat.DropSchema(schema);
  }
  return Status::OK();
}

Status Comment(UtilityContext& ctx, const PgQuery__CommentStmt* cs) {
  Transaction& txn = *ctx.txn;
  std::string text = cs->comment ? cs->comment : "";
  const auto& path = ctx.session.settings().search_path();
  if (cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
    std::vector<std::string> parts = NameList(cs->object->list->items, cs->object->list->n_items);
    std::string column;
    if (cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
      column = parts.back();
      parts.pop_back();
    }
    std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
    const TableDef* t = txn.catalog().LookupTable(schema, parts.back(), path);
    if (!t) return Status::Error("42P01", "relation \"" + parts.back() + "\" does not exist");
    TableDef copy = *t;
    if (column.empty()) {
      copy.comment = text;
    } else {
      int c = copy.FindColumn(column);
      if (c < 0)
        return Status::Error("42703", "column \"" + column + "\" of relation \"" + copy.name + "\" does not exist");
      copy.columns[c].comment = text;
    }
    WriteTable(txn, copy);
    txn.MutableCatalog().PutTable(std::move(copy));
    return Status::OK();
  }
  if (cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW) {
    std::vector<std::string> parts = NameList(cs->object->list->items, cs->object->list->n_items);
    std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
    const ViewDef* v = txn.catalog().LookupView(schema, parts.back(), path);
    if (!v) return Status::Error("42P01", "relation \"" + parts.back() + "\" does not exist");
    ViewDef copy = *v;
    copy.comment = text;
    txn.Put(keys::CatalogObject(Database::kDatabaseId, copy.oid), copy.Serialize());
    txn.MutableCatalog().PutView(std::move(copy));
    return Status::OK();
  }
  return Status::Error("0A000", "COMMENT ON this kind of object is not supported yet");
}

}  // namespace plinth
