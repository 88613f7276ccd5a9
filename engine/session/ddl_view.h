// CREATE [OR REPLACE] VIEW and DROP VIEW, and the view dependencies other DROPs respect.
#pragma once

#include <string>
#include <vector>

#include "engine/session/utility.h"

struct PgQuery__ViewStmt;
struct PgQuery__DropStmt;
struct PgQuery__Node;

namespace plinth {

Status CreateView(UtilityContext& ctx, const PgQuery__ViewStmt* vs, std::vector<Notice>* notices);
Status DropViews(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::vector<Notice>* notices);

namespace ddl {

// The views that depend on `victims` (directly or through each other) and are not
// victims themselves, in PostgreSQL's report order: depth first, each level by OID.
// `lines` receives "view v depends on table t" lines for a 2BP01 DETAIL.
struct ViewDependents {
  std::vector<Oid> views;
  std::vector<std::string> lines;
};
ViewDependents FindViewDependents(const Catalog& cat, const std::vector<Oid>& victims);

// Removes a view from the transaction's catalog and storage.
void DropViewNow(UtilityContext& ctx, Oid oid);

}  // namespace ddl
}  // namespace plinth
