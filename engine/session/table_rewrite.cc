#include "engine/session/table_rewrite.h"

#include "engine/executor/operators.h"
#include "engine/executor/row_codec.h"
#include "engine/session/row_writer.h"
#include "engine/storage/keys.h"
#include "engine/txn/direct_writer.h"
#include "engine/types/types.h"

namespace plinth {

void TableRewrite::Reserve(size_t n) { txn_.ReserveWrites(keys::IndexPrefix(to_.storage_id(), 0), n); }

Result<std::optional<std::string>> TableRewrite::NewKey(std::string_view old_key, const Row& row) {
  int64_t row_id = 0;
  if (to_.primary_key.empty()) {
    if (from_.primary_key.empty()) {
      // The hidden row id stays; ids handed out later continue after the old range's.
      if (!started_) PLINTH_RETURN_IF_ERROR(db_.ContinueRowIds(from_.storage_id(), to_.storage_id()));
      std::string_view rest = PrimaryKeyBytes(old_key);
      PLINTH_ASSIGN_OR_RETURN(Value id, DecodeKey(oids::kInt8, &rest, false));
      row_id = id.as_int();
    } else {
      PLINTH_ASSIGN_OR_RETURN(row_id, db_.NextRowId(to_.storage_id()));
    }
  } else {
    bool has_null = false;
    for (size_t p = 0; p < to_.primary_key.size(); p++)
      if (row[to_.primary_key[p]].is_null()) null_in_[p] = has_null = true;
    if (has_null) return std::optional<std::string>();  // reported by Finish, unless a duplicate is
  }
  started_ = true;
  return std::optional<std::string>(RowKey(to_, row, row_id));
}

Status TableRewrite::Add(std::string_view old_key, const Row& row, std::string value) {
  PLINTH_ASSIGN_OR_RETURN(std::optional<std::string> key, NewKey(old_key, row));
  if (!key) return Status::OK();
  if (!last_key_.empty() && *key <= last_key_) {
    // Out of key order: the only keys in this storage range are the ones written here.
    if (txn_.writes().Find(*key)) return NoteDuplicate(*key, row);
  } else {
    last_key_ = *key;
  }
  txn_.Put(std::move(*key), std::move(value));
  return Status::OK();
}

Result<bool> TableRewrite::CopyRowsDirect() {
  if (to_.columns.size() != from_.columns.size())
    return Status::Error("XX000", "table rewrite without loaded rows changed the columns");
  std::string prefix = keys::IndexPrefix(from_.storage_id(), 0);
  std::string end = keys::PrefixEnd(prefix);
  if (txn_.writes().Range(prefix, end).valid()) return false;
  txn_.AddDirectRange(to_.storage_id());
  DirectRangeWriter out(txn_);
  std::vector<bool> wanted(to_.columns.size(), false);
  for (int k : to_.primary_key) wanted[k] = true;
  Cursor cur(txn_.SnapshotFor(prefix));  // the old range may be a direct one too
  Row row;
  PLINTH_ASSIGN_OR_RETURN(bool ok, cur.Seek(prefix));
  while (ok && cur.key() < end) {
    PLINTH_RETURN_IF_ERROR(DecodeRow(cur.value(), to_.columns.size(), wanted, &row));
    PLINTH_ASSIGN_OR_RETURN(std::optional<std::string> key, NewKey(cur.key(), row));
    if (key && !last_key_.empty() && *key <= last_key_) {
      if (*key < last_key_) return false;  // out of order: the write buffer can check it
      PLINTH_RETURN_IF_ERROR(NoteDuplicate(*key, row));
    } else if (key) {
      last_key_ = *key;
      PLINTH_RETURN_IF_ERROR(out.Add(*key, cur.value()));
    }
    PLINTH_ASSIGN_OR_RETURN(ok, cur.Step());
  }
  PLINTH_RETURN_IF_ERROR(out.Finish());
  return true;
}

Status TableRewrite::NoteDuplicate(const std::string& key, const Row& row) {
  if (!duplicate_key_.empty() && duplicate_key_ <= key) return Status::OK();
  duplicate_key_ = key;
  duplicate_values_.clear();
  for (size_t p = 0; p < to_.primary_key.size(); p++) {
    int k = to_.primary_key[p];
    if (p) duplicate_values_ += ", ";
    OutputText(to_.columns[k].type, row[k], io_, &duplicate_values_);
  }
  return Status::OK();
}

Status TableRewrite::CopyRows() {
  if (to_.columns.size() != from_.columns.size())
    return Status::Error("XX000", "table rewrite without loaded rows changed the columns");
  std::string prefix = keys::IndexPrefix(from_.storage_id(), 0);
  std::string end = keys::PrefixEnd(prefix);
  uint64_t estimate = 0, bytes = 0;
  if (txn_.snapshot()->store().Estimate(prefix, end, &estimate, &bytes).ok()) Reserve(estimate);
  std::vector<bool> wanted(to_.columns.size(), false);
  for (int k : to_.primary_key) wanted[k] = true;
  auto cursor = txn_.Scan(prefix, end);
  Row row;
  for (;;) {
    PLINTH_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    PLINTH_RETURN_IF_ERROR(DecodeRow(cursor->value(), to_.columns.size(), wanted, &row));
    PLINTH_RETURN_IF_ERROR(Add(cursor->key(), row, std::string(cursor->value())));
  }
  return Status::OK();
}

Status TableRewrite::Finish() {
  const std::string& index = to_.pk_constraint_name;
  if (!duplicate_key_.empty()) {
    std::string cols;
    for (size_t p = 0; p < to_.primary_key.size(); p++) {
      if (p) cols += ", ";
      cols += to_.columns[to_.primary_key[p]].name;
    }
    return Status::Error("23505", "could not create unique index \"" + index + "\"")
        .with_detail("Key (" + cols + ")=(" + duplicate_values_ + ") is duplicated.");
  }
  for (size_t p = 0; p < null_in_.size(); p++)
    if (null_in_[p])
      return Status::Error("23502", "column \"" + to_.columns[to_.primary_key[p]].name + "\" of relation \"" +
                                        to_.name + "\" contains null values");
  return Status::OK();
}

}  // namespace plinth
