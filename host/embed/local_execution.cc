#include "host/embed/local_execution.h"

#include "engine/parser/parser.h"
#include "engine/session/session.h"
#include "engine/types/types.h"

namespace plinth {

namespace {

class CollectRows : public RowSink {
 public:
  explicit CollectRows(std::vector<Row>* rows) : rows_(rows) {}
  Status OnRow(const Row& row) override {
    rows_->push_back(row);
    return Status::OK();
  }

 private:
  std::vector<Row>* rows_;
};

// Binds and runs a prepared statement to completion.
Result<StatementOutcome> RunPrepared(Session& session, std::shared_ptr<PreparedStatement> stmt,
                                     std::vector<Value> params) {
  PLINTH_ASSIGN_OR_RETURN(auto portal, session.Bind(std::move(stmt), std::move(params), {}));
  StatementOutcome out;
  if (portal->stmt->returns_rows()) out.columns = session.PortalColumns(*portal);
  CollectRows sink(&out.rows);
  bool suspended = false;
  PLINTH_RETURN_IF_ERROR(session.Execute(*portal, 0, sink, &suspended, &out.tag));
  session.TakeNotices();  // an embedded caller has no notice channel (yet)
  return out;
}

// Ends the statement's implicit transaction as the protocol does at Sync / end of query:
// commit on success; on failure, discard it (or mark the open block failed).
Result<StatementOutcome> Finish(Session& session, Result<StatementOutcome> outcome) {
  if (!outcome.ok()) {
    session.StatementFailed();
    session.EndImplicitTransaction(false);
    session.TakeNotices();
    return outcome;
  }
  PLINTH_RETURN_IF_ERROR(session.EndImplicitTransaction(true));
  return outcome;
}

}  // namespace

Result<StatementOutcome> RunSimpleQuery(Session& session, std::string_view sql) {
  auto run = [&]() -> Result<StatementOutcome> {
    PLINTH_ASSIGN_OR_RETURN(auto tree, ParseTree::Parse(sql));
    StatementOutcome last;
    for (size_t i = 0; i < tree->statements().size(); i++) {
      PLINTH_ASSIGN_OR_RETURN(auto stmt, session.Prepare(tree, i, {}));
      PLINTH_ASSIGN_OR_RETURN(last, RunPrepared(session, std::move(stmt), {}));
    }
    return last;
  };
  return Finish(session, run());
}

namespace {

Result<std::shared_ptr<PreparedStatement>> ParseOne(Session& session, std::string_view sql) {
  PLINTH_ASSIGN_OR_RETURN(auto tree, ParseTree::Parse(sql));
  if (tree->statements().size() != 1)
    return Status::Error("42601", tree->statements().empty()
                                      ? "a query with parameters must contain a statement"
                                      : "cannot insert multiple commands into a prepared statement");
  return session.Prepare(tree, 0, {});
}

// Binds text parameters by the statement's parameter types and runs it.
Result<StatementOutcome> RunWithTexts(Session& session, std::shared_ptr<PreparedStatement> stmt,
                                      const std::vector<std::optional<std::string>>& params) {
  if (stmt->param_types.size() != params.size())
    return Status::Error("08P01", "the statement uses " + std::to_string(stmt->param_types.size()) +
                                      " parameters, but " + std::to_string(params.size()) + " were given");
  std::vector<Value> values;
  values.reserve(params.size());
  for (size_t i = 0; i < params.size(); i++) {
    if (!params[i]) {
      values.push_back(Value::Null());
      continue;
    }
    PLINTH_ASSIGN_OR_RETURN(Value v, InputText(stmt->param_types[i], -1, *params[i], session.io()));
    values.push_back(std::move(v));
  }
  return RunPrepared(session, std::move(stmt), std::move(values));
}

}  // namespace

Result<StatementOutcome> RunWithParams(Session& session, std::string_view sql,
                                       const std::vector<std::optional<std::string>>& params) {
  auto run = [&]() -> Result<StatementOutcome> {
    PLINTH_ASSIGN_OR_RETURN(auto stmt, ParseOne(session, sql));
    return RunWithTexts(session, std::move(stmt), params);
  };
  return Finish(session, run());
}

Result<std::shared_ptr<PreparedStatement>> PrepareOne(Session& session, std::string_view sql) {
  auto stmt = ParseOne(session, sql);
  if (!stmt.ok()) {
    session.StatementFailed();
    session.EndImplicitTransaction(false);
    session.TakeNotices();
    return stmt.status();
  }
  PLINTH_RETURN_IF_ERROR(session.EndImplicitTransaction(true));
  return stmt;
}

Result<StatementOutcome> RunPreparedStatement(Session& session, std::shared_ptr<PreparedStatement> stmt,
                                              const std::vector<std::optional<std::string>>& params) {
  return Finish(session, RunWithTexts(session, std::move(stmt), params));
}

}  // namespace plinth
