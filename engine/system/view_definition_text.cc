#include "engine/system/view_definition_text.h"

#include "engine/binder/query_deparse.h"
#include "engine/session/settings.h"
#include "engine/system/reg_names.h"

namespace plinth {

ViewDefinitionText ViewText(const Catalog& cat, const ViewDef& view, const SessionSettings* settings) {
  RegNameSource names_source;
  names_source.catalog = [&cat]() -> const Catalog& { return cat; };
  names_source.settings = settings;
  CatalogRegNames names(std::move(names_source));
  IoContext io;
  io.reg_names = &names;
  BindContext ctx{&cat, settings ? settings->search_path() : std::vector<std::string>{"public"}, &io};

  std::vector<std::string> output_names;
  for (const ViewColumn& c : view.columns) output_names.push_back(c.name);
  auto plain = DeparseSelectQuery(ctx, view.query_sql, output_names, false);
  auto pretty = plain ? DeparseSelectQuery(ctx, view.query_sql, output_names, true) : std::nullopt;
  if (plain && pretty) return {std::move(*plain), std::move(*pretty)};
  std::string stored = " " + view.query_sql + ";";
  return {stored, stored};
}

}  // namespace plinth
