// ALTER TABLE (columns, defaults, NOT NULL, types, constraints) and RENAME.
//
// ALTER TABLE works on a copy of the table's definition and, when the stored rows must
// change (ADD COLUMN with a default, DROP COLUMN, ALTER TYPE, a new primary key), on the
// rows in memory: at the end everything is written again under the new definition into a
// fresh storage range (table_rewrite.h), with every index rebuilt (which is where
// duplicate keys are found, as PostgreSQL finds them building the index). A new primary
// key alone does not load the rows: the stored ones are copied with their new keys.
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <cctype>

#include "engine/executor/eval.h"
#include "engine/executor/operators.h"
#include "engine/executor/row_codec.h"
#include "engine/session/ddl.h"
#include "engine/session/ddl_internal.h"
#include "engine/session/index_maintenance.h"
#include "engine/session/row_writer.h"
#include "engine/session/table_rewrite.h"

namespace plinth {

using namespace ddl;

namespace {

struct StoredRow {
  std::string key;
  Row row;
  std::string value;  // the row as stored; TableAlteration::values_current_ says if it still is
};

Result<std::vector<StoredRow>> LoadRows(Transaction& txn, const TableDef& t) {
  std::string prefix = keys::IndexPrefix(t.storage_id(), 0);
  auto cursor = txn.Scan(prefix, keys::PrefixEnd(prefix));
  std::vector<StoredRow> rows;
  for (;;) {
    PLINTH_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    StoredRow r{std::string(cursor->key()), {}, std::string(cursor->value())};
    PLINTH_RETURN_IF_ERROR(DecodeRow(r.value, t.columns.size(), &r.row));
    rows.push_back(std::move(r));
  }
  return rows;
}

// Replaces the identifier `from` by `to` in stored SQL text, outside string literals
// and quoted identifiers (stored expressions name columns by name).
std::string RenameIdentifier(const std::string& sql, const std::string& from, const std::string& to) {
  std::string out;
  for (size_t i = 0; i < sql.size();) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < sql.size() && !(sql[j] == c && (j + 1 >= sql.size() || sql[j + 1] != c))) j += sql[j] == c ? 2 : 1;
      out.append(sql, i, j + 1 - i);
      i = j + 1;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i;
      while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' || sql[j] == '$')) j++;
      std::string word = sql.substr(i, j - i);
      out += word == from ? QuoteIdentifier(to) : word;
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

class TableAlteration {
 public:
  TableAlteration(UtilityContext& ctx, const TableDef& t, std::vector<Notice>* notices)
      : ctx_(ctx), t_(t), old_(t), notices_(notices), bctx_(MakeBindContext(ctx)), ectx_(MakeExecContext(ctx)) {
    ectx_.services = nullptr;
  }

  Status Run(const PgQuery__AlterTableCmd* cmd);
  Status Finish();

 private:
  Status EnsureRows() {
    if (!rows_loaded_) {
      PLINTH_ASSIGN_OR_RETURN(rows_, LoadRows(*ctx_.txn, old_));
      rows_loaded_ = true;
    }
    return Status::OK();
  }
  Status AddColumn(const PgQuery__AlterTableCmd* cmd);
  Status DropColumn(const PgQuery__AlterTableCmd* cmd);
  Status AlterType(const PgQuery__AlterTableCmd* cmd);
  Status SetNotNull(int col);
  Status AddConstraint(const PgQuery__Constraint* c, const std::string& column);
  Status AddIdentity(const PgQuery__AlterTableCmd* cmd);
  Status DropConstraint(const PgQuery__AlterTableCmd* cmd);
  Result<int> Column(const char* name, bool missing_ok, bool* skipped);

