// The embedding API configures the host exactly as plinth.toml does: it writes the
// options as TOML text and hands it to Config::FromString, so every setting is parsed,
// validated and defaulted by the one code path the server uses (and documented in
// docs/configuration.md).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "host/config/config.h"

namespace plinth {

class ConfigText {
 public:
  // A TOML literal for a string value.
  static std::string Quote(const std::string& text);

  // name may be dotted ("plugins.storage", "storage_lmdb.map_size"): the part before the
  // first dot names a table. Values are TOML literals (use Quote for strings); a later
  // Set of the same name replaces the earlier one. Names are kept as given (settings
  // are case-insensitive).
  void Set(const std::string& name, std::string toml_literal);
  // Appends one [[array_name]] table of (key, TOML literal) entries.
  void AddArrayTable(const std::string& array_name, std::vector<std::pair<std::string, std::string>> entries);

  std::string Render() const;

  // Parses the text as a Config. `source` names the options in error messages, which
  // read "<source>: <setting>: <what is wrong>".
  Result<Config> Parse(const std::string& source) const;

 private:
  std::map<std::string, std::string> top_;
  std::map<std::string, std::map<std::string, std::string>> tables_;
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> array_tables_;
};

// Where libplinth finds plugins when the application names no directory: the build
// tree's plugins/ next to the library, else the installed <libdir>/plinth.
std::string DefaultEmbeddedPluginDirectory();

}  // namespace plinth
