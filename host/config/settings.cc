#include "host/config/settings.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

#include "host/config/value_parsers.h"

namespace plinth::config {
namespace {

namespace fs = std::filesystem;

using Applier = std::string (*)(const std::string& text, const fs::path& base_dir, Settings* s);

struct SettingDef {
  SettingInfo info;
  Applier apply;
};

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

// Stores an integer setting after a range check.
template <typename T>
std::string SetInteger(const std::string& text, int64_t min, int64_t max, T* out) {
  auto parsed = ParseInteger(text, min, max);
  if (IsError(parsed)) return ErrorOf(parsed);
  *out = static_cast<T>(ValueOf(parsed));
  return "";
}

std::string SetPath(const std::string& text, const fs::path& base_dir, std::string* out,
                    bool allow_empty) {
  std::string path = Trim(text);
  if (path.empty()) {
    if (allow_empty) {
      out->clear();
      return "";
    }
    return "must not be empty";
  }
  if (path.find('\0') != std::string::npos) return "contains a NUL character";
  fs::path p(path);
  if (p.is_relative()) p = base_dir / p;
  *out = p.lexically_normal().string();
  return "";
}

std::string SetPluginName(const std::string& text, bool allow_empty, std::string* out) {
  std::string name = Trim(text);
  if (name.empty() && allow_empty) {
    out->clear();
    return "";
  }
  if (!IsValidPluginName(name)) {
    return "invalid plugin name " + Quote(name) +
           " (plugin names are file names without \".so\": lower-case letters, digits and '_', starting with a letter)";
  }
  *out = name;
  return "";
}

std::string SetListenAddresses(const std::string& text, const fs::path&, Settings* s) {
  std::vector<std::string> addresses;
  for (const std::string& item : SplitCommaList(text)) {
    if (item.empty()) return "empty entry in address list " + Quote(text);
    if (item == "*") {
      return "\"*\" is not accepted; name the addresses to listen on (e.g. 127.0.0.1, ::1, "
             "or 0.0.0.0 for every IPv4 interface)";
    }
    unsigned char buf[16];
    if (item != "localhost" && inet_pton(AF_INET, item.c_str(), buf) != 1 &&
        inet_pton(AF_INET6, item.c_str(), buf) != 1) {
      return "invalid address " + Quote(item) + " (expected an IPv4 or IPv6 address, or localhost)";
    }
    addresses.push_back(item);
  }
  s->listen_addresses = std::move(addresses);
  return "";
}

std::string SetLogMinMessages(const std::string& text, const fs::path&, Settings* s) {
  std::string level = ToLower(Trim(text));
  static const std::array<std::string_view, 8> kLevels{"debug", "info",  "notice", "warning",
                                                       "error", "log",   "fatal",  "panic"};
  if (level.size() == 6 && level.rfind("debug", 0) == 0 && level[5] >= '1' && level[5] <= '5') {
    level = "debug";  // PostgreSQL's debug1..debug5 all mean "debug" here
  }
  if (std::find(kLevels.begin(), kLevels.end(), level) == kLevels.end()) {
    return "invalid value " + Quote(text) +
           " (expected debug5..debug1, debug, info, notice, warning, error, log, fatal or panic)";
  }
  s->log_min_messages = level;
  return "";
}

std::string SetPasswordEncryption(const std::string& text, const fs::path&, Settings* s) {
  std::string value = ToLower(Trim(text));
  if (value != "scram-sha-256" && value != "md5") {
    return "invalid value " + Quote(text) + " (expected scram-sha-256 or md5)";
  }
  s->password_encryption = value;
  return "";
}

std::string SetTimeZone(const std::string& text, const fs::path&, Settings* s) {
  // Only the shape is checked here; the engine resolves the zone name itself.
  std::string zone = Trim(text);
  if (zone.empty()) return "must not be empty";
  for (char c : zone) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_+-/:.").find(c) !=
                                                              std::string_view::npos)) {
      return "invalid time zone name " + Quote(zone);
    }
  }
  s->timezone = zone;
  return "";
}

