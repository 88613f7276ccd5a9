// The text PostgreSQL prints for a view's query (pg_get_viewdef, psql's \d+ view,
// pg_views.definition, information_schema.views.view_definition). The engine keeps the
// SELECT as libpg-query deparsed it (ViewDef::query_sql); PostgreSQL keeps the analysed
// query and prints it with ruleutils. This binds the stored SQL and prints it that way
// (engine/binder/query_deparse.h).
#pragma once

#include <string>

#include "engine/catalog/catalog.h"

namespace plinth {

class SessionSettings;

struct ViewDefinitionText {
  std::string plain;   // pg_get_viewdef(view)
  std::string pretty;  // pg_get_viewdef(view, true), as psql's \d+ asks
};

// `settings` (may be null) supplies the search_path names resolve in. A query the
// printer cannot show faithfully (or that no longer binds) comes back as the stored
// text, in PostgreSQL's frame (a leading space, a trailing ";").
ViewDefinitionText ViewText(const Catalog& cat, const ViewDef& view, const SessionSettings* settings);

}  // namespace plinth
