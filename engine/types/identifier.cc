#include "engine/types/identifier.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <string>

namespace plinth {

bool IsNonUnreservedKeyword(std::string_view word) {
  // The grammar's own key word list, through libpg-query's scanner: a word that scans as
  // one key word token of any category but "unreserved".
  std::string text(word);
  PgQueryScanResult raw = pg_query_scan(text.c_str());
  bool keyword = false;
  if (!raw.error) {
    PgQuery__ScanResult* scan =
        pg_query__scan_result__unpack(nullptr, raw.pbuf.len, reinterpret_cast<const uint8_t*>(raw.pbuf.data));
    if (scan) {
      keyword = scan->n_tokens == 1 && scan->tokens[0]->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD &&
                scan->tokens[0]->keyword_kind != PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD;
      pg_query__scan_result__free_unpacked(scan, nullptr);
    }
  }
  pg_query_free_scan_result(raw);
  return keyword;
}

std::string QuoteIdentifier(std::string_view name) {
  bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
  for (char c : name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (plain && !IsNonUnreservedKeyword(name)) return std::string(name);
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

}  // namespace plinth
