#include "host/embed/config_text.h"

#include <dlfcn.h>

#include <cctype>
#include <cstdio>
#include <filesystem>

namespace plinth {

namespace {

bool IsBareKey(const std::string& key) {
  if (key.empty()) return false;
  for (char c : key)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

std::string Key(const std::string& key) { return IsBareKey(key) ? key : ConfigText::Quote(key); }

}  // namespace

std::string ConfigText::Quote(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

void ConfigText::Set(const std::string& name, std::string toml_literal) {
  size_t dot = name.find('.');
  if (dot == std::string::npos) {
    top_[name] = std::move(toml_literal);
  } else {
    tables_[name.substr(0, dot)][name.substr(dot + 1)] = std::move(toml_literal);
  }
}

void ConfigText::AddArrayTable(const std::string& array_name,
                               std::vector<std::pair<std::string, std::string>> entries) {
  array_tables_.emplace_back(array_name, std::move(entries));
}

std::string ConfigText::Render() const {
  std::string out;
  for (const auto& [key, value] : top_) out += Key(key) + " = " + value + "\n";
  for (const auto& [table, entries] : tables_) {
    out += "[" + Key(table) + "]\n";
    for (const auto& [key, value] : entries) {
      // A key with dots inside a table stays a dotted key (nested plugin settings).
      std::string k;
      size_t start = 0;
      for (size_t dot; (dot = key.find('.', start)) != std::string::npos; start = dot + 1)
        k += Key(key.substr(start, dot - start)) + ".";
      out += k + Key(key.substr(start)) + " = " + value + "\n";
    }
  }
  for (const auto& [name, entries] : array_tables_) {
    out += "[[" + Key(name) + "]]\n";
    for (const auto& [key, value] : entries) out += Key(key) + " = " + value + "\n";
  }
  return out;
}

Result<Config> ConfigText::Parse(const std::string& source) const {
  auto config = Config::FromString(Render(), source);
  if (config.ok()) return config;
  // "<source>:<line>: key: ..." -> "<source>: key: ...": the line of generated text
  // means nothing to the application.
  std::string message = config.status().message();
  const std::string prefix = source + ":";
  if (message.rfind(prefix, 0) == 0) {
    size_t colon = message.find(": ", prefix.size());
    if (colon != std::string::npos) message = source + message.substr(colon);
  }
  return Status::Error(config.status().sqlstate(), message);
}

std::string DefaultEmbeddedPluginDirectory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&DefaultEmbeddedPluginDirectory), &info) == 0 || !info.dli_fname) return "";
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path lib_dir = fs::canonical(fs::path(info.dli_fname), ec).parent_path();
  if (ec) return "";
  if (fs::is_directory(lib_dir / "plugins", ec)) return (lib_dir / "plugins").string();
  if (fs::is_directory(lib_dir / "plinth", ec)) return (lib_dir / "plinth").string();
#ifdef PLINTH_BUILD_TREE_PLUGIN_DIR
  return PLINTH_BUILD_TREE_PLUGIN_DIR;  // linked statically into a program of the build tree
#else
  return (lib_dir / "plinth").string();
#endif
}

}  // namespace plinth
