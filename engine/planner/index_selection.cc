#include "engine/planner/index_selection.h"

#include <pg_query/pg_query.pb-c.h>

#include <map>

#include "engine/binder/binder.h"
#include "engine/functions/functions.h"
#include "engine/parser/parser.h"
#include "engine/types/types.h"

namespace plinth {

namespace {

// True when e can be evaluated once before the scan starts (no column references, no
// volatile calls): only such values can bound an index range.
bool IsRowIndependent(const Expr& e) {
  if (e.kind == ExprKind::Column || e.kind == ExprKind::SubLink || e.kind == ExprKind::AggRef) return false;
  if (e.fn && e.fn->volatile_) return false;
  for (const auto& a : e.args)
    if (!IsRowIndependent(*a)) return false;
  return true;
}

void CollectConjuncts(Expr* e, std::vector<Expr*>* out) {
  if (e->kind == ExprKind::And) {
    for (auto& a : e->args) CollectConjuncts(a.get(), out);
  } else {
    out->push_back(e);
  }
}

// Structural equality of two bound expressions over the same row: what decides that a
// predicate's `lower(title)` is the index's `lower(title)`.
bool SameExpr(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.type != b.type || a.args.size() != b.args.size()) return false;
  switch (a.kind) {
    case ExprKind::Const:
      if (a.value.is_null() != b.value.is_null()) return false;
      if (!a.value.is_null() && Compare(a.type, a.value, b.value) != 0) return false;
      break;
    case ExprKind::Column:
      if (a.column != b.column) return false;
      break;
    case ExprKind::Func:
      if (a.fn != b.fn) return false;
      break;
    case ExprKind::Cast:
      if (a.typmod != b.typmod) return false;
      break;
    case ExprKind::Param:
    case ExprKind::SubLink:
    case ExprKind::OuterRef:
    case ExprKind::AggRef:
      return false;  // never part of an index definition
    default:
      if (a.fn != b.fn || a.negate != b.negate || a.has_else != b.has_else || a.is_greatest != b.is_greatest ||
          a.bool_test != b.bool_test)
        return false;
  }
  for (size_t i = 0; i < a.args.size(); i++)
    if (!SameExpr(*a.args[i], *b.args[i])) return false;
  return true;
}

// Matches `part OP value` or `value OP part`, where OP compares two values of the part's
// own type (so the value can be encoded as an index key of that type). Returns the
// operator as if the part were on the left.
bool MatchComparison(Expr* e, const Expr& part, std::string* op, Expr** value) {
  if (e->kind != ExprKind::Func || !e->fn || e->args.size() != 2) return false;
  const std::string& name = e->fn->name;
  if (name != "=" && name != "<" && name != "<=" && name != ">" && name != ">=") return false;
  if (e->fn->args[0] != part.type || e->fn->args[1] != part.type) return false;
  Expr* l = e->args[0].get();
  Expr* r = e->args[1].get();
  if (SameExpr(*l, part) && IsRowIndependent(*r)) {
    *op = name;
    *value = r;
    return true;
  }
  if (SameExpr(*r, part) && IsRowIndependent(*l)) {
    static const std::map<std::string, std::string> flip = {
        {"=", "="}, {"<", ">"}, {"<=", ">="}, {">", "<"}, {">=", "<="}};
    *op = flip.at(name);
    *value = l;
    return true;
  }
  return false;
}

// The range the conjuncts put on the index whose key parts are `parts`: equality on a
// leading prefix, then lower/upper bounds on the next part.
KeyRange MatchRange(const std::vector<Expr*>& conjuncts, const std::vector<ExprPtr>& parts) {
  KeyRange range;
  for (const ExprPtr& part : parts) {
    Expr *eq = nullptr, *lo = nullptr, *hi = nullptr;
    bool lo_inc = true, hi_inc = true;
    for (Expr* c : conjuncts) {
      std::string op;
      Expr* value = nullptr;
      if (!MatchComparison(c, *part, &op, &value)) continue;
      if (op == "=") eq = value;
      else if (op == ">" || op == ">=") lo = value, lo_inc = op == ">=";
      else hi = value, hi_inc = op == "<=";
    }
    if (eq) {
      range.equal.push_back(eq->Clone());
      continue;
    }
    if (lo) range.lower = lo->Clone(), range.lower_inclusive = lo_inc;
    if (hi) range.upper = hi->Clone(), range.upper_inclusive = hi_inc;
    break;
  }
  return range;
}

// Binds index part `sql` (an expression index's stored text) over the table's columns,
// as CREATE INDEX did. Index expressions are immutable functions of the row, so neither
// the catalog nor session settings change their meaning.
Result<ExprPtr> BindIndexExpression(const TableDef& t, const std::string& sql) {
  static const std::shared_ptr<Catalog> no_catalog = Catalog::Empty();
  static const IoContext default_io;
  BindContext bctx;
  bctx.catalog = no_catalog.get();
  bctx.io = &default_io;
  PLINTH_ASSIGN_OR_RETURN(auto tree, ParseTree::Parse("SELECT " + sql));
  const PgQuery__Node* node = tree->statements()[0].node->select_stmt->target_list[0]->res_target->val;
  Binder binder(bctx, {});
  return binder.BindStandalone(node, &t);
}

// The key parts of ix as expressions over the table row; false if one cannot be bound.
bool IndexParts(const TableDef& t, const IndexDef& ix, std::vector<ExprPtr>* parts) {
  for (size_t p = 0; p < ix.columns.size(); p++) {
    if (!ix.is_expression(p)) {
      const ColumnDef& c = t.columns[ix.columns[p]];
      parts->push_back(Expr::MakeColumn(ix.columns[p], c.type, c.typmod, c.name));
      continue;
    }
    if (p >= ix.exprs.size()) return false;
    auto bound = BindIndexExpression(t, ix.exprs[p]);
    if (!bound.ok()) return false;
    parts->push_back(std::move(*bound));
  }
  return true;
}

// How selective a range is expected to be: each equality counts more than any bound,
// and a full-key equality on a unique index (at most one row) beats everything.
int RangeScore(const KeyRange& r, const IndexDef& ix) {
  if (r.empty()) return 0;
  int score = 4 * static_cast<int>(r.equal.size()) + (r.lower ? 1 : 0) + (r.upper ? 1 : 0);
  if (ix.unique && r.equal.size() == ix.columns.size()) score += 1000;
  return score;
}

}  // namespace

