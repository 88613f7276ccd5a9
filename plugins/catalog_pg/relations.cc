#include "relations.h"

namespace catalog_pg {

const std::vector<RelationSpec>& AllRelations() {
  static const std::vector<RelationSpec> all = [] {
    std::vector<RelationSpec> v;
    AddPgClassRelations(&v);
    AddPgMiscRelations(&v);
    AddInformationSchema(&v);
    return v;
  }();
  return all;
}

std::string IntArray(const std::vector<int>& v) {
  std::string out = "{";
  for (size_t i = 0; i < v.size(); i++) out += (i ? "," : "") + std::to_string(v[i]);
  return out + "}";
}

std::string IntVector(const std::vector<int>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); i++) out += (i ? " " : "") + std::to_string(v[i]);
  return out;
}

std::vector<std::string> IndexKeys(const std::string& key_list) {
  std::vector<std::string> keys;
  std::string key;
  int depth = 0;
  bool quoted = false;
  for (char c : key_list) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') depth++;
    if (!quoted && c == ')') depth--;
    if (!quoted && depth == 0 && c == ',') {
      keys.push_back(key);
      key.clear();
      continue;
    }
    if (key.empty() && c == ' ') continue;
    key += c;
  }
  if (!key.empty()) keys.push_back(key);
  return keys;
}

std::vector<int> IndexOptions(const std::string& key_list) {
  std::vector<int> options;
  for (const std::string& key : IndexKeys(key_list)) {
    bool desc = key.size() > 5 && key.compare(key.size() - 5, 5, " DESC") == 0;
    options.push_back(desc ? 3 : 0);
  }
  return options;
}

char TypeAlign(int typlen, const std::string& name) {
  if (typlen == 8 || name == "numeric" || name == "interval" || name == "timestamptz") return 'd';
  if (typlen == 1) return 'c';
  if (typlen == 2) return 's';
  if (typlen == 64) return 'c';  // name
  return 'i';
}

uint32_t TypeCollation(uint32_t type_oid) {
  switch (type_oid) {
    case 25: case 1043: case 1042: return kDefaultCollation;
    case 19: return 950;  // name: "C"
    default: return 0;
  }
}

}  // namespace catalog_pg
