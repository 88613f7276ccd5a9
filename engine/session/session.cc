#include "engine/session/session.h"

#include <pg_query/pg_query.pb-c.h>

#include <chrono>

#include "engine/binder/binder.h"
#include "engine/executor/eval.h"
#include "engine/planner/planner.h"
#include "engine/session/utility.h"
#include "engine/system/host_catalog.h"
#include "engine/system/reg_names.h"
#include "engine/session/watchdog.h"

namespace plinth {

namespace {

bool IsQueryNode(const PgQuery__Node* n) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      return !n->select_stmt->into_clause;  // SELECT ... INTO creates a table
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      return true;
    default:
      return false;
  }
}

bool IsTransactionEnd(const PgQuery__Node* n) {
  if (n->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT) return false;
  auto k = n->transaction_stmt->kind;
  return k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT ||
         k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK ||
         k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO;
}

IsolationLevel ParseIsolationLevel(const std::string& level) {
  return level == "serializable"       ? IsolationLevel::Serializable
         : level == "repeatable read" ? IsolationLevel::RepeatableRead
                                      : IsolationLevel::ReadCommitted;  // READ UNCOMMITTED too, as in PostgreSQL
}

const char* IsolationLevelName(IsolationLevel iso) {
  switch (iso) {
    case IsolationLevel::Serializable: return "serializable";
    case IsolationLevel::RepeatableRead: return "repeatable read";
    default: return "read committed";
  }
}

