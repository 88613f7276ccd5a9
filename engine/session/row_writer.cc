#include "engine/session/row_writer.h"

#include "engine/executor/eval.h"
#include "engine/executor/operators.h"
#include "engine/executor/row_codec.h"
#include "engine/storage/keys.h"

namespace plinth {

namespace {

constexpr int kMaxCascadeDepth = 64;

std::string RowText(const TableDef& t, const Row& row, const IoContext& io) {
  std::string s = "(";
  for (size_t i = 0; i < row.size(); i++) {
    if (i) s += ", ";
    s += row[i].is_null() ? "null" : OutputText(t.columns[i].type, row[i], io);
  }
  return s + ")";
}

Status DuplicateKey(const TableDef& t, const Row& row, const IoContext& io) {
  std::string cols, vals;
  for (size_t i = 0; i < t.primary_key.size(); i++) {
    int c = t.primary_key[i];
    if (i) cols += ", ", vals += ", ";
    cols += t.columns[c].name;
    vals += OutputText(t.columns[c].type, row[c], io);
  }
  return Status::Error("23505", "duplicate key value violates unique constraint \"" + t.pk_constraint_name + "\"")
      .with_detail("Key (" + cols + ")=(" + vals + ") already exists.");
}

// "Key (a, b)=(1, 2)" over the given columns of a row of t.
std::string KeyText(const TableDef& t, const std::vector<int>& cols, const Row& row, const IoContext& io) {
  std::string names, vals;
  for (size_t i = 0; i < cols.size(); i++) {
    if (i) names += ", ", vals += ", ";
    names += t.columns[cols[i]].name;
    vals += row[cols[i]].is_null() ? "null" : OutputText(t.columns[cols[i]].type, row[cols[i]], io);
  }
  return "Key (" + names + ")=(" + vals + ")";
}

bool AnyNull(const Row& row, const std::vector<int>& cols) {
  for (int c : cols)
    if (row[c].is_null()) return true;
  return false;
}

bool SameValues(const TableDef& t, const Row& a, const std::vector<int>& a_cols, const Row& b,
                const std::vector<int>& b_cols) {
  for (size_t i = 0; i < a_cols.size(); i++) {
    const Value& x = a[a_cols[i]];
    const Value& y = b[b_cols[i]];
    if (x.is_null() || y.is_null()) return false;
    if (Compare(t.columns[a_cols[i]].type, x, y) != 0) return false;
  }
  return true;
}

// Takes the row lock for changing the row under key. Under REPEATABLE READ and
// SERIALIZABLE a version newer than the snapshot means a concurrent update: 40001.
Status LockForWrite(Transaction& txn, const std::string& key) {
  PLINTH_RETURN_IF_ERROR(txn.Lock(key, LockMode::Exclusive));
  if (txn.isolation() != IsolationLevel::ReadCommitted && txn.ChangedSinceSnapshot(key))
    return Status::Error("40001", "could not serialize access due to concurrent update");
  return Status::OK();
}

// Every row of t, with its storage key (a statement's targets are collected before any
// write, so the writes never feed the scan).
Result<std::vector<std::pair<std::string, Row>>> AllRows(Transaction& txn, const TableDef& t) {
  std::string prefix = keys::IndexPrefix(t.storage_id(), 0);
  auto cursor = txn.Scan(prefix, keys::PrefixEnd(prefix));
  std::vector<std::pair<std::string, Row>> rows;
  Row row;
  for (;;) {
    PLINTH_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    PLINTH_RETURN_IF_ERROR(DecodeRow(cursor->value(), t.columns.size(), &row));
    rows.emplace_back(std::string(cursor->key()), row);
  }
  return rows;
}

// Whether parent has a row whose `cols` equal `vals`: a point lookup through the primary
// key or a unique index when one covers exactly those columns, else a scan.
Result<bool> RowExists(Transaction& txn, const TableDef& parent, const std::vector<int>& cols,
                       const std::vector<Value>& vals) {
  auto position_of = [&](int col) -> int {
    for (size_t i = 0; i < cols.size(); i++)
      if (cols[i] == col) return static_cast<int>(i);
    return -1;
  };
  auto covers = [&](const std::vector<int>& key) {
    if (key.size() != cols.size()) return false;
    for (int k : key)
      if (position_of(k) < 0) return false;
    return true;
  };
  if (!parent.primary_key.empty() && covers(parent.primary_key)) {
    std::string key = keys::IndexPrefix(parent.storage_id(), 0);
    for (int k : parent.primary_key) EncodeKey(parent.columns[k].type, vals[position_of(k)], false, &key);
    // Like PostgreSQL's FOR KEY SHARE: the referenced row cannot be deleted until we end,
    // and we check its newest version, not just the one our snapshot has.
    PLINTH_RETURN_IF_ERROR(txn.Lock(key, LockMode::Share));
    std::string value;
    bool found = false;
    PLINTH_RETURN_IF_ERROR(txn.GetLatest(key, &value, &found));
    return found;
  }
  for (const IndexDef& ix : parent.indexes) {
    if (!ix.unique || ix.id == 0 || !ix.predicate_sql.empty() || !covers(ix.columns)) continue;
    std::string prefix = keys::IndexPrefix(parent.storage_id(), ix.id);
    for (size_t p = 0; p < ix.columns.size(); p++)
      EncodeKey(parent.columns[ix.columns[p]].type, vals[position_of(ix.columns[p])], ix.is_descending(p), &prefix);
    auto cursor = txn.Scan(prefix, keys::PrefixEnd(prefix));
    return cursor->Next();
  }
  PLINTH_ASSIGN_OR_RETURN(auto rows, AllRows(txn, parent));
  for (const auto& [key, row] : rows) {
    bool match = true;
    for (size_t i = 0; i < cols.size() && match; i++)
      match = !row[cols[i]].is_null() && Compare(parent.columns[cols[i]].type, row[cols[i]], vals[i]) == 0;
    if (match) return true;
  }
  return false;
}

}  // namespace

std::string_view PrimaryKeyBytes(std::string_view row_key) { return row_key.substr(keys::IndexPrefix(0, 0).size()); }

Result<RowWriter::TableState*> RowWriter::State(const TableDef& t) {
  auto it = states_.find(t.oid);
  if (it != states_.end()) return it->second.get();
  auto st = std::make_unique<TableState>();
  PLINTH_ASSIGN_OR_RETURN(st->indexes, TableIndexes::Bind(t, bctx_));
  Binder binder(bctx_, {});
  for (const CheckDef& ck : t.checks) {
    PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindStoredExpr(binder, ck.expr_sql, &t));
    st->checks.emplace_back(ck.name, std::move(e));
  }
  for (const auto& [oid, other] : bctx_.catalog->tables())
    for (const ForeignKeyDef& fk : other->foreign_keys)
      if (fk.ref_table == t.oid) st->referenced_by.emplace_back(oid, &fk);
  TableState* raw = st.get();
  states_.emplace(t.oid, std::move(st));
  return raw;
}

