#include "engine/system/stored_expr_text.h"

#include <exception>

#include "engine/binder/binder.h"
#include "engine/binder/expr_deparse.h"
#include "engine/session/index_maintenance.h"
#include "engine/system/catalog_binding.h"

namespace plinth {

namespace {

// Binds `sql` (over `table`'s columns when given) and prints it; std::nullopt on any
// failure, so a catalog listing never fails because of one odd expression.
std::optional<StoredExprText> Print(const Catalog& cat, const TableDef* table, const std::string& sql,
                                    const SessionSettings* settings, const ColumnDef* default_of) {
  try {
    CatalogBinding binding(cat, settings);
    const IoContext& io = binding.io();
    Binder binder(binding.context(), {});
    auto bound = BindStoredExpr(binder, sql, table);
    if (!bound.ok()) return std::nullopt;
    ExprPtr e = bound.take();
    if (!DeparseSupported(*e)) return std::nullopt;
    // A default's untyped literal takes the column's type (without its typmod: the
    // length coercion PostgreSQL adds on top is an implicit cast it does not print).
    if (default_of && e->kind == ExprKind::Const && e->type == oids::kUnknown) {
      if (!e->value.is_null()) {
        auto v = InputText(default_of->type, -1, e->value.as_bytes(), io);
        if (!v.ok()) return std::nullopt;
        e->value = v.take();
      }
      e->type = default_of->type;
      e->typmod = -1;
    }
    return StoredExprText{DeparseBoundExpr(*e, io, false), DeparseBoundExpr(*e, io, true)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

StoredExprText CheckText(const Catalog& cat, const TableDef& t, const std::string& sql,
                         const SessionSettings* settings) {
  if (auto text = Print(cat, &t, sql, settings, nullptr)) return *text;
  return {"(" + sql + ")", sql};
}

StoredExprText DefaultText(const Catalog& cat, const ColumnDef& column, const SessionSettings* settings) {
  // Defaults cannot refer to columns: they bind without the table.
  if (auto text = Print(cat, nullptr, column.default_sql, settings, &column)) return *text;
  return {column.default_sql, column.default_sql};
}

}  // namespace plinth
