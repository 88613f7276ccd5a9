#include "engine/session/utility.h"

#include <pg_query/pg_query.pb-c.h>

#include "engine/binder/binder.h"
#include "engine/executor/eval.h"
#include "engine/session/ddl.h"
#include "engine/session/ddl_create_as.h"
#include "engine/session/ddl_view.h"
#include "engine/session/database_statements.h"
#include "engine/session/explain_statement.h"
#include "engine/session/role_statements.h"
#include "engine/session/session.h"
#include "engine/types/identifier.h"

namespace plinth {

// The text of a SET argument list, as PostgreSQL flattens it ("a, b").
Result<std::string> SetArgsText(const PgQuery__VariableSetStmt* vs) {
  std::string out;
  // search_path is a list of names: each value given is one element, quoted as an
  // identifier when it needs to be (`SET search_path = 'a, b'` names the one schema
  // "a, b"; `SET search_path = a, b` names two), as PostgreSQL flattens it.
  bool list_of_names = vs->name && SessionSettings::CanonicalName(vs->name) == "search_path";
  for (size_t i = 0; i < vs->n_args; i++) {
    const PgQuery__Node* a = vs->args[i];
    if (i) out += ", ";
    if (a->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) a = a->type_cast->arg;
    if (a->node_case != PG_QUERY__NODE__NODE_A_CONST) return Status::Error("42601", "invalid SET value");
    const PgQuery__AConst* c = a->a_const;
    switch (c->val_case) {
      case PG_QUERY__A__CONST__VAL_SVAL: out += list_of_names ? QuoteIdentifier(c->sval->sval) : c->sval->sval; break;
      case PG_QUERY__A__CONST__VAL_IVAL: out += std::to_string(c->ival->ival); break;
      case PG_QUERY__A__CONST__VAL_FVAL: out += c->fval->fval; break;
      case PG_QUERY__A__CONST__VAL_BOOLVAL: out += c->boolval->boolval ? "on" : "off"; break;
      default: return Status::Error("42601", "invalid SET value");
    }
  }
  return out;
}

namespace {

std::string ShowName(const std::string& name) {
  std::string c = SessionSettings::CanonicalName(name);
  if (c.empty()) return name;
  // SHOW reports the column under the name as PostgreSQL spells it in lower case,
  // except for the mixed-case GUCs which it shows as written in the catalog.
  return c;
}

Status RunSet(UtilityContext& ctx, const PgQuery__VariableSetStmt* vs, std::string* tag, std::vector<Notice>* notices) {
  SessionSettings& s = ctx.session.settings();
  std::string name = vs->name ? vs->name : "";
  switch (vs->kind) {
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE: {
      *tag = "SET";
      PLINTH_ASSIGN_OR_RETURN(std::string value, SetArgsText(vs));
      if (vs->is_local && ctx.session.TransactionStatus() == 'I') {
        // No transaction block to be local to: PostgreSQL warns, and the value (still
        // validated) lasts only until the implicit transaction's end, that is not at all.
        notices->push_back(Notice{"WARNING", "25P01", "SET LOCAL can only be used in transaction blocks"});
        PLINTH_RETURN_IF_ERROR(s.Set(name, value, true));
        s.EndTransaction();
        return Status::OK();
      }
      return s.Set(name, value, vs->is_local);
    }
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
      *tag = vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ? "RESET" : "SET";
      return s.Reset(name);
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
      *tag = "RESET";
      s.ResetAll();
      return Status::OK();
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI:
      // SET TRANSACTION / SET SESSION CHARACTERISTICS AS TRANSACTION.
      *tag = "SET";
      if (name == "TRANSACTION" || name == "SESSION CHARACTERISTICS")
        return ctx.session.SetTransactionCharacteristics(vs->args, vs->n_args, name != "TRANSACTION");
      return Status::OK();
    default:
      *tag = "SET";
      return Status::Error("0A000", "this form of SET is not supported yet");
  }
}

}  // namespace

bool UtilityNeedsTransaction(const PgQuery__Node* node) {
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
    case PG_QUERY__NODE__NODE_DROP_STMT:
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
    case PG_QUERY__NODE__NODE_INDEX_STMT:
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
    case PG_QUERY__NODE__NODE_RENAME_STMT:
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
    case PG_QUERY__NODE__NODE_VIEW_STMT:
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
    case PG_QUERY__NODE__NODE_SELECT_STMT:  // only SELECT ... INTO is a utility statement
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
      return true;
    default:
      return false;
  }
}

bool UtilityWrites(const PgQuery__Node* node) {
  return node->node_case != PG_QUERY__NODE__NODE_EXPLAIN_STMT && UtilityNeedsTransaction(node);
}

