// The SQL front end: PostgreSQL 15's own grammar through libpg-query.
//
// We use the protobuf output (pg_query_parse_protobuf + protobuf-c unpack): DESIGN.md
// measured it at ~38 µs for a one-line SELECT against ~8 µs for JSON plus decoding, but
// it hands us typed C structs with enums instead of string-keyed JSON, so the binder is
// checked by the compiler. The cost is paid once per distinct text: prepared statements
// keep their plan, and ParseCache (parse_cache.h) skips the parser for simple-query
// texts that differ from an earlier one only in their literal constants.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/status.h"

struct PgQuery__ParseResult;
struct PgQuery__Node;

namespace plinth {

// One parsed statement: its tree and its own slice of the query text.
struct ParsedStatement {
  const PgQuery__Node* node = nullptr;  // owned by the ParseTree
  std::string text;                     // the statement's text, trimmed
  int location = 0;                     // byte offset of the statement in the full text
};

// Owns the unpacked protobuf tree of a whole query string.
class ParseTree {
 public:
  ~ParseTree();
  ParseTree(const ParseTree&) = delete;
  ParseTree& operator=(const ParseTree&) = delete;

  const std::vector<ParsedStatement>& statements() const { return statements_; }
  const std::string& text() const { return text_; }

  // Parses sql (any number of ';'-separated statements). Syntax errors come back as
  // 42601 with the parser's message and 1-based character position.
  static Result<std::shared_ptr<const ParseTree>> Parse(std::string_view sql);

 private:
  friend class ParseCache;  // re-targets a cached tree at a new text (parse_cache.h)
  ParseTree() = default;
  static Result<std::shared_ptr<ParseTree>> ParseMutable(std::string_view sql);
  // Fills statements_ from result_ for text_.
  void CollectStatements();
  PgQuery__ParseResult* result_ = nullptr;
  std::string text_;
  std::vector<ParsedStatement> statements_;
};

// PostgreSQL's canonical SQL text of an expression node (libpg-query's deparser), used to
// store defaults and CHECK constraints as text that re-parses to the same tree.
Result<std::string> DeparseExpr(const PgQuery__Node* expr);
// libpg-query's canonical SQL text of a whole statement (a SELECT for a view's query).
Result<std::string> DeparseStatement(const PgQuery__Node* stmt);

}  // namespace plinth