// The transaction_isolation / transaction_read_only DefElems of BEGIN, START
// TRANSACTION and SET TRANSACTION.
void ApplyTransactionOptions(PgQuery__Node** options, size_t n, IsolationLevel* iso, bool* ro) {
  for (size_t i = 0; i < n; i++) {
    if (options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    const PgQuery__DefElem* d = options[i]->def_elem;
    std::string name = d->defname;
    if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_A_CONST) continue;
    const PgQuery__AConst* c = d->arg->a_const;
    if (name == "transaction_isolation" && c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
      *iso = ParseIsolationLevel(c->sval->sval);
    else if (name == "transaction_read_only" && c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
      *ro = c->ival->ival != 0;
  }
}

int64_t NowMicrosSince2000() {
  using namespace std::chrono;
  int64_t unix_us = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
  return unix_us - 946684800LL * 1000000;
}

}  // namespace

Session::Session(Database& db, std::string user, SessionSettings settings)
    : db_(db), user_(std::move(user)), settings_(std::move(settings)) {
  // Functions resolve names in the catalog the session's statements see: the open
  // transaction's (with its own DDL) or else the committed one.
  services_ = std::make_unique<SessionSequences>(
      db_, [this]() -> const Catalog& { return txn_ ? txn_->catalog() : *db_.catalog(); },
      [this]() -> const std::vector<std::string>& { return settings_.search_path(); }, &settings_);
  HostCatalogSource source;
  source.catalog = [this]() -> const Catalog& { return txn_ ? txn_->catalog() : *db_.catalog(); };
  source.settings = &settings_;
  source.user = user_;
  source.database = db_.name();
  source.cluster = db_.cluster();
  source.roles = &db_.roles();
  catalog_reader_ = std::make_unique<HostCatalogReader>(std::move(source));
  reg_names_ = std::make_unique<CatalogRegNames>(
      RegNameSource{[this]() -> const Catalog& { return txn_ ? txn_->catalog() : *db_.catalog(); }, &settings_,
                    db_.system_catalog(), user_});
  settings_.set_reg_names(reg_names_.get());
}

Session::~Session() = default;

const plinth_catalog_reader* Session::catalog_reader() const { return catalog_reader_->reader(); }

char Session::TransactionStatus() const {
  if (!in_block_) return 'I';
  return failed_ ? 'E' : 'T';
}

void Session::StartTransaction(IsolationLevel iso, bool read_only) {
  txn_ = db_.Begin(iso, read_only);
  transaction_start_us_ = NowMicrosSince2000();  // now() is the transaction's start
  PublishTransactionCharacteristics();
}

void Session::PublishTransactionCharacteristics() {
  // As SET LOCAL values they revert when the transaction ends.
  (void)settings_.Set("transaction_isolation", IsolationLevelName(txn_->isolation()), true);
  (void)settings_.Set("transaction_read_only", txn_->read_only() ? "on" : "off", true);
}

Status Session::EnsureTransaction() {
  if (!txn_)
    StartTransaction(ParseIsolationLevel(settings_.Get("default_transaction_isolation").value()),
                     settings_.Get("default_transaction_read_only").value() == "on");
  txn_->set_lock_wait(LockWait{std::chrono::milliseconds(settings_.lock_timeout_ms()), &cancel_});
  return txn_->BeginStatement();
}

Status Session::SetTransactionCharacteristics(PgQuery__Node** options, size_t n_options, bool session_default) {
  if (session_default) {
    IsolationLevel iso = ParseIsolationLevel(settings_.Get("default_transaction_isolation").value());
    bool ro = settings_.Get("default_transaction_read_only").value() == "on";
    ApplyTransactionOptions(options, n_options, &iso, &ro);
    PLINTH_RETURN_IF_ERROR(settings_.Set("default_transaction_isolation", IsolationLevelName(iso), false));
    return settings_.Set("default_transaction_read_only", ro ? "on" : "off", false);
  }
  if (!in_block_) {
    notices_.push_back(Notice{"WARNING", "25P01", "SET TRANSACTION can only be used in transaction blocks"});
    return Status::OK();
  }
  IsolationLevel iso = txn_->isolation();
  bool ro = txn_->read_only();
  ApplyTransactionOptions(options, n_options, &iso, &ro);
  // The snapshot a level applies to is taken by the first query.
  if (iso != txn_->isolation() && txn_->snapshot())
    return Status::Error("25001", "SET TRANSACTION ISOLATION LEVEL must be called before any query");
  if (!ro && txn_->read_only() && txn_->snapshot())
    return Status::Error("25001", "transaction read-write mode must be set before any query");
  txn_->set_isolation(iso);
  txn_->set_read_only(ro);
  PublishTransactionCharacteristics();
  return Status::OK();
}

void Session::DiscardTransaction() {
  for (auto it = cursors_.begin(); it != cursors_.end();) {
    if (it->second->holdable) ++it;
    else it = cursors_.erase(it);
  }
  txn_.reset();
  in_block_ = false;
  failed_ = false;
  settings_.EndTransaction();
}

void Session::StatementFailed() {
  if (!in_block_) {
    DiscardTransaction();
    return;
  }
  failed_ = true;
  // The block is aborted: as in PostgreSQL its row locks go now, not at ROLLBACK, so a
  // transaction that lost a deadlock frees the other side. With savepoints, ROLLBACK TO
  // may resume the block, so locks wait for it (it releases the newer ones).
  if (txn_ && !txn_->has_savepoints()) txn_->ReleaseLocks();
}

Status Session::EndImplicitTransaction(bool success) {
  if (in_block_ || !txn_) return Status::OK();
  Status st;
  if (success) st = db_.Commit(*txn_);
  DiscardTransaction();
  return st;
}

Status Session::Replan(PreparedStatement& stmt) {
  auto catalog = txn_ ? txn_->catalog_ptr() : db_.catalog();
  BindContext bctx{catalog.get(), settings_.search_path(), &settings_.io(), db_.system_catalog()};
  Binder binder(bctx, stmt.param_types);
  PLINTH_ASSIGN_OR_RETURN(Plan plan, binder.BindQuery(stmt.node));
  PLINTH_ASSIGN_OR_RETURN(stmt.param_types, binder.FinalParamTypes());
  Optimize(&plan);
  stmt.columns = plan.columns;
  stmt.plan = std::make_shared<Plan>(std::move(plan));
  stmt.catalog_version = catalog->version();
  return Status::OK();
}

Result<std::shared_ptr<PreparedStatement>> Session::Prepare(std::shared_ptr<const ParseTree> tree, size_t index,
                                                            std::vector<Oid> param_types) {
  const ParsedStatement& ps = tree->statements()[index];
  return PrepareNode(tree, ps.node, ps.text, std::move(param_types));
}

Result<std::shared_ptr<PreparedStatement>> Session::PrepareNode(std::shared_ptr<const ParseTree> tree,
                                                                const PgQuery__Node* node, std::string text,
                                                                std::vector<Oid> param_types) {
  auto stmt = std::make_shared<PreparedStatement>();
  stmt->tree = std::move(tree);
  stmt->node = node;
  stmt->text = std::move(text);
  stmt->param_types = std::move(param_types);
  stmt->is_query = IsQueryNode(node);
  if (stmt->is_query) {
    PLINTH_RETURN_IF_ERROR(Replan(*stmt));
  } else {
    if (IsCursorStatement(node)) {
      PLINTH_ASSIGN_OR_RETURN(stmt->columns, CursorResultColumns(node));
    } else {
      PLINTH_ASSIGN_OR_RETURN(stmt->columns, UtilityResultColumns(node, *this));
    }
  }
  return stmt;
}

Result<std::unique_ptr<Portal>> Session::Bind(std::shared_ptr<PreparedStatement> stmt, std::vector<Value> params,
                                              std::vector<int16_t> result_formats) {
  if (params.size() != stmt->param_types.size())
    return Status::Error("08P01", "bind message supplies " + std::to_string(params.size()) +
                                      " parameters, but prepared statement requires " +
                                      std::to_string(stmt->param_types.size()));
  auto portal = std::make_unique<Portal>();
  portal->stmt = std::move(stmt);
  portal->params = std::move(params);
  portal->result_formats = std::move(result_formats);
  return portal;
}

std::vector<OutputColumn> Session::PortalColumns(const Portal& portal) const { return portal.stmt->columns; }

Status Session::Execute(Portal& portal, uint64_t max_rows, RowSink& sink, bool* suspended, std::string* tag) {
  // statement_timeout: the watchdog sets the cancel flag at the deadline; the error the
  // statement then fails with is renamed to say why.
  int64_t timeout_ms = settings_.statement_timeout_ms();
  uint64_t ticket = 0;
  std::atomic<bool> timed_out{false};
  if (!portal.started) cancel_.store(false);
  if (timeout_ms > 0)
    ticket = Watchdog::Instance().Arm(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms), &cancel_,
                                      &timed_out);
  Status st = ExecuteInner(portal, max_rows, sink, suspended, tag);
  if (ticket) Watchdog::Instance().Disarm(ticket);
  if (!st.ok() && st.sqlstate() == "57014" && timed_out.load())
    return Status::Error("57014", "canceling statement due to statement timeout");
  return st;
}

