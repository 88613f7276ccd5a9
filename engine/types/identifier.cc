#include "engine/types/identifier.h"

namespace plinth {

bool IsNonUnreservedKeyword(std::string_view w) {
  static const char* const kWords[] = {
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
      "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
      "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
      "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
      "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
      "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float",
      "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having",
      "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into",
      "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
      "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null",
      "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
      "placing", "position", "precision", "primary", "real", "references", "returning", "right", "row",
      "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
      "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true",
      "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when", "where",
      "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest",
      "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable"};
  for (const char* k : kWords)
    if (w == k) return true;
  return false;
}

std::string QuoteIdentifier(std::string_view s) {
  bool plain = !s.empty() && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_');
  for (char c : s) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (plain && !IsNonUnreservedKeyword(s)) return std::string(s);
  std::string quoted = "\"";
  for (char c : s) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

}  // namespace plinth