// DateStyle: an output style and/or a field order, like PostgreSQL ("ISO, MDY").
std::string SetDateStyle(const std::string& text, const fs::path&, Settings* s) {
  std::string style, order;
  for (const std::string& item : SplitCommaList(text)) {
    const std::string word = ToLower(item);
    std::string* slot = nullptr;
    std::string canonical;
    if (word == "iso") { slot = &style; canonical = "ISO"; }
    else if (word == "postgres") { slot = &style; canonical = "Postgres"; }
    else if (word == "sql") { slot = &style; canonical = "SQL"; }
    else if (word == "german") { slot = &style; canonical = "German"; }
    else if (word == "mdy" || word == "us" || word == "noneuropean") { slot = &order; canonical = "MDY"; }
    else if (word == "dmy" || word == "european") { slot = &order; canonical = "DMY"; }
    else if (word == "ymd") { slot = &order; canonical = "YMD"; }
    else return "invalid value " + Quote(text) + ": unrecognized keyword " + Quote(item);
    if (!slot->empty() && *slot != canonical) {
      return "invalid value " + Quote(text) + ": conflicting " +
             (slot == &style ? "output styles" : "date orders");
    }
    *slot = canonical;
  }
  s->datestyle = (style.empty() ? "ISO" : style) + ", " + (order.empty() ? "MDY" : order);
  return "";
}

std::string SetAuthPlugins(const std::string& text, const fs::path&, Settings* s) {
  std::vector<std::string> names;
  for (const std::string& item : SplitCommaList(text)) {
    std::string name;
    std::string error = SetPluginName(item, false, &name);
    if (!error.empty()) return error;
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return "plugin " + Quote(name) + " is listed twice";
    }
    names.push_back(name);
  }
  s->auth_plugins = std::move(names);
  return "";
}

std::string SetHbaFile(const std::string& text, const fs::path& base_dir, Settings* s) {
  std::string path;
  std::string error = SetPath(text, base_dir, &path, false);
  if (!error.empty()) return error;
  auto rules = ParseHbaFile(path);
  if (!rules.ok()) return rules.status().message();
  s->hba = rules.take();
  return "";
}

constexpr int64_t kMaxInt = std::numeric_limits<int>::max();

const std::vector<SettingDef>& Definitions() {
  static const std::vector<SettingDef> defs = {
      {{"listen_addresses", SettingShape::kList}, SetListenAddresses},
      {{"port", SettingShape::kScalar},
       [](const std::string& t, const fs::path&, Settings* s) { return SetInteger(t, 0, 65535, &s->port); }},  // 0: any free port
      {{"max_connections", SettingShape::kScalar},
       [](const std::string& t, const fs::path&, Settings* s) {
         return SetInteger(t, 1, 262143, &s->max_connections);
       }},
      {{"data_directory", SettingShape::kScalar},
       [](const std::string& t, const fs::path& b, Settings* s) { return SetPath(t, b, &s->data_directory, false); }},
      {{"statement_timeout", SettingShape::kScalar},
       [](const std::string& t, const fs::path&, Settings* s) {
         auto v = ParseDurationMs(t, 1, 0, kMaxInt);
         if (IsError(v)) return ErrorOf(v);
         s->statement_timeout_ms = ValueOf(v);
         return std::string();
       }},
      {{"authentication_timeout", SettingShape::kScalar},
       [](const std::string& t, const fs::path&, Settings* s) {
         auto v = ParseDurationMs(t, 1000, 1000, 600 * 1000);  // PG: 1s .. 600s
         if (IsError(v)) return ErrorOf(v);
         s->authentication_timeout_ms = ValueOf(v);
         return std::string();
       }},
      {{"log_min_messages", SettingShape::kScalar}, SetLogMinMessages},
      {{"max_message_size", SettingShape::kScalar},
       [](const std::string& t, const fs::path&, Settings* s) {
         // Below 8kB even a startup packet may not fit; above 1GB exceeds PG's own limit.
         auto v = ParseSizeBytes(t, 8192, int64_t{1} << 30);
         if (IsError(v)) return ErrorOf(v);
         s->max_message_size = ValueOf(v);
         return std::string();
       }},
      {{"max_prepared_statements", SettingShape::kScalar},
       [](const std::string& t, const fs::path&, Settings* s) {
         return SetInteger(t, 1, 1000000, &s->max_prepared_statements);
       }},
      {{"max_portals", SettingShape::kScalar},
       [](const std::string& t, const fs::path&, Settings* s) { return SetInteger(t, 1, 1000000, &s->max_portals); }},
      {{"password_encryption", SettingShape::kScalar}, SetPasswordEncryption},
      {{"timezone", SettingShape::kScalar}, SetTimeZone},
      {{"datestyle", SettingShape::kList}, SetDateStyle},
      {{"init_sql", SettingShape::kScalar},
       [](const std::string& t, const fs::path& b, Settings* s) { return SetPath(t, b, &s->init_sql, true); }},
      {{"hba_file", SettingShape::kScalar}, SetHbaFile},
      {{"plugins.directory", SettingShape::kScalar},
       [](const std::string& t, const fs::path& b, Settings* s) { return SetPath(t, b, &s->plugins_directory, true); }},
      {{"plugins.storage", SettingShape::kScalar},
       [](const std::string& t, const fs::path&, Settings* s) { return SetPluginName(t, false, &s->storage_plugin); }},
      {{"plugins.auth", SettingShape::kList}, SetAuthPlugins},
      {{"plugins.catalog", SettingShape::kScalar},
       [](const std::string& t, const fs::path&, Settings* s) { return SetPluginName(t, true, &s->catalog_plugin); }},
  };
  return defs;
}