Status Session::ExecuteInner(Portal& portal, uint64_t max_rows, RowSink& sink, bool* suspended, std::string* tag) {
  *suspended = false;
  PreparedStatement& stmt = *portal.stmt;
  if (!portal.started) {
    if (failed_ && !IsTransactionEnd(stmt.node))
      return Status::Error("25P02", "current transaction is aborted, commands ignored until end of transaction block");
    portal.started = true;
    if (!stmt.is_query) {
      PLINTH_RETURN_IF_ERROR(RunUtility(portal));
    } else {
      PLINTH_RETURN_IF_ERROR(EnsureTransaction());
      // A plan made against an older catalog is remade, as PostgreSQL revalidates plans.
      if (stmt.catalog_version != txn_->catalog().version()) {
        std::vector<OutputColumn> before = stmt.columns;
        PLINTH_RETURN_IF_ERROR(Replan(stmt));
        bool same = before.size() == stmt.columns.size();
        for (size_t i = 0; same && i < before.size(); i++) same = before[i].type == stmt.columns[i].type;
        if (!same) return Status::Error("0A000", "cached plan must not change result type");
      }
      portal.ctx.txn = txn_.get();
      portal.ctx.params = &portal.params;
      portal.ctx.io = &settings_.io();
      portal.ctx.statement_time_us = NowMicrosSince2000();
      portal.ctx.transaction_time_us = transaction_start_us_;
      portal.ctx.cancel = &cancel_;
      portal.ctx.services = services_.get();
      portal.ctx.catalog_reader = catalog_reader_->reader();
      portal.ctx.user = user_;
      portal.ctx.database = db_.name();
      if (stmt.plan->action != PlanAction::Query) {
        if (txn_->read_only())
          return Status::Error("25006", "cannot execute " + stmt.plan->command + " in a read-only transaction");
        PLINTH_RETURN_IF_ERROR(RunModify(portal));
      } else {
        PLINTH_RETURN_IF_ERROR(RunModifyingCtes(portal));
        portal.root = BuildOperator(*stmt.plan->root);
        PLINTH_RETURN_IF_ERROR(portal.root->Open(portal.ctx));
        if (stmt.plan->row_lock) PLINTH_RETURN_IF_ERROR(RunLockingQuery(portal));
      }
    }
  }

  uint64_t sent = 0;
  if (portal.root) {
    Row row;
    while (!portal.done) {
      if (max_rows && sent >= max_rows) {
        *suspended = true;
        return Status::OK();
      }
      PLINTH_ASSIGN_OR_RETURN(bool more, portal.root->Next(portal.ctx, &row));
      if (!more) {
        portal.done = true;
        break;
      }
      PLINTH_RETURN_IF_ERROR(sink.OnRow(row));
      sent++;
      portal.rows++;
    }
    *tag = "SELECT " + std::to_string(portal.rows);
    return Status::OK();
  }
  while (portal.buffered_next < portal.buffered.size()) {
    if (max_rows && sent >= max_rows) {
      *suspended = true;
      return Status::OK();
    }
    PLINTH_RETURN_IF_ERROR(sink.OnRow(portal.buffered[portal.buffered_next++]));
    sent++;
  }
  portal.done = true;
  *tag = portal.tag;
  return Status::OK();
}

