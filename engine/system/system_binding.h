// Name resolution for catalog plugin relations, shared by the binder.
#pragma once

#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/system/system_catalog.h"

namespace plinth {

// The plugin relation `schema.name` denotes, or null. Explicit pg_catalog and
// information_schema names go to the plugin. An unqualified name goes there only when no
// user relation on the search_path has it: PostgreSQL searches pg_catalog first, but
// letting user tables win keeps user schemas unaffected by the plugin's names.
const SystemRelation* ResolveSystemRelation(const SystemCatalog* system, const Catalog& catalog,
                                            const std::string& schema, const std::string& name,
                                            const std::vector<std::string>& search_path);

}  // namespace plinth