  UtilityContext& ctx_;
  TableDef t_;
  const TableDef old_;
  std::vector<Notice>* notices_;
  BindContext bctx_;
  ExecContext ectx_;
  bool rows_loaded_ = false;
  bool rewrite_ = false;        // rows or keys change: rewrite everything
  std::vector<StoredRow> rows_;  // under t_'s current columns once loaded
  // Whether each StoredRow::value still encodes its row: a rewrite that only changes
  // keys (a new primary key) writes the stored bytes back instead of encoding again.
  bool values_current_ = true;
  std::vector<std::string> taken_;
  std::vector<SequenceDef> new_sequences_;
  std::vector<uint32_t> new_indexes_;
  size_t old_fk_count_ = 0;
};

Result<int> TableAlteration::Column(const char* name, bool missing_ok, bool* skipped) {
  int c = t_.FindColumn(name);
  if (c < 0) {
    if (missing_ok && skipped) {
      *skipped = true;
      return -1;
    }
    return Status::Error("42703", std::string("column \"") + name + "\" of relation \"" + t_.name + "\" does not exist");
  }
  return c;
}

Status TableAlteration::AddColumn(const PgQuery__AlterTableCmd* cmd) {
  const PgQuery__ColumnDef* cd = cmd->def->column_def;
  if (t_.FindColumn(cd->colname) >= 0) {
    if (cmd->missing_ok) {
      notices_->push_back(Notice{"NOTICE", "42701", std::string("column \"") + cd->colname + "\" of relation \"" +
                                                        t_.name + "\" already exists, skipping"});
      return Status::OK();
    }
    return Status::Error("42701", std::string("column \"") + cd->colname + "\" of relation \"" + t_.name + "\" already exists");
  }
  Binder binder(bctx_, {});
  ColumnDef col;
  col.name = cd->colname;
  PLINTH_ASSIGN_OR_RETURN(auto type, binder.BindTypeName(cd->type_name));
  col.type = type.first;
  col.typmod = type.second;
  col.not_null = cd->is_not_null;
  t_.columns.push_back(col);
  int ci = static_cast<int>(t_.columns.size()) - 1;
  std::vector<const PgQuery__Constraint*> later;
  for (size_t k = 0; k < cd->n_constraints; k++) {
    const PgQuery__Constraint* c = cd->constraints[k]->constraint;
    switch (c->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: t_.columns[ci].not_null = true; break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: t_.columns[ci].not_null = false; break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
        PLINTH_ASSIGN_OR_RETURN(ExprPtr e, binder.BindStandalone(c->raw_expr, nullptr));
        PLINTH_RETURN_IF_ERROR(
            binder.CoerceTo(std::move(e), col.type, col.typmod, CastContext::Assignment, "column \"" + col.name + "\"").status());
        PLINTH_ASSIGN_OR_RETURN(t_.columns[ci].default_sql, DeparseExpr(c->raw_expr));
        break;
      }
      default: later.push_back(c); break;
    }
  }
  // Existing rows get the default (evaluated per row, so nextval() numbers them).
  PLINTH_RETURN_IF_ERROR(EnsureRows());
  ExprPtr def;
  if (!t_.columns[ci].default_sql.empty()) {
    PLINTH_ASSIGN_OR_RETURN(def, BindStoredExpr(binder, t_.columns[ci].default_sql, nullptr));
    PLINTH_ASSIGN_OR_RETURN(def, binder.CoerceTo(std::move(def), col.type, col.typmod, CastContext::Assignment,
                                                 "column \"" + col.name + "\""));
    rewrite_ = true;
  }
  for (StoredRow& r : rows_) {
    Value v;
    if (def) PLINTH_RETURN_IF_ERROR(Eval(*def, Row{}, ectx_, &v));
    r.row.push_back(std::move(v));
  }
  values_current_ = false;
  if (t_.columns[ci].not_null) PLINTH_RETURN_IF_ERROR(SetNotNull(ci));
  for (const PgQuery__Constraint* c : later) PLINTH_RETURN_IF_ERROR(AddConstraint(c, col.name));
  return Status::OK();
}

Status TableAlteration::SetNotNull(int col) {
  PLINTH_RETURN_IF_ERROR(EnsureRows());
  for (const StoredRow& r : rows_)
    if (r.row[col].is_null())
      return Status::Error("23502", "column \"" + t_.columns[col].name + "\" of relation \"" + t_.name +
                                        "\" contains null values");
  t_.columns[col].not_null = true;
  return Status::OK();
}

Status TableAlteration::DropColumn(const PgQuery__AlterTableCmd* cmd) {
  bool skipped = false;
  PLINTH_ASSIGN_OR_RETURN(int col, Column(cmd->name, cmd->missing_ok, &skipped));
  if (skipped) {
    notices_->push_back(Notice{"NOTICE", "00000", std::string("column \"") + cmd->name + "\" of relation \"" + t_.name +
                                                      "\" does not exist, skipping"});
    return Status::OK();
  }
  PLINTH_RETURN_IF_ERROR(EnsureRows());
  auto uses = [col](const std::vector<int>& cols) { return std::find(cols.begin(), cols.end(), col) != cols.end(); };
  auto shift = [col](std::vector<int>& cols) {
    for (int& c : cols)
      if (c > col) c--;
  };
  std::string name = t_.columns[col].name;
  // Constraints and indexes over the column go with it, as in PostgreSQL.
  if (uses(t_.primary_key)) {
    t_.primary_key.clear();
    t_.pk_constraint_name.clear();
  }
  auto mentions = [&](const std::string& sql) { return RenameIdentifier(sql, name, "\x01") != sql; };
  t_.indexes.erase(std::remove_if(t_.indexes.begin(), t_.indexes.end(),
                                  [&](const IndexDef& ix) {
                                    bool hit = uses(ix.columns) || mentions(ix.predicate_sql);
                                    for (const std::string& e : ix.exprs) hit |= mentions(e);
                                    return hit;
                                  }),
                   t_.indexes.end());
  t_.checks.erase(std::remove_if(t_.checks.begin(), t_.checks.end(), [&](const CheckDef& c) { return mentions(c.expr_sql); }),
                  t_.checks.end());
  t_.foreign_keys.erase(std::remove_if(t_.foreign_keys.begin(), t_.foreign_keys.end(),
                                       [&](const ForeignKeyDef& fk) { return uses(fk.columns); }),
                        t_.foreign_keys.end());
  for (const auto& [oid, other] : ctx_.txn->catalog().tables())
    for (const ForeignKeyDef& fk : other->foreign_keys)
      if (fk.ref_table == t_.oid && uses(fk.ref_columns) && oid != t_.oid) {
        if (cmd->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
          return DependencyError("column " + name + " of table " + t_.name,
                                 {"constraint " + fk.name + " on table " + other->name + " depends on column " + name +
                                  " of table " + t_.name});
        DropForeignKey(ctx_, oid, fk.name);
      }
  shift(t_.primary_key);
  for (IndexDef& ix : t_.indexes) shift(ix.columns);
  for (ForeignKeyDef& fk : t_.foreign_keys) {
    shift(fk.columns);
    if (fk.ref_table == t_.oid) shift(fk.ref_columns);
  }
  t_.columns.erase(t_.columns.begin() + col);
  for (StoredRow& r : rows_) r.row.erase(r.row.begin() + col);
  values_current_ = false;
  rewrite_ = true;
  return Status::OK();
}

Status TableAlteration::AlterType(const PgQuery__AlterTableCmd* cmd) {
  PLINTH_ASSIGN_OR_RETURN(int col, Column(cmd->name, false, nullptr));
  const PgQuery__ColumnDef* cd = cmd->def->column_def;
  Binder binder(bctx_, {});
  PLINTH_ASSIGN_OR_RETURN(auto type, binder.BindTypeName(cd->type_name));
  ColumnDef& c = t_.columns[col];
  ExprPtr conv;
  std::string what = "column \"" + c.name + "\"";
  if (cd->raw_default) {
    PLINTH_ASSIGN_OR_RETURN(conv, binder.BindStandalone(cd->raw_default, &t_));
    PLINTH_ASSIGN_OR_RETURN(conv, binder.CoerceTo(std::move(conv), type.first, type.second, CastContext::Assignment, what));
  } else {
    ExprPtr ref = Expr::MakeColumn(col, c.type, c.typmod, c.name);
    auto r = binder.CoerceTo(std::move(ref), type.first, type.second, CastContext::Assignment, what);
    if (!r.ok())
      return Status::Error("42804", "column \"" + c.name + "\" cannot be cast automatically to type " +
                                        FormatType(type.first, type.second))
          .with_hint("You might need to specify \"USING " + c.name + "::" + FormatType(type.first, type.second) + "\".");
    conv = r.take();
  }
  PLINTH_RETURN_IF_ERROR(EnsureRows());
  for (StoredRow& r : rows_) {
    Value v;
    PLINTH_RETURN_IF_ERROR(Eval(*conv, r.row, ectx_, &v));
    r.row[col] = std::move(v);
  }
  values_current_ = false;
  c.type = type.first;
  c.typmod = type.second;
  rewrite_ = true;
  return Status::OK();
}

Status TableAlteration::AddConstraint(const PgQuery__Constraint* c, const std::string& column) {
  Binder binder(bctx_, {});
  size_t checks = t_.checks.size(), indexes = t_.indexes.size();
  bool had_pk = !t_.primary_key.empty();
  if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY && had_pk)
    return Status::Error("42P16", "multiple primary keys for table \"" + t_.name + "\" are not allowed");
  PLINTH_RETURN_IF_ERROR(AddTableConstraint(ctx_, binder, t_, c, column, &taken_));
  if (t_.checks.size() > checks) {
    PLINTH_RETURN_IF_ERROR(EnsureRows());
    const CheckDef& ck = t_.checks.back();
    PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindStoredExpr(binder, ck.expr_sql, &t_));
    for (const StoredRow& r : rows_) {
      Value v;
      PLINTH_RETURN_IF_ERROR(Eval(*e, r.row, ectx_, &v));
      if (!v.is_null() && !v.as_bool())
        return Status::Error("23514", "check constraint \"" + ck.name + "\" of relation \"" + t_.name +
                                          "\" is violated by some row");
    }
  }
  for (size_t i = indexes; i < t_.indexes.size(); i++) new_indexes_.push_back(t_.indexes[i].id);
  // A new primary key becomes the row key: a rewrite, which checks it (TableRewrite).
  if (!had_pk && !t_.primary_key.empty()) rewrite_ = true;
  return Status::OK();
}

