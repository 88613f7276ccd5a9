// The server configuration: one TOML file (plinth.toml) plus postgres-style command-line
// flags that override it. Every error is a single line naming where the bad value came
// from ("<file>:<line>: <key>: <what is wrong>" or "command line: -c <key>: ...").
// See docs/configuration.md for every setting.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "engine/common/status.h"
#include "host/config/hba.h"
#include "host/config/settings.h"

namespace plinth {

class Config {
 public:
  // argv as given to main. Handles -D DIR, -p PORT, -c name=value (repeatable; dotted
  // names reach [plugins] and plugin tables: -c plugins.storage=storage_lmdb,
  // -c storage_lmdb.path=/x), --name=value, --config FILE (-C FILE), --help, --version.
  // Without --config, reads <data_directory>/plinth.toml if it exists. Command-line
  // values override the file.
  static Result<Config> FromArgs(int argc, const char* const* argv);
  // Parses TOML text as if read from `file_name` (relative paths resolve against its
  // directory). For tests and embedding.
  static Result<Config> FromString(std::string_view toml_text, std::string_view file_name);

  enum class Action { Run, Help, Version };
  Action action() const { return action_; }
  std::string HelpText() const;
  const Settings& settings() const { return settings_; }
  // A plugin's table flattened to text: strings as-is, numbers/booleans as their TOML
  // text, nested tables as dotted keys. An empty map if the plugin has no table.
  const std::map<std::string, std::string>& PluginTable(const std::string& plugin) const;

 private:
  Action action_ = Action::Run;
  Settings settings_;
  std::map<std::string, std::map<std::string, std::string>> plugin_tables_;

  friend class ConfigBuilder;
};

}  // namespace plinth
