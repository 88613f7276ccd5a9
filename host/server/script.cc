#include "host/server/script.h"

#include "engine/session/session.h"

namespace plinth {

Status RunScript(Database& db, std::string_view sql) {
  Session session(db, "postgres", SessionSettings());
  PLINTH_ASSIGN_OR_RETURN(auto tree, ParseTree::Parse(sql));
  struct Discard : RowSink {
    Status OnRow(const Row&) override { return Status::OK(); }
  } sink;
  for (size_t i = 0; i < tree->statements().size(); i++) {
    auto run = [&]() -> Status {
      PLINTH_ASSIGN_OR_RETURN(auto stmt, session.Prepare(tree, i, {}));
      PLINTH_ASSIGN_OR_RETURN(auto portal, session.Bind(stmt, {}, {}));
      bool suspended = false;
      std::string tag;
      PLINTH_RETURN_IF_ERROR(session.Execute(*portal, 0, sink, &suspended, &tag));
      return session.EndImplicitTransaction(true);
    };
    Status st = run();
    if (!st.ok()) {
      session.StatementFailed();
      return st;
    }
  }
  return Status::OK();
}

}  // namespace plinth
