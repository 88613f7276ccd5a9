// Utility statements: DDL, SET/SHOW/RESET, SQL-level PREPARE/EXECUTE/DEALLOCATE,
// DISCARD. Transaction control lives in Session itself.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/executor/exec_context.h"
#include "engine/parser/parser.h"
#include "engine/planner/plan.h"

struct PgQuery__Node;
struct PgQuery__VariableSetStmt;

namespace plinth {

class Database;
class Session;
struct Notice;

struct UtilityContext {
  Database& db;
  Session& session;
  std::unique_ptr<Transaction>& txn;
  const std::vector<Value>& params;
  std::shared_ptr<const ParseTree> tree;
};

bool UtilityNeedsTransaction(const PgQuery__Node* node);
bool UtilityWrites(const PgQuery__Node* node);
std::string UtilityTag(const PgQuery__Node* node);
// The text of a SET argument list, as PostgreSQL flattens it ("a, b").
Result<std::string> SetArgsText(const PgQuery__VariableSetStmt* vs);
Result<std::vector<OutputColumn>> UtilityResultColumns(const PgQuery__Node* node, Session& session);
Status RunUtilityStatement(UtilityContext& ctx, const PgQuery__Node* node, std::vector<Row>* rows, std::string* tag,
                           std::vector<Notice>* notices);

}  // namespace plinth
