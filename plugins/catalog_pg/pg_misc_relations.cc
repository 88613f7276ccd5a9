// Databases, roles, settings, sessions, access methods, collations, functions and the
// relations Plinth has no objects for (triggers, policies, publications...), which
// exist so that clients' catalog queries bind and find nothing.
#include <stdexcept>

#include "relations.h"

namespace catalog_pg {

namespace {

using namespace type;

void Databases(const HostView& h, Rows* rows) {
  // PostgreSQL's initdb makes template1 (1) and template0 (4) beside the database (5).
  std::string acl = "{=c/postgres,postgres=CTc/postgres}";
  auto row = [&](uint32_t oid, const std::string& name, bool is_template, bool allow, std::optional<std::string> a) {
    rows->push_back({Num(oid), name, Num(kSuperuserOid), "6", "c", Bool(is_template), Bool(allow), "-1", "716", "1",
                     "1663", "C.UTF-8", "C.UTF-8", kNull, kNull, a});
  };
  for (const DatabaseInfo& d : h.Databases()) {
    rows->push_back({Num(d.oid), d.name, Num(d.owner_oid), "6", "c", "f", "t", "-1", "716", "1", "1663", "C.UTF-8",
                     "C.UTF-8", kNull, kNull, kNull});
  }
  row(1, "template1", true, true, acl);
  row(4, "template0", true, false, acl);
}

void Roles(const HostView& h, Rows* rows) {
  for (const Role& r : h.Roles())
    rows->push_back({r.name, Bool(r.superuser), "t", Bool(r.superuser), Bool(r.superuser), "t", Bool(r.superuser),
                     "-1", "********", kNull, Bool(r.superuser), kNull, Num(r.oid)});
}

void Authid(const HostView& h, Rows* rows) {
  for (const Role& r : h.Roles())
    rows->push_back({Num(r.oid), r.name, Bool(r.superuser), "t", Bool(r.superuser), Bool(r.superuser), "t",
                     Bool(r.superuser), Bool(r.superuser), "-1", kNull, kNull});
}

void Users(const HostView& h, Rows* rows) {
  for (const Role& r : h.Roles())
    rows->push_back({r.name, Num(r.oid), Bool(r.superuser), Bool(r.superuser), Bool(r.superuser), Bool(r.superuser),
                     "********", kNull, kNull});
}

void Settings(const HostView& h, Rows* rows) {
  for (auto& [name, value] : h.Settings())
    rows->push_back({name, value, kNull, "Ungrouped", kNull, kNull, "user", "string", "default", kNull, kNull,
                     kNull, value, value, kNull, kNull, "f"});
  // PostgreSQL's read-only "Preset Options" that clients read (pgjdbc asks for
  // max_index_keys before getImportedKeys), with the values of a default build.
  std::vector<std::pair<std::string, std::string>> session = h.Settings();
  auto have = [&](const std::string& name) {
    for (auto& [n, v] : session)
      if (n == name) return true;
    return false;
  };
  for (auto [name, value] : {std::pair<const char*, const char*>{"block_size", "8192"}, {"max_function_args", "100"},
                             {"max_identifier_length", "63"}, {"max_index_keys", "32"}, {"integer_datetimes", "on"}}) {
    if (have(name)) continue;
    rows->push_back({name, value, kNull, "Preset Options", kNull, kNull, "internal",
                     std::string(value) == "on" ? "bool" : "integer", "default", kNull, kNull, kNull, value, value,
                     kNull, kNull, "f"});
  }
}

void Activity(const HostView& h, Rows* rows) {
  for (auto& r : h.Scan("plinth_sessions"))
    rows->push_back({"5", r[2], r[0], kNull, Num(kSuperuserOid), r[1], r[3] ? r[3] : std::optional<std::string>(""),
                     kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, r[4], kNull, kNull, kNull, "",
                     "client backend"});
}

void AccessMethods(const HostView&, Rows* rows) {
  rows->push_back({"2", "heap", "heap_tableam_handler", "t"});
  rows->push_back({"403", "btree", "bthandler", "i"});
  rows->push_back({"405", "hash", "hashhandler", "i"});
}

void Collations(const HostView&, Rows* rows) {
  rows->push_back({"100", "default", Num(kPgCatalogNamespace), "10", "d", "t", "-1", kNull, kNull, kNull, kNull});
  rows->push_back({"950", "C", Num(kPgCatalogNamespace), "10", "c", "t", "-1", "C", "C", kNull, kNull});
  rows->push_back({"951", "POSIX", Num(kPgCatalogNamespace), "10", "c", "t", "-1", "POSIX", "POSIX", kNull, kNull});
}

void Tablespaces(const HostView&, Rows* rows) {
  rows->push_back({"1663", "pg_default", "10", kNull, kNull});
  rows->push_back({"1664", "pg_global", "10", kNull, kNull});
}

void Depends(const HostView& h, Rows* rows) {
  // Owned sequences depend automatically on their column (pg_get_serial_sequence).
  for (const Sequence& s : h.Sequences())
    if (s.owned_by_table)
      rows->push_back({"1259", Num(s.oid), "0", "1259", Num(s.owned_by_table), Num(s.owned_by_attnum), "a"});
}

// ALTER DATABASE/ROLE ... SET defaults; a host without them has none.
void DbRoleSettings(const HostView& h, Rows* rows) {
  std::vector<HostView::TextRow> settings;
  try {
    settings = h.Scan("plinth_db_role_settings");
  } catch (const std::runtime_error&) {
    return;
  }
  for (auto& r : settings) rows->push_back({r[0], r[1], r[2]});
}

void Nothing(const HostView&, Rows*) {}

}  // namespace

void AddPgMiscRelations(std::vector<RelationSpec>* out) {
  out->push_back({1262, "pg_catalog", "pg_database",
                  {{"oid", kOid}, {"datname", kName}, {"datdba", kOid}, {"encoding", kInt4},
                   {"datlocprovider", kChar}, {"datistemplate", kBool}, {"datallowconn", kBool},
                   {"datconnlimit", kInt4}, {"datfrozenxid", kXid}, {"datminmxid", kXid}, {"dattablespace", kOid},
                   {"datcollate", kText}, {"datctype", kText}, {"daticulocale", kText}, {"datcollversion", kText},
                   {"datacl", kAclArray}},
                  Databases});
  out->push_back({12010, "pg_catalog", "pg_roles",
                  {{"rolname", kName}, {"rolsuper", kBool}, {"rolinherit", kBool}, {"rolcreaterole", kBool},
                   {"rolcreatedb", kBool}, {"rolcanlogin", kBool}, {"rolreplication", kBool},
                   {"rolconnlimit", kInt4}, {"rolpassword", kText}, {"rolvaliduntil", kTimestamptz},
                   {"rolbypassrls", kBool}, {"rolconfig", kTextArray}, {"oid", kOid}},
                  Roles});
  out->push_back({1260, "pg_catalog", "pg_authid",
                  {{"oid", kOid}, {"rolname", kName}, {"rolsuper", kBool}, {"rolinherit", kBool},
                   {"rolcreaterole", kBool}, {"rolcreatedb", kBool}, {"rolcanlogin", kBool},
                   {"rolreplication", kBool}, {"rolbypassrls", kBool}, {"rolconnlimit", kInt4},
                   {"rolpassword", kText}, {"rolvaliduntil", kTimestamptz}},
                  Authid});
  out->push_back({12011, "pg_catalog", "pg_user",
                  {{"usename", kName}, {"usesysid", kOid}, {"usecreatedb", kBool}, {"usesuper", kBool},
                   {"userepl", kBool}, {"usebypassrls", kBool}, {"passwd", kText}, {"valuntil", kTimestamptz},
                   {"useconfig", kTextArray}},
                  Users});
  out->push_back({2964, "pg_catalog", "pg_db_role_setting",
                  {{"setdatabase", kOid}, {"setrole", kOid}, {"setconfig", kTextArray}}, DbRoleSettings});
  out->push_back({1261, "pg_catalog", "pg_auth_members",
                  {{"roleid", kOid}, {"member", kOid}, {"grantor", kOid}, {"admin_option", kBool}}, Nothing});
  out->push_back({12012, "pg_catalog", "pg_settings",
                  {{"name", kText}, {"setting", kText}, {"unit", kText}, {"category", kText}, {"short_desc", kText},
                   {"extra_desc", kText}, {"context", kText}, {"vartype", kText}, {"source", kText},
                   {"min_val", kText}, {"max_val", kText}, {"enumvals", kTextArray}, {"boot_val", kText},
                   {"reset_val", kText}, {"sourcefile", kText}, {"sourceline", kInt4}, {"pending_restart", kBool}},
                  Settings});
  out->push_back({12013, "pg_catalog", "pg_stat_activity",
                  {{"datid", kOid}, {"datname", kName}, {"pid", kInt4}, {"leader_pid", kInt4}, {"usesysid", kOid},
                   {"usename", kName}, {"application_name", kText}, {"client_addr", kText},
                   {"client_hostname", kText}, {"client_port", kInt4}, {"backend_start", kTimestamptz},
                   {"xact_start", kTimestamptz}, {"query_start", kTimestamptz}, {"state_change", kTimestamptz},
                   {"wait_event_type", kText}, {"wait_event", kText}, {"state", kText}, {"backend_xid", kXid},
                   {"backend_xmin", kXid}, {"query_id", kInt8}, {"query", kText}, {"backend_type", kText}},
                  Activity});
  out->push_back({2601, "pg_catalog", "pg_am",
                  {{"oid", kOid}, {"amname", kName}, {"amhandler", kRegproc}, {"amtype", kChar}}, AccessMethods});
  out->push_back({3456, "pg_catalog", "pg_collation",
                  {{"oid", kOid}, {"collname", kName}, {"collnamespace", kOid}, {"collowner", kOid},
                   {"collprovider", kChar}, {"collisdeterministic", kBool}, {"collencoding", kInt4},
                   {"collcollate", kText}, {"collctype", kText}, {"colliculocale", kText}, {"collversion", kText}},
                  Collations});
  out->push_back({1213, "pg_catalog", "pg_tablespace",
                  {{"oid", kOid}, {"spcname", kName}, {"spcowner", kOid}, {"spcacl", kAclArray},
                   {"spcoptions", kTextArray}},
                  Tablespaces});
  out->push_back({2608, "pg_catalog", "pg_depend",
                  {{"classid", kOid}, {"objid", kOid}, {"objsubid", kInt4}, {"refclassid", kOid}, {"refobjid", kOid},
                   {"refobjsubid", kInt4}, {"deptype", kChar}},
                  Depends});
  out->push_back({2611, "pg_catalog", "pg_inherits",
                  {{"inhrelid", kOid}, {"inhparent", kOid}, {"inhseqno", kInt4}, {"inhdetachpending", kBool}},
                  Nothing});
  out->push_back({3501, "pg_catalog", "pg_enum",
                  {{"oid", kOid}, {"enumtypid", kOid}, {"enumsortorder", kFloat4}, {"enumlabel", kName}}, Nothing});
  out->push_back({3541, "pg_catalog", "pg_range",
                  {{"rngtypid", kOid}, {"rngsubtype", kOid}, {"rngmultitypid", kOid}, {"rngcollation", kOid},
                   {"rngsubopc", kOid}, {"rngcanonical", kRegproc}, {"rngsubdiff", kRegproc}},
                  Nothing});
  out->push_back({3079, "pg_catalog", "pg_extension",
                  {{"oid", kOid}, {"extname", kName}, {"extowner", kOid}, {"extnamespace", kOid},
                   {"extrelocatable", kBool}, {"extversion", kText}, {"extconfig", kOidArray},
                   {"extcondition", kTextArray}},
                  Nothing});
  out->push_back({2620, "pg_catalog", "pg_trigger",
                  {{"oid", kOid}, {"tgrelid", kOid}, {"tgparentid", kOid}, {"tgname", kName}, {"tgfoid", kOid},
                   {"tgtype", kInt2}, {"tgenabled", kChar}, {"tgisinternal", kBool}, {"tgconstrrelid", kOid},
                   {"tgconstrindid", kOid}, {"tgconstraint", kOid}, {"tgdeferrable", kBool},
                   {"tginitdeferred", kBool}, {"tgnargs", kInt2}, {"tgattr", kInt2Vector}, {"tgargs", kText},
                   {"tgqual", kNodeTree}, {"tgoldtable", kName}, {"tgnewtable", kName}},
                  Nothing});
  out->push_back({3256, "pg_catalog", "pg_policy",
                  {{"oid", kOid}, {"polname", kName}, {"polrelid", kOid}, {"polcmd", kChar},
                   {"polpermissive", kBool}, {"polroles", kOidArray}, {"polqual", kNodeTree},
                   {"polwithcheck", kNodeTree}},
                  Nothing});
  out->push_back({3381, "pg_catalog", "pg_statistic_ext",
                  {{"oid", kOid}, {"stxrelid", kOid}, {"stxname", kName}, {"stxnamespace", kOid},
                   {"stxowner", kOid}, {"stxstattarget", kInt4}, {"stxkeys", kInt2Vector}, {"stxkind", kCharArray},
                   {"stxexprs", kNodeTree}},
                  Nothing});
  out->push_back({6104, "pg_catalog", "pg_publication",
                  {{"oid", kOid}, {"pubname", kName}, {"pubowner", kOid}, {"puballtables", kBool},
                   {"pubinsert", kBool}, {"pubupdate", kBool}, {"pubdelete", kBool}, {"pubtruncate", kBool},
                   {"pubviaroot", kBool}},
                  Nothing});
  out->push_back({6106, "pg_catalog", "pg_publication_rel",
                  {{"oid", kOid}, {"prpubid", kOid}, {"prrelid", kOid}, {"prqual", kNodeTree},
                   {"prattrs", kInt2Vector}},
                  Nothing});
  out->push_back({6237, "pg_catalog", "pg_publication_namespace",
                  {{"oid", kOid}, {"pnpubid", kOid}, {"pnnspid", kOid}}, Nothing});
  out->push_back({2618, "pg_catalog", "pg_rewrite",
                  {{"oid", kOid}, {"rulename", kName}, {"ev_class", kOid}, {"ev_type", kChar},
                   {"ev_enabled", kChar}, {"is_instead", kBool}, {"ev_qual", kNodeTree}, {"ev_action", kNodeTree}},
                  Nothing});
  out->push_back({2396, "pg_catalog", "pg_shdescription",
                  {{"objoid", kOid}, {"classoid", kOid}, {"description", kText}}, Nothing});
  out->push_back({3350, "pg_catalog", "pg_partitioned_table",
                  {{"partrelid", kOid}, {"partstrat", kChar}, {"partnatts", kInt2}, {"partdefid", kOid},
                   {"partattrs", kInt2Vector}, {"partclass", kOidVector}, {"partcollation", kOidVector},
                   {"partexprs", kNodeTree}},
                  Nothing});
  out->push_back({1255, "pg_catalog", "pg_proc",
                  {{"oid", kOid}, {"proname", kName}, {"pronamespace", kOid}, {"proowner", kOid},
                   {"prolang", kOid}, {"procost", kFloat4}, {"prorows", kFloat4}, {"provariadic", kOid},
                   {"prosupport", kRegproc}, {"prokind", kChar}, {"prosecdef", kBool}, {"proleakproof", kBool},
                   {"proisstrict", kBool}, {"proretset", kBool}, {"provolatile", kChar}, {"proparallel", kChar},
                   {"pronargs", kInt2}, {"pronargdefaults", kInt2}, {"prorettype", kOid},
                   {"proargtypes", kOidVector}, {"proallargtypes", kOidArray}, {"proargmodes", kCharArray},
                   {"proargnames", kTextArray}, {"proargdefaults", kNodeTree}, {"protrftypes", kOidArray},
                   {"prosrc", kText}, {"probin", kText}, {"prosqlbody", kNodeTree}, {"proconfig", kTextArray},
                   {"proacl", kAclArray}},
                  ProcRows});
}

}  // namespace catalog_pg
