#include "engine/session/settings.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <unordered_map>

#include "engine/types/datetime.h"
#include "engine/types/interval_styles.h"

namespace plinth {

namespace {

struct Known {
  const char* name;
  const char* default_value;
  bool report;
};

// PostgreSQL 15's defaults for the settings clients read or set.
const Known kKnown[] = {
    {"application_name", "", true},
    {"bytea_output", "hex", false},
    {"check_function_bodies", "on", false},
    {"client_encoding", "UTF8", true},
    {"client_min_messages", "notice", false},
    {"DateStyle", "ISO, MDY", true},
    // pg_dump sets these at the top of every dump; Plinth has one table access method
    // and no tablespaces, so only the values that describe that are accepted.
    {"default_table_access_method", "heap", false},
    {"default_tablespace", "", false},
    {"default_transaction_isolation", "read committed", false},
    {"default_transaction_read_only", "off", true},
    {"extra_float_digits", "1", false},
    {"idle_in_transaction_session_timeout", "0", false},
    {"in_hot_standby", "off", true},
    {"integer_datetimes", "on", true},
    {"IntervalStyle", "postgres", true},
    {"is_superuser", "on", true},
    {"lc_messages", "C", false},
    {"lc_monetary", "C", false},
    {"lc_numeric", "C", false},
    {"lc_time", "C", false},
    {"lock_timeout", "0", false},
    {"max_identifier_length", "63", false},
    {"search_path", "\"$user\", public", false},
    {"server_encoding", "UTF8", true},
    {"server_version", "15.0", true},
    {"server_version_num", "150000", false},
    {"session_authorization", "postgres", true},
    {"standard_conforming_strings", "on", true},
    {"statement_timeout", "0", false},
    {"synchronous_commit", "on", false},
    {"TimeZone", "UTC", true},
    {"transaction_isolation", "read committed", false},
    {"transaction_read_only", "off", false},
    {"row_security", "on", false},
    {"jit", "off", false},
    {"work_mem", "4MB", false},
    {"xmloption", "content", false},
};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool IsBoolText(const std::string& v, bool* out) {
  std::string l = Lower(v);
  if (l == "on" || l == "true" || l == "yes" || l == "1") return *out = true, true;
  if (l == "off" || l == "false" || l == "no" || l == "0") return *out = false, true;
  return false;
}

}  // namespace

std::string SessionSettings::CanonicalName(const std::string& name) {
  // Looked up on every statement (timeouts, read-only default): one hash lookup, with
  // the lower-cased spellings built once.
  static const std::unordered_map<std::string, std::string> kByLowerName = [] {
    std::unordered_map<std::string, std::string> m;
    for (const Known& k : kKnown) m.emplace(Lower(k.name), k.name);
    return m;
  }();
  auto it = kByLowerName.find(name);  // most callers already use the canonical or lower-case spelling
  if (it == kByLowerName.end()) it = kByLowerName.find(Lower(name));
  return it == kByLowerName.end() ? "" : it->second;
}

SessionSettings::SessionSettings() {
  for (const Known& k : kKnown) entries_[k.name] = Entry{k.default_value, k.default_value, k.report};
  Apply("TimeZone");
  Apply("DateStyle");
  Apply("search_path");
}

void SessionSettings::SetDefault(const std::string& name, const std::string& value) {
  std::string c = CanonicalName(name);
  if (c.empty()) return;
  entries_[c].value = value;
  entries_[c].reset_value = value;
  Apply(c);
}

Result<std::string> SessionSettings::Get(const std::string& name) const {
  std::string c = CanonicalName(name);
  if (c.empty()) {
    auto it = entries_.find(Lower(name));  // custom "a.b" placeholders
    if (it != entries_.end()) return it->second.value;
    return Status::Error("42704", "unrecognized configuration parameter \"" + name + "\"");
  }
  return entries_.at(c).value;
}

// A time setting as SHOW prints it: an integer in milliseconds unless a unit is given,
// shown in the largest unit that divides it exactly ("250" -> "250ms", "5000ms" -> "5s").
Result<std::string> CanonicalDuration(const std::string& name, const std::string& text) {
  auto invalid = [&] { return Status::Error("22023", "invalid value for parameter \"" + name + "\": \"" + text + "\""); };
  char* end = nullptr;
  double n = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return invalid();
  std::string unit = Lower(std::string(end));
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  double ms = unit.empty() || unit == "ms" ? n : unit == "s" ? n * 1000 : unit == "min" ? n * 60000
            : unit == "h" ? n * 3600000 : unit == "d" ? n * 86400000 : unit == "us" ? n / 1000 : -1;
  if (ms < 0 || ms > 2147483647.0) return invalid();
  int64_t v = static_cast<int64_t>(ms + 0.5);
  if (v == 0) return std::string("0");
  static const std::pair<int64_t, const char*> kUnits[] = {{86400000, "d"}, {3600000, "h"}, {60000, "min"}, {1000, "s"}};
  for (const auto& [size, suffix] : kUnits)
    if (v % size == 0) return std::to_string(v / size) + suffix;
  return std::to_string(v) + "ms";
}

int SessionSettings::MessageLevelRank(std::string_view level) {
  static const char* const kOrder[] = {"debug5", "debug4", "debug3", "debug2", "debug1", "log", "info", "notice", "warning", "error"};
  std::string l = Lower(std::string(level));
  for (size_t i = 0; i < std::size(kOrder); i++)
    if (l == kOrder[i]) return static_cast<int>(i);
  return 7;  // notice
}

Status SessionSettings::Validate(const std::string& c, std::string* value) const {
  bool b;
  if (c == "extra_float_digits") {
    char* end = nullptr;
    long n = std::strtol(value->c_str(), &end, 10);
    if (value->empty() || *end) return Status::Error("22023", "invalid value for parameter \"extra_float_digits\": \"" + *value + "\"");
    if (n < -15 || n > 3)
      return Status::Error("22023", std::to_string(n) + " is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)");
  } else if (c == "standard_conforming_strings" || c == "default_transaction_read_only" || c == "transaction_read_only") {
    if (!IsBoolText(*value, &b))
      return Status::Error("22023", "parameter \"" + c + "\" requires a Boolean value");
    *value = b ? "on" : "off";
    if (c == "standard_conforming_strings" && !b)
      return Status::Error("0A000", "standard_conforming_strings = off is not supported");
  } else if (c == "client_encoding") {
    std::string u = Lower(*value);
    if (u != "utf8" && u != "utf-8" && u != "unicode")
      return Status::Error("22023", "invalid value for parameter \"client_encoding\": \"" + *value + "\"")
          .with_detail("Plinth supports only the UTF8 client encoding.");
    *value = "UTF8";
  } else if (c == "DateStyle") {
    // PostgreSQL's check_datestyle (types/interval_styles.h): "German" -> "German, DMY".
    PLINTH_ASSIGN_OR_RETURN(*value, datetime::CanonicalDateStyle(*value, entries_.at(c).value));
  } else if (c == "TimeZone") {
    if (!datetime::IsKnownZone(*value))
      return Status::Error("22023", "invalid value for parameter \"TimeZone\": \"" + *value + "\"");
  } else if (c == "statement_timeout" || c == "lock_timeout" || c == "idle_in_transaction_session_timeout") {
    PLINTH_ASSIGN_OR_RETURN(*value, CanonicalDuration(c, *value));
  } else if (c == "check_function_bodies") {
    if (!IsBoolText(*value, &b)) return Status::Error("22023", "parameter \"" + c + "\" requires a Boolean value");
    *value = b ? "on" : "off";
  } else if (c == "default_table_access_method") {
    if (Lower(*value) != "heap")
      return Status::Error("22023", "invalid value for parameter \"default_table_access_method\": \"" + *value + "\"")
          .with_detail("Table access method \"" + *value + "\" does not exist.");
    *value = "heap";
  } else if (c == "default_tablespace") {
    if (!value->empty() && *value != "pg_default")
      return Status::Error("42704", "tablespace \"" + *value + "\" does not exist");
  } else if (c == "client_min_messages") {
    std::string l = Lower(*value);
    if (l == "debug") l = "debug2";
    static const char* const kLevels[] = {"debug5", "debug4", "debug3", "debug2", "debug1",
                                          "log",    "notice", "warning", "error", "info"};
    if (std::find(std::begin(kLevels), std::end(kLevels), l) == std::end(kLevels))
      return Status::Error("22023", "invalid value for parameter \"client_min_messages\": \"" + *value + "\"")
          .with_hint("Available values: debug5, debug4, debug3, debug2, debug1, log, notice, warning, error.");
    *value = l;
  } else if (c == "xmloption") {
    std::string l = Lower(*value);
    if (l != "content" && l != "document")
      return Status::Error("22023", "invalid value for parameter \"xmloption\": \"" + *value + "\"")
          .with_hint("Available values: content, document.");
    *value = l;
  } else if (c == "server_version" || c == "server_encoding" || c == "integer_datetimes" || c == "server_version_num" ||
             c == "max_identifier_length" || c == "lc_messages" || c == "in_hot_standby") {
    return Status::Error("55P02", "parameter \"" + c + "\" cannot be changed");
  }
  return Status::OK();
}

void SessionSettings::Store(const std::string& c, const std::string& value) {
  Entry& e = entries_[c];
  if (e.value == value) return;
  e.value = value;
  if (e.report) reported_.emplace_back(c, value);
  Apply(c);
}

Status SessionSettings::Set(const std::string& name, const std::string& raw, bool local) {
  std::string c = CanonicalName(name);
  std::string value = raw;
  if (c.empty()) {
    if (name.find('.') == std::string::npos)
      return Status::Error("42704", "unrecognized configuration parameter \"" + name + "\"");
    c = Lower(name);  // a custom placeholder setting, as PostgreSQL allows
  }
  PLINTH_RETURN_IF_ERROR(Validate(c, &value));
  if (local && !local_saved_.count(c)) local_saved_[c] = entries_[c].value;
  SaveForRollback(c);
  Store(c, value);
  return Status::OK();
}

void SessionSettings::SaveForRollback(const std::string& c) {
  if (in_block_ && !block_saved_.count(c)) block_saved_[c] = entries_[c].value;
}

void SessionSettings::BeginBlock() { in_block_ = true; }

void SessionSettings::CommitBlock() { block_saved_.clear(); }

Status SessionSettings::Reset(const std::string& name) {
  std::string c = CanonicalName(name);
  if (c.empty()) return Status::Error("42704", "unrecognized configuration parameter \"" + name + "\"");
  SaveForRollback(c);
  Store(c, entries_[c].reset_value);
  return Status::OK();
}

void SessionSettings::ResetAll() {
  for (auto& [name, e] : entries_) {
    SaveForRollback(name);
    Store(name, e.reset_value);
  }
}

void SessionSettings::EndTransaction() {
  for (auto& [name, value] : local_saved_) Store(name, value);
  local_saved_.clear();
  // Not committed (CommitBlock clears it): the block's SETs are undone too.
  for (auto& [name, value] : block_saved_) Store(name, value);
  block_saved_.clear();
  in_block_ = false;
}

std::vector<std::pair<std::string, std::string>> SessionSettings::ReportedAtStartup() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, e] : entries_)
    if (e.report) out.emplace_back(name, e.value);
  return out;
}

