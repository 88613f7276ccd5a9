#include "engine/binder/query_deparse.h"

#include <pg_query/pg_query.pb-c.h>

#include <exception>
#include <map>

#include "engine/binder/bind_internal.h"
#include "engine/binder/expr_deparse.h"
#include "engine/functions/functions.h"
#include "engine/parser/parser.h"

namespace plinth {

namespace {

// ruleutils' layout of one query level: the keyword lines (after the level's base
// indentation) and the indentation its expressions (CASE) continue at. The strings
// carry the spaces appendContextKeyword produces there. A subquery in FROM is one level
// deeper: everything shifts right by kLevelIndent.
constexpr const char* kTargetLine = "    ";
constexpr const char* kFromLine = "   FROM ";
constexpr const char* kFromItemLine = "    ";
constexpr const char* kJoinLine = "    ";
constexpr const char* kWhereLine = "  WHERE ";
constexpr const char* kGroupLine = "  GROUP BY ";
constexpr const char* kHavingLine = " HAVING ";
constexpr const char* kOrderLine = "  ORDER BY ";
constexpr const char* kOffsetLine = " OFFSET ";
constexpr const char* kLimitLine = " LIMIT ";
constexpr int kExprIndent = 8;
constexpr int kLevelIndent = 8;

bool IsSimpleSelect(const PgQuery__SelectStmt* sel) {
  return sel->op == PG_QUERY__SET_OPERATION__SETOP_NONE || sel->op == PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED;
}

// The SubLink nodes of a parse tree by location: the binder keeps a SubLink's location
// on its bound Expr, which is how the printer finds the subquery to print. Walks every
// message field through the protobuf-c descriptors.
using SubLinkIndex = std::map<int, const PgQuery__SubLink*>;

void IndexSubLinks(const ProtobufCMessage* m, SubLinkIndex* out) {
  if (!m) return;
  if (m->descriptor == &pg_query__sub_link__descriptor) {
    auto* sl = reinterpret_cast<const PgQuery__SubLink*>(m);
    (*out)[sl->location] = sl;
  }
  const ProtobufCMessageDescriptor* d = m->descriptor;
  const char* base = reinterpret_cast<const char*>(m);
  for (unsigned i = 0; i < d->n_fields; i++) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    if (f.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      if (*reinterpret_cast<const uint32_t*>(base + f.quantifier_offset) != f.id) continue;
    }
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<const size_t*>(base + f.quantifier_offset);
      auto* items = *reinterpret_cast<ProtobufCMessage* const*const*>(base + f.offset);
      for (size_t k = 0; k < n; k++) IndexSubLinks(items[k], out);
    } else {
      IndexSubLinks(*reinterpret_cast<ProtobufCMessage* const*>(base + f.offset), out);
    }
  }
}

// Thrown inside the printer for a shape it does not print; DeparseSelectQuery turns it
// into std::nullopt.
struct Unsupported {};

const char* StringValue(const PgQuery__Node* n) {
  return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : nullptr;
}

class QueryPrinter {
 public:
  QueryPrinter(const BindContext& ctx, bool pretty, int base_indent, const SubLinkIndex& sublinks,
               const Binder* enclosing = nullptr)
      : ctx_(ctx), binder_(ctx, {}), pretty_(pretty), base_(base_indent), sublinks_(sublinks) {
    if (enclosing) binder_.EnterDeparseLevelOf(*enclosing);
    scope_.column_text = [this](const Expr& e) { return ColumnText(e); };
    scope_.subquery_text = [this](const Expr& e) { return SubqueryText(e); };
    scope_.aggregates = &aggregates_;
    scope_.indent = base_ + kExprIndent;
  }