Status Session::RunUtility(Portal& portal) {
  const PgQuery__Node* node = portal.stmt->node;
  if (node->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT) return RunTransactionStmt(node, &portal.tag);
  if (IsCursorStatement(node)) return RunCursorStatement(portal);
  if (node->node_case == PG_QUERY__NODE__NODE_COPY_STMT) {
    PLINTH_RETURN_IF_ERROR(EnsureTransaction());
    return RunCopy(portal);
  }
  UtilityContext uctx{db_, *this, txn_, portal.params, portal.stmt->tree};
  if (UtilityNeedsTransaction(node)) {
    PLINTH_RETURN_IF_ERROR(EnsureTransaction());
    if (txn_->read_only() && UtilityWrites(node))
      return Status::Error("25006", "cannot execute " + UtilityTag(node) + " in a read-only transaction");
  }
  return RunUtilityStatement(uctx, node, &portal.buffered, &portal.tag, &notices_);
}

// SELECT ... FOR UPDATE/SHARE: every returned row is locked before any is sent. Under
// READ COMMITTED a row changed by a transaction that committed while we waited makes
// the query run again on a fresh snapshot (so WHERE is re-checked against the newest
// versions, and deleted rows drop out); under REPEATABLE READ/SERIALIZABLE it is 40001.
// The result is materialised, which row-locking queries (queues, "claim a row") keep small.
Status Session::RunLockingQuery(Portal& portal) {
  LockMode mode = portal.stmt->plan->row_lock == 2 ? LockMode::Exclusive : LockMode::Share;
  for (int attempt = 0;; attempt++) {
    std::vector<Row> rows;
    bool changed = false;
    Row row;
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, portal.root->Next(portal.ctx, &row));
      if (!more) break;
      std::string key(portal.root->current_key());
      if (key.empty()) return Status::Error("0A000", "FOR UPDATE/SHARE is not supported for this query yet");
      PLINTH_RETURN_IF_ERROR(txn_->Lock(key, mode));
      if (txn_->ChangedSinceSnapshot(key)) changed = true;
      rows.push_back(row);
    }
    if (!changed) {
      portal.root.reset();
      portal.buffered = std::move(rows);
      portal.buffered_next = 0;
      portal.tag = "SELECT " + std::to_string(portal.buffered.size());
      return Status::OK();
    }
    if (txn_->isolation() != IsolationLevel::ReadCommitted)
      return Status::Error("40001", "could not serialize access due to concurrent update");
    if (attempt >= 100) return Status::Error("40001", "could not lock rows: they keep changing");
    PLINTH_RETURN_IF_ERROR(txn_->RefreshSnapshot());
    portal.root = BuildOperator(*portal.stmt->plan->root);
    PLINTH_RETURN_IF_ERROR(portal.root->Open(portal.ctx));
  }
}

