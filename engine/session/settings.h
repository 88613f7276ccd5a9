// Session settings (GUCs): SET / SHOW / RESET / SET LOCAL with PostgreSQL's names,
// and the ones marked "report" are sent to the client as ParameterStatus when they
// change, as PostgreSQL does.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/common/status.h"
#include "engine/types/types.h"

namespace plinth {

class SessionSettings {
 public:
  SessionSettings();

  // Server-level defaults before a session starts (from the config file).
  void SetDefault(const std::string& name, const std::string& value);

  Result<std::string> Get(const std::string& name) const;  // 42704 if unknown
  // SET name = value (local: until the end of the transaction).
  Status Set(const std::string& name, const std::string& value, bool local);
  Status Reset(const std::string& name);
  void ResetAll();
  // Transaction end: SET LOCAL values revert, and so does every SET of a transaction
  // block that was not committed (BeginBlock at BEGIN, CommitBlock at COMMIT).
  void EndTransaction();
  void BeginBlock();
  void CommitBlock();

  // The settings that are reported at startup, in a stable order.
  std::vector<std::pair<std::string, std::string>> ReportedAtStartup() const;
  std::vector<std::pair<std::string, std::string>> TakeReported();
  // Every setting and its current value, by name (pg_settings, SHOW ALL).
  std::vector<std::pair<std::string, std::string>> All() const;

  const IoContext& io() const { return io_; }
  void set_reg_names(const RegNameResolver* names) { io_.reg_names = names; }
  const std::vector<std::string>& search_path() const { return search_path_; }
  int64_t statement_timeout_ms() const;
  int64_t lock_timeout_ms() const;
  // The canonical spelling of a setting name ("timezone" -> "TimeZone"), or "" if unknown.
  static std::string CanonicalName(const std::string& name);
  // The order of message levels (client_min_messages, notice severities), case-blind:
  // debug5 … debug1 < log < notice < warning < error; unknown levels rank as notice.
  static int MessageLevelRank(std::string_view level);

 private:
  struct Entry {
    std::string value, reset_value;
    bool report = false;
  };
  Status Validate(const std::string& canonical, std::string* value) const;
  void Apply(const std::string& canonical);
  void Store(const std::string& canonical, const std::string& value);
  // A time setting ("1500", "2s", "1min") in milliseconds.
  int64_t DurationMs(const std::string& canonical) const;

  std::map<std::string, Entry> entries_;
  std::map<std::string, std::string> local_saved_;  // values to restore at transaction end
  std::map<std::string, std::string> block_saved_;  // values before the block's SETs, for ROLLBACK
  bool in_block_ = false;
  void SaveForRollback(const std::string& canonical);
  std::vector<std::pair<std::string, std::string>> reported_;
  IoContext io_;
  std::vector<std::string> search_path_{"public"};
};

}  // namespace plinth