  // The whole view query: one SELECT, or a set operation of two (ruleutils prints the
  // operator on a line of its own, unindented, each arm a query of its own).
  static std::string PrintView(const BindContext& ctx, bool pretty, const PgQuery__SelectStmt* sel,
                               const std::vector<std::string>& output_names) {
    SubLinkIndex sublinks;
    IndexSubLinks(&sel->base, &sublinks);
    if (IsSimpleSelect(sel))
      return QueryPrinter(ctx, pretty, 0, sublinks).Print(sel, output_names) + ";";
    const char* op = nullptr;
    switch (sel->op) {
      case PG_QUERY__SET_OPERATION__SETOP_UNION: op = sel->all ? "UNION ALL" : "UNION"; break;
      case PG_QUERY__SET_OPERATION__SETOP_INTERSECT: op = sel->all ? "INTERSECT ALL" : "INTERSECT"; break;
      case PG_QUERY__SET_OPERATION__SETOP_EXCEPT: op = sel->all ? "EXCEPT ALL" : "EXCEPT"; break;
      default: throw Unsupported{};
    }
    // Nested set operations, and ORDER BY / LIMIT / WITH over one, are not printed yet.
    if (!sel->larg || !sel->rarg || !IsSimpleSelect(sel->larg) || !IsSimpleSelect(sel->rarg) || sel->n_sort_clause || sel->limit_count ||
        sel->limit_offset || sel->with_clause || sel->n_locking_clause)
      throw Unsupported{};
    return QueryPrinter(ctx, pretty, 0, sublinks).Print(sel->larg, output_names) + "\n" + op + "\n" +
           QueryPrinter(ctx, pretty, 0, sublinks).Print(sel->rarg, output_names) + ";";
  }

  std::string Print(const PgQuery__SelectStmt* sel, const std::vector<std::string>& output_names) {
    RejectUnsupported(sel);
    if (!binder_.BindFromForDeparse(sel).ok()) throw Unsupported{};

    out_ = " SELECT";
    if (sel->n_distinct_clause > 0) out_ += " DISTINCT";
    std::vector<ExprPtr> targets = Targets(sel);
    if (targets.empty() || targets.size() < output_names.size()) throw Unsupported{};
    for (size_t i = 0; i < output_names.size(); i++) {
      // A target starting on a line of its own (CASE) needs no line break of ours.
      std::string text = DeparseBoundExpr(*targets[i], *ctx_.io, pretty_, scope_);
      bool own_line = !text.empty() && text[0] == '\n';
      if (i == 0) out_ += ' ';
      else if (own_line) out_ += ',';
      else Line(",", kTargetLine);
      AppendText(text);
      if (NaturalName(*targets[i]) != output_names[i]) out_ += " AS " + QuoteIdentifier(output_names[i]);
    }

    for (size_t i = 0; i < sel->n_from_clause; i++) {
      if (i == 0) Line("", kFromLine);
      else Line(",", kFromItemLine);
      FromItem(sel->from_clause[i]);
    }
    if (sel->where_clause) {
      Line("", kWhereLine);
      AppendExpr(*Bind(sel->where_clause));
    }
    if (sel->n_group_clause > 0) {
      Line("", kGroupLine);
      SortGroupList(sel->group_clause, sel->n_group_clause, targets, output_names, /*sort=*/false);
    }
    if (sel->having_clause) {
      Line("", kHavingLine);
      AppendExpr(*Bind(sel->having_clause));
    }
    if (sel->n_sort_clause > 0) {
      Line("", kOrderLine);
      SortGroupList(sel->sort_clause, sel->n_sort_clause, targets, output_names, /*sort=*/true);
    }
    if (sel->limit_offset) {
      Line("", kOffsetLine);
      AppendExpr(*Bind(sel->limit_offset));
    }
    if (sel->limit_count) {
      Line("", kLimitLine);
      AppendExpr(*Bind(sel->limit_count));
    }
    return std::move(out_);
  }

 private:
  // Ends the line (after `tail`) and starts the next at this level's indentation.
  void Line(const char* tail, const char* start) {
    out_ += tail;
    out_ += '\n';
    out_.append(static_cast<size_t>(base_), ' ');
    out_ += start;
  }

  static void RejectUnsupported(const PgQuery__SelectStmt* sel) {
    bool plain_distinct = sel->n_distinct_clause == 0 ||
                          (sel->n_distinct_clause == 1 && (!sel->distinct_clause[0] ||
                                                           sel->distinct_clause[0]->node_case == PG_QUERY__NODE__NODE__NOT_SET));
    if (!plain_distinct || sel->into_clause || sel->n_window_clause || sel->n_values_lists || sel->n_locking_clause ||
        sel->with_clause || sel->group_distinct || !IsSimpleSelect(sel) ||
        sel->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES)
      throw Unsupported{};
  }

