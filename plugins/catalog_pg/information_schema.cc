// information_schema: the SQL-standard views over the same host catalog. Columns
// follow PostgreSQL 15's; its domains (sql_identifier, character_data,
// cardinal_number, yes_or_no) are given as their base types.
#include <map>

#include "relations.h"
#include "type_names.h"

namespace catalog_pg {

namespace {

using namespace type;

struct Lookup {
  std::map<uint32_t, Relation> relations;
  std::map<std::pair<uint32_t, int>, std::string> column_names;
  explicit Lookup(const HostView& h) {
    for (const Relation& r : h.Relations()) relations[r.oid] = r;
    for (const Column& c : h.Columns()) column_names[{c.table_oid, c.attnum}] = c.name;
  }
};

std::string YesNo(bool b) { return b ? "YES" : "NO"; }

void Schemata(const HostView& h, Rows* rows) {
  std::string db = h.Database();
  for (const Schema& s : h.Schemas()) rows->push_back({db, s.name, s.owner, kNull, kNull, kNull, kNull});
}

void Tables(const HostView& h, Rows* rows) {
  std::string db = h.Database();
  for (const Relation& r : h.Relations())
    if (r.kind == 'r')
      rows->push_back({db, r.schema, r.name, r.persistence == 't' ? "LOCAL TEMPORARY" : "BASE TABLE", kNull, kNull,
                       kNull, kNull, kNull, "YES", "NO", kNull});
}

void Columns(const HostView& h, Rows* rows) {
  std::string db = h.Database();
  Lookup l(h);
  for (const Column& c : h.Columns()) {
    const Relation& r = l.relations[c.table_oid];
    TypeFacts f = FactsOf(c.type_oid, c.typmod);
    rows->push_back({db, r.schema, r.name, c.name, Num(c.attnum), c.default_sql, YesNo(!c.not_null), f.data_type,
                     f.char_max_length, f.char_max_length ? std::optional<std::string>(Num(4 * std::stoi(*f.char_max_length))) : kNull,
                     f.numeric_precision, f.numeric_radix, f.numeric_scale, f.datetime_precision, "pg_catalog",
                     f.udt_name, c.identity.empty() ? "NO" : "YES", "NO", "YES"});
  }
}

// is_updatable and is_insertable_into stay null: the host does not report whether a
// view is automatically updatable. Plinth has no triggers, so the trigger columns are NO.
void Views(const HostView& h, Rows* rows) {
  std::string db = h.Database();
  std::map<uint32_t, Relation> by_oid;
  for (Relation& r : h.Relations()) by_oid.emplace(r.oid, r);
  for (const ViewDefinition& v : h.ViewDefinitions()) {
    auto rel = by_oid.find(v.oid);
    if (rel == by_oid.end()) continue;
    std::string check = v.check_option == "local" ? "LOCAL" : v.check_option == "cascaded" ? "CASCADED" : "NONE";
    rows->push_back({db, rel->second.schema, rel->second.name, v.definition, check, kNull, kNull, "NO", "NO", "NO"});
  }
}

std::string ConstraintTypeName(char t) {
  switch (t) {
    case 'p': return "PRIMARY KEY";
    case 'u': return "UNIQUE";
    case 'f': return "FOREIGN KEY";
    default: return "CHECK";
  }
}

void TableConstraints(const HostView& h, Rows* rows) {
  std::string db = h.Database();
  Lookup l(h);
  for (const Constraint& c : h.Constraints()) {
    const Relation& r = l.relations[c.table_oid];
    rows->push_back({db, r.schema, c.name, db, r.schema, r.name, ConstraintTypeName(c.type), "NO", "NO", "YES",
                     c.type == 'u' || c.type == 'p' ? std::optional<std::string>("YES") : kNull});
  }
}

void KeyColumnUsage(const HostView& h, Rows* rows) {
  std::string db = h.Database();
  Lookup l(h);
  for (const Constraint& c : h.Constraints()) {
    if (c.type == 'c') continue;
    const Relation& r = l.relations[c.table_oid];
    for (size_t i = 0; i < c.attnums.size(); i++)
      rows->push_back({db, r.schema, c.name, db, r.schema, r.name, l.column_names[{c.table_oid, c.attnums[i]}],
                       Num(static_cast<int>(i) + 1),
                       c.type == 'f' ? std::optional<std::string>(Num(static_cast<int>(i) + 1)) : kNull});
  }
}

std::string RuleName(char action) {
  switch (action) {
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    case 'r': return "RESTRICT";
    default: return "NO ACTION";
  }
}

void ReferentialConstraints(const HostView& h, Rows* rows) {
  std::string db = h.Database();
  Lookup l(h);
  std::vector<Constraint> all = h.Constraints();
  for (const Constraint& c : all) {
    if (c.type != 'f') continue;
    std::optional<std::string> unique_name, unique_schema;
    for (const Constraint& u : all)
      if ((u.type == 'p' || u.type == 'u') && u.index_oid == c.index_oid && u.table_oid == c.ref_table_oid) {
        unique_name = u.name;
        unique_schema = l.relations[u.table_oid].schema;
      }
    rows->push_back({db, l.relations[c.table_oid].schema, c.name, db, unique_schema, unique_name, "NONE",
                     RuleName(c.on_update), RuleName(c.on_delete)});
  }
}

void ConstraintColumnUsage(const HostView& h, Rows* rows) {
  std::string db = h.Database();
  Lookup l(h);
  for (const Constraint& c : h.Constraints()) {
    uint32_t table = c.type == 'f' ? c.ref_table_oid : c.table_oid;
    const std::vector<int>& cols = c.type == 'f' ? c.ref_attnums : c.attnums;
    const Relation& r = l.relations[table];
    for (int a : cols)
      rows->push_back({db, r.schema, r.name, l.column_names[{table, a}], db, l.relations[c.table_oid].schema, c.name});
  }
}

void SequencesView(const HostView& h, Rows* rows) {
  std::string db = h.Database();
  Lookup l(h);
  for (const Sequence& s : h.Sequences()) {
    const Relation& r = l.relations[s.oid];
    TypeFacts f = FactsOf(s.type_oid, -1);
    rows->push_back({db, r.schema, r.name, f.data_type, f.numeric_precision, "2", "0", Num(s.start), Num(s.min),
                     Num(s.max), Num(s.increment), YesNo(s.cycle)});
  }
}

void Routines(const HostView&, Rows*) {}

}  // namespace

void AddInformationSchema(std::vector<RelationSpec>* out) {
  const char* is = "information_schema";
  out->push_back({13200, is, "schemata",
                  {{"catalog_name", kName}, {"schema_name", kName}, {"schema_owner", kName},
                   {"default_character_set_catalog", kName}, {"default_character_set_schema", kName},
                   {"default_character_set_name", kName}, {"sql_path", kVarchar}},
                  Schemata});
  out->push_back({13201, is, "tables",
                  {{"table_catalog", kName}, {"table_schema", kName}, {"table_name", kName}, {"table_type", kVarchar},
                   {"self_referencing_column_name", kName}, {"reference_generation", kVarchar},
                   {"user_defined_type_catalog", kName}, {"user_defined_type_schema", kName},
                   {"user_defined_type_name", kName}, {"is_insertable_into", kVarchar}, {"is_typed", kVarchar},
                   {"commit_action", kVarchar}},
                  Tables});
  out->push_back({13202, is, "columns",
                  {{"table_catalog", kName}, {"table_schema", kName}, {"table_name", kName}, {"column_name", kName},
                   {"ordinal_position", kInt4}, {"column_default", kVarchar}, {"is_nullable", kVarchar},
                   {"data_type", kVarchar}, {"character_maximum_length", kInt4}, {"character_octet_length", kInt4},
                   {"numeric_precision", kInt4}, {"numeric_precision_radix", kInt4}, {"numeric_scale", kInt4},
                   {"datetime_precision", kInt4}, {"udt_schema", kName}, {"udt_name", kName},
                   {"is_identity", kVarchar}, {"is_generated", kVarchar}, {"is_updatable", kVarchar}},
                  Columns});
  out->push_back({13203, is, "views",
                  {{"table_catalog", kName}, {"table_schema", kName}, {"table_name", kName},
                   {"view_definition", kVarchar}, {"check_option", kVarchar}, {"is_updatable", kVarchar},
                   {"is_insertable_into", kVarchar}, {"is_trigger_updatable", kVarchar},
                   {"is_trigger_deletable", kVarchar}, {"is_trigger_insertable_into", kVarchar}},
                  Views});
  out->push_back({13204, is, "table_constraints",
                  {{"constraint_catalog", kName}, {"constraint_schema", kName}, {"constraint_name", kName},
                   {"table_catalog", kName}, {"table_schema", kName}, {"table_name", kName},
                   {"constraint_type", kVarchar}, {"is_deferrable", kVarchar}, {"initially_deferred", kVarchar},
                   {"enforced", kVarchar}, {"nulls_distinct", kVarchar}},
                  TableConstraints});
  out->push_back({13205, is, "key_column_usage",
                  {{"constraint_catalog", kName}, {"constraint_schema", kName}, {"constraint_name", kName},
                   {"table_catalog", kName}, {"table_schema", kName}, {"table_name", kName}, {"column_name", kName},
                   {"ordinal_position", kInt4}, {"position_in_unique_constraint", kInt4}},
                  KeyColumnUsage});
  out->push_back({13206, is, "referential_constraints",
                  {{"constraint_catalog", kName}, {"constraint_schema", kName}, {"constraint_name", kName},
                   {"unique_constraint_catalog", kName}, {"unique_constraint_schema", kName},
                   {"unique_constraint_name", kName}, {"match_option", kVarchar}, {"update_rule", kVarchar},
                   {"delete_rule", kVarchar}},
                  ReferentialConstraints});
  out->push_back({13207, is, "constraint_column_usage",
                  {{"table_catalog", kName}, {"table_schema", kName}, {"table_name", kName}, {"column_name", kName},
                   {"constraint_catalog", kName}, {"constraint_schema", kName}, {"constraint_name", kName}},
                  ConstraintColumnUsage});
  out->push_back({13208, is, "sequences",
                  {{"sequence_catalog", kName}, {"sequence_schema", kName}, {"sequence_name", kName},
                   {"data_type", kVarchar}, {"numeric_precision", kInt4}, {"numeric_precision_radix", kInt4},
                   {"numeric_scale", kInt4}, {"start_value", kVarchar}, {"minimum_value", kVarchar},
                   {"maximum_value", kVarchar}, {"increment", kVarchar}, {"cycle_option", kVarchar}},
                  SequencesView});
  out->push_back({13209, is, "routines",
                  {{"specific_catalog", kName}, {"specific_schema", kName}, {"specific_name", kName},
                   {"routine_catalog", kName}, {"routine_schema", kName}, {"routine_name", kName},
                   {"routine_type", kVarchar}, {"data_type", kVarchar}, {"external_language", kVarchar}},
                  Routines});
}

}  // namespace catalog_pg
