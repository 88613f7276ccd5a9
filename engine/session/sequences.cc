#include "engine/session/sequences.h"

#include "engine/session/database.h"
#include "engine/session/settings.h"
#include "engine/storage/keys.h"
#include "engine/types/types.h"

namespace plinth {

std::string SequenceCounters::Key(Oid seq) { return keys::IndexPrefix(seq, 0); }

Result<SequenceCounters::State*> SequenceCounters::Load(const Store& store, const SequenceDef& seq) {
  auto it = cache_.find(seq.oid);
  if (it != cache_.end()) return &it->second;
  State st{seq.start, false};
  PLINTH_ASSIGN_OR_RETURN(auto snap, store.OpenSnapshot());
  std::string value;
  bool found = false;
  PLINTH_RETURN_IF_ERROR(snap->Get(Key(seq.oid), &value, &found));
  if (found) {
    codec::Reader r(value);
    st.last_value = static_cast<int64_t>(r.Fixed64());
    st.is_called = r.Byte() != 0;
    if (!r.ok()) return Status::Error("XX001", "corrupt state of sequence \"" + seq.name + "\"");
  }
  return &cache_.emplace(seq.oid, st).first->second;
}

Status SequenceCounters::Save(const Store& store, const SequenceDef& seq, const State& st) {
  std::string value;
  codec::PutFixed64(&value, static_cast<uint64_t>(st.last_value));
  value.push_back(st.is_called ? 1 : 0);
  return store.Commit({WriteOp{PLINTH_WRITE_PUT, Key(seq.oid), std::move(value), {}}});
}

Result<int64_t> SequenceCounters::Next(const Store& store, const SequenceDef& seq) {
  std::lock_guard<std::mutex> lock(mu_);
  PLINTH_ASSIGN_OR_RETURN(State * st, Load(store, seq));
  State next = *st;
  if (!st->is_called) {
    next.is_called = true;
  } else {
    // Overflow-safe: compare against the bound before adding.
    bool up = seq.increment > 0;
    bool past = up ? st->last_value > seq.max - seq.increment : st->last_value < seq.min - seq.increment;
    if (past) {
      if (!seq.cycle)
        return Status::Error("2200H", std::string("nextval: reached ") + (up ? "maximum" : "minimum") +
                                          " value of sequence \"" + seq.name + "\" (" +
                                          std::to_string(up ? seq.max : seq.min) + ")");
      next.last_value = up ? seq.min : seq.max;
    } else {
      next.last_value = st->last_value + seq.increment;
    }
  }
  PLINTH_RETURN_IF_ERROR(Save(store, seq, next));
  *st = next;
  return next.last_value;
}

Status SequenceCounters::Set(const Store& store, const SequenceDef& seq, int64_t value, bool is_called) {
  std::lock_guard<std::mutex> lock(mu_);
  PLINTH_ASSIGN_OR_RETURN(State * st, Load(store, seq));
  State next{value, is_called};
  PLINTH_RETURN_IF_ERROR(Save(store, seq, next));
  *st = next;
  return Status::OK();
}

Result<SequenceCounters::State> SequenceCounters::Read(const Store& store, const SequenceDef& seq) {
  std::lock_guard<std::mutex> lock(mu_);
  PLINTH_ASSIGN_OR_RETURN(State * st, Load(store, seq));
  return *st;
}

void SequenceCounters::Forget(Oid seq) {
  std::lock_guard<std::mutex> lock(mu_);
  cache_.erase(seq);
}

std::pair<int64_t, int64_t> SequenceTypeRange(Oid type) {
  if (type == oids::kInt2) return {INT16_MIN, INT16_MAX};
  if (type == oids::kInt4) return {INT32_MIN, INT32_MAX};
  return {INT64_MIN, INT64_MAX};
}

Result<Oid> SessionSequences::ResolveRelation(std::string_view name) {
  PLINTH_ASSIGN_OR_RETURN(auto parts, SplitQualifiedName(name));
  std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
  const Catalog& cat = catalog_();
  if (const SequenceDef* s = cat.LookupSequence(schema, parts.back(), search_path_())) return s->oid;
  if (const TableDef* t = cat.LookupTable(schema, parts.back(), search_path_())) return t->oid;
  if (const ViewDef* v = cat.LookupView(schema, parts.back(), search_path_())) return v->oid;
  return Status::Error("42P01", "relation \"" + std::string(name) + "\" does not exist");
}

Result<const SequenceDef*> SessionSequences::Find(Oid sequence) {
  const Catalog& cat = catalog_();
  if (const SequenceDef* s = cat.SequenceByOid(sequence)) return s;
  if (const TableDef* t = cat.TableByOid(sequence))
    return Status::Error("42809", "\"" + t->name + "\" is not a sequence");
  return Status::Error("42P01", "could not open relation with OID " + std::to_string(sequence));
}

Result<int64_t> SessionSequences::NextVal(Oid sequence) {
  PLINTH_ASSIGN_OR_RETURN(const SequenceDef* s, Find(sequence));
  PLINTH_ASSIGN_OR_RETURN(int64_t v, db_.sequences().Next(db_.store(), *s));
  currval_[sequence] = v;
  last_used_ = sequence;
  return v;
}

Result<int64_t> SessionSequences::CurrVal(Oid sequence) {
  PLINTH_ASSIGN_OR_RETURN(const SequenceDef* s, Find(sequence));
  auto it = currval_.find(sequence);
  if (it == currval_.end())
    return Status::Error("55000", "currval of sequence \"" + s->name + "\" is not yet defined in this session");
  return it->second;
}

Result<SessionServices::SequenceState> SessionSequences::ReadSequence(Oid sequence) {
  PLINTH_ASSIGN_OR_RETURN(const SequenceDef* s, Find(sequence));
  PLINTH_ASSIGN_OR_RETURN(SequenceCounters::State st, db_.sequences().Read(db_.store(), *s));
  return SequenceState{st.last_value, st.is_called};
}

Result<int64_t> SessionSequences::LastVal() {
  if (!last_used_) return Status::Error("55000", "lastval is not yet defined in this session");
  PLINTH_RETURN_IF_ERROR(Find(*last_used_).status());
  return currval_.at(*last_used_);
}

Result<int64_t> SessionSequences::SetVal(Oid sequence, int64_t value, bool is_called) {
  PLINTH_ASSIGN_OR_RETURN(const SequenceDef* s, Find(sequence));
  if (value < s->min || value > s->max)
    return Status::Error("22003", "setval: value " + std::to_string(value) + " is out of bounds for sequence \"" +
                                      s->name + "\" (" + std::to_string(s->min) + ".." + std::to_string(s->max) + ")");
  PLINTH_RETURN_IF_ERROR(db_.sequences().Set(db_.store(), *s, value, is_called));
  // Like PostgreSQL, setval with is_called makes the value this session's currval.
  if (is_called) {
    currval_[sequence] = value;
    last_used_ = sequence;
  }
  return value;
}

Result<std::string> SessionSequences::SerialSequence(std::string_view table, std::string_view column) {
  PLINTH_ASSIGN_OR_RETURN(auto parts, SplitQualifiedName(table));
  std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
  const Catalog& cat = catalog_();
  const TableDef* t = cat.LookupTable(schema, parts.back(), search_path_());
  if (!t) return Status::Error("42P01", "relation \"" + std::string(table) + "\" does not exist");
  if (t->FindColumn(column) < 0)
    return Status::Error("42703", "column \"" + std::string(column) + "\" of relation \"" + t->name + "\" does not exist");
  for (const auto& [oid, s] : cat.sequences())
    if (s->owned_by_table == t->oid && s->owned_by_column == column) return s->schema + "." + s->name;
  return std::string();
}

std::vector<std::string> SessionSequences::SearchPathSchemas() {
  std::vector<std::string> existing;
  const Catalog& catalog = catalog_();
  for (const std::string& schema : search_path_())
    if (catalog.HasSchema(schema)) existing.push_back(schema);
  return existing;
}

Result<std::string> SessionSequences::GetSetting(std::string_view name) {
  if (!settings_) return SessionServices::GetSetting(name);
  return settings_->Get(std::string(name));
}

Result<std::string> SessionSequences::SetSetting(std::string_view name, const std::string* value, bool is_local) {
  if (!settings_) return SessionServices::SetSetting(name, value, is_local);
  std::string n(name);
  PLINTH_RETURN_IF_ERROR(value ? settings_->Set(n, *value, is_local) : settings_->Reset(n));
  return settings_->Get(n);
}

}  // namespace plinth