std::string UtilityTag(const PgQuery__Node* node) {
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT: return "CREATE TABLE";
    case PG_QUERY__NODE__NODE_DROP_STMT: return "DROP TABLE";
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT: return "TRUNCATE TABLE";
    case PG_QUERY__NODE__NODE_INDEX_STMT: return "CREATE INDEX";
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: return "CREATE SEQUENCE";
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: return "ALTER SEQUENCE";
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: return "ALTER TABLE";
    case PG_QUERY__NODE__NODE_RENAME_STMT: return "ALTER TABLE";
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: return "CREATE SCHEMA";
    case PG_QUERY__NODE__NODE_COMMENT_STMT: return "COMMENT";
    case PG_QUERY__NODE__NODE_VIEW_STMT: return "CREATE VIEW";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: return "CREATE TABLE AS";
    case PG_QUERY__NODE__NODE_SELECT_STMT: return "SELECT INTO";
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT: return "EXPLAIN";
    default: return "UTILITY";
  }
}

Result<std::vector<OutputColumn>> UtilityResultColumns(const PgQuery__Node* node, Session& session) {
  std::vector<OutputColumn> cols;
  if (node->node_case == PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT) {
    std::string name = node->variable_show_stmt->name;
    if (name == "all") return Status::Error("0A000", "SHOW ALL is not supported yet");
    PLINTH_RETURN_IF_ERROR(session.settings().Get(name).status());
    cols.push_back(OutputColumn{ShowName(name), oids::kText, -1, 0, 0});
  } else if (node->node_case == PG_QUERY__NODE__NODE_EXECUTE_STMT) {
    auto& prepared = session.sql_prepared();
    auto it = prepared.find(node->execute_stmt->name);
    if (it == prepared.end())
      return Status::Error("26000", std::string("prepared statement \"") + node->execute_stmt->name + "\" does not exist");
    cols = it->second->columns;
  } else if (node->node_case == PG_QUERY__NODE__NODE_EXPLAIN_STMT) {
    cols.push_back(OutputColumn{"QUERY PLAN", oids::kText, -1, 0, 0});
  }
  return cols;
}

