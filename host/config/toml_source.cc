#include "host/config/toml_source.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>
#include <toml.hpp>
#include <vector>

#include "host/config/value_parsers.h"

namespace plinth::config {
namespace {

namespace fs = std::filesystem;

// SQLSTATEs as PostgreSQL uses them for configuration problems.
constexpr const char* kConfigFileError = "F0000";
constexpr const char* kInvalidValue = "22023";
constexpr const char* kUnrecognized = "42704";

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

const char* TypeName(const toml::value& v) {
  if (v.is_table()) return "a table";
  if (v.is_array()) return "an array";
  if (v.is_string()) return "a string";
  if (v.is_integer()) return "an integer";
  if (v.is_floating()) return "a float";
  if (v.is_boolean()) return "a boolean";
  return "a date/time";
}

// A scalar as text: strings as-is, everything else as its TOML spelling.
std::optional<std::string> ScalarText(const toml::value& v) {
  if (v.is_string()) return v.as_string().str;
  if (v.is_boolean()) return v.as_boolean() ? "true" : "false";
  if (v.is_integer()) return std::to_string(v.as_integer());
  if (v.is_table() || v.is_array()) return std::nullopt;
  return toml::format(v);
}

// The entries of a table in file order, so the first error reported is the first in the
// file (toml11 keeps tables in an unordered map).
std::vector<std::pair<std::string, const toml::value*>> InFileOrder(const toml::value& table) {
  std::vector<std::pair<std::string, const toml::value*>> entries;
  for (const auto& [key, value] : table.as_table()) entries.emplace_back(key, &value);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto la = a.second->location().line(), lb = b.second->location().line();
    return la != lb ? la < lb : a.first < b.first;
  });
  return entries;
}

class TomlReader {
 public:
  TomlReader(std::string_view file_name, Settings* settings, PluginTables* tables)
      : file_name_(file_name), settings_(settings), tables_(tables) {
    fs::path parent = fs::path(file_name_).parent_path();
    base_dir_ = parent.is_absolute() ? parent : fs::current_path() / parent;
  }

  Status ApplyRoot(const toml::value& root) {
    bool has_hba_tables = false;
    const toml::value* hba_file = nullptr;
    for (const auto& [key, value] : InFileOrder(root)) {
      const std::string lower = ToLower(key);
      if (lower == "hba") {
        PLINTH_RETURN_IF_ERROR(ApplyHba(*value));
        has_hba_tables = true;
      } else if (lower == "roles") {
        PLINTH_RETURN_IF_ERROR(ApplyRoles(*value));
      } else if (const SettingInfo* setting = FindSetting(lower); setting && lower.find('.') == std::string::npos) {
        if (lower == "hba_file") hba_file = value;
        PLINTH_RETURN_IF_ERROR(ApplySetting(*setting, key, *value));
      } else if (value->is_table() && lower == "plugins") {
        PLINTH_RETURN_IF_ERROR(ApplyPluginsSection(*value));
      } else if (value->is_table() && IsPluginTableName(key)) {
        Flatten(*value, "", &(*tables_)[key]);
      } else {
        return Fail(*value, key, kUnrecognized, "unrecognized configuration parameter " + Quote(key));
      }
    }
    if (has_hba_tables && hba_file != nullptr) {
      return Fail(*hba_file, "hba_file", kInvalidValue,
                  "both hba_file and [[hba]] tables are given; use one of them");
    }
    return Status::OK();
  }

 private:
  std::string Where(const toml::value& v) const {
    return file_name_ + ":" + std::to_string(v.location().line());
  }

  Status Fail(const toml::value& v, std::string_view key, const char* sqlstate,
              const std::string& what) const {
    return Status::Error(sqlstate, Where(v) + ": " + std::string(key) + ": " + what);
  }

  Status ApplySetting(const SettingInfo& setting, std::string_view key, const toml::value& v) {
    std::string text;
    if (auto scalar = ScalarText(v)) {
      text = *scalar;
    } else if (v.is_array() && setting.shape == SettingShape::kList) {
      for (const toml::value& item : v.as_array()) {
        auto item_text = ScalarText(item);
        if (!item_text) {
          return Fail(item, key, kInvalidValue,
                      std::string("expected a list of values, found ") + TypeName(item) + " in it");
        }
        text += (text.empty() ? "" : ", ") + *item_text;
      }
    } else {
      return Fail(v, key, kInvalidValue, std::string("expected a single value, found ") + TypeName(v));
    }
    std::string error = config::ApplySetting(setting, text, base_dir_, settings_);
    if (!error.empty()) return Fail(v, key, kInvalidValue, error);
    return Status::OK();
  }

