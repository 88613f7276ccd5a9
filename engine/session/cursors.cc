// SQL-level cursors: DECLARE, FETCH/MOVE (forward), CLOSE. A cursor is a portal kept by
// name in the session; without WITH HOLD it ends with its transaction, as in PostgreSQL.
#include <pg_query/pg_query.pb-c.h>

#include "engine/session/session.h"

namespace plinth {

namespace {
constexpr int32_t kCursorOptHold = 0x0020;  // CURSOR_OPT_HOLD in PostgreSQL's parsenodes.h
constexpr int32_t kCursorOptScroll = 0x0002;
}  // namespace

bool Session::IsCursorStatement(const PgQuery__Node* node) {
  return node->node_case == PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT ||
         node->node_case == PG_QUERY__NODE__NODE_FETCH_STMT ||
         node->node_case == PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT;
}

Result<std::vector<OutputColumn>> Session::CursorResultColumns(const PgQuery__Node* node) {
  if (node->node_case != PG_QUERY__NODE__NODE_FETCH_STMT || node->fetch_stmt->ismove) return std::vector<OutputColumn>{};
  std::string name = node->fetch_stmt->portalname ? node->fetch_stmt->portalname : "";
  auto it = cursors_.find(name);
  if (it == cursors_.end()) return Status::Error("34000", "cursor \"" + name + "\" does not exist");
  return it->second->stmt->columns;
}

Status Session::RunCursorStatement(Portal& portal) {
  const PgQuery__Node* node = portal.stmt->node;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT: {
      const PgQuery__DeclareCursorStmt* dc = node->declare_cursor_stmt;
      portal.tag = "DECLARE CURSOR";
      std::string name = dc->portalname;
      if (!(dc->options & kCursorOptHold) && !in_block_)
        return Status::Error("25P01", "DECLARE CURSOR can only be used in transaction blocks");
      if (dc->options & kCursorOptScroll) return Status::Error("0A000", "SCROLL cursors are not supported yet");
      if (cursors_.count(name)) return Status::Error("42P03", "cursor \"" + name + "\" already exists");
      PLINTH_RETURN_IF_ERROR(EnsureTransaction());
      PLINTH_ASSIGN_OR_RETURN(auto stmt, PrepareNode(portal.stmt->tree, dc->query, "", {}));
      if (!stmt->param_types.empty()) return Status::Error("42P02", "there is no parameter $1");
      PLINTH_ASSIGN_OR_RETURN(auto cursor, Bind(stmt, {}, {}));
      cursor->holdable = (dc->options & kCursorOptHold) != 0;
      if (cursor->holdable) {
        // A holdable cursor outlives its transaction: read it all now (as PostgreSQL
        // materialises it at commit) and serve FETCH from the saved rows.
        struct Keep : RowSink {
          std::vector<Row>* rows;
          Status OnRow(const Row& r) override {
            rows->push_back(r);
            return Status::OK();
          }
        } keep;
        std::vector<Row> rows;
        keep.rows = &rows;
        bool suspended = false;
        std::string tag;
        PLINTH_RETURN_IF_ERROR(ExecuteInner(*cursor, 0, keep, &suspended, &tag));
        cursor->root.reset();
        cursor->buffered = std::move(rows);
        cursor->buffered_next = 0;
        cursor->done = false;
      }
      cursors_[name] = std::move(cursor);
      return Status::OK();
    }
    case PG_QUERY__NODE__NODE_FETCH_STMT: {
      const PgQuery__FetchStmt* fs = node->fetch_stmt;
      std::string name = fs->portalname ? fs->portalname : "";
      auto it = cursors_.find(name);
      if (it == cursors_.end()) return Status::Error("34000", "cursor \"" + name + "\" does not exist");
      if (fs->direction != PG_QUERY__FETCH_DIRECTION__FETCH_FORWARD || fs->how_many < 0)
        return Status::Error("55000", "cursor can only scan forward")
            .with_hint("Declare it with SCROLL option to enable backward scan.");
      uint64_t n = fs->how_many == 0 ? 0 : static_cast<uint64_t>(fs->how_many);  // 0 here means ALL
      struct Collect : RowSink {
        std::vector<Row>* rows;
        bool keep;
        uint64_t count = 0;
        Status OnRow(const Row& r) override {
          count++;
          if (keep) rows->push_back(r);
          return Status::OK();
        }
      } sink;
      sink.rows = &portal.buffered;
      sink.keep = !fs->ismove;
      Portal& cursor = *it->second;
      if (!cursor.done) {
        bool suspended = false;
        std::string tag;
        PLINTH_RETURN_IF_ERROR(ExecuteInner(cursor, n, sink, &suspended, &tag));
      }
      portal.tag = std::string(fs->ismove ? "MOVE " : "FETCH ") + std::to_string(sink.count);
      return Status::OK();
    }
    case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT: {
      const char* name = node->close_portal_stmt->portalname;
      if (!name) {
        cursors_.clear();
        portal.tag = "CLOSE CURSOR ALL";
        return Status::OK();
      }
      portal.tag = "CLOSE CURSOR";
      if (!cursors_.erase(name)) return Status::Error("34000", std::string("cursor \"") + name + "\" does not exist");
      return Status::OK();
    }
    default:
      return Status::Error("XX000", "not a cursor statement");
  }
}

}  // namespace plinth