Status RunUtilityStatement(UtilityContext& ctx, const PgQuery__Node* node, std::vector<Row>* rows, std::string* tag,
                           std::vector<Notice>* notices) {
  Status role_status;
  if (RunDatabaseStatement(ctx, node, tag, notices, &role_status)) return role_status;
  if (RunRoleOrPrivilegeStatement(ctx, node, tag, notices, &role_status)) return role_status;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      return RunSet(ctx, node->variable_set_stmt, tag, notices);
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT: {
      PLINTH_ASSIGN_OR_RETURN(std::string v, ctx.session.settings().Get(node->variable_show_stmt->name));
      rows->push_back(Row{Value::Bytes(v)});
      *tag = "SHOW";
      return Status::OK();
    }
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      *tag = "CREATE TABLE";
      return CreateTable(ctx, node->create_stmt, notices);
    case PG_QUERY__NODE__NODE_DROP_STMT:
      return DropObjects(ctx, node->drop_stmt, tag, notices);
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      *tag = "TRUNCATE TABLE";
      return Truncate(ctx, node->truncate_stmt, notices);
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      *tag = "CREATE INDEX";
      return CreateIndex(ctx, node->index_stmt, notices);
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      *tag = "CREATE SEQUENCE";
      return CreateSequence(ctx, node->create_seq_stmt, notices);
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
      *tag = "ALTER SEQUENCE";
      return AlterSequence(ctx, node->alter_seq_stmt, notices);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return AlterTable(ctx, node->alter_table_stmt, tag, notices);
    case PG_QUERY__NODE__NODE_RENAME_STMT:
      return Rename(ctx, node->rename_stmt, tag, notices);
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
      *tag = "CREATE SCHEMA";
      return CreateSchema(ctx, node->create_schema_stmt, notices);
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
      *tag = "COMMENT";
      return Comment(ctx, node->comment_stmt);
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      *tag = "CREATE VIEW";
      return CreateView(ctx, node->view_stmt, notices);
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
      *tag = "EXPLAIN";
      return RunExplain(ctx, node->explain_stmt, rows);
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
      const PgQuery__CreateTableAsStmt* ct = node->create_table_as_stmt;
      *tag = "CREATE TABLE AS";
      if (ct->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
        return Status::Error("0A000", "materialized views are not supported yet");
      return CreateTableAs(ctx, ct->query, ct->into, ct->if_not_exists, tag, notices);
    }
    case PG_QUERY__NODE__NODE_SELECT_STMT: {
      // SELECT ... INTO t: the query without its INTO clause creates t.
      PgQuery__SelectStmt without_into = *node->select_stmt;
      without_into.into_clause = nullptr;
      PgQuery__Node query = *node;
      query.select_stmt = &without_into;
      return CreateTableAs(ctx, &query, node->select_stmt->into_clause, false, tag, notices);
    }
    case PG_QUERY__NODE__NODE_PREPARE_STMT: {
      const PgQuery__PrepareStmt* ps = node->prepare_stmt;
      *tag = "PREPARE";
      auto& prepared = ctx.session.sql_prepared();
      if (prepared.count(ps->name))
        return Status::Error("42P05", std::string("prepared statement \"") + ps->name + "\" already exists");
      std::vector<Oid> types;
      auto catalog = ctx.db.catalog();
      BindContext bctx{ctx.txn ? &ctx.txn->catalog() : catalog.get(), ctx.session.settings().search_path(),
                       &ctx.session.io()};
      Binder binder(bctx, {});
      for (size_t i = 0; i < ps->n_argtypes; i++) {
        PLINTH_ASSIGN_OR_RETURN(auto t, binder.BindTypeName(ps->argtypes[i]->type_name));
        types.push_back(t.first);
      }
      // The inner statement keeps the outer parse tree alive through the shared_ptr.
      PLINTH_ASSIGN_OR_RETURN(auto stmt, ctx.session.PrepareNode(ctx.tree, ps->query, "", types));
      prepared[ps->name] = stmt;
      return Status::OK();
    }
    case PG_QUERY__NODE__NODE_EXECUTE_STMT: {
      const PgQuery__ExecuteStmt* es = node->execute_stmt;
      auto& prepared = ctx.session.sql_prepared();
      auto it = prepared.find(es->name);
      if (it == prepared.end())
        return Status::Error("26000", std::string("prepared statement \"") + es->name + "\" does not exist");
      auto stmt = it->second;
      if (es->n_params != stmt->param_types.size())
        return Status::Error("42601", "wrong number of parameters for prepared statement \"" + std::string(es->name) + "\"")
            .with_detail("Expected " + std::to_string(stmt->param_types.size()) + " parameters but got " +
                         std::to_string(es->n_params) + ".");
      // Parameters are constant expressions evaluated now, then cast to the declared types.
      auto catalog = ctx.db.catalog();
      BindContext bctx{catalog.get(), ctx.session.settings().search_path(), &ctx.session.io()};
      Binder binder(bctx, {});
      std::vector<Value> params;
      ExecContext ectx;
      ectx.io = &ctx.session.io();
      ectx.params = &ctx.params;
      for (size_t i = 0; i < es->n_params; i++) {
        PLINTH_ASSIGN_OR_RETURN(ExprPtr e, binder.BindStandalone(es->params[i], nullptr));
        PLINTH_ASSIGN_OR_RETURN(e, binder.CoerceTo(std::move(e), stmt->param_types[i], -1, CastContext::Assignment,
                                                   "parameter $" + std::to_string(i + 1)));
        Value v;
        PLINTH_RETURN_IF_ERROR(Eval(*e, Row{}, ectx, &v));
        params.push_back(std::move(v));
      }
      PLINTH_ASSIGN_OR_RETURN(auto portal, ctx.session.Bind(stmt, std::move(params), {}));
      struct Collect : RowSink {
        std::vector<Row>* rows;
        Status OnRow(const Row& r) override {
          rows->push_back(r);
          return Status::OK();
        }
      } sink;
      sink.rows = rows;
      bool suspended = false;
      return ctx.session.Execute(*portal, 0, sink, &suspended, tag);
    }
    case PG_QUERY__NODE__NODE_DEALLOCATE_STMT: {
      const PgQuery__DeallocateStmt* ds = node->deallocate_stmt;
      auto& prepared = ctx.session.sql_prepared();
      if (!ds->name || !ds->name[0]) {
        prepared.clear();
        *tag = "DEALLOCATE ALL";
        return Status::OK();
      }
      *tag = "DEALLOCATE";
      if (!prepared.erase(ds->name))
        return Status::Error("26000", std::string("prepared statement \"") + ds->name + "\" does not exist");
      return Status::OK();
    }
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      // Storage plugins reclaim space themselves (LMDB reuses freed pages, the memory
      // store collects old versions), so VACUUM has nothing to do; ANALYZE likewise: the
      // planner reads its statistics from the storage estimate API when it plans.
      *tag = node->vacuum_stmt->is_vacuumcmd ? "VACUUM" : "ANALYZE";
      if (node->vacuum_stmt->is_vacuumcmd && ctx.session.TransactionStatus() != 'I')
        return Status::Error("25001", "VACUUM cannot run inside a transaction block");
      return Status::OK();
    case PG_QUERY__NODE__NODE_DISCARD_STMT:
      *tag = "DISCARD ALL";
      if (ctx.session.TransactionStatus() != 'I')
        return Status::Error("25001", "DISCARD ALL cannot run inside a transaction block");
      ctx.session.sql_prepared().clear();
      ctx.session.settings().ResetAll();
      return Status::OK();
    default:
      return Status::Error("0A000", "statement type " + std::to_string(static_cast<int>(node->node_case)) +
                                        " is not supported yet");
  }
}

}  // namespace plinth
