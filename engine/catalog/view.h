// Views: a stored query with named, typed output columns (CREATE VIEW). A view shares
// its schema's relation namespace with tables and sequences, and is stored as one
// catalog object like them, so views survive a restart and DDL on them is transactional.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"
#include "engine/types/value.h"

namespace plinth {

struct ViewColumn {
  std::string name;
  Oid type = 0;
  int32_t typmod = -1;
};

// WITH [LOCAL | CASCADED] CHECK OPTION, spelled as PostgreSQL's reloption values.
enum class ViewCheckOption : char { None = 0, Local = 'l', Cascaded = 'c' };

struct ViewDef {
  Oid oid = 0;
  std::string schema;
  std::string name;
  std::vector<ViewColumn> columns;
  // The SELECT, as libpg-query deparses it: re-parsed and bound wherever the view is
  // read, so it always sees the current rows and catalog.
  std::string query_sql;
  ViewCheckOption check_option = ViewCheckOption::None;
  // The tables and views the query reads directly (its pg_depend entries): they cannot
  // be dropped while the view exists, except by CASCADE.
  std::vector<Oid> depends_on;
  std::string comment;

  int FindColumn(std::string_view col) const;
  std::string Serialize() const;
  static Result<ViewDef> Deserialize(std::string_view bytes);
  // Whether a stored catalog object is a view (its first byte).
  static bool IsViewBlob(std::string_view bytes);
};

}  // namespace plinth
