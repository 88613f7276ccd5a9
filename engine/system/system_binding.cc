#include "engine/system/system_binding.h"

namespace plinth {

const SystemRelation* ResolveSystemRelation(const SystemCatalog* system, const Catalog& catalog,
                                            const std::string& schema, const std::string& name,
                                            const std::vector<std::string>& search_path) {
  if (system == nullptr) return nullptr;
  if (schema == kPgCatalog || schema == kInformationSchema) return system->FindRelation(schema, name);
  if (!schema.empty()) return nullptr;
  if (catalog.LookupTable(schema, name, search_path) != nullptr) return nullptr;
  if (catalog.LookupSequence(schema, name, search_path) != nullptr) return nullptr;
  return system->FindRelation(kPgCatalog, name);
}

}  // namespace plinth
