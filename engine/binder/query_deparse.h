// A view's query printed back as PostgreSQL's ruleutils.c prints an analysed query
// (pg_get_viewdef, psql's \d+, pg_views.definition): every column qualified with its
// range-table name, one target per line with "AS name" where the output name differs,
// keywords on aligned lines, joins parenthesized (plain form), the implicit casts
// analysis added, and a trailing ";". Expressions go through expr_deparse.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/binder/binder.h"

namespace plinth {

// Binds `select_sql` (a SELECT as libpg-query deparses it) and prints it, naming the
// output columns `output_names` (the view's columns, which CREATE VIEW v (x, y) may have
// renamed). std::nullopt when the query holds a shape this printer does not show
// faithfully yet (WITH, nested set operations, VALUES, window functions, DISTINCT ON,
// LATERAL, NATURAL or aliased joins, ORDER BY inside an aggregate, ...) or no longer
// binds: callers print the stored text then (docs/catalog.md lists what is printed).
std::optional<std::string> DeparseSelectQuery(const BindContext& ctx, const std::string& select_sql,
                                              const std::vector<std::string>& output_names, bool pretty);

}  // namespace plinth