// ALTER COLUMN ... ADD GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)]: pg_dump
// restores identity columns this way, naming the sequence (SEQUENCE NAME) and its START.
// Existing rows keep their values; the sequence numbers new ones.
Status TableAlteration::AddIdentity(const PgQuery__AlterTableCmd* cmd) {
  PLINTH_ASSIGN_OR_RETURN(int col, Column(cmd->name, false, nullptr));
  ColumnDef& c = t_.columns[col];
  const PgQuery__Constraint* identity = cmd->def->constraint;
  std::string where = "column \"" + c.name + "\" of relation \"" + t_.name + "\"";
  if (c.type != oids::kInt2 && c.type != oids::kInt4 && c.type != oids::kInt8)
    return Status::Error("22023", "identity column type must be smallint, integer, or bigint");
  if (!c.not_null) return Status::Error("55000", where + " must be declared NOT NULL before identity can be added");
  if (!c.identity.empty()) return Status::Error("55000", where + " is already an identity column");
  if (!c.default_sql.empty()) return Status::Error("55000", where + " already has a default value");
  PLINTH_ASSIGN_OR_RETURN(SequenceDef seq,
                          MakeOwnedSequence(ctx_, t_, c, identity->options, identity->n_options, &taken_));
  c.identity = identity->generated_when && identity->generated_when[0] == 'a' ? "a" : "d";
  c.default_sql = NextvalDefault(seq);
  new_sequences_.push_back(std::move(seq));
  return Status::OK();
}