Status RowWriter::CheckRow(const TableDef& t, TableState& st, const Row& row) {
  for (size_t i = 0; i < t.columns.size(); i++) {
    const ColumnDef& c = t.columns[i];
    bool is_pk = false;
    for (int k : t.primary_key) is_pk |= k == static_cast<int>(i);
    if ((c.not_null || is_pk) && row[i].is_null())
      return Status::Error("23502", "null value in column \"" + c.name + "\" of relation \"" + t.name +
                                        "\" violates not-null constraint")
          .with_detail("Failing row contains " + RowText(t, row, *ctx_.io) + ".");
  }
  for (const auto& [name, expr] : st.checks) {
    Value v;
    PLINTH_RETURN_IF_ERROR(Eval(*expr, row, ctx_, &v));
    if (!v.is_null() && !v.as_bool())
      return Status::Error("23514", "new row for relation \"" + t.name + "\" violates check constraint \"" + name + "\"")
          .with_detail("Failing row contains " + RowText(t, row, *ctx_.io) + ".");
  }
  return Status::OK();
}

Status RowWriter::CheckReferences(const TableDef& t, const Row& row, const Row* old_row) {
  for (const ForeignKeyDef& fk : t.foreign_keys) {
    // MATCH SIMPLE: a key with any NULL column references nothing.
    if (AnyNull(row, fk.columns)) continue;
    // An UPDATE that leaves the key alone needs no new check.
    if (old_row && SameValues(t, row, fk.columns, *old_row, fk.columns)) continue;
    const TableDef* parent = bctx_.catalog->TableByOid(fk.ref_table);
    if (!parent) continue;
    std::vector<Value> vals;
    for (int c : fk.columns) vals.push_back(row[c]);
    PLINTH_ASSIGN_OR_RETURN(bool found, RowExists(txn_, *parent, fk.ref_columns, vals));
    if (!found)
      return Status::Error("23503", "insert or update on table \"" + t.name + "\" violates foreign key constraint \"" +
                                        fk.name + "\"")
          .with_detail(KeyText(t, fk.columns, row, *ctx_.io) + " is not present in table \"" + parent->name + "\".");
  }
  return Status::OK();
}