bool IsBase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return false;
  size_t padding = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return false;  // '=' only at the end
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/')) return false;
  }
  return padding <= 2;
}

}  // namespace

const SettingInfo* FindSetting(std::string_view name) {
  const std::string lower = ToLower(name);
  for (const SettingDef& def : Definitions()) {
    if (def.info.name == lower) return &def.info;
  }
  return nullptr;
}

const std::vector<SettingInfo>& AllSettings() {
  static const std::vector<SettingInfo> infos = [] {
    std::vector<SettingInfo> out;
    for (const SettingDef& def : Definitions()) out.push_back(def.info);
    return out;
  }();
  return infos;
}

std::string ApplySetting(const SettingInfo& setting, const std::string& text,
                         const fs::path& base_dir, Settings* settings) {
  for (const SettingDef& def : Definitions()) {
    if (def.info.name == setting.name) return def.apply(text, base_dir, settings);
  }
  return "unrecognized configuration parameter " + Quote(setting.name);
}

std::string ValidateVerifier(std::string_view verifier) {
  if (verifier.empty()) return "";
  if (verifier.rfind("md5", 0) == 0) {
    std::string_view hex = verifier.substr(3);
    bool ok = hex.size() == 32 && std::all_of(hex.begin(), hex.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
              });
    return ok ? "" : "an md5 verifier is \"md5\" followed by 32 lower-case hex digits";
  }
  constexpr std::string_view kScram = "SCRAM-SHA-256$";
  const std::string shape =
      "expected SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> (base64) or md5<32 hex>";
  if (verifier.rfind(kScram, 0) != 0) return "unrecognized verifier format; " + shape;
  std::string_view rest = verifier.substr(kScram.size());
  const size_t dollar = rest.find('$');
  if (dollar == std::string_view::npos) return "malformed SCRAM verifier; " + shape;
  std::string_view iter_salt = rest.substr(0, dollar), keys = rest.substr(dollar + 1);
  const size_t colon1 = iter_salt.find(':'), colon2 = keys.find(':');
  if (colon1 == std::string_view::npos || colon2 == std::string_view::npos) {
    return "malformed SCRAM verifier; " + shape;
  }
  if (IsError(ParseInteger(iter_salt.substr(0, colon1), 1, kMaxInt)) ||
      !std::isdigit(static_cast<unsigned char>(iter_salt[0]))) {
    return "malformed SCRAM verifier: the iteration count must be a positive integer";
  }
  if (!IsBase64(iter_salt.substr(colon1 + 1)) || !IsBase64(keys.substr(0, colon2)) ||
      !IsBase64(keys.substr(colon2 + 1))) {
    return "malformed SCRAM verifier: salt and keys must be base64; " + shape;
  }
  return "";
}

}  // namespace plinth::config
