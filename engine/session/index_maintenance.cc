#include "engine/session/index_maintenance.h"

#include <pg_query/pg_query.pb-c.h>

#include "engine/executor/eval.h"
#include "engine/executor/row_codec.h"
#include "engine/parser/parser.h"
#include "engine/storage/keys.h"

namespace plinth {

Result<ExprPtr> BindStoredExpr(Binder& binder, const std::string& sql, const TableDef* t) {
  PLINTH_ASSIGN_OR_RETURN(auto tree, ParseTree::Parse("SELECT " + sql));
  const PgQuery__Node* node = tree->statements()[0].node->select_stmt->target_list[0]->res_target->val;
  return binder.BindStandalone(node, t);
}

std::string IndexPartName(const TableDef& t, const IndexDef& ix, size_t part) {
  if (!ix.is_expression(part)) return t.columns[ix.columns[part]].name;
  return part < ix.exprs.size() ? ix.exprs[part] : "?";
}

namespace {

Result<std::vector<ExprPtr>> BindParts(Binder& binder, const TableDef& t, const IndexDef& ix) {
  std::vector<ExprPtr> parts;
  for (size_t p = 0; p < ix.columns.size(); p++) {
    if (ix.is_expression(p)) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr e, BindStoredExpr(binder, ix.exprs[p], &t));
      parts.push_back(std::move(e));
    } else {
      const ColumnDef& c = t.columns[ix.columns[p]];
      parts.push_back(Expr::MakeColumn(ix.columns[p], c.type, c.typmod, c.name));
    }
  }
  return parts;
}

}  // namespace

Result<TableIndexes> TableIndexes::Bind(const TableDef& t, const BindContext& bctx) {
  TableIndexes out;
  out.table_ = &t;
  Binder binder(bctx, {});
  for (const IndexDef& ix : t.indexes) {
    if (ix.id == 0) continue;
    Bound b;
    b.def = &ix;
    PLINTH_ASSIGN_OR_RETURN(b.parts, BindParts(binder, t, ix));
    if (!ix.predicate_sql.empty()) { PLINTH_ASSIGN_OR_RETURN(b.predicate, BindStoredExpr(binder, ix.predicate_sql, &t)); }
    out.indexes_.push_back(std::move(b));
  }
  return out;
}

Result<TableIndexes> TableIndexes::BindOne(const TableDef& t, uint32_t index_id, const BindContext& bctx) {
  PLINTH_ASSIGN_OR_RETURN(TableIndexes all, Bind(t, bctx));
  std::vector<Bound> one;
  for (Bound& b : all.indexes_)
    if (b.def->id == index_id) one.push_back(std::move(b));
  all.indexes_ = std::move(one);
  return all;
}

Status TableIndexes::EntryKey(const Bound& ix, const Row& row, std::string_view pk_bytes, ExecContext& ctx,
                              std::string* key, bool* present, std::vector<Value>* values) const {
  *present = true;
  if (ix.predicate) {
    Value v;
    PLINTH_RETURN_IF_ERROR(Eval(*ix.predicate, row, ctx, &v));
    if (v.is_null() || !v.as_bool()) {
      *present = false;
      return Status::OK();
    }
  }
  *key = keys::IndexPrefix(table_->storage_id(), ix.def->id);
  values->clear();
  bool any_null = false;
  for (size_t p = 0; p < ix.parts.size(); p++) {
    Value v;
    PLINTH_RETURN_IF_ERROR(Eval(*ix.parts[p], row, ctx, &v));
    any_null |= v.is_null();
    EncodeKey(ix.parts[p]->type, v, ix.def->is_descending(p), key);
    values->push_back(std::move(v));
  }
  if (!ix.def->unique || any_null) key->append(pk_bytes);
  return Status::OK();
}

std::string TableIndexes::KeyDetail(const Bound& ix, const std::vector<Value>& values, const IoContext& io) const {
  std::string cols, vals;
  for (size_t p = 0; p < values.size(); p++) {
    if (p) cols += ", ", vals += ", ";
    cols += IndexPartName(*table_, *ix.def, p);
    vals += values[p].is_null() ? "null" : OutputText(ix.parts[p]->type, values[p], io);
  }
  return "Key (" + cols + ")=(" + vals + ")";
}

Status TableIndexes::Insert(Transaction& txn, const Row& row, std::string_view row_key, ExecContext& ctx) const {
  std::string_view pk = row_key.substr(keys::IndexPrefix(0, 0).size());
  std::string key, existing;
  std::vector<Value> values;
  for (const Bound& ix : indexes_) {
    bool present = false;
    PLINTH_RETURN_IF_ERROR(EntryKey(ix, row, pk, ctx, &key, &present, &values));
    if (!present) continue;
    if (ix.def->unique) {
      // Like a primary-key insert: lock the unique key until commit, then look at the
      // newest committed entry, so two concurrent inserts of one value cannot both win.
      PLINTH_RETURN_IF_ERROR(txn.Lock(key, LockMode::Exclusive));
      bool found = false;
      PLINTH_RETURN_IF_ERROR(txn.GetLatest(key, &existing, &found));
      if (found && existing != pk)
        return Status::Error("23505", "duplicate key value violates unique constraint \"" + ix.def->name + "\"")
            .with_detail(KeyDetail(ix, values, *ctx.io) + " already exists.");
    }
    txn.Put(key, std::string(pk));
  }
  return Status::OK();
}

Status TableIndexes::Remove(Transaction& txn, const Row& row, std::string_view row_key, ExecContext& ctx) const {
  std::string_view pk = row_key.substr(keys::IndexPrefix(0, 0).size());
  std::string key;
  std::vector<Value> values;
  for (const Bound& ix : indexes_) {
    bool present = false;
    PLINTH_RETURN_IF_ERROR(EntryKey(ix, row, pk, ctx, &key, &present, &values));
    if (present) txn.Delete(key);
  }
  return Status::OK();
}

Status TableIndexes::Build(Transaction& txn, ExecContext& ctx) const {
  if (indexes_.empty()) return Status::OK();  // nothing to build: do not read the table
  std::string prefix = keys::IndexPrefix(table_->storage_id(), 0);
  auto cursor = txn.Scan(prefix, keys::PrefixEnd(prefix));
  std::vector<std::pair<std::string, Row>> rows;
  Row row;
  for (;;) {
    PLINTH_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    PLINTH_RETURN_IF_ERROR(DecodeRow(cursor->value(), table_->columns.size(), &row));
    rows.emplace_back(std::string(cursor->key()), row);
  }
  cursor.reset();
  std::string key, existing;
  std::vector<Value> values;
  for (const auto& [row_key, r] : rows) {
    std::string_view pk = std::string_view(row_key).substr(prefix.size());
    for (const Bound& ix : indexes_) {
      bool present = false;
      PLINTH_RETURN_IF_ERROR(EntryKey(ix, r, pk, ctx, &key, &present, &values));
      if (!present) continue;
      if (ix.def->unique) {
        bool found = false;
        PLINTH_RETURN_IF_ERROR(txn.Get(key, &existing, &found));
        if (found && existing != pk)
          return Status::Error("23505", "could not create unique index \"" + ix.def->name + "\"")
              .with_detail(KeyDetail(ix, values, *ctx.io) + " is duplicated.");
      }
      txn.Put(key, std::string(pk));
    }
  }
  return Status::OK();
}

}  // namespace plinth
