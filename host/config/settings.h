// The server's settings (PostgreSQL's names where one exists) and the table that knows,
// for each setting name, how to parse and validate its text value.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/hba.h"

namespace plinth {

struct RoleSpec {
  std::string name;
  std::string verifier;  // "SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>", "md5<32 hex>" or ""
  bool superuser = false;
  bool login = true;
};

struct Settings {
  std::vector<std::string> listen_addresses{"127.0.0.1"};  // TOML: string "127.0.0.1,::1" like PG
  int port = 5432;
  int max_connections = 100;
  std::string data_directory;            // absolute; -D; default "./data"
  int64_t statement_timeout_ms = 0;      // bare number = ms; "5s", "200ms", "1min"; 0 = none
  int64_t authentication_timeout_ms = 60000;  // bare number = s (as in PG); "500ms" etc.
  std::string log_min_messages = "info"; // debug, info, notice, warning, error, log, fatal, panic
  int64_t max_message_size = 1 << 30;    // bytes; "64MB"; bigger messages are a protocol error
  int max_prepared_statements = 1000;    // per session cache limits
  int max_portals = 1000;
  std::string password_encryption = "scram-sha-256";  // or "md5"
  std::string timezone = "UTC";          // PG name "TimeZone"
  std::string datestyle = "ISO, MDY";    // PG name "DateStyle", normalised
  std::string init_sql;                  // absolute path of a SQL file run once on a new data directory
  std::string plugins_directory;         // [plugins] directory; "" = next to the executable
  std::string storage_plugin = "storage_memory";                      // [plugins] storage
  std::vector<std::string> auth_plugins{"auth_trust", "auth_scram"};  // [plugins] auth
  std::string catalog_plugin = "catalog_pg";  // [plugins] catalog; "" = none
  std::vector<HbaRule> hba;              // [[hba]] tables, or hba_file=... (pg_hba.conf format)
  std::vector<RoleSpec> roles;           // [[roles]] tables
  std::string config_file;               // the file actually read ("" if none)
};

namespace config {

enum class SettingShape {
  kScalar,  // one value
  kList,    // a TOML array or a comma-separated string
};

struct SettingInfo {
  std::string_view name;  // lower case; [plugins] keys are "plugins.<key>"
  SettingShape shape;
};

// The setting called `name` (compared case-insensitively), or nullptr.
const SettingInfo* FindSetting(std::string_view name);

// Every known setting, for documentation and --help.
const std::vector<SettingInfo>& AllSettings();

// Parses `text` as the value of `setting` and stores it in *settings. Relative paths are
// resolved against `base_dir` (the config file's directory, or the working directory
// for the command line). Returns "" on success, else what is wrong with the value.
std::string ApplySetting(const SettingInfo& setting, const std::string& text,
                         const std::filesystem::path& base_dir, Settings* settings);

// Checks a role verifier's shape ("" is allowed: a role without a password).
std::string ValidateVerifier(std::string_view verifier);

}  // namespace config
}  // namespace plinth