Status RowWriter::ActOnReferencing(const TableDef& t, TableState& st, const Row& old_row, const Row* new_row) {
  if (st.referenced_by.empty()) return Status::OK();
  if (++depth_ > kMaxCascadeDepth) {
    depth_--;
    return Status::Error("54001", "referential actions nest too deeply");
  }
  struct DepthGuard {
    int& d;
    ~DepthGuard() { d--; }
  } guard{depth_};
  for (const auto& [child_oid, fk] : st.referenced_by) {
    if (AnyNull(old_row, fk->ref_columns)) continue;
    if (new_row && SameValues(t, old_row, fk->ref_columns, *new_row, fk->ref_columns)) continue;
    const TableDef* child = bctx_.catalog->TableByOid(child_oid);
    if (!child) continue;
    PLINTH_ASSIGN_OR_RETURN(auto rows, AllRows(txn_, *child));
    FkAction action = new_row ? fk->on_update : fk->on_delete;
    for (auto& [key, row] : rows) {
      if (!SameValues(*child, row, fk->columns, old_row, fk->ref_columns)) continue;
      switch (action) {
        case FkAction::NoAction:
        case FkAction::Restrict:
          return Status::Error("23503", "update or delete on table \"" + t.name +
                                            "\" violates foreign key constraint \"" + fk->name + "\" on table \"" +
                                            child->name + "\"")
              .with_detail(KeyText(t, fk->ref_columns, old_row, *ctx_.io) + " is still referenced from table \"" +
                           child->name + "\".");
        case FkAction::Cascade:
          if (!new_row) {
            PLINTH_RETURN_IF_ERROR(Delete(*child, key, row));
          } else {
            Row updated = row;
            for (size_t i = 0; i < fk->columns.size(); i++) updated[fk->columns[i]] = (*new_row)[fk->ref_columns[i]];
            PLINTH_RETURN_IF_ERROR(Update(*child, key, row, updated));
          }
          break;
        case FkAction::SetNull:
        case FkAction::SetDefault: {
          Row updated = row;
          Binder binder(bctx_, {});
          for (int c : fk->columns) {
            updated[c] = Value::Null();
            const ColumnDef& col = child->columns[c];
            if (action == FkAction::SetDefault && !col.default_sql.empty()) {
              PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindStoredExpr(binder, col.default_sql, nullptr));
              PLINTH_ASSIGN_OR_RETURN(e, binder.CoerceTo(std::move(e), col.type, col.typmod, CastContext::Assignment,
                                                         "column \"" + col.name + "\""));
              PLINTH_RETURN_IF_ERROR(Eval(*e, Row{}, ctx_, &updated[c]));
            }
          }
          PLINTH_RETURN_IF_ERROR(Update(*child, key, row, updated));
          break;
        }
      }
    }
  }
  return Status::OK();
}

Status RowWriter::CheckConstraints(const TableDef& t, const Row& row) {
  PLINTH_ASSIGN_OR_RETURN(TableState * st, State(t));
  return CheckRow(t, *st, row);
}

