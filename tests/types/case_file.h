// Reads the PostgreSQL-generated expectation files (*.tsv, see gen_cases.py).
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include "engine/types/types.h"

namespace plinth::testing {

inline std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char c = s[++i];
      out.push_back(c == 't' ? '\t' : c == 'n' ? '\n' : c);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Rows of tab-separated, backslash-escaped fields; '#' lines are comments.
inline std::vector<std::vector<std::string>> ReadCases(const std::string& name) {
  std::ifstream in(std::string(PLINTH_TYPES_TEST_DATA) + "/" + name);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      fields.push_back(Unescape(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(fields);
  }
  return rows;
}

// "numeric(5,2)", "int4[]", "varchar(2)[]" -> (oid, typmod) through ResolveTypeName.
inline Result<std::pair<Oid, int32_t>> ParseTypeSpec(std::string spec) {
  while (!spec.empty() && spec.back() == ' ') spec.pop_back();  // "float8 ": a second case group
  bool is_array = spec.size() > 2 && spec.compare(spec.size() - 2, 2, "[]") == 0;
  if (is_array) spec.resize(spec.size() - 2);
  std::vector<int32_t> mods;
  size_t paren = spec.find('(');
  if (paren != std::string::npos) {
    std::string args = spec.substr(paren + 1, spec.size() - paren - 2);
    size_t start = 0;
    while (start <= args.size()) {
      size_t comma = args.find(',', start);
      mods.push_back(std::stoi(args.substr(start, comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    spec.resize(paren);
  }
  if (spec.size() > 2 && spec.front() == '"') spec = spec.substr(1, spec.size() - 2);  // "char"
  return ResolveTypeName({spec}, mods, is_array);
}

inline std::string Describe(const Status& s) { return "ERROR " + s.sqlstate() + " " + s.message(); }

}  // namespace plinth::testing