  Status ApplyPluginsSection(const toml::value& section) {
    for (const auto& [key, value] : InFileOrder(section)) {
      const std::string name = "plugins." + ToLower(key);
      const SettingInfo* setting = FindSetting(name);
      if (setting == nullptr) {
        return Fail(*value, name, kUnrecognized,
                    "unrecognized configuration parameter " + Quote(name) +
                        " (the [plugins] section takes directory, storage, auth and catalog)");
      }
      PLINTH_RETURN_IF_ERROR(ApplySetting(*setting, name, *value));
    }
    return Status::OK();
  }

  // Nested tables become dotted keys: [storage_lmdb.tuning] a = 1 -> "tuning.a".
  static void Flatten(const toml::value& table, const std::string& prefix,
                      std::map<std::string, std::string>* out) {
    for (const auto& [key, value] : table.as_table()) {
      if (value.is_table()) {
        Flatten(value, prefix + key + ".", out);
      } else {
        auto text = ScalarText(value);
        (*out)[prefix + key] = text ? *text : toml::format(value);
      }
    }
  }

  // A string or an array of strings, as a list of names ("a, b" splits on commas).
  Status NameList(const toml::value& v, std::string_view key, std::vector<std::string>* out) {
    std::vector<std::string> names;
    if (v.is_string()) {
      names = SplitCommaList(v.as_string().str);
    } else if (v.is_array()) {
      for (const toml::value& item : v.as_array()) {
        if (!item.is_string()) {
          return Fail(item, key, kInvalidValue,
                      std::string("expected strings, found ") + TypeName(item));
        }
        names.push_back(item.as_string().str);
      }
    } else {
      return Fail(v, key, kInvalidValue,
                  std::string("expected a string or an array of strings, found ") + TypeName(v));
    }
    *out = std::move(names);
    return Status::OK();
  }

  Status String(const toml::value& v, std::string_view key, std::string* out) {
    if (!v.is_string()) {
      return Fail(v, key, kInvalidValue, std::string("expected a string, found ") + TypeName(v));
    }
    *out = v.as_string().str;
    return Status::OK();
  }

  Status ApplyHba(const toml::value& v) {
    if (!v.is_array()) {
      return Fail(v, "hba", kInvalidValue, "expected [[hba]] tables (an array of tables)");
    }
    std::vector<HbaRule> rules;
    for (const toml::value& item : v.as_array()) {
      if (!item.is_table()) {
        return Fail(item, "hba", kInvalidValue,
                    std::string("expected [[hba]] tables, found ") + TypeName(item));
      }
      HbaRule rule;
      std::set<std::string> seen;
      for (const auto& [key, value] : InFileOrder(item)) {
        const std::string field = "hba." + key;
        if (key == "type") PLINTH_RETURN_IF_ERROR(String(*value, field, &rule.type));
        else if (key == "database" || key == "databases") PLINTH_RETURN_IF_ERROR(NameList(*value, field, &rule.databases));
        else if (key == "user" || key == "users") PLINTH_RETURN_IF_ERROR(NameList(*value, field, &rule.users));
        else if (key == "address") PLINTH_RETURN_IF_ERROR(String(*value, field, &rule.address));
        else if (key == "method") PLINTH_RETURN_IF_ERROR(String(*value, field, &rule.method));
        else {
          return Fail(*value, field, kUnrecognized,
                      "unrecognized hba key (expected type, database, user, address, method)");
        }
        seen.insert(key);
      }
      // The rule's first key is on the line after [[hba]]: the most useful line to cite.
      rule.source = Where(item.as_table().empty() ? item : *InFileOrder(item).front().second);
      for (const char* required : {"type", "method"}) {
        if (!seen.count(required)) {
          return Fail(item, std::string("hba.") + required, kInvalidValue, "missing in this [[hba]] rule");
        }
      }
      std::string error = hba::ValidateRule(rule);
      if (error.empty() && rule.type != "local") {
        rule.address = hba::NormalizeAddress(rule.address, &error);
      }
      if (!error.empty()) return Status::Error(kInvalidValue, rule.source + ": hba: " + error);
      rules.push_back(std::move(rule));
    }
    settings_->hba = std::move(rules);
    return Status::OK();
  }

