#include "host_view.h"

#include <sstream>
#include <stdexcept>

namespace catalog_pg {

namespace {

struct Collector {
  std::vector<HostView::TextRow> rows;
};

plinth_status Collect(void* ctx, const plinth_bytes* values, size_t n) {
  auto* c = static_cast<Collector*>(ctx);
  HostView::TextRow row(n);
  for (size_t i = 0; i < n; i++)
    if (values[i].data) row[i] = std::string(reinterpret_cast<const char*>(values[i].data), values[i].len);
  c->rows.push_back(std::move(row));
  return PLINTH_OK;
}

const std::string& Str(const HostView::TextRow& r, size_t i) {
  static const std::string kEmpty;
  return i < r.size() && r[i] ? *r[i] : kEmpty;
}
uint32_t U32(const HostView::TextRow& r, size_t i) { return static_cast<uint32_t>(std::stoul(Str(r, i).empty() ? "0" : Str(r, i))); }
int64_t I64(const HostView::TextRow& r, size_t i) { return std::stoll(Str(r, i).empty() ? "0" : Str(r, i)); }
bool B(const HostView::TextRow& r, size_t i) { return Str(r, i) == "t"; }
char C(const HostView::TextRow& r, size_t i) { return Str(r, i).empty() ? '\0' : Str(r, i)[0]; }
std::optional<std::string> Opt(const HostView::TextRow& r, size_t i) { return i < r.size() ? r[i] : std::nullopt; }

}  // namespace

std::vector<int> ParseAttnums(const std::string& text) {
  std::vector<int> out;
  std::istringstream in(text);
  int v;
  while (in >> v) out.push_back(v);
  return out;
}

std::vector<HostView::TextRow> HostView::Scan(const char* host_relation) const {
  Collector c;
  plinth_row_sink sink{&c, Collect};
  plinth_error err{};
  err.struct_size = sizeof err;
  if (reader_->scan(reader_->ctx, host_relation, &sink, &err) != PLINTH_OK)
    throw std::runtime_error(std::string("host relation ") + host_relation + ": " + err.message);
  return std::move(c.rows);
}

std::vector<Schema> HostView::Schemas() const {
  std::vector<Schema> out{{kPgCatalogNamespace, "pg_catalog", "postgres"},
                          {kInformationSchemaNamespace, "information_schema", "postgres"}};
  for (auto& r : Scan("plinth_schemas")) {
    uint32_t oid = U32(r, 0);
    out.push_back({oid, Str(r, 1), oid == kPublicNamespace ? "pg_database_owner" : Str(r, 2)});
  }
  return out;
}

std::vector<Relation> HostView::Relations() const {
  std::vector<Relation> out;
  for (auto& r : Scan("plinth_tables"))
    out.push_back({U32(r, 0), U32(r, 1), Str(r, 2), Str(r, 3), C(r, 4), C(r, 5), Str(r, 6), Opt(r, 7), U32(r, 8),
                   U32(r, 9), U32(r, 10)});
  return out;
}

std::vector<Column> HostView::Columns() const {
  std::vector<Column> out;
  for (auto& r : Scan("plinth_columns"))
    out.push_back({U32(r, 0), static_cast<int>(I64(r, 1)), Str(r, 2), U32(r, 3), static_cast<int32_t>(I64(r, 4)),
                   B(r, 5), Opt(r, 6), Str(r, 7), Opt(r, 8), Opt(r, 9)});
  return out;
}

std::vector<Index> HostView::Indexes() const {
  std::vector<Index> out;
  for (auto& r : Scan("plinth_indexes"))
    out.push_back({U32(r, 0), U32(r, 1), Str(r, 2), B(r, 3), B(r, 4), B(r, 5), ParseAttnums(Str(r, 6)), Str(r, 7),
                   Opt(r, 8)});
  return out;
}

std::vector<Constraint> HostView::Constraints() const {
  std::vector<Constraint> out;
  for (auto& r : Scan("plinth_constraints"))
    out.push_back({U32(r, 0), U32(r, 1), Str(r, 2), C(r, 3), ParseAttnums(Str(r, 4)), U32(r, 5), U32(r, 6),
                   ParseAttnums(Str(r, 7)), C(r, 8), C(r, 9), Opt(r, 10), Opt(r, 11)});
  return out;
}

std::vector<Type> HostView::Types() const {
  std::vector<Type> out;
  for (auto& r : Scan("plinth_types"))
    out.push_back({U32(r, 0), Str(r, 1), static_cast<int>(I64(r, 2)), B(r, 3), C(r, 4), B(r, 5), U32(r, 6), U32(r, 7)});
  return out;
}

std::vector<Sequence> HostView::Sequences() const {
  std::vector<Sequence> out;
  for (auto& r : Scan("plinth_sequences"))
    out.push_back({U32(r, 0), U32(r, 1), I64(r, 2), I64(r, 3), I64(r, 4), I64(r, 5), I64(r, 6), B(r, 7), U32(r, 8),
                   static_cast<int>(I64(r, 9))});
  return out;
}

std::vector<Role> HostView::Roles() const {
  // PostgreSQL's predefined role that owns the public schema.
  std::vector<Role> out{{kDatabaseOwnerRole, "pg_database_owner", false}};
  for (auto& r : Scan("plinth_roles")) out.push_back({U32(r, 0), Str(r, 1), B(r, 2)});
  return out;
}

std::vector<Comment> HostView::Comments() const {
  std::vector<Comment> out;
  for (auto& r : Scan("plinth_comments"))
    out.push_back({U32(r, 0), U32(r, 1), static_cast<int>(I64(r, 2)), Str(r, 3)});
  return out;
}

std::vector<ViewDefinition> HostView::ViewDefinitions() const {
  std::vector<ViewDefinition> out;
  for (auto& r : Scan("plinth_views")) {
    // Hosts that predate the pretty column give the plain text for both.
    std::string plain = Str(r, 1);
    std::string pretty = r.size() > 3 && r[3] ? *r[3] : plain;
    out.push_back({U32(r, 0), std::move(plain), Str(r, 2), std::move(pretty)});
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> HostView::Settings() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& r : Scan("plinth_settings")) out.emplace_back(Str(r, 0), Str(r, 1));
  return out;
}

std::string HostView::Setting(const char* name) const {
  const char* v = reader_->setting ? reader_->setting(reader_->ctx, name) : nullptr;
  return v ? v : "";
}

std::string HostView::Database() const {
  auto rows = Scan("plinth_databases");
  return rows.empty() ? "postgres" : Str(rows[0], 1);
}

std::vector<DatabaseInfo> HostView::Databases() const {
  std::vector<DatabaseInfo> out;
  for (auto& r : Scan("plinth_databases")) {
    // A host without the owner's oid (column 4) has only the bootstrap superuser's databases.
    uint32_t owner = r.size() > 4 && r[4] ? U32(r, 4) : kSuperuserOid;
    out.push_back({U32(r, 0), Str(r, 1), owner});
  }
  if (out.empty()) out.push_back({5, "postgres", kSuperuserOid});
  return out;
}

}  // namespace catalog_pg
