// The text PostgreSQL prints for a table's stored expressions (CHECK constraints, column
// defaults): the engine keeps the SQL as written (CheckDef::expr_sql,
// ColumnDef::default_sql); PostgreSQL keeps the analysed tree and prints it back with the
// casts analysis added. These bind the stored SQL against its table and print the bound
// tree the way ruleutils.c does (engine/binder/expr_deparse.h).
#pragma once

#include <string>

#include "engine/catalog/catalog.h"
#include "engine/types/types.h"

namespace plinth {

class SessionSettings;

struct StoredExprText {
  std::string plain;   // pg_get_constraintdef(oid) / pg_get_expr(adbin, rel): "(qty > (0)::numeric)"
  std::string pretty;  // ... with pretty => true, as psql's \d asks: "qty > 0::numeric"
};

// `settings` (may be null) supplies the search_path names resolve in. When the stored
// SQL no longer binds or holds something the printer cannot show faithfully, the
// text as written is returned (parenthesized in the plain form, as PostgreSQL
// parenthesizes an operator).
StoredExprText CheckText(const Catalog& cat, const TableDef& t, const std::string& sql,
                         const SessionSettings* settings);
StoredExprText DefaultText(const Catalog& cat, const ColumnDef& column, const SessionSettings* settings);

}  // namespace plinth
