// Column references: resolution through the FROM scope of the current query, then of
// the enclosing queries (correlated references), with PostgreSQL's errors and its
// "Perhaps you meant..." hints for misspelled columns and table names.
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>

#include "engine/binder/bind_internal.h"

namespace plinth {

namespace {

size_t Levenshtein(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); j++) prev[j] = j;
  for (size_t i = 1; i <= a.size(); i++) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); j++)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

// PostgreSQL's fuzzy match (parse_relation.c): the closest columns of every table in
// scope, at most half the name's length away; one or two equally close ones are named.
static std::string MissingColumnHint(const std::vector<const std::vector<ScopeEntry>*>& scopes, const std::string& col) {
  size_t best = 4;
  std::string first, second;
  for (const auto* scope : scopes) {
    for (const ScopeEntry& e : *scope) {
      if (!e.positions.empty() || e.alias.empty()) continue;  // join entries repeat their inputs
      for (const OutputColumn& c : e.columns) {
        size_t d = Levenshtein(c.name, col);
        if (d > col.size() / 2) continue;
        std::string name = e.alias + "." + c.name;
        if (d < best) {
          best = d;
          first = name;
          second.clear();
        } else if (d == best) {
          if (!second.empty()) {
            first.clear();
            second.clear();
            best = d - 1;
          } else if (!first.empty()) {
            second = name;
          }
        }
      }
    }
  }
  if (first.empty()) return "";
  if (second.empty()) return "Perhaps you meant to reference the column \"" + first + "\".";
  return "Perhaps you meant to reference the column \"" + first + "\" or the column \"" + second + "\".";
}

Result<ExprPtr> Binder::ResolveQualifiedStar(const std::string& qual, int location) {
  // Called when no visible entry has this name: the table may be hidden by an alias.
  for (size_t depth = 0; depth <= outer_levels_.size(); depth++) {
    const auto& scope = depth == 0 ? scope_ : outer_levels_[outer_levels_.size() - depth].scope;
    for (const ScopeEntry& e : scope) {
      if (e.table && e.table->name == qual && e.alias != qual)
        return PositionedError("42P01", "invalid reference to FROM-clause entry for table \"" + qual + "\"", location)
            .with_hint("Perhaps you meant to reference the table alias \"" + e.alias + "\".");
    }
  }
  return PositionedError("42P01", "missing FROM-clause entry for table \"" + qual + "\"", location);
}

Result<ExprPtr> Binder::BindColumnRef(const PgQuery__Node* node) {
  const PgQuery__ColumnRef* ref = node->column_ref;
  std::vector<std::string> parts;
  for (size_t i = 0; i < ref->n_fields; i++) {
    if (ref->fields[i]->node_case == PG_QUERY__NODE__NODE_A_STAR) parts.push_back("*");
    else if (ref->fields[i]->node_case == PG_QUERY__NODE__NODE_STRING) parts.push_back(ref->fields[i]->string->sval);
    else parts.push_back("");
  }
  if (parts.empty()) return PositionedError("42601", "empty column reference", ref->location);
  std::string col = parts.back();
  std::string qual = parts.size() >= 2 ? parts[parts.size() - 2] : "";
  if (col == "*") {
    if (parts.size() == 2) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr row, BindWholeRow(qual, ref->location));
      if (row) return row;
    }
    return PositionedError("0A000", "row expansion via \"*\" is not supported here", ref->location);
  }

  bool qual_seen = false;
  std::vector<const std::vector<ScopeEntry>*> searched;
  // The current query first, then each enclosing one.
  for (size_t depth = 0; depth <= outer_levels_.size(); depth++) {
    const auto& scope = depth == 0 ? scope_ : outer_levels_[outer_levels_.size() - depth].scope;
    searched.push_back(&scope);
    const ScopeEntry* entry = nullptr;
    size_t index = 0;
    for (const ScopeEntry& e : scope) {
      if (!qual.empty() ? (!e.rel_visible || e.alias != qual) : !e.cols_visible) continue;
      qual_seen = true;
      for (size_t i = 0; i < e.columns.size(); i++) {
        if (e.columns[i].name != col) continue;
        if (entry) return PositionedError("42702", "column reference \"" + col + "\" is ambiguous", ref->location);
        entry = &e;
        index = i;
      }
    }
    if (entry) {
      const OutputColumn& oc = entry->columns[index];
      ExprPtr e;
      if (depth == 0) {
        e = Expr::MakeColumn(entry->position(index), oc.type, oc.typmod, col);
      } else {
        PLINTH_ASSIGN_OR_RETURN(e, OuterReference(outer_levels_.size() - depth, entry->position(index), oc, col));
      }
      e->location = ref->location;
      return e;
    }
    if (!qual.empty() && qual_seen)
      return PositionedError("42703", "column " + qual + "." + col + " does not exist", ref->location);
  }
  if (!qual.empty()) return ResolveQualifiedStar(qual, ref->location).status();
  if (parts.size() == 1) {  // no column of that name: perhaps a FROM item as a whole row
    PLINTH_ASSIGN_OR_RETURN(ExprPtr row, BindWholeRow(col, ref->location));
    if (row) return row;
  }
  Status s = PositionedError("42703", "column \"" + col + "\" does not exist", ref->location);
  std::string hint = MissingColumnHint(searched, col);
  if (!hint.empty()) s.with_hint(hint);
  return s;
}

}  // namespace plinth
