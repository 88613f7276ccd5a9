#include "host/config/command_line.h"

#include <string_view>

namespace plinth::config {
namespace {

Status UsageError(const std::string& flag, const std::string& what) {
  return Status::Error("22023", "command line: " + flag + ": " + what +
                                    " (try --help for usage)");
}

}  // namespace

Result<CommandLine> ParseCommandLine(int argc, const char* const* argv) {
  CommandLine out;
  // Takes the value of a flag written either joined ("-p5433") or as the next argument.
  auto value_of = [&](int* i, std::string_view arg, std::string_view flag,
                      std::string* value) -> bool {
    if (arg.size() > flag.size()) {
      *value = std::string(arg.substr(flag.size()));
      return true;
    }
    if (*i + 1 >= argc || argv[*i + 1] == nullptr) return false;
    *value = argv[++*i];
    return true;
  };

  for (int i = 1; i < argc; ++i) {
    if (argv[i] == nullptr) break;
    const std::string_view arg = argv[i];
    std::string value;
    if (arg == "--help" || arg == "-?" || arg == "-h") {
      out.action = CommandLine::Action::kHelp;
    } else if (arg == "--version" || arg == "-V") {
      out.action = CommandLine::Action::kVersion;
    } else if (arg.rfind("--config", 0) == 0 &&
               (arg.size() == 8 || arg[8] == '=')) {
      if (arg.size() > 8) {
        value = std::string(arg.substr(9));
      } else if (!value_of(&i, arg, "--config", &value)) {
        return UsageError("--config", "missing file name");
      }
      if (value.empty()) return UsageError("--config", "empty file name");
      out.config_file = value;
    } else if (arg.rfind("-C", 0) == 0) {
      if (!value_of(&i, arg, "-C", &value) || value.empty()) {
        return UsageError("-C", "missing file name");
      }
      out.config_file = value;
    } else if (arg.rfind("-D", 0) == 0) {
      if (!value_of(&i, arg, "-D", &value)) return UsageError("-D", "missing directory");
      out.settings.push_back({"data_directory", value, "-D"});
    } else if (arg.rfind("-p", 0) == 0) {
      if (!value_of(&i, arg, "-p", &value)) return UsageError("-p", "missing port number");
      out.settings.push_back({"port", value, "-p"});
    } else if (arg.rfind("-c", 0) == 0) {
      if (!value_of(&i, arg, "-c", &value)) return UsageError("-c", "missing name=value");
      const size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) {
        return UsageError("-c " + value, "expected name=value");
      }
      std::string name = value.substr(0, eq);
      if (name == "config_file") {
        out.config_file = value.substr(eq + 1);
        continue;
      }
      out.settings.push_back({name, value.substr(eq + 1), "-c " + name});
    } else if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
      // postgres accepts --name=value for any setting, with '-' standing for '_'.
      const size_t eq = arg.find('=');
      if (eq == std::string_view::npos) {
        return UsageError(std::string(arg), "expected " + std::string(arg) + "=value");
      }
      std::string name(arg.substr(2, eq - 2));
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      out.settings.push_back({name, std::string(arg.substr(eq + 1)), "--" + name});
    } else {
      return UsageError(std::string(arg), "unrecognized argument");
    }
  }
  return out;
}

}  // namespace plinth::config
