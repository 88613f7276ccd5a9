// A client session: settings, the transaction state machine, prepared statements and
// portals. The wire protocol layer (host/protocol) drives it; so does the embedding API.
//
// Transactions follow PostgreSQL: a statement outside BEGIN runs in an implicit
// transaction that the caller ends with EndImplicitTransaction() (at Sync in the
// extended protocol, at the end of the query string in the simple one); an error
// inside BEGIN puts the block into the failed state (25P02) until ROLLBACK.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/executor/exec_context.h"
#include "engine/executor/operators.h"
#include "engine/parser/parser.h"
#include "engine/planner/plan.h"
#include "engine/session/database.h"
#include "engine/session/sequences.h"
#include "engine/session/settings.h"

namespace plinth {

// A statement ready to bind: parsed, and (for queries) planned against a catalog version.
struct PreparedStatement {
  std::shared_ptr<const ParseTree> tree;
  const struct PgQuery__Node* node = nullptr;
  std::string text;
  bool is_query = false;              // SELECT/INSERT/UPDATE/DELETE/VALUES
  std::vector<Oid> param_types;
  std::vector<OutputColumn> columns;  // empty: NoData
  std::shared_ptr<Plan> plan;
  uint64_t catalog_version = 0;
  std::string command_tag;            // for utility statements: "CREATE TABLE", "SET", ...

  // Whether Execute produces rows (RowDescription, even with zero columns, as for
  // `SELECT;`), as opposed to NoData.
  bool returns_rows() const {
    if (is_query && plan) return plan->action == PlanAction::Query || !plan->returning.empty();
    return !columns.empty();
  }
};

// A bound statement with its execution state, resumable for Execute with a row limit.
struct Portal {
  std::shared_ptr<PreparedStatement> stmt;
  std::vector<Value> params;
  std::vector<int16_t> result_formats;
  // Query execution state.
  std::unique_ptr<Operator> root;
  ExecContext ctx;
  bool started = false, done = false;
  uint64_t rows = 0;
  // Utility and DML results are produced in full at the first Execute.
  std::vector<Row> buffered;
  size_t buffered_next = 0;
  // RETURNING rows of the statement's data-modifying WITH entries, by entry.
  std::vector<std::vector<Row>> cte_rows;
  std::string tag;
  bool holdable = false;  // a cursor declared WITH HOLD outlives its transaction
};

class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual Status OnRow(const Row& row) = 0;
};

struct Notice {
  Notice() = default;
  Notice(std::string severity_, std::string sqlstate_, std::string message_, std::string detail_ = {})
      : severity(std::move(severity_)), sqlstate(std::move(sqlstate_)), message(std::move(message_)),
        detail(std::move(detail_)) {}
  std::string severity = "NOTICE";
  std::string sqlstate = "00000";
  std::string message;
  std::string detail;  // optional DETAIL line(s)
};

class Session {
 public:
  Session(Database& db, std::string user, SessionSettings settings);
  ~Session();

  // 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block.
  char TransactionStatus() const;

  Result<std::shared_ptr<PreparedStatement>> Prepare(std::shared_ptr<const ParseTree> tree, size_t index,
                                                     std::vector<Oid> param_types);
  Result<std::shared_ptr<PreparedStatement>> PrepareNode(std::shared_ptr<const ParseTree> tree,
                                                         const struct PgQuery__Node* node, std::string text,
                                                         std::vector<Oid> param_types);
  Result<std::unique_ptr<Portal>> Bind(std::shared_ptr<PreparedStatement> stmt, std::vector<Value> params,
                                       std::vector<int16_t> result_formats);
  // Runs the portal until max_rows rows were sent (0 = all). *suspended tells whether
  // rows remain; otherwise *tag is the CommandComplete tag.
  Status Execute(Portal& portal, uint64_t max_rows, RowSink& sink, bool* suspended, std::string* tag);
  // The result columns a portal will return (they may depend on the statement, e.g. SHOW).
  std::vector<OutputColumn> PortalColumns(const Portal& portal) const;

  // Ends an implicit transaction: commits on success, discards otherwise. Also clears
  // the "statement failed" mark of an explicit block's failed statement.
  Status EndImplicitTransaction(bool success);
  // Marks the current statement as failed (error raised by the caller or by Execute).
  void StatementFailed();