Status Session::RunTransactionStmt(const PgQuery__Node* node, std::string* tag) {
  const PgQuery__TransactionStmt* ts = node->transaction_stmt;
  switch (ts->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START: {
      *tag = "BEGIN";
      if (in_block_) {
        notices_.push_back(Notice{"WARNING", "25001", "there is already a transaction in progress"});
        return Status::OK();
      }
      IsolationLevel iso = ParseIsolationLevel(settings_.Get("default_transaction_isolation").value());
      bool ro = settings_.Get("default_transaction_read_only").value() == "on";
      ApplyTransactionOptions(ts->options, ts->n_options, &iso, &ro);
      if (!txn_) StartTransaction(iso, ro);
      else {
        txn_->set_isolation(iso);
        txn_->set_read_only(ro);
        PublishTransactionCharacteristics();
      }
      in_block_ = true;
      settings_.BeginBlock();
      return Status::OK();
    }
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT: {
      if (!in_block_) {
        *tag = "COMMIT";
        notices_.push_back(Notice{"WARNING", "25P01", "there is no transaction in progress"});
        return Status::OK();
      }
      if (failed_) {
        *tag = "ROLLBACK";
        DiscardTransaction();
        return Status::OK();
      }
      *tag = "COMMIT";
      Status st = db_.Commit(*txn_);
      if (st.ok()) settings_.CommitBlock();
      DiscardTransaction();
      return st;
    }
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
      *tag = "ROLLBACK";
      if (!in_block_) notices_.push_back(Notice{"WARNING", "25P01", "there is no transaction in progress"});
      DiscardTransaction();
      return Status::OK();
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
      *tag = "SAVEPOINT";
      if (!in_block_) return Status::Error("25P01", "SAVEPOINT can only be used in transaction blocks");
      if (failed_)
        return Status::Error("25P02", "current transaction is aborted, commands ignored until end of transaction block");
      PLINTH_RETURN_IF_ERROR(EnsureTransaction());
      txn_->PushSavepoint(ts->savepoint_name);
      return Status::OK();
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
      *tag = "RELEASE";
      if (!in_block_) return Status::Error("25P01", "RELEASE SAVEPOINT can only be used in transaction blocks");
      if (failed_)
        return Status::Error("25P02", "current transaction is aborted, commands ignored until end of transaction block");
      if (!txn_ || !txn_->ReleaseSavepoint(ts->savepoint_name))
        return Status::Error("3B001", std::string("savepoint \"") + ts->savepoint_name + "\" does not exist");
      return Status::OK();
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
      *tag = "ROLLBACK";
      if (!in_block_) return Status::Error("25P01", "ROLLBACK TO SAVEPOINT can only be used in transaction blocks");
      if (!txn_ || !txn_->RollbackToSavepoint(ts->savepoint_name))
        return Status::Error("3B001", std::string("savepoint \"") + ts->savepoint_name + "\" does not exist");
      failed_ = false;
      return Status::OK();
    default:
      return Status::Error("0A000", "prepared transactions are not supported");
  }
}

std::vector<Notice> Session::TakeNotices() {
  std::vector<Notice> all = std::move(notices_);
  notices_.clear();
  Result<std::string> level = settings_.Get("client_min_messages");
  int threshold = SessionSettings::MessageLevelRank(level.ok() ? level.value() : "notice");
  std::vector<Notice> sent;
  sent.reserve(all.size());
  for (Notice& n : all)
    if (n.severity == "INFO" || SessionSettings::MessageLevelRank(n.severity) >= threshold) sent.push_back(std::move(n));
  return sent;
}

}  // namespace plinth
