// Sequence state. As in PostgreSQL, sequence values are not transactional: nextval's
// effect survives ROLLBACK, so each change is committed to storage at once, outside the
// caller's transaction, under its own key (keys::IndexPrefix(sequence oid, 0)). The
// definition (start, increment, bounds) is catalog data and transactional as usual.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "engine/catalog/catalog.h"
#include "engine/functions/session_services.h"
#include "engine/storage/store.h"

namespace plinth {

class Database;
class SessionSettings;

// The database-wide counters, serialized by one mutex (a nextval is a read, a bump and
// a one-key commit; sequences are small and hot, so their state is cached in memory).
class SequenceCounters {
 public:
  struct State {
    int64_t last_value = 0;
    bool is_called = false;
  };
  Result<int64_t> Next(const Store& store, const SequenceDef& seq);
  Status Set(const Store& store, const SequenceDef& seq, int64_t value, bool is_called);
  Result<State> Read(const Store& store, const SequenceDef& seq);
  // Forgets the cached state (DROP SEQUENCE; the key itself goes with the DDL batch).
  void Forget(Oid seq);

  static std::string Key(Oid seq);

 private:
  Result<State*> Load(const Store& store, const SequenceDef& seq);
  Status Save(const Store& store, const SequenceDef& seq, const State& st);
  std::mutex mu_;
  std::map<Oid, State> cache_;
};

// The per-session side: currval/lastval memory and name resolution through the
// session's current catalog (its transaction's, so a sequence created in an open
// transaction is usable in it); and, when given, the session's settings for
// current_setting()/set_config().
class SessionSequences : public SessionServices {
 public:
  SessionSequences(Database& db, std::function<const Catalog&()> catalog,
                   std::function<const std::vector<std::string>&()> search_path, SessionSettings* settings = nullptr)
      : db_(db), catalog_(std::move(catalog)), search_path_(std::move(search_path)), settings_(settings) {}

  Result<Oid> ResolveRelation(std::string_view name) override;
  Result<int64_t> NextVal(Oid sequence) override;
  Result<int64_t> CurrVal(Oid sequence) override;
  Result<int64_t> LastVal() override;
  Result<int64_t> SetVal(Oid sequence, int64_t value, bool is_called) override;
  Result<SequenceState> ReadSequence(Oid sequence) override;
  Result<std::string> SerialSequence(std::string_view table, std::string_view column) override;
  std::vector<std::string> SearchPathSchemas() override;
  Result<std::string> GetSetting(std::string_view name) override;
  Result<std::string> SetSetting(std::string_view name, const std::string* value, bool is_local) override;

 private:
  Result<const SequenceDef*> Find(Oid sequence);
  Database& db_;
  std::function<const Catalog&()> catalog_;
  std::function<const std::vector<std::string>&()> search_path_;
  std::map<Oid, int64_t> currval_;
  std::optional<Oid> last_used_;
  SessionSettings* settings_;  // may be null (no settings functions then)
};

// The [min, max] of a sequence's AS type.
std::pair<int64_t, int64_t> SequenceTypeRange(Oid type);

}  // namespace plinth
