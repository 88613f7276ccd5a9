// Internal: reads a plinth.toml document into Settings and plugin tables.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "engine/common/status.h"
#include "host/config/settings.h"

namespace plinth::config {

using PluginTables = std::map<std::string, std::map<std::string, std::string>>;

// Applies every key of the document. Top-level keys are settings (case-insensitive);
// [plugins] holds plugins.* settings; [[hba]] and [[roles]] are arrays of tables; any
// other table named [a-z][a-z0-9_]* is a plugin's own table. Errors name
// "<file>:<line>: <key>: <what is wrong>".
Status ApplyTomlDocument(std::string_view text, std::string_view file_name, Settings* settings,
                         PluginTables* plugin_tables);

// [a-z][a-z0-9_]*: the shape of a plugin table's name (and of -c <plugin>.<key>).
bool IsPluginTableName(std::string_view name);

}  // namespace plinth::config