  Status Bool(const toml::value& v, std::string_view key, bool* out) {
    auto text = ScalarText(v);
    if (!text) return Fail(v, key, kInvalidValue, std::string("expected a boolean, found ") + TypeName(v));
    auto parsed = ParseBool(*text);
    if (IsError(parsed)) return Fail(v, key, kInvalidValue, ErrorOf(parsed));
    *out = ValueOf(parsed);
    return Status::OK();
  }

  Status ApplyRoles(const toml::value& v) {
    if (!v.is_array()) {
      return Fail(v, "roles", kInvalidValue, "expected [[roles]] tables (an array of tables)");
    }
    std::vector<RoleSpec> roles;
    std::set<std::string> names;
    for (const toml::value& item : v.as_array()) {
      if (!item.is_table()) {
        return Fail(item, "roles", kInvalidValue,
                    std::string("expected [[roles]] tables, found ") + TypeName(item));
      }
      RoleSpec role;
      const toml::value* name_value = nullptr;
      for (const auto& [key, value] : InFileOrder(item)) {
        const std::string field = "roles." + key;
        if (key == "name") {
          PLINTH_RETURN_IF_ERROR(String(*value, field, &role.name));
          name_value = value;
        } else if (key == "verifier") {
          PLINTH_RETURN_IF_ERROR(String(*value, field, &role.verifier));
          std::string error = ValidateVerifier(role.verifier);
          if (!error.empty()) return Fail(*value, field, kInvalidValue, error);
        } else if (key == "superuser") {
          PLINTH_RETURN_IF_ERROR(Bool(*value, field, &role.superuser));
        } else if (key == "login") {
          PLINTH_RETURN_IF_ERROR(Bool(*value, field, &role.login));
        } else {
          return Fail(*value, field, kUnrecognized,
                      "unrecognized role key (expected name, verifier, superuser, login)");
        }
      }
      if (name_value == nullptr || role.name.empty()) {
        return Fail(name_value ? *name_value : item, "roles.name", kInvalidValue,
                    "every [[roles]] entry needs a non-empty name");
      }
      if (!names.insert(role.name).second) {
        return Fail(*name_value, "roles.name", kInvalidValue, "role " + Quote(role.name) + " is defined twice");
      }
      roles.push_back(std::move(role));
    }
    settings_->roles = std::move(roles);
    return Status::OK();
  }

  std::string file_name_;
  fs::path base_dir_;
  Settings* settings_;
  PluginTables* tables_;
};

// toml11's message spans several lines ("[error] toml::parse_x: what\n --> file ...");
// the first line without its prefix is the useful part.
std::string FirstLineOfSyntaxError(const std::string& what) {
  std::string line = what.substr(0, what.find('\n'));
  const std::string prefix = "[error] ";
  if (line.rfind(prefix, 0) == 0) line = line.substr(prefix.size());
  if (line.rfind("toml::", 0) == 0 && line.find(": ") != std::string::npos) {
    line = line.substr(line.find(": ") + 2);
  }
  return line;
}

}  // namespace

bool IsPluginTableName(std::string_view name) {
  return IsValidPluginName(name);  // a plugin table is named after its plugin
}

Status ApplyTomlDocument(std::string_view text, std::string_view file_name, Settings* settings,
                         PluginTables* plugin_tables) {
  toml::value root;
  try {
    std::istringstream in{std::string(text)};
    root = toml::parse(in, std::string(file_name));
  } catch (const toml::exception& e) {
    return Status::Error(kConfigFileError, std::string(file_name) + ":" +
                                               std::to_string(e.location().line()) +
                                               ": syntax error: " + FirstLineOfSyntaxError(e.what()));
  } catch (const std::exception& e) {
    return Status::Error(kConfigFileError,
                         std::string(file_name) + ": syntax error: " + FirstLineOfSyntaxError(e.what()));
  }
  try {
    return TomlReader(file_name, settings, plugin_tables).ApplyRoot(root);
  } catch (const std::exception& e) {  // toml11 accessors throw on type confusion
    return Status::Error(kConfigFileError, std::string(file_name) + ": " + FirstLineOfSyntaxError(e.what()));
  }
}

}  // namespace plinth::config
