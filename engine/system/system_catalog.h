// The loaded catalog plugin as the engine sees it: its relations (pg_catalog.*,
// information_schema.*) as table definitions the binder resolves like user tables,
// and its scalar functions as FunctionDefs the binder falls back to when the built-in
// registry has no candidate. One instance per server, owned by the Database; the
// plugin's vtable outlives it (the PluginHost keeps the library loaded).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/common/status.h"
#include "engine/functions/functions.h"
#include "plinth/catalog.h"

namespace plinth {

inline constexpr const char* kInformationSchema = "information_schema";
inline constexpr const char* kPgCatalog = "pg_catalog";

struct SystemRelation {
  size_t index = 0;                       // into plinth_catalog_v1::relations
  std::shared_ptr<const TableDef> table;  // oid, schema, name and typed columns
};

class SystemCatalog {
 public:
  // Checks the vtable's shape (struct sizes, known column types) and indexes it.
  static Result<std::unique_ptr<SystemCatalog>> Create(const plinth_catalog_v1* vtable);

  // `schema` empty: pg_catalog, which PostgreSQL searches before the search_path.
  const SystemRelation* FindRelation(std::string_view schema, std::string_view name) const;
  const SystemRelation* FindRelationByOid(Oid oid) const;  // regclass output
  const std::vector<const FunctionDef*>& FunctionCandidates(std::string_view name) const;

  // Produces every row of `rel`, converted from the plugin's text into column types.
  Status Scan(const SystemRelation& rel, const plinth_catalog_reader* reader, const IoContext& io,
              std::vector<std::vector<Value>>* rows) const;

 private:
  explicit SystemCatalog(const plinth_catalog_v1* vtable) : vtable_(vtable) {}

  const plinth_catalog_v1* vtable_;
  std::map<std::pair<std::string, std::string>, SystemRelation, std::less<>> relations_;
  std::deque<FunctionDef> functions_;  // stable addresses: bound Exprs point at them
  std::map<std::string, std::vector<const FunctionDef*>, std::less<>> functions_by_name_;
};

}  // namespace plinth
