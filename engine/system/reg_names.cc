#include "engine/system/reg_names.h"

#include <algorithm>

#include "engine/session/settings.h"
#include "engine/system/host_catalog.h"
#include "engine/system/system_catalog.h"
#include "engine/types/identifier.h"

namespace plinth {

namespace {

std::vector<std::string> SearchPath(const SessionSettings* settings) {
  return settings ? settings->search_path() : std::vector<std::string>{"public"};
}

// The schema and name of a user relation (table, sequence or index) with this OID.
std::optional<std::pair<std::string, std::string>> UserRelation(const Catalog& cat, Oid oid) {
  if (const TableDef* t = cat.TableByOid(oid)) return std::make_pair(t->schema, t->name);
  if (const SequenceDef* s = cat.SequenceByOid(oid)) return std::make_pair(s->schema, s->name);
  if (const ViewDef* v = cat.ViewByOid(oid)) return std::make_pair(v->schema, v->name);
  for (const auto& [table_oid, t] : cat.tables()) {
    // The primary key's index is numbered as host_catalog.cc numbers it.
    if (!t->primary_key.empty() && StableOid("pkey:" + std::to_string(table_oid)) == oid)
      return std::make_pair(t->schema, t->pk_constraint_name.empty() ? t->name + "_pkey" : t->pk_constraint_name);
    for (const IndexDef& ix : t->indexes)
      if (ix.oid == oid) return std::make_pair(t->schema, ix.name);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> CatalogRegNames::Name(Oid reg_type, Oid oid) const {
  switch (reg_type) {
    case oids::kRegclass: return RelationName(oid);
    case oids::kRegtype: {
      if (LookupType(oid)) return FormatType(oid, -1);
      bool is_array = false;  // a table's row type prints as the table's name
      if (Oid rel = RowTypeRelation(oid, &is_array)) {
        const Catalog& cat = source_.catalog();
        if (cat.TableByOid(rel) || cat.views().count(rel))
          if (auto name = RelationName(rel)) return is_array ? *name + "[]" : *name;
      }
      return std::nullopt;
    }
    case oids::kRegnamespace: {
      auto name = SchemaName(oid);
      if (name) return QuoteIdentifier(*name);
      return std::nullopt;
    }
    case oids::kRegrole:
      if (oid == kBootstrapSuperuserOid) return std::string("postgres");
      if (!source_.user.empty() && StableOid("role:" + source_.user) == oid) return QuoteIdentifier(source_.user);
      return std::nullopt;
    default: return std::nullopt;
  }
}

std::optional<std::string> CatalogRegNames::RelationName(Oid oid) const {
  const Catalog& cat = source_.catalog();
  std::vector<std::string> path = SearchPath(source_.settings);
  if (auto rel = UserRelation(cat, oid)) {
    const auto& [schema, name] = *rel;
    // Unqualified when the search_path finds this very relation under its bare name.
    bool visible = false;
    if (const TableDef* t = cat.LookupTable("", name, path)) visible = t->oid == oid;
    else if (const SequenceDef* s = cat.LookupSequence("", name, path)) visible = s->oid == oid;
    else if (const ViewDef* v = cat.LookupView("", name, path)) visible = v->oid == oid;
    else visible = std::find(path.begin(), path.end(), schema) != path.end();
    return visible ? QuoteIdentifier(name) : QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
  }
  if (source_.system)
    if (const SystemRelation* r = source_.system->FindRelationByOid(oid)) {
      // pg_catalog is always searched; information_schema only when on the path.
      const std::string& schema = r->table->schema;
      bool visible = schema == kPgCatalog || std::find(path.begin(), path.end(), schema) != path.end();
      return visible ? r->table->name : schema + "." + r->table->name;
    }
  return std::nullopt;
}

std::optional<std::string> CatalogRegNames::SchemaName(Oid oid) const {
  for (const char* fixed : {kPgCatalog, kInformationSchema, "public"})
    if (SchemaOid(fixed) == oid) return std::string(fixed);
  for (const std::string& s : source_.catalog().schemas())
    if (SchemaOid(s) == oid) return s;
  return std::nullopt;
}

Result<Oid> CatalogRegNames::Find(Oid reg_type, std::string_view name) const {
  switch (reg_type) {
    case oids::kRegclass: return FindRelation(name);
    case oids::kRegtype: return FindType(name);
    case oids::kRegnamespace: {
      PLINTH_ASSIGN_OR_RETURN(auto parts, SplitQualifiedName(name));
      if (parts.size() != 1) return Status::Error("42601", "invalid name syntax");
      if (parts[0] == kPgCatalog || parts[0] == kInformationSchema) return SchemaOid(parts[0]);
      const auto& schemas = source_.catalog().schemas();
      if (std::find(schemas.begin(), schemas.end(), parts[0]) != schemas.end()) return SchemaOid(parts[0]);
      return Status::Error("3F000", "schema \"" + parts[0] + "\" does not exist");
    }
    case oids::kRegrole: {
      PLINTH_ASSIGN_OR_RETURN(auto parts, SplitQualifiedName(name));
      if (parts.size() != 1) return Status::Error("42601", "invalid name syntax");
      if (parts[0] == "postgres") return kBootstrapSuperuserOid;
      if (parts[0] == source_.user) return StableOid("role:" + source_.user);
      return Status::Error("42704", "role \"" + parts[0] + "\" does not exist");
    }
    default: return Status::Error("0A000", "input of type " + FormatType(reg_type, -1) + " by name is not supported");
  }
}

Result<Oid> CatalogRegNames::FindRelation(std::string_view text) const {
  PLINTH_ASSIGN_OR_RETURN(auto parts, SplitQualifiedName(text));
  if (parts.empty() || parts.size() > 2) return Status::Error("42601", "invalid name syntax");
  std::string schema = parts.size() == 2 ? parts[0] : "";
  const std::string& name = parts.back();
  const Catalog& cat = source_.catalog();
  std::vector<std::string> path = SearchPath(source_.settings);
  // PostgreSQL searches pg_catalog first; as in the binder, user objects win here.
  if (const SequenceDef* s = cat.LookupSequence(schema, name, path)) return s->oid;
  if (const TableDef* t = cat.LookupTable(schema, name, path)) return t->oid;
  if (const ViewDef* v = cat.LookupView(schema, name, path)) return v->oid;
  if (source_.system && (schema.empty() || schema == kPgCatalog || schema == kInformationSchema))
    if (const SystemRelation* r = source_.system->FindRelation(schema, name)) return r->table->oid;
  return Status::Error("42P01", "relation \"" + std::string(text) + "\" does not exist");
}

Result<Oid> CatalogRegNames::FindType(std::string_view text) const {
  std::string name(text);
  bool is_array = name.size() > 2 && name.compare(name.size() - 2, 2, "[]") == 0;
  if (is_array) name.resize(name.size() - 2);
  if (name.rfind("pg_catalog.", 0) == 0) name = name.substr(11);
  // Type names are case-insensitive unless quoted; regtypein folds like the parser.
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  else std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  auto resolved = ResolveTypeName({name}, {}, is_array);
  if (resolved.ok()) return resolved->first;
  // A table's or view's name is also the name of its row type.
  std::string relation(text.substr(0, is_array ? text.size() - 2 : text.size()));
  auto rel = FindRelation(relation);
  if (rel.ok() && (source_.catalog().TableByOid(rel.value()) || source_.catalog().views().count(rel.value())))
    return is_array ? RowTypeArrayOid(rel.value()) : RowTypeOid(rel.value());
  return Status::Error("42704", "type \"" + std::string(text) + "\" does not exist");
}

}  // namespace plinth