  // An expression of the query, bound over the FROM scope; only trees the expression
  // printer shows faithfully pass.
  ExprPtr Bind(const PgQuery__Node* node) {
    auto bound = binder_.BindQueryClauseExpr(node, &aggregates_);
    if (!bound.ok()) throw Unsupported{};
    ExprPtr e = bound.take();
    if (!DeparseSupported(*e, scope_)) throw Unsupported{};
    return e;
  }

  void AppendText(const std::string& text) {
    // An expression starting on a line of its own (CASE) leaves no trailing spaces.
    if (!text.empty() && text[0] == '\n')
      while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    out_ += text;
  }
  void AppendExpr(const Expr& e) { AppendText(DeparseBoundExpr(e, *ctx_.io, pretty_, scope_)); }

  // The target list with each `*` expanded into the columns it stands for.
  std::vector<ExprPtr> Targets(const PgQuery__SelectStmt* sel) {
    std::vector<ExprPtr> out;
    for (size_t i = 0; i < sel->n_target_list; i++) {
      const PgQuery__Node* item = sel->target_list[i];
      if (item->node_case != PG_QUERY__NODE__NODE_RES_TARGET || item->res_target->n_indirection)
        throw Unsupported{};
      const PgQuery__Node* val = item->res_target->val;
      if (val && val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
        const PgQuery__ColumnRef* ref = val->column_ref;
        if (ref->n_fields > 0 && ref->fields[ref->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR) {
          if (ref->n_fields > 2) throw Unsupported{};
          const char* qual = ref->n_fields == 2 ? StringValue(ref->fields[0]) : nullptr;
          ExpandStar(qual, &out);
          continue;
        }
      }
      ExprPtr e = Bind(val);
      // Analysis gives an untyped literal in the target list the type text.
      if (e->kind == ExprKind::Const && e->type == oids::kUnknown) e->type = oids::kText;
      out.push_back(std::move(e));
    }
    return out;
  }

  void ExpandStar(const char* qual, std::vector<ExprPtr>* out) const {
    bool found = false;
    for (const ScopeEntry& entry : binder_.scope()) {
      if (qual ? !(entry.rel_visible && entry.alias == qual) : !entry.cols_visible) continue;
      found = true;
      for (size_t c = 0; c < entry.columns.size(); c++) {
        const OutputColumn& col = entry.columns[c];
        out->push_back(Expr::MakeColumn(entry.position(c), col.type, col.typmod, col.name));
      }
      if (qual) break;
    }
    if (!found) throw Unsupported{};
  }

  // The range-table entry and column a bound column reference reads: the first
  // relation (not JOIN) entry holding that input position; a FULL JOIN's merged USING
  // column belongs to the join alone and prints unqualified, as PostgreSQL prints it.
  struct ColumnSource {
    const ScopeEntry* entry = nullptr;
    const OutputColumn* column = nullptr;
  };
  ColumnSource SourceOf(const Expr& e) const {
    const std::vector<ScopeEntry>* scope = &binder_.scope();
    int position = e.column;
    if (e.kind == ExprKind::OuterRef && !binder_.OuterRefSource(e.column, &scope, &position)) throw Unsupported{};
    ColumnSource join_source;
    for (const ScopeEntry& entry : *scope)
      for (size_t c = 0; c < entry.columns.size(); c++) {
        if (entry.position(c) != position) continue;
        if (entry.positions.empty()) return {&entry, &entry.columns[c]};
        if (!join_source.entry) join_source = {&entry, &entry.columns[c]};
      }
    if (!join_source.entry) throw Unsupported{};
    return join_source;
  }

  std::string ColumnText(const Expr& e) const {
    ColumnSource s = SourceOf(e);
    std::string name = QuoteIdentifier(s.column->name);
    if (!s.entry->positions.empty()) return name;
    return QuoteIdentifier(s.entry->alias) + "." + name;
  }

  // The name a target reads as without AS (ruleutils' attname): a column reference's
  // column name, "?column?" for anything else, so only an unnamed expression shows none.
  std::string NaturalName(const Expr& e) const {
    if (e.kind != ExprKind::Column && e.kind != ExprKind::OuterRef) return "?column?";
    return SourceOf(e).column->name;
  }

  void FromItem(const PgQuery__Node* item) {
    switch (item->node_case) {
      case PG_QUERY__NODE__NODE_RANGE_VAR:
        return Relation(item->range_var);
      case PG_QUERY__NODE__NODE_JOIN_EXPR:
        return Join(item->join_expr);
      case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
        return Subquery(item->range_subselect);
      default:
        throw Unsupported{};
    }
  }

  void Relation(const PgQuery__RangeVar* rv) {
    if (!rv->inh || (rv->alias && rv->alias->n_colnames)) throw Unsupported{};
    if (rv->schemaname && rv->schemaname[0]) {
      // ruleutils qualifies a relation only when search_path would not find it.
      bool on_path = false;
      for (const std::string& s : ctx_.search_path) on_path |= s == rv->schemaname;
      if (!on_path) out_ += QuoteIdentifier(rv->schemaname) + ".";
    }
    out_ += QuoteIdentifier(rv->relname);
    if (rv->alias && rv->alias->aliasname) out_ += " " + QuoteIdentifier(rv->alias->aliasname);
  }

  // An uncorrelated subquery in an expression, one level deeper; its output names are
  // those binding it on its own gives.
  std::string SubqueryText(const Expr& e) const {
    auto found = sublinks_.find(e.location);
    if (found == sublinks_.end() || !found->second->subselect ||
        found->second->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
      throw Unsupported{};
    const PgQuery__Node* query = found->second->subselect;
    Binder names_binder(ctx_, {});
    names_binder.EnterDeparseLevelOf(binder_);
    auto plan = names_binder.BindQuery(query);
    if (!plan.ok()) throw Unsupported{};
    std::vector<std::string> names;
    for (const OutputColumn& c : plan.value().columns) names.push_back(c.name);
    return QueryPrinter(ctx_, pretty_, base_ + kLevelIndent, sublinks_, &binder_).Print(query->select_stmt, names);
  }

  // ( SELECT ...) alias: the subquery one level deeper, its output names those the
  // FROM scope gave its entry.
  void Subquery(const PgQuery__RangeSubselect* rs) {
    if (rs->lateral || !rs->alias || !rs->alias->aliasname || rs->alias->n_colnames || !rs->subquery ||
        rs->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
      throw Unsupported{};
    const ScopeEntry* entry = nullptr;
    for (const ScopeEntry& e : binder_.scope())
      if (e.alias == rs->alias->aliasname && e.positions.empty() && !e.table) entry = &e;
    if (!entry) throw Unsupported{};
    std::vector<std::string> names;
    for (const OutputColumn& c : entry->columns) names.push_back(c.name);
    QueryPrinter inner(ctx_, pretty_, base_ + kLevelIndent, sublinks_);
    out_ += '(';
    out_ += inner.Print(rs->subquery->select_stmt, names);
    out_ += ") " + QuoteIdentifier(rs->alias->aliasname);
  }

  // Joins nest to the left ("(a JOIN b ON ...) JOIN c"); the plain form parenthesizes
  // each join and its ON condition.
  void Join(const PgQuery__JoinExpr* j) {
    if (j->is_natural || j->alias || j->join_using_alias || !j->rarg ||
        j->rarg->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR)
      throw Unsupported{};
    const char* keyword = nullptr;
    switch (j->jointype) {
      case PG_QUERY__JOIN_TYPE__JOIN_INNER:
        keyword = j->quals || j->n_using_clause ? " JOIN " : " CROSS JOIN ";
        break;
      case PG_QUERY__JOIN_TYPE__JOIN_LEFT: keyword = " LEFT JOIN "; break;
      case PG_QUERY__JOIN_TYPE__JOIN_RIGHT: keyword = " RIGHT JOIN "; break;
      case PG_QUERY__JOIN_TYPE__JOIN_FULL: keyword = " FULL JOIN "; break;
      default: throw Unsupported{};
    }
    if (!pretty_) out_ += '(';
    FromItem(j->larg);
    Line("", kJoinLine);
    out_ += keyword;
    FromItem(j->rarg);
    if (j->n_using_clause) {
      out_ += " USING (";
      for (size_t i = 0; i < j->n_using_clause; i++) {
        const char* name = StringValue(j->using_clause[i]);
        if (!name) throw Unsupported{};
        out_ += (i ? ", " : "") + QuoteIdentifier(name);
      }
      out_ += ')';
    } else if (j->quals) {
      out_ += pretty_ ? " ON " : " ON (";
      AppendExpr(*Bind(j->quals));
      if (!pretty_) out_ += ')';
    }
    if (!pretty_) out_ += ')';
  }

  // GROUP BY / ORDER BY items (ruleutils' get_rule_sortgroupclause). Analysis resolves an
  // ordinal or an output name to that target, and an expression equal to a target to
  // it too; a second item naming the same target is dropped.
  void SortGroupList(PgQuery__Node* const* items, size_t n, const std::vector<ExprPtr>& targets,
                     const std::vector<std::string>& output_names, bool sort) {
    std::vector<ExprPtr> seen;
    bool first = true;
    for (size_t i = 0; i < n; i++) {
      const PgQuery__Node* item = items[i];
      const PgQuery__SortBy* by = nullptr;
      if (sort) {
        if (item->node_case != PG_QUERY__NODE__NODE_SORT_BY) throw Unsupported{};
        by = item->sort_by;
        if (by->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) throw Unsupported{};
        item = by->node;
      }
      ExprPtr key = ResolveKey(item, targets, output_names, sort);
      bool duplicate = false;
      for (const ExprPtr& s : seen) duplicate |= ExprEquals(*s, *key);
      if (duplicate) continue;
      if (!first) out_ += ", ";
      first = false;
      SortGroupExpr(*key);
      if (by) {
        bool desc = by->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        if (desc) out_ += " DESC";
        bool nulls_first = by->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST;
        bool nulls_last = by->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST;
        if (desc && nulls_last) out_ += " NULLS LAST";
        if (!desc && nulls_first) out_ += " NULLS FIRST";
      }
      seen.push_back(std::move(key));
    }
  }

  ExprPtr ResolveKey(const PgQuery__Node* item, const std::vector<ExprPtr>& targets,
                     const std::vector<std::string>& output_names, bool sort) {
    if (item->node_case == PG_QUERY__NODE__NODE_A_CONST && item->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
      int pos = item->a_const->ival->ival;
      if (pos < 1 || static_cast<size_t>(pos) > targets.size()) throw Unsupported{};
      return targets[static_cast<size_t>(pos) - 1]->Clone();
    }
    // ORDER BY prefers an output column name; GROUP BY an input column of that name.
    if (item->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && item->column_ref->n_fields == 1) {
      const char* name = StringValue(item->column_ref->fields[0]);
      if (name && (sort || !ScopeHasColumn(name)))
        for (size_t i = 0; i < output_names.size() && i < targets.size(); i++)
          if (output_names[i] == name) return targets[i]->Clone();
    }
    return Bind(item);
  }

  bool ScopeHasColumn(const std::string& name) const {
    for (const ScopeEntry& entry : binder_.scope())
      if (entry.cols_visible)
        for (const OutputColumn& c : entry.columns)
          if (c.name == name) return true;
    return false;
  }

  // A sort or group key: a column plain, a constant refused (PostgreSQL prints its
  // position), anything else parenthesized where ruleutils parenthesizes it.
  void SortGroupExpr(const Expr& key) {
    if (key.kind == ExprKind::Const) throw Unsupported{};
    bool function_like = (key.kind == ExprKind::Func && key.fn && !IsOperatorName(key.fn->name)) ||
                         key.kind == ExprKind::AggRef;
    bool paren = key.kind != ExprKind::Column && (pretty_ || function_like);
    if (paren) out_ += '(';
    AppendExpr(key);
    if (paren) out_ += ')';
  }

  const BindContext& ctx_;
  Binder binder_;
  bool pretty_;
  int base_;
  const SubLinkIndex& sublinks_;
  std::vector<AggregateCall> aggregates_;
  QueryExprScope scope_;
  std::string out_;
};

}  // namespace

std::optional<std::string> DeparseSelectQuery(const BindContext& ctx, const std::string& select_sql,
                                              const std::vector<std::string>& output_names, bool pretty) {
  try {
    auto tree = ParseTree::Parse(select_sql);
    if (!tree.ok()) return std::nullopt;
    const auto& statements = tree.value()->statements();
    if (statements.size() != 1 || statements[0].node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
      return std::nullopt;
    if (!ctx.io) return std::nullopt;
    return QueryPrinter::PrintView(ctx, pretty, statements[0].node->select_stmt, output_names);
  } catch (const Unsupported&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace plinth
