#include "engine/system/host_catalog.h"

#include <exception>

#include "engine/session/cluster.h"
#include "engine/session/roles.h"
#include "engine/session/settings.h"
#include "engine/system/stored_expr_text.h"
#include "engine/system/view_definition_text.h"
#include "engine/types/types.h"

namespace plinth {

namespace {

using TextRow = HostCatalogReader::TextRow;

std::string Num(int64_t v) { return std::to_string(v); }
std::string Bool(bool b) { return b ? "t" : "f"; }
std::optional<std::string> OrNull(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// "1 2 3": the text form of int2vector, which the plugin passes on as pg_index.indkey.
std::string Attnums(const std::vector<int>& positions) {
  std::string out;
  for (int p : positions) {
    if (!out.empty()) out += ' ';
    out += Num(p < 0 ? 0 : p + 1);
  }
  return out;
}

const std::string kSuperuser = "postgres";

// The text PostgreSQL's pg_get_indexdef puts in parentheses: column names or
// expressions, each with DESC when descending.
std::string KeyList(const TableDef& t, const IndexDef& ix) {
  std::string out;
  for (size_t i = 0; i < ix.columns.size(); i++) {
    if (i) out += ", ";
    if (ix.is_expression(i)) out += "(" + ix.exprs[i] + ")";
    else out += t.columns[ix.columns[i]].name;
    if (ix.is_descending(i)) out += " DESC";
  }
  return out;
}

// The table's indexes as PostgreSQL has them: the engine keeps a primary key as the
// table's storage order rather than an IndexDef, so it is added here, numbered by a
// stable OID.
std::vector<IndexDef> AllIndexes(const TableDef& t) {
  std::vector<IndexDef> out;
  if (!t.primary_key.empty()) {
    IndexDef pk;
    pk.oid = StableOid("pkey:" + Num(t.oid));
    pk.name = t.pk_constraint_name.empty() ? t.name + "_pkey" : t.pk_constraint_name;
    pk.columns = t.primary_key;
    pk.unique = pk.primary = true;
    out.push_back(std::move(pk));
  }
  out.insert(out.end(), t.indexes.begin(), t.indexes.end());
  return out;
}

void SchemaRows(const Catalog& cat, std::vector<TextRow>* rows) {
  for (const std::string& s : cat.schemas()) rows->push_back({Num(SchemaOid(s)), s, kSuperuser});
}

// Columns 9 and 10: the relation's row type and its array type (RowTypeOid), "0" for
// indexes and sequences, which have none.
void TableRows(const Catalog& cat, std::vector<TextRow>* rows) {
  for (const auto& [oid, t] : cat.tables()) {
    std::string schema_oid = Num(SchemaOid(t->schema));
    rows->push_back({Num(oid), schema_oid, t->schema, t->name, "r", t->temporary ? "t" : "p", kSuperuser,
                     OrNull(t->comment), "0", Num(RowTypeOid(oid)), Num(RowTypeArrayOid(oid))});
    for (const IndexDef& ix : AllIndexes(*t))
      rows->push_back({Num(ix.oid), schema_oid, t->schema, ix.name, "i", t->temporary ? "t" : "p", kSuperuser,
                       std::nullopt, Num(oid), "0", "0"});
  }
  for (const auto& [oid, s] : cat.sequences())
    rows->push_back({Num(oid), Num(SchemaOid(s->schema)), s->schema, s->name, "S", "p", kSuperuser, std::nullopt,
                     Num(s->owned_by_table), "0", "0"});
  for (const auto& [oid, v] : cat.views())
    rows->push_back({Num(oid), Num(SchemaOid(v->schema)), v->schema, v->name, "v", "p", kSuperuser, OrNull(v->comment),
                     "0", Num(RowTypeOid(oid)), Num(RowTypeArrayOid(oid))});
}

// Views: oid, definition (pg_get_viewdef(oid)), check_option ("", "local", "cascaded"),
// definition as pg_get_viewdef(oid, true) prints it (view_definition_text.h).
void ViewRows(const Catalog& cat, const SessionSettings* settings, std::vector<TextRow>* rows) {
  for (const auto& [oid, v] : cat.views()) {
    std::string check = v->check_option == ViewCheckOption::Local      ? "local"
                        : v->check_option == ViewCheckOption::Cascaded ? "cascaded"
                                                                       : "";
    ViewDefinitionText text = ViewText(cat, *v, settings);
    rows->push_back({Num(oid), std::move(text.plain), check, std::move(text.pretty)});
  }
}

// Column 6 is the default as pg_get_expr(adbin, rel) prints it, column 9 as it prints
// with pretty => true (stored_expr_text.h).
void ColumnRows(const Catalog& cat, const SessionSettings* settings, std::vector<TextRow>* rows) {
  for (const auto& [oid, t] : cat.tables()) {
    bool in_pk[1024] = {};
    for (int p : t->primary_key)
      if (p >= 0 && p < 1024) in_pk[p] = true;
    for (size_t i = 0; i < t->columns.size(); i++) {
      const ColumnDef& c = t->columns[i];
      bool not_null = c.not_null || (i < 1024 && in_pk[i]);
      std::optional<std::string> def, def_pretty;
      if (!c.default_sql.empty()) {
        StoredExprText text = DefaultText(cat, c, settings);
        def = std::move(text.plain);
        def_pretty = std::move(text.pretty);
      }
      rows->push_back({Num(oid), Num(static_cast<int64_t>(i) + 1), c.name, Num(c.type), Num(c.typmod),
                       Bool(not_null), def, c.identity, OrNull(c.comment), def_pretty});
    }
  }
  for (const auto& [oid, v] : cat.views())
    for (size_t i = 0; i < v->columns.size(); i++) {
      const ViewColumn& c = v->columns[i];
      rows->push_back({Num(oid), Num(static_cast<int64_t>(i) + 1), c.name, Num(c.type), Num(c.typmod), "f",
                       std::nullopt, "", std::nullopt});
    }
}

void IndexRows(const Catalog& cat, std::vector<TextRow>* rows) {
  for (const auto& [oid, t] : cat.tables()) {
    for (const IndexDef& ix : AllIndexes(*t))
      rows->push_back({Num(ix.oid), Num(oid), ix.name, Bool(ix.unique), Bool(ix.primary), Bool(ix.constraint),
                       Attnums(ix.columns), KeyList(*t, ix), OrNull(ix.predicate_sql)});
  }
}

TextRow ConstraintRow(const TableDef& t, const std::string& name, char type) {
  TextRow r(11);
  r[0] = Num(StableOid("constraint:" + Num(t.oid) + ":" + name));
  r[1] = Num(t.oid);
  r[2] = name;
  r[3] = std::string(1, type);
  r[4] = "";
  r[5] = "0";
  r[6] = "0";
  r[7] = "";
  r[8] = r[9] = "a";
  return r;
}

// A CHECK row's column 10 is its expression as pg_get_constraintdef(oid) prints it inside
// CHECK (...), column 11 as it prints with pretty => true.
void ConstraintRows(const Catalog& cat, const SessionSettings* settings, std::vector<TextRow>* rows) {
  for (const auto& [oid, t] : cat.tables()) {
    for (const IndexDef& ix : AllIndexes(*t)) {
      if (!ix.primary && !ix.constraint) continue;
      TextRow r = ConstraintRow(*t, ix.name, ix.primary ? 'p' : 'u');
      r[4] = Attnums(ix.columns);
      r[5] = Num(ix.oid);
      rows->push_back(std::move(r));
    }
    for (const CheckDef& c : t->checks) {
      TextRow r = ConstraintRow(*t, c.name, 'c');
      StoredExprText text = CheckText(cat, *t, c.expr_sql, settings);
      r[10] = std::move(text.plain);
      r.push_back(std::move(text.pretty));
      rows->push_back(std::move(r));
    }
    for (const ForeignKeyDef& fk : t->foreign_keys) {
      TextRow r = ConstraintRow(*t, fk.name, 'f');
      r[4] = Attnums(fk.columns);
      r[6] = Num(fk.ref_table);
      r[7] = Attnums(fk.ref_columns);
      r[8] = std::string(1, static_cast<char>(fk.on_update));
      r[9] = std::string(1, static_cast<char>(fk.on_delete));
      // The referenced table's unique index that the key relies on.
      if (const TableDef* ref = cat.TableByOid(fk.ref_table))
        for (const IndexDef& ix : AllIndexes(*ref))
          if (ix.unique && ix.columns == fk.ref_columns) r[5] = Num(ix.oid);
      rows->push_back(std::move(r));
    }
  }
}

void TypeRows(std::vector<TextRow>* rows) {
  for (const TypeInfo& t : AllTypes())
    rows->push_back({Num(t.oid), t.typname, Num(t.typlen), Bool(t.byval), std::string(1, t.category),
                     Bool(t.preferred), Num(t.elem), Num(t.array)});
}

void SequenceRows(const Catalog& cat, std::vector<TextRow>* rows) {
  for (const auto& [oid, s] : cat.sequences()) {
    int owned_attnum = 0;
    if (const TableDef* t = cat.TableByOid(s->owned_by_table)) owned_attnum = t->FindColumn(s->owned_by_column) + 1;
    rows->push_back({Num(oid), Num(s->type), Num(s->start), Num(s->increment), Num(s->min), Num(s->max),
                     Num(s->cache), Bool(s->cycle), Num(s->owned_by_table), Num(owned_attnum)});
  }
}

void CommentRows(const Catalog& cat, std::vector<TextRow>* rows) {
  constexpr Oid kPgClassOid = 1259;
  for (const auto& [oid, t] : cat.tables()) {
    if (!t->comment.empty()) rows->push_back({Num(oid), Num(kPgClassOid), "0", t->comment});
    for (size_t i = 0; i < t->columns.size(); i++)
      if (!t->columns[i].comment.empty())
        rows->push_back({Num(oid), Num(kPgClassOid), Num(static_cast<int64_t>(i) + 1), t->columns[i].comment});
  }
  for (const auto& [oid, v] : cat.views())
    if (!v->comment.empty()) rows->push_back({Num(oid), Num(kPgClassOid), "0", v->comment});
}

Oid RoleOid(const std::string& role) {
  return role == kSuperuser ? kBootstrapSuperuserOid : StableOid("role:" + role);
}

// (oid, name, owner, encoding, owner's oid): the session's database first (plugins take
// it as current_database()), then the others.
void DatabaseRows(const HostCatalogSource& source, std::vector<TextRow>* rows) {
  if (!source.cluster) {
    rows->push_back({Num(kDatabaseOid), source.database, kSuperuser, "UTF8", Num(kBootstrapSuperuserOid)});
    return;
  }
  std::vector<DatabaseEntry> all = source.cluster->Databases();
  auto add = [&](const DatabaseEntry& d) { rows->push_back({Num(d.oid), d.name, d.owner, "UTF8", Num(RoleOid(d.owner))}); };
  for (const DatabaseEntry& d : all)
    if (d.name == source.database) add(d);
  for (const DatabaseEntry& d : all)
    if (d.name != source.database) add(d);
}

// A text[] literal of "name=value" items, quoted as array_out quotes them.
std::string SettingArray(const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string out = "{";
  for (size_t i = 0; i < settings.size(); i++) {
    std::string item = settings[i].first + "=" + settings[i].second;
    bool quote = item.empty();
    for (char c : item)
      if (c == ' ' || c == ',' || c == '"' || c == '\\' || c == '{' || c == '}' || c == '\t' || c == '\n') quote = true;
    if (i) out += ',';
    if (!quote) {
      out += item;
      continue;
    }
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

// pg_db_role_setting: (setdatabase, setrole, setconfig); 0 means every database/role.
void DbRoleSettingRows(const Cluster& cluster, std::vector<TextRow>* rows) {
  std::vector<DatabaseEntry> databases = cluster.Databases();
  for (const SettingDefaults& d : cluster.AllSettingDefaults()) {
    Oid db = 0;
    for (const DatabaseEntry& e : databases)
      if (e.name == d.database) db = e.oid;
    if (!d.database.empty() && db == 0) continue;  // its database was dropped meanwhile
    Oid role = d.role.empty() ? 0 : RoleOid(d.role);
    rows->push_back({Num(db), Num(role), SettingArray(d.settings)});
  }
}

}  // namespace

Oid StableOid(std::string_view identity) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : identity) h = (h ^ c) * 16777619u;
  return 0x40000000u | (h & 0x3FFFFFFFu);
}

Oid SchemaOid(const std::string& name) {
  if (name == "public") return kPublicNamespaceOid;
  if (name == "pg_catalog") return kPgCatalogNamespaceOid;
  if (name == "information_schema") return kInformationSchemaNamespaceOid;
  return StableOid("schema:" + name);
}

HostCatalogReader::HostCatalogReader(HostCatalogSource source) : source_(std::move(source)) {
  reader_.struct_size = sizeof reader_;
  reader_.ctx = this;
  reader_.scan = ScanThunk;
  reader_.setting = SettingThunk;
}

bool HostCatalogReader::Rows(std::string_view relation, std::vector<TextRow>* rows) const {
  const Catalog& cat = source_.catalog();
  if (relation == "plinth_schemas") SchemaRows(cat, rows);
  else if (relation == "plinth_tables") TableRows(cat, rows);
  else if (relation == "plinth_columns") ColumnRows(cat, source_.settings, rows);
  else if (relation == "plinth_indexes") IndexRows(cat, rows);
  else if (relation == "plinth_constraints") ConstraintRows(cat, source_.settings, rows);
  else if (relation == "plinth_types") TypeRows(rows);
  else if (relation == "plinth_sequences") SequenceRows(cat, rows);
  else if (relation == "plinth_comments") CommentRows(cat, rows);
  else if (relation == "plinth_views") ViewRows(cat, source_.settings, rows);
  else if (relation == "plinth_roles") {
    rows->push_back({Num(kBootstrapSuperuserOid), kSuperuser, "t"});
    if (source_.roles) {
      for (const Role& r : source_.roles->All())
        if (r.name != kSuperuser) rows->push_back({Num(RoleOid(r.name)), r.name, r.superuser ? "t" : "f"});
    } else if (!source_.user.empty() && source_.user != kSuperuser) {
      rows->push_back({Num(StableOid("role:" + source_.user)), source_.user, "t"});
    }
  } else if (relation == "plinth_databases") {
    DatabaseRows(source_, rows);
  } else if (relation == "plinth_db_role_settings") {
    if (source_.cluster) DbRoleSettingRows(*source_.cluster, rows);
  } else if (relation == "plinth_settings") {
    if (source_.settings)
      for (auto& [name, value] : source_.settings->All()) rows->push_back({name, value});
  } else if (relation == "plinth_sessions") {
    std::optional<std::string> app;
    if (source_.settings) {
      auto v = source_.settings->Get("application_name");
      if (v.ok()) app = v.value();
    }
    rows->push_back({Num(source_.backend_pid), source_.user, source_.database, app, "active"});
  } else {
    return false;
  }
  return true;
}

plinth_status HostCatalogReader::ScanThunk(void* ctx, const char* relation, plinth_row_sink* sink,
                                           plinth_error* err) {
  try {
    auto* self = static_cast<HostCatalogReader*>(ctx);
    std::vector<TextRow> rows;
    if (relation == nullptr || !self->Rows(relation, &rows)) {
      plinth_error_set(err, "42P01", "unknown host relation");
      return PLINTH_ERROR;
    }
    std::vector<plinth_bytes> values;
    for (const TextRow& row : rows) {
      values.clear();
      for (const auto& v : row)
        values.push_back(v ? plinth_bytes{reinterpret_cast<const uint8_t*>(v->data()), v->size()}
                           : plinth_bytes{nullptr, 0});
      plinth_status st = sink->row(sink->ctx, values.data(), values.size());
      if (st != PLINTH_OK) return st;
    }
    return PLINTH_OK;
  } catch (const std::exception& e) {
    plinth_error_set(err, "XX000", e.what());
    return PLINTH_ERROR;
  }
}

const char* HostCatalogReader::SettingThunk(void* ctx, const char* name) {
  auto* self = static_cast<HostCatalogReader*>(ctx);
  if (name == nullptr || self->source_.settings == nullptr) return nullptr;
  std::string n(name);
  if (n == "session_user" || n == "current_user") {
    self->setting_value_ = self->source_.user;
    return self->setting_value_.c_str();
  }
  if (n == "current_database") {
    self->setting_value_ = self->source_.database;
    return self->setting_value_.c_str();
  }
  auto v = self->source_.settings->Get(n);
  if (!v.ok()) return nullptr;
  self->setting_value_ = v.value();
  return self->setting_value_.c_str();
}

}  // namespace plinth
