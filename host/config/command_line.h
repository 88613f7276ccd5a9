// The postgres-style command line: -D DIR, -p PORT, -c name=value, --name=value,
// --config FILE (-C FILE), --help (-?), --version (-V).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/common/status.h"

namespace plinth::config {

// One "name=value" from the command line, in order of appearance (later ones win).
struct CommandLineSetting {
  std::string name;    // as written, e.g. "TimeZone", "plugins.storage", "storage_lmdb.path"
  std::string value;
  std::string origin;  // how it was given, for messages: "-c port", "-D", "--port"
};

struct CommandLine {
  enum class Action { kRun, kHelp, kVersion };
  Action action = Action::kRun;
  std::optional<std::string> config_file;  // --config / -C / -c config_file=
  std::vector<CommandLineSetting> settings;
};

// Errors read "command line: <flag>: <what is wrong>".
Result<CommandLine> ParseCommandLine(int argc, const char* const* argv);

}  // namespace plinth::config