  // SET TRANSACTION (session_default false) or SET SESSION CHARACTERISTICS AS
  // TRANSACTION: the DefElem options transaction_isolation / transaction_read_only.
  Status SetTransactionCharacteristics(struct PgQuery__Node** options, size_t n_options, bool session_default);

  // The protocol's COPY data channel for the next Execute (nullptr: COPY is refused).
  void set_copy_stream(class CopyStream* stream) { copy_stream_ = stream; }

  const std::string& user() const { return user_; }
  SessionSettings& settings() { return settings_; }
  const IoContext& io() const { return settings_.io(); }
  std::atomic<bool>& cancel_flag() { return cancel_; }
  // The notices the client is to receive: those at or above client_min_messages (INFO
  // always), as PostgreSQL filters them; the rest are dropped.
  std::vector<Notice> TakeNotices();
  // ParameterStatus messages the client must receive (changed GUC_REPORT settings).
  std::vector<std::pair<std::string, std::string>> TakeReportedChanges() { return settings_.TakeReported(); }

  // SQL-level PREPARE / EXECUTE share this map with nothing else; the protocol keeps its own.
  std::map<std::string, std::shared_ptr<PreparedStatement>>& sql_prepared() { return sql_prepared_; }

  // For statements that execute a plan outside a portal (EXPLAIN ANALYZE): the session
  // services and catalog reader a portal's ExecContext gets.
  class SessionServices* services() { return services_.get(); }
  const struct plinth_catalog_reader* catalog_reader() const;

 private:
  Status ExecuteInner(Portal& portal, uint64_t max_rows, RowSink& sink, bool* suspended, std::string* tag);
  Status EnsureTransaction();
  // Starts txn_ with the session's default characteristics (or the given ones).
  void StartTransaction(IsolationLevel iso, bool read_only);
  // Makes SHOW transaction_isolation / transaction_read_only tell the open transaction's.
  void PublishTransactionCharacteristics();
  Status RunUtility(Portal& portal);
  Status RunModify(Portal& portal);
  // One INSERT/UPDATE/DELETE plan (the statement's or a WITH entry's): its RETURNING
  // rows go to *returned, its command tag to *tag (modify.cc).
  Status ModifyRows(const Plan& plan, ExecContext& ctx, std::vector<Row>* returned, std::string* tag);
  // Runs the statement's data-modifying WITH entries and makes their RETURNING rows
  // readable by the main query (modify.cc).
  Status RunModifyingCtes(Portal& portal);
  Status RunCopy(Portal& portal);
  Status RunLockingQuery(Portal& portal);
  Status RunCursorStatement(Portal& portal);
  Result<std::vector<OutputColumn>> CursorResultColumns(const struct PgQuery__Node* node);
  static bool IsCursorStatement(const struct PgQuery__Node* node);
  Status RunTransactionStmt(const struct PgQuery__Node* node, std::string* tag);
  Status Replan(PreparedStatement& stmt);
  void DiscardTransaction();

  Database& db_;
  std::string user_;
  SessionSettings settings_;
  std::unique_ptr<Transaction> txn_;
  int64_t transaction_start_us_ = 0;  // µs since 2000-01-01 UTC, for now()
  bool in_block_ = false;
  bool failed_ = false;
  std::atomic<bool> cancel_{false};
  std::vector<Notice> notices_;
  std::map<std::string, std::shared_ptr<PreparedStatement>> sql_prepared_;
  class CopyStream* copy_stream_ = nullptr;
  std::map<std::string, std::unique_ptr<Portal>> cursors_;  // DECLARE ... CURSOR
  std::unique_ptr<SessionServices> services_;  // sequences and relation names for functions
  // The catalog plugin's view of this session's catalog (engine/system/host_catalog.h).
  std::unique_ptr<class HostCatalogReader> catalog_reader_;
  // Names for reg* values (regclass prints as a relation name), installed in the I/O
  // context (engine/system/reg_names.h).
  std::unique_ptr<class CatalogRegNames> reg_names_;
};

}  // namespace plinth
