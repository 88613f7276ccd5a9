// The session's RegNameResolver: regclass, regtype, regnamespace and regrole values
// printed as PostgreSQL prints them (a relation's name, schema-qualified only when the
// search_path would not find it; a type's SQL name) and names read back into OIDs, from
// the catalog the session's statements see and the catalog plugin's relations.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/catalog/catalog.h"
#include "engine/types/types.h"

namespace plinth {

class SessionSettings;
class SystemCatalog;

struct RegNameSource {
  std::function<const Catalog&()> catalog;  // the catalog statements see right now
  const SessionSettings* settings = nullptr;  // search_path
  const SystemCatalog* system = nullptr;      // null: no catalog plugin loaded
  std::string user;                           // the session's role (regrole)
};

class CatalogRegNames final : public RegNameResolver {
 public:
  explicit CatalogRegNames(RegNameSource source) : source_(std::move(source)) {}

  std::optional<std::string> Name(Oid reg_type, Oid oid) const override;
  Result<Oid> Find(Oid reg_type, std::string_view name) const override;

 private:
  std::optional<std::string> RelationName(Oid oid) const;
  std::optional<std::string> SchemaName(Oid oid) const;
  Result<Oid> FindRelation(std::string_view text) const;
  Result<Oid> FindType(std::string_view text) const;

  RegNameSource source_;
};

}  // namespace plinth
