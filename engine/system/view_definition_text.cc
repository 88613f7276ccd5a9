#include "engine/system/view_definition_text.h"

#include "engine/binder/query_deparse.h"
#include "engine/system/catalog_binding.h"

namespace plinth {

ViewDefinitionText ViewText(const Catalog& cat, const ViewDef& view, const SessionSettings* settings) {
  CatalogBinding binding(cat, settings);
  const BindContext& ctx = binding.context();

  std::vector<std::string> output_names;
  for (const ViewColumn& c : view.columns) output_names.push_back(c.name);
  auto plain = DeparseSelectQuery(ctx, view.query_sql, output_names, false);
  auto pretty = plain ? DeparseSelectQuery(ctx, view.query_sql, output_names, true) : std::nullopt;
  if (plain && pretty) return {std::move(*plain), std::move(*pretty)};
  std::string stored = " " + view.query_sql + ";";
  return {stored, stored};
}

}  // namespace plinth
