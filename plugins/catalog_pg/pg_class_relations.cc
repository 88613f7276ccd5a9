// pg_namespace, pg_class, pg_attribute, pg_type, pg_index, pg_constraint, pg_attrdef,
// pg_description, pg_sequence and the views over them (pg_tables, pg_indexes,
// pg_views, pg_sequences): the relations psql's \d family reads.
#include <map>

#include "relations.h"
#include "type_names.h"

namespace catalog_pg {

namespace {

using namespace type;

void Namespaces(const HostView& h, Rows* rows) {
  for (const Schema& s : h.Schemas())
    rows->push_back({Num(s.oid), s.name, Num(s.owner_oid()), kNull});
}

uint32_t NamespaceOf(const char* schema) {
  return std::string(schema) == "pg_catalog" ? kPgCatalogNamespace : kInformationSchemaNamespace;
}

Row ClassRow(uint32_t oid, const std::string& name, uint32_t ns, char kind, char persistence, int natts,
             int nchecks, bool has_index, uint32_t am, bool has_triggers = false, uint32_t reltype = 0) {
  // relpages/reltuples as PostgreSQL has them before any VACUUM or ANALYZE (Plinth keeps
  // no statistics): a table 0 and -1, a btree index its metapage and 0, a sequence 1 and 1.
  const char* pages = kind == 'i' || kind == 'S' ? "1" : "0";
  const char* tuples = kind == 'i' ? "0" : kind == 'S' ? "1" : "-1";
  return {Num(oid), name, Num(ns), Num(reltype), "0", Num(kSuperuserOid), Num(am), Num(kind == 'v' ? 0 : oid), "0", pages,
          tuples, "0", "0", Bool(has_index), "f", Char(persistence), Char(kind), Num(natts), Num(nchecks), "f",
          Bool(has_triggers),
          "f", "f", "f", "t", kind == 'r' ? "d" : "n", "f", "0", "0", "0", kNull, kNull, kNull};
}

void Classes(const HostView& h, Rows* rows) {
  std::map<uint32_t, int> natts, nchecks;
  std::map<uint32_t, bool> has_index, has_triggers;
  for (const Column& c : h.Columns()) natts[c.table_oid]++;
  for (const Constraint& c : h.Constraints()) {
    if (c.type == 'c') nchecks[c.table_oid]++;
    // PostgreSQL enforces a foreign key with triggers on both tables; psql's \d only
    // looks for foreign keys (and "Referenced by") when relhastriggers says so.
    if (c.type == 'f') has_triggers[c.table_oid] = has_triggers[c.ref_table_oid] = true;
  }
  std::vector<Relation> rels = h.Relations();
  for (const Relation& r : rels)
    if (r.kind == 'i') has_index[r.parent_oid] = true;
  std::map<uint32_t, int> index_natts;
  for (const Index& ix : h.Indexes()) index_natts[ix.oid] = static_cast<int>(ix.attnums.size());
  for (const Relation& r : rels) {
    int n = r.kind == 'r' ? natts[r.oid] : r.kind == 'i' ? index_natts[r.oid] : 3;
    uint32_t am = r.kind == 'r' ? 2 : r.kind == 'i' ? 403 : 0;
    rows->push_back(ClassRow(r.oid, r.name, r.namespace_oid, r.kind, r.persistence, n, nchecks[r.oid],
                             has_index[r.oid], am, has_triggers[r.oid], r.row_type));
  }
  for (const RelationSpec& s : AllRelations())
    rows->push_back(ClassRow(s.oid, s.name, NamespaceOf(s.schema), 'v', 'p', static_cast<int>(s.columns.size()), 0,
                             false, 0));
}

Row AttributeRow(uint32_t rel, const std::string& name, uint32_t type, int typlen, int attnum, int32_t typmod,
                 bool not_null, bool has_default, const std::string& identity) {
  return {Num(rel), name, Num(type), "-1", Num(typlen), Num(attnum), "0", "-1", Num(typmod), Bool(typlen > 0 && typlen <= 8),
          Char(TypeAlign(typlen, "")), typlen == -1 ? "x" : "p", "", Bool(not_null), Bool(has_default), "f",
          identity, "", "f", "t", "0", Num(TypeCollation(type)), kNull, kNull, kNull, kNull};
}

void Attributes(const HostView& h, Rows* rows) {
  std::map<uint32_t, int> lengths;
  for (const Type& t : h.Types()) lengths[t.oid] = t.typlen;
  for (const Column& c : h.Columns())
    rows->push_back(AttributeRow(c.table_oid, c.name, c.type_oid, lengths[c.type_oid], c.attnum, c.typmod,
                                 c.not_null, c.default_sql.has_value(), c.identity));
  for (const RelationSpec& s : AllRelations())
    for (size_t i = 0; i < s.columns.size(); i++)
      rows->push_back(AttributeRow(s.oid, s.columns[i].name, s.columns[i].type, lengths[s.columns[i].type],
                                   static_cast<int>(i) + 1, -1, false, false, ""));
}

void Types(const HostView& h, Rows* rows) {
  for (const Type& t : h.Types()) {
    char typtype = t.category == 'P' || t.category == 'X' ? 'p' : 'b';
    std::string base = t.category == 'A' ? "array" : t.name;
    rows->push_back({Num(t.oid), t.name, Num(kPgCatalogNamespace), Num(kSuperuserOid), Num(t.typlen), Bool(t.byval),
                     Char(typtype), Char(t.category), Bool(t.preferred), "t", ",", "0",
                     t.category == 'A' ? "array_subscript_handler" : "-", Num(t.element), Num(t.array),
                     base + "_in", base + "_out", base + "_recv", base + "_send", "-", "-", "-",
                     Char(TypeAlign(t.typlen, t.name)), t.typlen == -1 ? "x" : "p", "f", "0", "-1", "0",
                     Num(TypeCollation(t.oid)), kNull, kNull, kNull});
  }
  // Each table's and view's row type (typtype 'c', typrelid its relation) and the array
  // type over it, as CREATE TABLE makes them.
  for (const Relation& r : h.Relations()) {
    if (!r.row_type) continue;
    rows->push_back({Num(r.row_type), r.name, Num(r.namespace_oid), Num(kSuperuserOid), "-1", "f", "c", "C", "f", "t",
                     ",", Num(r.oid), "-", "0", Num(r.row_array_type), "record_in", "record_out", "record_recv",
                     "record_send", "-", "-", "-", "d", "x", "f", "0", "-1", "0", "0", kNull, kNull, kNull});
    if (!r.row_array_type) continue;
    rows->push_back({Num(r.row_array_type), "_" + r.name, Num(r.namespace_oid), Num(kSuperuserOid), "-1", "f", "b",
                     "A", "f", "t", ",", "0", "array_subscript_handler", Num(r.row_type), "0", "array_in", "array_out",
                     "array_recv", "array_send", "-", "-", "array_typanalyze", "d", "x", "f", "0", "-1", "0", "0",
                     kNull, kNull, kNull});
  }
}

void Indexes(const HostView& h, Rows* rows) {
  for (const Index& ix : h.Indexes()) {
    int n = static_cast<int>(ix.attnums.size());
    std::vector<int> zeros(n, 0);
    bool has_expr = false;
    for (int a : ix.attnums) has_expr = has_expr || a == 0;
    rows->push_back({Num(ix.oid), Num(ix.table_oid), Num(n), Num(n), Bool(ix.unique), "f", Bool(ix.primary), "f",
                     "t", "f", "t", "f", "t", "t", "f", IntVector(ix.attnums), IntVector(zeros), IntVector(zeros),
                     IntVector(IndexOptions(ix.key_list)), has_expr ? std::optional<std::string>(ix.key_list) : kNull, ix.predicate});
  }
}

void Constraints(const HostView& h, Rows* rows) {
  std::map<uint32_t, uint32_t> table_ns;
  for (const Relation& r : h.Relations()) table_ns[r.oid] = r.namespace_oid;
  for (const Constraint& c : h.Constraints()) {
    bool fk = c.type == 'f';
    rows->push_back({Num(c.oid), c.name, Num(table_ns[c.table_oid]), Char(c.type), "f", "f", "t", Num(c.table_oid),
                     "0", Num(c.index_oid), "0", Num(c.ref_table_oid), fk ? Char(c.on_update) : " ",
                     fk ? Char(c.on_delete) : " ", fk ? "s" : " ", "t", "0", "f",
                     c.attnums.empty() ? kNull : std::optional<std::string>(IntArray(c.attnums)),
                     fk ? std::optional<std::string>(IntArray(c.ref_attnums)) : kNull, kNull, kNull, kNull, kNull,
                     kNull, c.check_expr});
  }
}

void AttrDefaults(const HostView& h, Rows* rows) {
  for (const Column& c : h.Columns())
    if (c.default_sql)
      rows->push_back({Num(StableAttrdefOid(c.table_oid, c.attnum)), Num(c.table_oid), Num(c.attnum),
                       c.default_pretty ? *c.default_sql : DefaultExpression(*c.default_sql, c.type_oid)});
}

void Descriptions(const HostView& h, Rows* rows) {
  for (const Comment& c : h.Comments())
    rows->push_back({Num(c.object_oid), Num(c.class_oid), Num(c.sub_id), c.description});
}

void SequenceCatalog(const HostView& h, Rows* rows) {
  for (const Sequence& s : h.Sequences())
    rows->push_back({Num(s.oid), Num(s.type_oid), Num(s.start), Num(s.increment), Num(s.max), Num(s.min),
                     Num(s.cache), Bool(s.cycle)});
}

void Tables(const HostView& h, Rows* rows) {
  std::map<uint32_t, bool> has_index;
  std::vector<Relation> rels = h.Relations();
  for (const Relation& r : rels)
    if (r.kind == 'i') has_index[r.parent_oid] = true;
  for (const Relation& r : rels)
    if (r.kind == 'r')
      rows->push_back({r.schema, r.name, r.owner, kNull, Bool(has_index[r.oid]), "f", "f", "f"});
}

void IndexViews(const HostView& h, Rows* rows) {
  std::map<uint32_t, const Relation*> by_oid;
  std::vector<Relation> rels = h.Relations();
  for (const Relation& r : rels) by_oid[r.oid] = &r;
  for (const Index& ix : h.Indexes()) {
    const Relation* t = by_oid[ix.table_oid];
    if (!t) continue;
    rows->push_back({t->schema, t->name, ix.name, kNull, IndexDefinition(ix, *t)});
  }
}

void Views(const HostView& h, Rows* rows) {
  std::map<uint32_t, const Relation*> by_oid;
  std::vector<Relation> rels = h.Relations();
  for (const Relation& r : rels) by_oid[r.oid] = &r;
  for (const ViewDefinition& v : h.ViewDefinitions()) {
    const Relation* rel = by_oid[v.oid];
    if (rel) rows->push_back({rel->schema, rel->name, rel->owner, v.definition});
  }
}

void SequenceViews(const HostView& h, Rows* rows) {
  std::map<uint32_t, const Relation*> by_oid;
  std::vector<Relation> rels = h.Relations();
  for (const Relation& r : rels) by_oid[r.oid] = &r;
  for (const Sequence& s : h.Sequences()) {
    const Relation* r = by_oid[s.oid];
    if (!r) continue;
    rows->push_back({r->schema, r->name, r->owner, Num(s.type_oid), Num(s.start), Num(s.min), Num(s.max),
                     Num(s.increment), Bool(s.cycle), Num(s.cache), kNull});
  }
}

}  // namespace

uint32_t StableAttrdefOid(uint32_t table_oid, int attnum) {
  uint32_t h = 2166136261u;
  for (uint64_t v : {uint64_t{table_oid}, uint64_t(attnum), uint64_t{0xad}})
    for (int i = 0; i < 8; i++) h = (h ^ ((v >> (8 * i)) & 0xff)) * 16777619u;
  return 0x40000000u | (h & 0x3FFFFFFFu);
}

// A constant default as PostgreSQL deparses it: the constant was coerced to the column's
// type, and only integer, numeric and boolean constants print without a ::type label
// (ruleutils.c get_const_expr), so DEFAULT 'x' on text reads back as 'x'::text and
// DEFAULT 1 on bigint as '1'::bigint. Anything that is not one constant stays as the
// engine wrote it.
std::string DefaultExpression(const std::string& sql, uint32_t column_type) {
  bool quoted = sql.size() >= 2 && sql.front() == '\'' && sql.back() == '\'' &&
                sql.find('\'', 1) == sql.size() - 1;  // one literal without embedded quotes
  bool number = !sql.empty() && sql.find_first_not_of("0123456789.-") == std::string::npos &&
                sql.find_first_of("0123456789") != std::string::npos;
  if (!quoted && !number) return sql;
  bool bare = column_type == type::kInt4 || column_type == 1700 /* numeric */ || column_type == type::kBool;
  if (number && bare && sql[0] != '-') return sql;  // a negative constant is quoted and labeled
  auto type_name = FormatType(column_type, -1);
  if (!type_name) return sql;
  std::string literal = quoted ? sql : "'" + sql + "'";
  return literal + "::" + *type_name;
}

std::string IndexDefinition(const Index& ix, const Relation& table) {
  std::string def = std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + ix.name + " ON " +
                    table.schema + "." + table.name + " USING btree (" + ix.key_list + ")";
  if (ix.predicate) def += " WHERE (" + *ix.predicate + ")";
  return def;
}

void AddPgClassRelations(std::vector<RelationSpec>* out) {
  out->push_back({2615, "pg_catalog", "pg_namespace",
                  {{"oid", kOid}, {"nspname", kName}, {"nspowner", kOid}, {"nspacl", kAclArray}}, Namespaces});
  out->push_back({1259, "pg_catalog", "pg_class",
                  {{"oid", kOid}, {"relname", kName}, {"relnamespace", kOid}, {"reltype", kOid}, {"reloftype", kOid},
                   {"relowner", kOid}, {"relam", kOid}, {"relfilenode", kOid}, {"reltablespace", kOid},
                   {"relpages", kInt4}, {"reltuples", kFloat4}, {"relallvisible", kInt4}, {"reltoastrelid", kOid},
                   {"relhasindex", kBool}, {"relisshared", kBool}, {"relpersistence", kChar}, {"relkind", kChar},
                   {"relnatts", kInt2}, {"relchecks", kInt2}, {"relhasrules", kBool}, {"relhastriggers", kBool},
                   {"relhassubclass", kBool}, {"relrowsecurity", kBool}, {"relforcerowsecurity", kBool},
                   {"relispopulated", kBool}, {"relreplident", kChar}, {"relispartition", kBool},
                   {"relrewrite", kOid}, {"relfrozenxid", kXid}, {"relminmxid", kXid}, {"relacl", kAclArray},
                   {"reloptions", kTextArray}, {"relpartbound", kNodeTree}},
                  Classes});
  out->push_back({1249, "pg_catalog", "pg_attribute",
                  {{"attrelid", kOid}, {"attname", kName}, {"atttypid", kOid}, {"attstattarget", kInt4},
                   {"attlen", kInt2}, {"attnum", kInt2}, {"attndims", kInt4}, {"attcacheoff", kInt4},
                   {"atttypmod", kInt4}, {"attbyval", kBool}, {"attalign", kChar}, {"attstorage", kChar},
                   {"attcompression", kChar}, {"attnotnull", kBool}, {"atthasdef", kBool}, {"atthasmissing", kBool},
                   {"attidentity", kChar}, {"attgenerated", kChar}, {"attisdropped", kBool}, {"attislocal", kBool},
                   {"attinhcount", kInt4}, {"attcollation", kOid}, {"attacl", kAclArray}, {"attoptions", kTextArray},
                   {"attfdwoptions", kTextArray}, {"attmissingval", kText}},
                  Attributes});
  out->push_back({1247, "pg_catalog", "pg_type",
                  {{"oid", kOid}, {"typname", kName}, {"typnamespace", kOid}, {"typowner", kOid}, {"typlen", kInt2},
                   {"typbyval", kBool}, {"typtype", kChar}, {"typcategory", kChar}, {"typispreferred", kBool},
                   {"typisdefined", kBool}, {"typdelim", kChar}, {"typrelid", kOid}, {"typsubscript", kRegproc},
                   {"typelem", kOid}, {"typarray", kOid}, {"typinput", kRegproc}, {"typoutput", kRegproc},
                   {"typreceive", kRegproc}, {"typsend", kRegproc}, {"typmodin", kRegproc}, {"typmodout", kRegproc},
                   {"typanalyze", kRegproc}, {"typalign", kChar}, {"typstorage", kChar}, {"typnotnull", kBool},
                   {"typbasetype", kOid}, {"typtypmod", kInt4}, {"typndims", kInt4}, {"typcollation", kOid},
                   {"typdefaultbin", kNodeTree}, {"typdefault", kText}, {"typacl", kAclArray}},
                  Types});
  out->push_back({2610, "pg_catalog", "pg_index",
                  {{"indexrelid", kOid}, {"indrelid", kOid}, {"indnatts", kInt2}, {"indnkeyatts", kInt2},
                   {"indisunique", kBool}, {"indnullsnotdistinct", kBool}, {"indisprimary", kBool},
                   {"indisexclusion", kBool}, {"indimmediate", kBool}, {"indisclustered", kBool},
                   {"indisvalid", kBool}, {"indcheckxmin", kBool}, {"indisready", kBool}, {"indislive", kBool},
                   {"indisreplident", kBool}, {"indkey", kInt2Vector}, {"indcollation", kOidVector},
                   {"indclass", kOidVector}, {"indoption", kInt2Vector}, {"indexprs", kNodeTree},
                   {"indpred", kNodeTree}},
                  Indexes});
  out->push_back({2606, "pg_catalog", "pg_constraint",
                  {{"oid", kOid}, {"conname", kName}, {"connamespace", kOid}, {"contype", kChar},
                   {"condeferrable", kBool}, {"condeferred", kBool}, {"convalidated", kBool}, {"conrelid", kOid},
                   {"contypid", kOid}, {"conindid", kOid}, {"conparentid", kOid}, {"confrelid", kOid},
                   {"confupdtype", kChar}, {"confdeltype", kChar}, {"confmatchtype", kChar}, {"conislocal", kBool},
                   {"coninhcount", kInt4}, {"connoinherit", kBool}, {"conkey", kInt2Array}, {"confkey", kInt2Array},
                   {"conpfeqop", kOidArray}, {"conppeqop", kOidArray}, {"conffeqop", kOidArray},
                   {"confdelsetcols", kInt2Array}, {"conexclop", kOidArray}, {"conbin", kNodeTree}},
                  Constraints});
  out->push_back({2604, "pg_catalog", "pg_attrdef",
                  {{"oid", kOid}, {"adrelid", kOid}, {"adnum", kInt2}, {"adbin", kNodeTree}}, AttrDefaults});
  out->push_back({2609, "pg_catalog", "pg_description",
                  {{"objoid", kOid}, {"classoid", kOid}, {"objsubid", kInt4}, {"description", kText}}, Descriptions});
  out->push_back({2224, "pg_catalog", "pg_sequence",
                  {{"seqrelid", kOid}, {"seqtypid", kOid}, {"seqstart", kInt8}, {"seqincrement", kInt8},
                   {"seqmax", kInt8}, {"seqmin", kInt8}, {"seqcache", kInt8}, {"seqcycle", kBool}},
                  SequenceCatalog});
  out->push_back({12001, "pg_catalog", "pg_tables",
                  {{"schemaname", kName}, {"tablename", kName}, {"tableowner", kName}, {"tablespace", kName},
                   {"hasindexes", kBool}, {"hasrules", kBool}, {"hastriggers", kBool}, {"rowsecurity", kBool}},
                  Tables});
  out->push_back({12002, "pg_catalog", "pg_indexes",
                  {{"schemaname", kName}, {"tablename", kName}, {"indexname", kName}, {"tablespace", kName},
                   {"indexdef", kText}},
                  IndexViews});
  out->push_back({12003, "pg_catalog", "pg_views",
                  {{"schemaname", kName}, {"viewname", kName}, {"viewowner", kName}, {"definition", kText}}, Views});
  out->push_back({12004, "pg_catalog", "pg_sequences",
                  {{"schemaname", kName}, {"sequencename", kName}, {"sequenceowner", kName}, {"data_type", kRegtype},
                   {"start_value", kInt8}, {"min_value", kInt8}, {"max_value", kInt8}, {"increment_by", kInt8},
                   {"cycle", kBool}, {"cache_size", kInt8}, {"last_value", kInt8}},
                  SequenceViews});
}

}  // namespace catalog_pg
