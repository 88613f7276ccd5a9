// Internal: assembles a Config from its sources in order (TOML file, then command line),
// then fills defaults that depend on what was given. Not part of the public interface.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/command_line.h"
#include "host/config/config.h"

namespace plinth {

class ConfigBuilder {
 public:
  // Applies a whole TOML document. Relative paths in it resolve against file_name's
  // directory. Errors: "<file>:<line>: <key>: <what is wrong>".
  Status ApplyToml(std::string_view text, std::string_view file_name);
  // Applies command-line settings, later ones winning. Errors: "command line: <flag>: ...".
  Status ApplyCommandLine(const std::vector<config::CommandLineSetting>& settings);
  // Defaults that depend on the rest: absolute data_directory, the built-in hba rules.
  void Finish();

  void set_action(Config::Action action) { config_.action_ = action; }
  void set_config_file(std::string path) { config_.settings_.config_file = std::move(path); }
  Config Take() { return std::move(config_); }

 private:
  Config config_;
};

}  // namespace plinth
