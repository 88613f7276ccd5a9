// DDL: CREATE TABLE and DROP TABLE, applied to the transaction's private catalog copy
// and written into its batch (see catalog/catalog.h for why that makes DDL transactional).
#pragma once

#include <string>
#include <vector>

#include "engine/session/utility.h"

struct PgQuery__CreateStmt;
struct PgQuery__DropStmt;

namespace plinth {

Status CreateTable(UtilityContext& ctx, const PgQuery__CreateStmt* cs, std::vector<Notice>* notices);
Status DropObjects(UtilityContext& ctx, const PgQuery__DropStmt* ds, std::string* tag, std::vector<Notice>* notices);

}  // namespace plinth
