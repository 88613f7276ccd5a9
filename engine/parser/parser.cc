#include "engine/parser/parser.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

namespace plinth {

namespace {

// libpg-query reports byte offsets; PostgreSQL reports character positions.
int CharPosition(std::string_view text, int byte_offset) {
  int chars = 0;
  for (int i = 0; i < byte_offset && i < static_cast<int>(text.size()); i++) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) chars++;
  }
  return chars + 1;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r' || s.back() == ';')) s.remove_suffix(1);
  return s;
}

}  // namespace

ParseTree::~ParseTree() {
  if (result_) pg_query__parse_result__free_unpacked(result_, nullptr);
}

namespace {

// libpg_query reports a grammar error's message but drops its HINT; these are the
// PostgreSQL 15 grammar errors that carry one.
std::string GrammarErrorHint(const std::string& message) {
  if (message == "subquery in FROM must have an alias") return "For example, FROM (SELECT ...) [AS] foo.";
  if (message == "VALUES in FROM must have an alias") return "For example, FROM (VALUES ...) [AS] foo.";
  return {};
}

}  // namespace

Result<std::shared_ptr<const ParseTree>> ParseTree::Parse(std::string_view sql) {
  PLINTH_ASSIGN_OR_RETURN(auto tree, ParseMutable(sql));
  return std::shared_ptr<const ParseTree>(std::move(tree));
}

Result<std::shared_ptr<ParseTree>> ParseTree::ParseMutable(std::string_view sql) {
  std::shared_ptr<ParseTree> tree(new ParseTree());
  tree->text_ = std::string(sql);
  PgQueryProtobufParseResult raw = pg_query_parse_protobuf(tree->text_.c_str());
  if (raw.error) {
    ErrorInfo info;
    info.sqlstate = "42601";
    info.message = raw.error->message ? raw.error->message : "syntax error";
    info.hint = GrammarErrorHint(info.message);
    if (raw.error->cursorpos > 0) info.position = CharPosition(tree->text_, raw.error->cursorpos - 1);
    pg_query_free_protobuf_parse_result(raw);
    return Status::Error(std::move(info));
  }
  tree->result_ = pg_query__parse_result__unpack(
      nullptr, raw.parse_tree.len, reinterpret_cast<const uint8_t*>(raw.parse_tree.data));
  pg_query_free_protobuf_parse_result(raw);
  if (!tree->result_) return Status::Error("XX000", "could not decode the parse tree");
  tree->CollectStatements();
  return tree;
}

void ParseTree::CollectStatements() {
  statements_.clear();
  for (size_t i = 0; i < result_->n_stmts; i++) {
    const PgQuery__RawStmt* raw_stmt = result_->stmts[i];
    ParsedStatement st;
    st.node = raw_stmt->stmt;
    st.location = raw_stmt->stmt_location;
    size_t len = raw_stmt->stmt_len > 0 ? static_cast<size_t>(raw_stmt->stmt_len)
                                        : text_.size() - static_cast<size_t>(raw_stmt->stmt_location);
    st.text = std::string(Trim(std::string_view(text_).substr(raw_stmt->stmt_location, len)));
    statements_.push_back(std::move(st));
  }
}

Result<std::string> DeparseStatement(const PgQuery__Node* stmt) {
  PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
  raw.stmt = const_cast<PgQuery__Node*>(stmt);
  PgQuery__RawStmt* raws[1] = {&raw};
  PgQuery__ParseResult result = PG_QUERY__PARSE_RESULT__INIT;
  result.version = 150001;
  result.n_stmts = 1;
  result.stmts = raws;
  std::string packed(pg_query__parse_result__get_packed_size(&result), '\0');
  pg_query__parse_result__pack(&result, reinterpret_cast<uint8_t*>(packed.data()));
  PgQueryDeparseResult d = pg_query_deparse_protobuf(PgQueryProtobuf{packed.size(), packed.data()});
  if (d.error) {
    std::string msg = d.error->message ? d.error->message : "deparse failed";
    pg_query_free_deparse_result(d);
    return Status::Error("XX000", "could not deparse statement: " + msg);
  }
  std::string text = d.query ? d.query : "";
  pg_query_free_deparse_result(d);
  return text;
}

Result<std::string> DeparseExpr(const PgQuery__Node* expr) {
  // Wrapped as `SELECT <expr>`, deparsed, and the SELECT stripped again.
  PgQuery__ResTarget target = PG_QUERY__RES_TARGET__INIT;
  target.val = const_cast<PgQuery__Node*>(expr);
  PgQuery__Node target_node = PG_QUERY__NODE__INIT;
  target_node.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
  target_node.res_target = &target;
  PgQuery__Node* targets[1] = {&target_node};
  PgQuery__SelectStmt select = PG_QUERY__SELECT_STMT__INIT;
  select.n_target_list = 1;
  select.target_list = targets;
  select.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
  select.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
  PgQuery__Node stmt_node = PG_QUERY__NODE__INIT;
  stmt_node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
  stmt_node.select_stmt = &select;
  PLINTH_ASSIGN_OR_RETURN(std::string sql, DeparseStatement(&stmt_node));
  if (sql.rfind("SELECT ", 0) == 0) sql = sql.substr(7);
  return sql;
}

}  // namespace plinth