Status TableAlteration::DropConstraint(const PgQuery__AlterTableCmd* cmd) {
  std::string name = cmd->name;
  for (size_t i = 0; i < t_.checks.size(); i++)
    if (t_.checks[i].name == name) {
      t_.checks.erase(t_.checks.begin() + i);
      return Status::OK();
    }
  for (size_t i = 0; i < t_.foreign_keys.size(); i++)
    if (t_.foreign_keys[i].name == name) {
      t_.foreign_keys.erase(t_.foreign_keys.begin() + i);
      return Status::OK();
    }
  for (size_t i = 0; i < t_.indexes.size(); i++)
    if (t_.indexes[i].constraint && t_.indexes[i].name == name) {
      PLINTH_RETURN_IF_ERROR(DeleteIndexEntries(*ctx_.txn, t_.storage_id(), t_.indexes[i].id));
      t_.indexes.erase(t_.indexes.begin() + i);
      return Status::OK();
    }
  if (!t_.primary_key.empty() && t_.pk_constraint_name == name) {
    PLINTH_RETURN_IF_ERROR(EnsureRows());
    t_.primary_key.clear();
    t_.pk_constraint_name.clear();
    rewrite_ = true;
    return Status::OK();
  }
  if (cmd->missing_ok) {
    notices_->push_back(Notice{"NOTICE", "00000", "constraint \"" + name + "\" of relation \"" + t_.name +
                                                      "\" does not exist, skipping"});
    return Status::OK();
  }
  return Status::Error("42704", "constraint \"" + name + "\" of relation \"" + t_.name + "\" does not exist");
}