std::vector<std::pair<std::string, std::string>> SessionSettings::All() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, e] : entries_) out.emplace_back(name, e.value);
  return out;
}

std::vector<std::pair<std::string, std::string>> SessionSettings::TakeReported() {
  return std::move(reported_);
}

int64_t SessionSettings::lock_timeout_ms() const { return DurationMs("lock_timeout"); }

int64_t SessionSettings::statement_timeout_ms() const { return DurationMs("statement_timeout"); }

int64_t SessionSettings::DurationMs(const std::string& name) const {
  const std::string& v = entries_.at(name).value;
  char* end = nullptr;
  double n = std::strtod(v.c_str(), &end);
  std::string unit = end ? Lower(end) : "";
  if (unit == "s") n *= 1000;
  else if (unit == "min") n *= 60000;
  else if (unit == "h") n *= 3600000;
  else if (unit == "us") n /= 1000;
  return static_cast<int64_t>(n);
}

void SessionSettings::Apply(const std::string& c) {
  const std::string& v = entries_[c].value;
  if (c == "TimeZone") io_.timezone = v;
  else if (c == "DateStyle") io_.datestyle = v;
  else if (c == "IntervalStyle") io_.intervalstyle = v;
  else if (c == "extra_float_digits") io_.extra_float_digits = std::atoi(v.c_str());
  else if (c == "bytea_output") io_.bytea_output_hex = Lower(v) != "escape";
  else if (c == "search_path") {
    search_path_.clear();
    std::string item;
    auto flush = [&] {
      size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
      std::string s = b == std::string::npos ? "" : item.substr(b, e - b + 1);
      if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
      if (!s.empty() && s != "$user") search_path_.push_back(s);
      item.clear();
    };
    for (char ch : v) {
      if (ch == ',') flush();
      else item.push_back(ch);
    }
    flush();
  }
}

}  // namespace plinth
