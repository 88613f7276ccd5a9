#include "host/config/config.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "host/config/command_line.h"
#include "host/config/config_builder.h"
#include "host/config/toml_source.h"
#include "host/config/value_parsers.h"

namespace plinth {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultDataDirectory = "./data";
constexpr const char* kConfigFileName = "plinth.toml";

Status CommandLineError(const config::CommandLineSetting& s, const char* sqlstate,
                        const std::string& what) {
  return Status::Error(sqlstate, "command line: " + s.origin + ": " + what);
}

// The data directory the command line names (the last -D / -c data_directory wins),
// needed before the file is read because the default file lives there.
fs::path DataDirectoryFromCommandLine(const config::CommandLine& cl) {
  fs::path dir = kDefaultDataDirectory;
  for (const auto& s : cl.settings) {
    if (config::ToLower(s.name) == "data_directory" && !s.value.empty()) dir = s.value;
  }
  return fs::absolute(dir).lexically_normal();
}

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Error("58P01", path.string() + ": could not open configuration file: " +
                                      std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return Status::Error("58030", path.string() + ": could not read configuration file");
  }
  return text.str();
}

}  // namespace

Status ConfigBuilder::ApplyToml(std::string_view text, std::string_view file_name) {
  return config::ApplyTomlDocument(text, file_name, &config_.settings_, &config_.plugin_tables_);
}

Status ConfigBuilder::ApplyCommandLine(const std::vector<config::CommandLineSetting>& settings) {
  const fs::path cwd = fs::current_path();
  for (const config::CommandLineSetting& s : settings) {
    const std::string lower = config::ToLower(s.name);
    const size_t dot = lower.find('.');
    const config::SettingInfo* setting = nullptr;
    if (dot == std::string::npos) {
      if (lower == "hba" || lower == "roles") {
        return CommandLineError(s, "22023",
                                "[[" + lower + "]] tables can only be given in the configuration "
                                "file" + (lower == "hba" ? " (or use -c hba_file=PATH)" : ""));
      }
      setting = config::FindSetting(lower);
    } else if (lower.compare(0, dot, "plugins") == 0) {
      setting = config::FindSetting(lower);
    } else {
      // <plugin>.<key>: a value for that plugin's own table; its keys stay as written.
      const std::string plugin = s.name.substr(0, dot);
      const std::string key = s.name.substr(dot + 1);
      if (config::IsPluginTableName(plugin) && !key.empty()) {
        config_.plugin_tables_[plugin][key] = s.value;
        continue;
      }
    }
    if (setting == nullptr) {
      return CommandLineError(s, "42704", "unrecognized configuration parameter \"" + s.name + "\"");
    }
    std::string error = config::ApplySetting(*setting, s.value, cwd, &config_.settings_);
    if (!error.empty()) return CommandLineError(s, "22023", error);
  }
  return Status::OK();
}

void ConfigBuilder::Finish() {
  Settings& s = config_.settings_;
  if (s.data_directory.empty()) {
    s.data_directory = fs::absolute(kDefaultDataDirectory).lexically_normal().string();
  }
  if (s.hba.empty()) s.hba = DefaultHbaRules();
}

Result<Config> Config::FromArgs(int argc, const char* const* argv) {
  auto command_line = config::ParseCommandLine(argc, argv);
  if (!command_line.ok()) return command_line.status();
  const config::CommandLine& cl = *command_line;

  ConfigBuilder builder;
  if (cl.action != config::CommandLine::Action::kRun) {
    builder.set_action(cl.action == config::CommandLine::Action::kHelp ? Action::Help
                                                                        : Action::Version);
    return builder.Take();
  }

  fs::path file;
  if (cl.config_file) {
    file = fs::absolute(*cl.config_file).lexically_normal();
  } else {
    fs::path candidate = DataDirectoryFromCommandLine(cl) / kConfigFileName;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) file = candidate;
  }
  if (!file.empty()) {
    auto text = ReadFile(file);
    if (!text.ok()) return text.status();
    PLINTH_RETURN_IF_ERROR(builder.ApplyToml(*text, file.string()));
    builder.set_config_file(file.string());
  }
  PLINTH_RETURN_IF_ERROR(builder.ApplyCommandLine(cl.settings));
  builder.Finish();
  return builder.Take();
}

Result<Config> Config::FromString(std::string_view toml_text, std::string_view file_name) {
  ConfigBuilder builder;
  PLINTH_RETURN_IF_ERROR(builder.ApplyToml(toml_text, file_name));
  builder.set_config_file(std::string(file_name));
  builder.Finish();
  return builder.Take();
}

const std::map<std::string, std::string>& Config::PluginTable(const std::string& plugin) const {
  static const std::map<std::string, std::string> kEmpty;
  auto it = plugin_tables_.find(plugin);
  return it == plugin_tables_.end() ? kEmpty : it->second;
}

std::string Config::HelpText() const {
  std::string text =
      "plinth is a PostgreSQL-compatible SQL server.\n"
      "\n"
      "Usage:\n"
      "  plinth [OPTION]...\n"
      "\n"
      "Options:\n"
      "  -D DATADIR         database directory (default ./data)\n"
      "  -p PORT            port number to listen on\n"
      "  -c NAME=VALUE      set a setting; NAME may be plugins.<key> or <plugin>.<key>\n"
      "  --NAME=VALUE       set a setting ('-' may stand for '_')\n"
      "  -C, --config=FILE  read settings from FILE (default DATADIR/plinth.toml if present)\n"
      "  -V, --version      output version information, then exit\n"
      "  -?, --help         show this help, then exit\n"
      "\n"
      "Settings:\n";
  for (const config::SettingInfo& setting : config::AllSettings()) {
    text += "  " + std::string(setting.name) + "\n";
  }
  text +=
      "\n"
      "Environment: PLINTH_LOG=debug|info|warning|error overrides log_min_messages.\n"
      "See docs/configuration.md for every setting, [[hba]] rules and [[roles]].\n";
  return text;
}

}  // namespace plinth