Status TableAlteration::Run(const PgQuery__AlterTableCmd* cmd) {
  switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: return AddColumn(cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: return DropColumn(cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: return AlterType(cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: {
      PLINTH_ASSIGN_OR_RETURN(int col, Column(cmd->name, false, nullptr));
      ColumnDef& c = t_.columns[col];
      if (!cmd->def) {
        c.default_sql.clear();
        return Status::OK();
      }
      Binder binder(bctx_, {});
      PLINTH_ASSIGN_OR_RETURN(ExprPtr e, binder.BindStandalone(cmd->def, nullptr));
      PLINTH_RETURN_IF_ERROR(
          binder.CoerceTo(std::move(e), c.type, c.typmod, CastContext::Assignment, "column \"" + c.name + "\"").status());
      PLINTH_ASSIGN_OR_RETURN(c.default_sql, DeparseExpr(cmd->def));
      return Status::OK();
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: {
      PLINTH_ASSIGN_OR_RETURN(int col, Column(cmd->name, false, nullptr));
      return SetNotNull(col);
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: {
      PLINTH_ASSIGN_OR_RETURN(int col, Column(cmd->name, false, nullptr));
      for (int k : t_.primary_key)
        if (k == col)
          return Status::Error("42P16", "column \"" + t_.columns[col].name + "\" is in a primary key");
      t_.columns[col].not_null = false;
      return Status::OK();
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: return AddConstraint(cmd->def->constraint, "");
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint: return DropConstraint(cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions: return Status::OK();  // fillfactor etc.: accepted
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: return AddIdentity(cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner: return CheckNewOwner(ctx_, cmd->newowner, t_.name, notices_);
    default: return Status::Error("0A000", "this form of ALTER TABLE is not supported yet");
  }
}

Status TableAlteration::Finish() {
  Transaction& txn = *ctx_.txn;
  ExecContext ectx = MakeExecContext(ctx_);
  if (rewrite_) {
    // The rows go to a fresh storage range; the commit drops the old one with its index
    // entries. Loaded rows are written from memory, else the stored ones are copied.
    t_.storage = ctx_.db.NewStorageId();
    if (rows_loaded_) {
      TableRewrite rewrite(txn, ctx_.db, old_, t_, *ectx.io);
      rewrite.Reserve(rows_.size());
      for (StoredRow& r : rows_) {
        std::string value;
        if (values_current_) value = std::move(r.value);
        else EncodeRow(r.row, &value);
        PLINTH_RETURN_IF_ERROR(rewrite.Add(r.key, r.row, std::move(value)));
      }
      PLINTH_RETURN_IF_ERROR(rewrite.Finish());
    } else {
      auto direct = std::make_unique<TableRewrite>(txn, ctx_.db, old_, t_, *ectx.io);
      PLINTH_ASSIGN_OR_RETURN(bool done, direct->CopyRowsDirect());
      if (!done) {
        // Not in key order: start over in another range through the write buffer (the
        // transaction reclaims the abandoned one when it ends).
        t_.storage = ctx_.db.NewStorageId();
        direct = std::make_unique<TableRewrite>(txn, ctx_.db, old_, t_, *ectx.io);
        PLINTH_RETURN_IF_ERROR(direct->CopyRows());
      }
      PLINTH_RETURN_IF_ERROR(direct->Finish());
    }
    PLINTH_ASSIGN_OR_RETURN(TableIndexes all, TableIndexes::Bind(t_, MakeBindContext(ctx_)));
    PLINTH_RETURN_IF_ERROR(all.Build(txn, ectx));
  } else {
    for (uint32_t id : new_indexes_) {
      PLINTH_ASSIGN_OR_RETURN(TableIndexes one, TableIndexes::BindOne(t_, id, MakeBindContext(ctx_)));
      PLINTH_RETURN_IF_ERROR(one.Build(txn, ectx));
    }
  }
  // New foreign keys must hold for the rows already there.
  if (t_.foreign_keys.size() > old_.foreign_keys.size()) {
    PLINTH_RETURN_IF_ERROR(EnsureRows());
    TableDef probe = t_;
    probe.foreign_keys.erase(probe.foreign_keys.begin(), probe.foreign_keys.begin() + old_.foreign_keys.size());
    RowWriter checker(txn, ectx, MakeBindContext(ctx_), [](Oid) -> Result<int64_t> { return 0; });
    for (const StoredRow& r : rows_) PLINTH_RETURN_IF_ERROR(checker.CheckReferences(probe, r.row, nullptr));
  }
  for (SequenceDef& seq : new_sequences_) {
    WriteSequence(txn, seq);
    txn.MutableCatalog().PutSequence(std::move(seq));
  }
  WriteTable(txn, t_);
  txn.MutableCatalog().PutTable(t_);
  return Status::OK();
}

}  // namespace

Status AlterTable(UtilityContext& ctx, const PgQuery__AlterTableStmt* at, std::string* tag, std::vector<Notice>* notices) {
  *tag = at->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX      ? "ALTER INDEX"
         : at->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE ? "ALTER SEQUENCE"
         : at->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW     ? "ALTER VIEW"
                                                                 : "ALTER TABLE";
  PLINTH_ASSIGN_OR_RETURN(bool owner_only, AlterOwnerOnly(ctx, at, notices));
  if (owner_only) return Status::OK();
  const PgQuery__RangeVar* rv = at->relation;
  std::string schema = rv->schemaname ? rv->schemaname : "";
  const TableDef* t = ctx.txn->catalog().LookupTable(schema, rv->relname, ctx.session.settings().search_path());
  if (!t) {
    if (at->missing_ok) {
      notices->push_back(Notice{"NOTICE", "00000", std::string("relation \"") + rv->relname + "\" does not exist, skipping"});
      return Status::OK();
    }
    return Status::Error("42P01", std::string("relation \"") + rv->relname + "\" does not exist");
  }
  TableAlteration alteration(ctx, *t, notices);
  for (size_t i = 0; i < at->n_cmds; i++) PLINTH_RETURN_IF_ERROR(alteration.Run(at->cmds[i]->alter_table_cmd));
  return alteration.Finish();
}

Status Rename(UtilityContext& ctx, const PgQuery__RenameStmt* rs, std::string* tag, std::vector<Notice>* notices) {
  Transaction& txn = *ctx.txn;
  const auto& path = ctx.session.settings().search_path();
  std::string newname = rs->newname;
  switch (rs->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
      *tag = "ALTER INDEX";
      const PgQuery__RangeVar* rv = rs->relation;
      std::string schema = rv->schemaname ? rv->schemaname : "";
      const TableDef* t = txn.catalog().LookupIndexTable(schema, rv->relname, path);
      if (!t) {
        if (rs->missing_ok) return Status::OK();
        return Status::Error("42P01", std::string("relation \"") + rv->relname + "\" does not exist");
      }
      if (txn.catalog().RelationExists(t->schema, newname))
        return Status::Error("42P07", "relation \"" + newname + "\" already exists");
      TableDef copy = *t;
      for (IndexDef& ix : copy.indexes)
        if (ix.name == rv->relname) ix.name = newname;
      WriteTable(txn, copy);
      txn.MutableCatalog().PutTable(std::move(copy));
      return Status::OK();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
      *tag = "ALTER TABLE";
      const PgQuery__RangeVar* rv = rs->relation;
      std::string schema = rv->schemaname ? rv->schemaname : "";
      const TableDef* t = txn.catalog().LookupTable(schema, rv->relname, path);
      if (!t) {
        if (rs->missing_ok) {
          notices->push_back(Notice{"NOTICE", "00000", std::string("relation \"") + rv->relname + "\" does not exist, skipping"});
          return Status::OK();
        }
        return Status::Error("42P01", std::string("relation \"") + rv->relname + "\" does not exist");
      }
      TableDef copy = *t;
      if (rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        if (txn.catalog().RelationExists(copy.schema, newname))
          return Status::Error("42P07", "relation \"" + newname + "\" already exists");
        copy.name = newname;
      } else if (rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
        int c = copy.FindColumn(rs->subname);
        if (c < 0) return Status::Error("42703", std::string("column \"") + rs->subname + "\" does not exist");
        if (copy.FindColumn(newname) >= 0)
          return Status::Error("42701", "column \"" + newname + "\" of relation \"" + copy.name + "\" already exists");
        std::string from = rs->subname;
        copy.columns[c].name = newname;
        for (ColumnDef& col : copy.columns) col.default_sql = RenameIdentifier(col.default_sql, from, newname);
        for (CheckDef& ck : copy.checks) ck.expr_sql = RenameIdentifier(ck.expr_sql, from, newname);
        for (IndexDef& ix : copy.indexes) {
          for (std::string& e : ix.exprs) e = RenameIdentifier(e, from, newname);
          ix.predicate_sql = RenameIdentifier(ix.predicate_sql, from, newname);
        }
        Catalog& cat = txn.MutableCatalog();
        for (const auto& [soid, s] : cat.sequences())
          if (s->owned_by_table == copy.oid && s->owned_by_column == from) {
            SequenceDef sc = *s;
            sc.owned_by_column = newname;
            WriteSequence(txn, sc);
            cat.PutSequence(std::move(sc));
            break;
          }
      } else {
        bool found = false;
        for (CheckDef& ck : copy.checks) found |= ck.name == rs->subname ? (ck.name = newname, true) : false;
        for (ForeignKeyDef& fk : copy.foreign_keys) found |= fk.name == rs->subname ? (fk.name = newname, true) : false;
        for (IndexDef& ix : copy.indexes)
          found |= ix.constraint && ix.name == rs->subname ? (ix.name = newname, true) : false;
        if (!copy.primary_key.empty() && copy.pk_constraint_name == rs->subname) {
          copy.pk_constraint_name = newname;
          found = true;
        }
        if (!found)
          return Status::Error("42704", std::string("constraint \"") + rs->subname + "\" for table \"" + copy.name +
                                            "\" does not exist");
      }
      WriteTable(txn, copy);
      txn.MutableCatalog().PutTable(std::move(copy));
      return Status::OK();
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
      *tag = "ALTER SEQUENCE";
      const PgQuery__RangeVar* rv = rs->relation;
      const SequenceDef* s = txn.catalog().LookupSequence(rv->schemaname ? rv->schemaname : "", rv->relname, path);
      if (!s) return Status::Error("42P01", std::string("relation \"") + rv->relname + "\" does not exist");
      if (txn.catalog().RelationExists(s->schema, newname))
        return Status::Error("42P07", "relation \"" + newname + "\" already exists");
      SequenceDef copy = *s;
      copy.name = newname;
      WriteSequence(txn, copy);
      txn.MutableCatalog().PutSequence(std::move(copy));
      return Status::OK();
    }
    default:
      *tag = "ALTER";
      return Status::Error("0A000", "this form of RENAME is not supported yet");
  }
}

}  // namespace plinth
