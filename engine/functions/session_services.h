// What the few functions that reach beyond their arguments need from the session:
// sequences (nextval/currval/setval/lastval) and relation names (the text -> regclass
// conversion, pg_get_serial_sequence). The engine's session implements it and hands it
// to every call through FunctionCallContext::services; nullptr outside a session.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"
#include "engine/types/value.h"

namespace plinth {

class SessionServices {
 public:
  virtual ~SessionServices() = default;
  // A possibly qualified, possibly quoted relation name to its OID (42P01 if none).
  virtual Result<Oid> ResolveRelation(std::string_view name) = 0;
  virtual Result<int64_t> NextVal(Oid sequence) = 0;
  virtual Result<int64_t> CurrVal(Oid sequence) = 0;
  virtual Result<int64_t> LastVal() = 0;
  virtual Result<int64_t> SetVal(Oid sequence, int64_t value, bool is_called) = 0;
  // The stored state a `SELECT last_value, is_called FROM seq` reads.
  struct SequenceState {
    int64_t last_value = 0;
    bool is_called = false;
  };
  virtual Result<SequenceState> ReadSequence(Oid sequence) {
    (void)sequence;
    return Status::Error("0A000", "reading a sequence needs a session");
  }
  // Run-time settings for current_setting() and set_config(): the value by name (42704
  // when unknown); SetSetting sets it (value null: back to its default), SET LOCAL-like
  // when is_local, and returns the value now in force.
  virtual Result<std::string> GetSetting(std::string_view name) {
    return Status::Error("0A000", "reading setting \"" + std::string(name) + "\" needs a session");
  }
  virtual Result<std::string> SetSetting(std::string_view name, const std::string* value, bool is_local) {
    (void)value, (void)is_local;
    return Status::Error("0A000", "changing setting \"" + std::string(name) + "\" needs a session");
  }
  // The qualified name of the sequence owned by table.column, or "" when none.
  virtual Result<std::string> SerialSequence(std::string_view table, std::string_view column) = 0;
  // The schemas of search_path that exist, in order: current_schema() is the first,
  // current_schemas(false) all of them.
  virtual std::vector<std::string> SearchPathSchemas() { return {"public"}; }
};

}  // namespace plinth
