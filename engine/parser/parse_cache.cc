#include "engine/parser/parse_cache.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <protobuf-c/protobuf-c.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace plinth {

namespace {

// Which literal tokens are templated, and the byte that stands for them in a key.
char KeyByte(int token) {
  switch (token) {
    case PG_QUERY__TOKEN__ICONST: return '\x01';
    case PG_QUERY__TOKEN__FCONST: return '\x02';
    case PG_QUERY__TOKEN__SCONST: return '\x03';
    default: return 0;
  }
}

// A standard-conforming '…' literal (not E'', U&'', $$ or continued over lines) and its
// value; false for anything else, which then stays verbatim in the key.
bool PlainStringValue(std::string_view token, std::string* value) {
  if (token.size() < 2 || token.front() != '\'' || token.back() != '\'') return false;
  std::string out;
  for (size_t i = 1; i + 1 < token.size(); i++) {
    if (token[i] == '\'') {
      if (i + 2 < token.size() && token[i + 1] == '\'') {
        out.push_back('\'');
        i++;
        continue;
      }
      return false;  // a lone quote: two literals glued across a newline
    }
    out.push_back(token[i]);
  }
  *value = std::move(out);
  return true;
}

struct Scanned {
  std::string key;
  std::vector<ParseCache::Literal> literals;
  std::vector<int> minus_before;  // start of a '-' token right before literal i, else -1
};

// Scans sql; false when the text cannot be templated (scan error, control bytes that
// could be confused with the key's placeholders, or no literal at all).
bool Scan(std::string_view sql, const std::string& text, Scanned* out) {
  for (char c : sql)
    if (static_cast<unsigned char>(c) < 0x04) return false;
  PgQueryScanResult raw = pg_query_scan(text.c_str());
  if (raw.error) {
    pg_query_free_scan_result(raw);
    return false;
  }
  PgQuery__ScanResult* scan = pg_query__scan_result__unpack(
      nullptr, raw.pbuf.len, reinterpret_cast<const uint8_t*>(raw.pbuf.data));
  pg_query_free_scan_result(raw);
  if (!scan) return false;
  out->key = text;
  int previous_minus = -1;
  for (size_t i = 0; i < scan->n_tokens; i++) {
    const PgQuery__ScanToken* token = scan->tokens[i];
    char byte = KeyByte(token->token);
    bool usable = byte != 0 && token->start >= 0 && token->end > token->start &&
                  static_cast<size_t>(token->end) <= text.size();
    std::string ignored;
    if (usable && token->token == PG_QUERY__TOKEN__SCONST)
      usable = PlainStringValue(std::string_view(text).substr(token->start, token->end - token->start), &ignored);
    if (usable) {
      out->literals.push_back({token->start, token->end, static_cast<int>(token->token)});
      out->minus_before.push_back(previous_minus);
      for (int b = token->start; b < token->end; b++) out->key[b] = byte;
    }
    previous_minus = token->token == PG_QUERY__TOKEN__ASCII_45 ? token->start : -1;
  }
  pg_query__scan_result__free_unpacked(scan, nullptr);
  return !out->literals.empty();
}

// Every A_Const node of a tree with a location, found through protobuf-c's reflection
// (the tree has hundreds of message types; only the A_Const ones matter here).
void CollectConstants(ProtobufCMessage* message, std::vector<PgQuery__AConst*>* found) {
  const ProtobufCMessageDescriptor* desc = message->descriptor;
  if (desc == &pg_query__a__const__descriptor) {
    auto* constant = reinterpret_cast<PgQuery__AConst*>(message);
    if (constant->location >= 0) found->push_back(constant);
    return;
  }
  char* base = reinterpret_cast<char*>(message);
  for (unsigned f = 0; f < desc->n_fields; f++) {
    const ProtobufCFieldDescriptor& field = desc->fields[f];
    if (field.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if ((field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
        *reinterpret_cast<uint32_t*>(base + field.quantifier_offset) != field.id)
      continue;  // another member of the union is set
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<size_t*>(base + field.quantifier_offset);
      auto** items = *reinterpret_cast<ProtobufCMessage***>(base + field.offset);
      for (size_t i = 0; i < n; i++)
        if (items[i]) CollectConstants(items[i], found);
    } else {
      auto* sub = *reinterpret_cast<ProtobufCMessage**>(base + field.offset);
      if (sub) CollectConstants(sub, found);
    }
  }
}

// The value a literal token gives its A_Const node, as the parser would store it.
struct TokenValue {
  int kind = 0;
  int32_t integer = 0;
  std::string text;  // FCONST digits (with '-' when negated) or the string's value
};

bool ValueOf(std::string_view sql, const ParseCache::Literal& literal, bool negated, TokenValue* out) {
  std::string_view token = sql.substr(literal.start, literal.end - literal.start);
  out->kind = literal.kind;
  switch (literal.kind) {
    case PG_QUERY__TOKEN__ICONST: {
      std::string digits(token);
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(digits.c_str(), &end, 10);
      if (errno || *end || v > std::numeric_limits<int32_t>::max()) return false;
      out->integer = static_cast<int32_t>(negated ? -v : v);
      return true;
    }
    case PG_QUERY__TOKEN__FCONST:
      out->text = (negated ? "-" : "") + std::string(token);
      return true;
    case PG_QUERY__TOKEN__SCONST:
      return !negated && PlainStringValue(token, &out->text);
    default:
      return false;
  }
}

bool NodeHolds(const PgQuery__AConst* node, const TokenValue& v) {
  if (node->isnull) return false;
  switch (v.kind) {
    case PG_QUERY__TOKEN__ICONST:
      return node->val_case == PG_QUERY__A__CONST__VAL_IVAL && node->ival && node->ival->ival == v.integer;
    case PG_QUERY__TOKEN__FCONST:
      return node->val_case == PG_QUERY__A__CONST__VAL_FVAL && node->fval && node->fval->fval &&
             v.text == node->fval->fval;
    case PG_QUERY__TOKEN__SCONST:
      return node->val_case == PG_QUERY__A__CONST__VAL_SVAL && node->sval && node->sval->sval &&
             v.text == node->sval->sval;
    default:
      return false;
  }
}

// Replaces a protobuf-c string field. free_unpacked releases such fields with free(),
// except an empty string, which unpack points at protobuf-c's one static "".
void ReplaceString(char** field, const std::string& value) {
  char* copy = static_cast<char*>(std::malloc(value.size() + 1));
  if (!copy) throw std::bad_alloc();
  std::memcpy(copy, value.data(), value.size() + 1);
  if (*field != protobuf_c_empty_string) std::free(*field);
  *field = copy;
}

void Store(PgQuery__AConst* node, const TokenValue& v) {
  switch (v.kind) {
    case PG_QUERY__TOKEN__ICONST: node->ival->ival = v.integer; break;
    case PG_QUERY__TOKEN__FCONST: ReplaceString(&node->fval->fval, v.text); break;
    case PG_QUERY__TOKEN__SCONST: ReplaceString(&node->sval->sval, v.text); break;
  }
}

bool CacheableStatement(const ParseTree& tree) {
  if (tree.statements().size() != 1 || !tree.statements()[0].node) return false;
  switch (tree.statements()[0].node->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      return true;
    default:
      return false;
  }
}

}  // namespace

ParseCache::~ParseCache() = default;

Result<std::shared_ptr<const ParseTree>> ParseCache::Parse(std::string_view sql) {
  std::string text(sql);
  Scanned scanned;
  if (!Scan(sql, text, &scanned)) {
    counters_.uncacheable++;
    return ParseTree::Parse(sql);
  }
  auto it = entries_.find(scanned.key);
  if (it == entries_.end())
    return ParseAndRemember(sql, std::move(scanned.key), scanned.literals, scanned.minus_before);
  Entry& entry = it->second;
  entry.last_use = ++clock_;
  if (!entry.tree || entry.tree.use_count() > 1) {  // not cacheable, or still in use
    counters_.uncacheable++;
    return ParseTree::Parse(sql);
  }
  std::vector<TokenValue> values(entry.slots.size());
  for (size_t i = 0; i < entry.slots.size(); i++) {
    const Slot& slot = entry.slots[i];
    if (!ValueOf(sql, scanned.literals[slot.literal], slot.negated, &values[i])) {
      counters_.uncacheable++;  // e.g. an integer token the parser would make a float
      return ParseTree::Parse(sql);
    }
  }
  for (size_t i = 0; i < entry.slots.size(); i++) Store(entry.slots[i].node, values[i]);
  entry.tree->text_ = std::move(text);
  entry.tree->CollectStatements();
  counters_.hits++;
  return std::shared_ptr<const ParseTree>(entry.tree);
}

Result<std::shared_ptr<const ParseTree>> ParseCache::ParseAndRemember(std::string_view sql, std::string key,
                                                                      const std::vector<Literal>& literals,
                                                                      const std::vector<int>& minus_before) {
  PLINTH_ASSIGN_OR_RETURN(std::shared_ptr<ParseTree> tree, ParseTree::ParseMutable(sql));
  Entry entry;
  bool cacheable = CacheableStatement(*tree);
  if (cacheable) {
    std::vector<PgQuery__AConst*> constants;
    CollectConstants(&tree->result_->base, &constants);
    std::vector<bool> covered(literals.size(), false);
    for (PgQuery__AConst* node : constants) {
      for (size_t i = 0; i < literals.size(); i++) {
        bool direct = literals[i].start == node->location;
        bool folded = minus_before[i] >= 0 && minus_before[i] == node->location;
        if (!direct && !folded) continue;
        TokenValue value;
        if (!ValueOf(sql, literals[i], folded, &value) || !NodeHolds(node, value)) {
          cacheable = false;  // our reading of the token disagrees with the parser's
          break;
        }
        entry.slots.push_back({node, i, folded});
        covered[i] = true;
        break;
      }
      if (!cacheable) break;
    }
    for (bool c : covered) cacheable = cacheable && c;  // a value stored outside an A_Const
  }
  counters_.uncacheable += cacheable ? 0 : 1;
  counters_.misses += cacheable ? 1 : 0;
  if (cacheable) {
    entry.tree = tree;
  } else {
    entry.slots.clear();
  }
  entry.last_use = ++clock_;
  Insert(std::move(key), std::move(entry));
  return std::shared_ptr<const ParseTree>(std::move(tree));
}

void ParseCache::Insert(std::string key, Entry entry) {
  if (capacity_ == 0) return;
  if (entries_.size() >= capacity_) {
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->second.last_use < oldest->second.last_use) oldest = it;
    entries_.erase(oldest);
  }
  entries_.emplace(std::move(key), std::move(entry));
}

}  // namespace plinth