Status RowWriter::Insert(const TableDef& t, const Row& row, std::string* key_out) {
  PLINTH_ASSIGN_OR_RETURN(TableState * st, State(t));
  PLINTH_RETURN_IF_ERROR(CheckRow(t, *st, row));
  int64_t row_id = 0;
  if (t.primary_key.empty()) { PLINTH_ASSIGN_OR_RETURN(row_id, next_row_id_(t.storage_id())); }
  std::string key = RowKey(t, row, row_id);
  if (!t.primary_key.empty()) {
    // Concurrent inserts of one key serialize on its row lock; the second sees the
    // first's row once it commits (23505) or not at all if it rolled back.
    PLINTH_RETURN_IF_ERROR(txn_.Lock(key, LockMode::Exclusive));
    bool exists = false;
    std::string old;
    PLINTH_RETURN_IF_ERROR(txn_.GetLatest(key, &old, &exists));
    if (exists) return DuplicateKey(t, row, *ctx_.io);
  }
  PLINTH_RETURN_IF_ERROR(st->indexes.Insert(txn_, row, key, ctx_));
  PLINTH_RETURN_IF_ERROR(CheckReferences(t, row, nullptr));
  if (direct_ && t.oid == direct_table_) {
    value_.clear();
    EncodeRow(row, &value_);
    if (key_out) *key_out = key;
    return direct_->Add(key, value_);
  }
  std::string value;
  EncodeRow(row, &value);
  if (key_out) *key_out = key;
  txn_.Put(std::move(key), std::move(value));
  return Status::OK();
}

bool RowWriter::DirectInsertAllowed(const Transaction& txn, const TableDef& t) {
  if (!txn.IsDirectRange(t.storage_id()) || txn.has_savepoints()) return false;
  if (!t.primary_key.empty() || !t.indexes.empty() || !t.foreign_keys.empty()) return false;
  return true;
}

Status RowWriter::Update(const TableDef& t, const std::string& old_key, const Row& old_row, const Row& new_row) {
  PLINTH_ASSIGN_OR_RETURN(TableState * st, State(t));
  PLINTH_RETURN_IF_ERROR(CheckRow(t, *st, new_row));
  PLINTH_RETURN_IF_ERROR(LockForWrite(txn_, old_key));
  std::string new_key = old_key;
  if (!t.primary_key.empty()) {
    new_key = RowKey(t, new_row, 0);
    if (new_key != old_key) {
      PLINTH_RETURN_IF_ERROR(txn_.Lock(new_key, LockMode::Exclusive));
      bool exists = false;
      std::string other;
      PLINTH_RETURN_IF_ERROR(txn_.GetLatest(new_key, &other, &exists));
      if (exists) return DuplicateKey(t, new_row, *ctx_.io);
    }
  }
  PLINTH_RETURN_IF_ERROR(st->indexes.Remove(txn_, old_row, old_key, ctx_));
  PLINTH_RETURN_IF_ERROR(st->indexes.Insert(txn_, new_row, new_key, ctx_));
  PLINTH_RETURN_IF_ERROR(CheckReferences(t, new_row, &old_row));
  if (new_key != old_key) txn_.Delete(old_key);
  std::string value;
  EncodeRow(new_row, &value);
  txn_.Put(new_key, std::move(value));
  return ActOnReferencing(t, *st, old_row, &new_row);
}

Status RowWriter::Delete(const TableDef& t, const std::string& old_key, const Row& old_row) {
  PLINTH_ASSIGN_OR_RETURN(TableState * st, State(t));
  PLINTH_RETURN_IF_ERROR(LockForWrite(txn_, old_key));
  bool exists = false;
  std::string current;
  // A cascade may reach a row this statement already deleted.
  PLINTH_RETURN_IF_ERROR(txn_.Get(old_key, &current, &exists));
  if (!exists) return Status::OK();
  PLINTH_RETURN_IF_ERROR(st->indexes.Remove(txn_, old_row, old_key, ctx_));
  txn_.Delete(old_key);
  return ActOnReferencing(t, *st, old_row, nullptr);
}

}  // namespace plinth