void ChooseIndexScan(PlanNode* filter) {
  PlanNode* scan = filter->child.get();
  if (!scan || scan->kind != PlanKind::TableScan || !filter->predicate) return;
  const TableDef& t = *scan->table;
  // A primary-key lookup reads the rows directly: keep it unless an index does better.
  int best_score = 0;
  if (!scan->range.empty()) {
    IndexDef pk;
    pk.columns = t.primary_key;
    pk.unique = true;
    best_score = RangeScore(scan->range, pk);
  }
  std::vector<Expr*> conjuncts;
  CollectConjuncts(filter->predicate.get(), &conjuncts);
  const IndexDef* best = nullptr;
  KeyRange best_range;
  std::vector<Oid> best_types;
  for (const IndexDef& ix : t.indexes) {
    // Index id 0 is the table itself; a partial index lacks the rows outside its
    // predicate, which this planner does not try to prove implied.
    if (ix.id == 0 || ix.primary || !ix.predicate_sql.empty() || ix.columns.empty()) continue;
    std::vector<ExprPtr> parts;
    if (!IndexParts(t, ix, &parts)) continue;
    KeyRange range = MatchRange(conjuncts, parts);
    int score = RangeScore(range, ix);
    if (score <= best_score) continue;
    best_score = score;
    best = &ix;
    best_range = std::move(range);
    best_types.clear();
    for (const ExprPtr& p : parts) best_types.push_back(p->type);
  }
  if (!best) return;
  scan->kind = PlanKind::IndexScan;
  scan->index = best;
  scan->index_key_types = std::move(best_types);
  scan->range = std::move(best_range);
}

std::string DescribeIndexScan(const PlanNode& node) {
  std::string index = node.index ? node.index->name : "?";
  std::string table = node.table ? node.table->name : "?";
  return "Index Scan using " + index + " on " + table;
}

}  // namespace plinth
