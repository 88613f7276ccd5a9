// The host's side of the catalog plugin ABI: a plinth_catalog_reader over one session's
// view of the catalog. Its host relations (plinth_tables, plinth_columns, ...; columns
// documented in docs/sdk.md "Catalog host relations") are computed on demand from the
// Catalog the session's statements see, its settings, user and database.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalog/catalog.h"
#include "plinth/catalog.h"

namespace plinth {

class SessionSettings;
class Cluster;
class RoleStore;

// OIDs for catalog objects the engine does not number (schemas other than public,
// constraints, extra roles): derived from the object's identity, so they are stable
// across restarts, and placed above 2^30, far beyond sequentially allocated user OIDs.
Oid StableOid(std::string_view identity);

// pg_namespace.oid of a schema: PostgreSQL's fixed OIDs for public, pg_catalog and
// information_schema (as initdb numbers it), a StableOid for the others.
inline constexpr Oid kInformationSchemaNamespaceOid = 13183;
Oid SchemaOid(const std::string& name);

// pg_type OIDs of a table's or view's row type and of that type's array type, 0 when
// the relation has none. The engine allocates relation OIDs sequentially from 16384, so
// these map them into [2^29, 2^30): above every sequential OID (until 2^28 relations'
// worth have been allocated, when there is no row type any more) and below StableOid's
// range, and they follow from the relation's OID alone, so they survive restarts.
inline constexpr Oid kRowTypeOidBase = 0x20000000u;
inline Oid RowTypeOid(Oid relation) { return relation < 0x10000000u ? kRowTypeOidBase + 2 * relation : 0; }
inline Oid RowTypeArrayOid(Oid relation) { return relation < 0x10000000u ? kRowTypeOidBase + 2 * relation + 1 : 0; }
// The relation whose row type (or its array, when *is_array) `type` is; 0 if none.
inline Oid RowTypeRelation(Oid type, bool* is_array) {
  if (type < kRowTypeOidBase || type >= 2 * kRowTypeOidBase) return 0;
  *is_array = (type - kRowTypeOidBase) % 2 == 1;
  return (type - kRowTypeOidBase) / 2;
}

inline constexpr Oid kBootstrapSuperuserOid = 10;
inline constexpr Oid kDatabaseOid = 5;  // PostgreSQL 15's "postgres" database

struct HostCatalogSource {
  std::function<const Catalog&()> catalog;  // the catalog statements see right now
  const SessionSettings* settings = nullptr;
  std::string user;
  std::string database;
  int32_t backend_pid = 0;
  // The server's databases and stored setting defaults; null: this database alone.
  const Cluster* cluster = nullptr;
  // The server's roles (pg_roles lists them all); null: the superuser and the user only.
  const RoleStore* roles = nullptr;
};

class HostCatalogReader {
 public:
  explicit HostCatalogReader(HostCatalogSource source);
  HostCatalogReader(const HostCatalogReader&) = delete;
  HostCatalogReader& operator=(const HostCatalogReader&) = delete;

  const plinth_catalog_reader* reader() const { return &reader_; }

  // The rows of a host relation, as text (nullopt = SQL NULL); false if unknown.
  using TextRow = std::vector<std::optional<std::string>>;
  bool Rows(std::string_view relation, std::vector<TextRow>* rows) const;

 private:
  static plinth_status ScanThunk(void* ctx, const char* relation, plinth_row_sink* sink, plinth_error* err);
  static const char* SettingThunk(void* ctx, const char* name);

  HostCatalogSource source_;
  plinth_catalog_reader reader_;
  mutable std::string setting_value_;  // backs the last setting() answer
};

}  // namespace plinth
