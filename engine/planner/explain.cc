#include "engine/planner/explain.h"

#include <algorithm>
#include <cstdio>
#include <functional>

#include "engine/functions/functions.h"
#include "engine/planner/index_selection.h"
#include "engine/types/types.h"

namespace plinth {

namespace {

// The text of column i of a node's input row.
using ColumnNamer = std::function<std::string(int)>;

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); i++) out += (i ? sep : "") + parts[i];
  return out;
}

std::string ConstText(const Expr& e) {
  if (e.value.is_null()) return "NULL";
  IoContext io;
  std::string text = OutputText(e.type, e.value, io);
  switch (e.type) {
    case oids::kInt2: case oids::kInt4: case oids::kInt8: case oids::kNumeric: case oids::kFloat4: case oids::kFloat8:
      if (!text.empty() && text[0] == '-') return "'" + text + "'::" + FormatType(e.type, e.typmod);
      return text;
    case oids::kBool:
      return text == "t" ? "true" : "false";
    default: {
      std::string quoted = "'";
      for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      return quoted + "'::" + FormatType(e.type, e.typmod);
    }
  }
}

std::string Text(const Expr& e, const ColumnNamer& names);

std::string ArgsText(const Expr& e, const ColumnNamer& names, size_t from = 0) {
  std::vector<std::string> parts;
  for (size_t i = from; i < e.args.size(); i++) parts.push_back(Text(*e.args[i], names));
  return Join(parts, ", ");
}

std::string ConjunctionText(const Expr& e, const char* op, const ColumnNamer& names) {
  std::vector<std::string> parts;
  for (const auto& a : e.args) parts.push_back(Text(*a, names));
  return "(" + Join(parts, op) + ")";
}

std::string Text(const Expr& e, const ColumnNamer& names) {
  switch (e.kind) {
    case ExprKind::Const: return ConstText(e);
    case ExprKind::Column:
      if (names) return names(e.column);
      return e.name.empty() ? "$col" + std::to_string(e.column + 1) : e.name;
    case ExprKind::OuterRef: return e.name.empty() ? "$outer" + std::to_string(e.column + 1) : e.name;
    case ExprKind::Param: return "$" + std::to_string(e.param + 1);
    case ExprKind::Func: {
      std::string name = e.fn ? e.fn->name : e.name;
      if (e.fn && IsOperatorName(name)) {
        if (e.args.size() == 2) return "(" + Text(*e.args[0], names) + " " + name + " " + Text(*e.args[1], names) + ")";
        if (e.args.size() == 1) return "(" + name + " " + Text(*e.args[0], names) + ")";
      }
      return name + "(" + ArgsText(e, names) + ")";
    }
    case ExprKind::Cast: {
      std::string inner = Text(*e.args[0], names);
      if (e.args[0]->kind == ExprKind::Column || e.args[0]->kind == ExprKind::Func) inner = "(" + inner + ")";
      return inner + "::" + FormatType(e.type, e.typmod);
    }
    case ExprKind::And: return ConjunctionText(e, " AND ", names);
    case ExprKind::Or: return ConjunctionText(e, " OR ", names);
    case ExprKind::Not: return "(NOT " + Text(*e.args[0], names) + ")";
    case ExprKind::IsNull: return "(" + Text(*e.args[0], names) + " IS NULL)";
    case ExprKind::IsNotNull: return "(" + Text(*e.args[0], names) + " IS NOT NULL)";
    case ExprKind::BoolTest: {
      static const char* kTests[] = {"IS TRUE", "IS NOT TRUE", "IS FALSE", "IS NOT FALSE", "IS UNKNOWN", "IS NOT UNKNOWN"};
      int t = e.bool_test >= 0 && e.bool_test < 6 ? e.bool_test : 0;
      return "(" + Text(*e.args[0], names) + " " + kTests[t] + ")";
    }
    case ExprKind::Case: return "CASE ... END";
    case ExprKind::Coalesce: return "COALESCE(" + ArgsText(e, names) + ")";
    case ExprKind::NullIf: return "NULLIF(" + ArgsText(e, names) + ")";
    case ExprKind::Distinct:
      return "(" + Text(*e.args[0], names) + (e.negate ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") +
             Text(*e.args[1], names) + ")";
    case ExprKind::InList:
      return "(" + Text(*e.args[0], names) + (e.negate ? " NOT IN (" : " IN (") + ArgsText(e, names, 1) + "))";
    case ExprKind::MinMax: return std::string(e.is_greatest ? "GREATEST(" : "LEAST(") + ArgsText(e, names) + ")";
    case ExprKind::Array: return "ARRAY[" + ArgsText(e, names) + "]";
    case ExprKind::ArrayOp: {
      std::string op = e.fn ? e.fn->name : "=";
      return "(" + Text(*e.args[0], names) + " " + op + (e.negate ? " ALL (" : " ANY (") + Text(*e.args[1], names) + "))";
    }
    case ExprKind::SubLink: return e.sublink == SubLinkKind::Exists ? "(EXISTS(SubPlan))" : "(SubPlan)";
    case ExprKind::AggRef:
    case ExprKind::WindowRef: return e.name.empty() ? "?" : e.name;
  }
  return "?";
}

std::string OutputName(const PlanNode& n, int i, bool qualify);

// Names the columns of `input`'s rows, so expressions over them read as PostgreSQL's do;
// `qualify` (plans over more than one table) prefixes table columns with the table.
ColumnNamer NamesOf(const PlanNode* input, bool qualify) {
  if (!input) return nullptr;
  return [input, qualify](int i) { return OutputName(*input, i, qualify); };
}

std::string AggregateText(const AggregateCall& a, const ColumnNamer& names) {  // over the input row
  static const char* kNames[] = {"count", "count", "sum", "avg", "min", "max", "string_agg", "array_agg", "bool_and", "bool_or"};
  if (a.func == AggFunc::CountStar) return "count(*)";
  std::vector<std::string> args;
  for (const auto& x : a.args) args.push_back(Text(*x, names));
  return std::string(kNames[static_cast<int>(a.func)]) + "(" + (a.distinct ? "DISTINCT " : "") + Join(args, ", ") + ")";
}

// The text of column i of the rows node `n` produces.
std::string OutputName(const PlanNode& n, int i, bool qualify) {
  size_t at = static_cast<size_t>(i);
  switch (n.kind) {
    case PlanKind::TableScan:
    case PlanKind::IndexScan:
      if (n.table && at < n.table->columns.size())
        return qualify ? n.table->name + "." + n.table->columns[at].name : n.table->columns[at].name;
      break;
    case PlanKind::Filter:
    case PlanKind::Sort:
    case PlanKind::Limit:
    case PlanKind::Distinct:
      if (n.child) return OutputName(*n.child, i, qualify);
      break;
    case PlanKind::Project:
      if (at < n.exprs.size()) return Text(*n.exprs[at], NamesOf(n.child.get(), qualify));
      break;
    case PlanKind::NestedLoopJoin:
    case PlanKind::HashJoin: {
      size_t left = n.child ? n.child->column_types.size() : 0;
      if (at < left) return OutputName(*n.child, i, qualify);
      if (n.right) return OutputName(*n.right, static_cast<int>(at - left), qualify);
      break;
    }
    case PlanKind::Aggregate:
      if (at < n.group_keys.size()) return Text(*n.group_keys[at], NamesOf(n.child.get(), qualify));
      if (at - n.group_keys.size() < n.aggregates.size())
        return AggregateText(n.aggregates[at - n.group_keys.size()], NamesOf(n.child.get(), qualify));
      break;
    case PlanKind::Window: {
      size_t width = n.child ? n.child->column_types.size() : 0;
      if (at < width) return OutputName(*n.child, i, qualify);
      if (at - width < n.windows.size()) return n.windows[at - width].name + "(...)";
      break;
    }
    case PlanKind::FunctionScan: return n.function;
    case PlanKind::SequenceScan: {
      static const char* kColumns[] = {"last_value", "log_cnt", "is_called"};
      if (at < 3) return kColumns[at];
      break;
    }
    default: break;
  }
  return "$col" + std::to_string(i + 1);
}

}  // namespace

std::string ExprText(const Expr& e) { return Text(e, nullptr); }

namespace {

// Rough output size estimates: Plinth has no column statistics, so scans assume a
// table of kTableRows rows, and each restriction keeps a fixed share.
constexpr double kTableRows = 1000;

int TypeWidth(Oid t) {
  switch (t) {
    case oids::kBool: return 1;
    case oids::kInt2: return 2;
    case oids::kInt4: case oids::kFloat4: case oids::kDate: return 4;
    case oids::kInt8: case oids::kFloat8: case oids::kTimestamp: case oids::kTimestamptz: return 8;
    case oids::kUuid: return 16;
    default: return 32;
  }
}

int RowWidth(const PlanNode& n) {
  int w = 0;
  for (Oid t : n.column_types) w += TypeWidth(t);
  return w;
}

double EstimateRows(const PlanNode& n) {
  switch (n.kind) {
    case PlanKind::OneRow: return 1;
    case PlanKind::Values: return static_cast<double>(n.rows.size());
    case PlanKind::SequenceScan: return 1;
    case PlanKind::TableScan: {
      if (n.range.empty()) return kTableRows;
      bool point = n.table && n.range.equal.size() == n.table->primary_key.size();
      return point ? 1 : (n.range.equal.empty() ? kTableRows / 3 : 10);
    }
    case PlanKind::IndexScan: {
      bool unique_point = n.index && n.index->unique && n.range.equal.size() == n.index->columns.size();
      return unique_point ? 1 : 10;
    }
    case PlanKind::Filter: {
      double child = n.child ? EstimateRows(*n.child) : 1;
      return child <= 1 ? child : std::max(1.0, child / 3);
    }
    case PlanKind::Aggregate: {
      if (n.group_keys.empty()) return 1;
      return std::max(1.0, (n.child ? EstimateRows(*n.child) : 1) / 5);
    }
    case PlanKind::Limit: {
      double child = n.child ? EstimateRows(*n.child) : 1;
      if (n.limit && n.limit->kind == ExprKind::Const && !n.limit->value.is_null())
        return std::min(child, static_cast<double>(n.limit->value.as_int()));
      return child;
    }
    case PlanKind::HashJoin:
    case PlanKind::NestedLoopJoin: {
      double l = n.child ? EstimateRows(*n.child) : 1, r = n.right ? EstimateRows(*n.right) : 1;
      if (n.kind == PlanKind::HashJoin || n.predicate) return std::max(l, r);
      return l * r;
    }
    case PlanKind::SetOp: return (n.child ? EstimateRows(*n.child) : 0) + (n.right ? EstimateRows(*n.right) : 0);
    default: return n.child ? EstimateRows(*n.child) : kTableRows;
  }
}

// The cost line: startup..total in arbitrary units that grow with the rows read.
double EstimateCost(const PlanNode& n) {
  double own = EstimateRows(n) * 0.01;
  double below = 0;
  if (n.child) below += EstimateCost(*n.child);
  if (n.right) below += EstimateCost(*n.right);
  switch (n.kind) {
    case PlanKind::TableScan: own = (n.range.empty() ? kTableRows * 0.0125 : 0.15 + EstimateRows(n) * 0.01); break;
    case PlanKind::IndexScan: own = 0.15 + EstimateRows(n) * 0.02; break;
    case PlanKind::Sort: own = EstimateRows(n) * 0.05; break;
    default: break;
  }
  return below + own;
}

struct Line {
  int column;  // where the text starts
  std::string text;
};

class Renderer {
 public:
  Renderer(const ExplainOptions& options, const ActualsLookup& actuals, bool qualify)
      : options_(options), actuals_(actuals), qualify_(qualify) {}

  // `label_node` decides the name and costs; `count_node` (a Filter above it) the
  // actual rows, since the rows it passes are what the combined node returns.
  void Node(const PlanNode& n, int depth, std::vector<std::string> props, const PlanNode* count_node = nullptr) {
    switch (n.kind) {
      case PlanKind::Project:
        if (n.child && n.child->kind != PlanKind::OneRow) return Node(*n.child, depth, std::move(props), count_node ? count_node : &n);
        break;
      case PlanKind::Filter: {
        if (n.child) {
          std::vector<std::string> own = FilterProps(n);
          own.insert(own.end(), props.begin(), props.end());
          return Node(*n.child, depth, std::move(own), count_node ? count_node : &n);
        }
        break;
      }
      default: break;
    }
    std::string text = Label(n);
    AddDetails(n, &props);
    if (options_.costs) {
      char buf[128];
      double total = EstimateCost(n);
      double rows = EstimateRows(count_node ? *count_node : n);
      double startup = n.kind == PlanKind::Sort || n.kind == PlanKind::Aggregate || n.kind == PlanKind::HashJoin
                           ? total - EstimateRows(n) * 0.01
                           : 0;
      std::snprintf(buf, sizeof buf, "  (cost=%.2f..%.2f rows=%.0f width=%d)", startup, total, rows, RowWidth(n));
      text += buf;
    }
    if (options_.analyze) text += ActualText(count_node ? count_node : &n, &n);
    int column = depth == 0 ? 0 : 6 * depth;
    if (depth > 0) text = "->  " + text, column -= 4;
    lines_.push_back({column, text});
    int prop_column = depth == 0 ? 2 : 6 * depth + 2;
    for (const std::string& p : props) lines_.push_back({prop_column, p});
    Children(n, depth);
  }

  std::vector<std::string> Lines() const {
    std::vector<std::string> out;
    for (const Line& l : lines_) out.push_back(std::string(static_cast<size_t>(l.column), ' ') + l.text);
    return out;
  }

 private:
  std::string ActualText(const PlanNode* counted, const PlanNode* timed) {
    const NodeActuals* a = actuals_ ? actuals_(counted) : nullptr;
    const NodeActuals* t = actuals_ ? actuals_(timed) : nullptr;
    if (!a || a->loops == 0) return " (never executed)";
    char buf[160];
    double loops = static_cast<double>(a->loops);
    double rows = static_cast<double>(a->rows) / loops;
    if (options_.timing) {
      const NodeActuals* time = a->total_ms >= (t ? t->total_ms : 0) ? a : t;
      std::snprintf(buf, sizeof buf, " (actual time=%.3f..%.3f rows=%.0f loops=%.0f)", time->startup_ms / loops,
                    time->total_ms / loops, rows, loops);
    } else {
      std::snprintf(buf, sizeof buf, " (actual rows=%.0f loops=%.0f)", rows, loops);
    }
    return buf;
  }

  std::vector<std::string> FilterProps(const PlanNode& filter) {
    std::vector<std::string> props;
    const PlanNode& below = *filter.child;
    // Conjuncts the scan already applies as its Index Cond are not repeated.
    std::vector<const Expr*> conjuncts;
    std::function<void(const Expr*)> collect = [&](const Expr* e) {
      if (e->kind == ExprKind::And) for (const auto& a : e->args) collect(a.get());
      else conjuncts.push_back(e);
    };
    collect(filter.predicate.get());
    std::vector<std::string> kept;
    std::vector<std::string> cond = IndexCond(below);
    for (const Expr* c : conjuncts) {
      // As PostgreSQL: a scan's own conditions name its columns bare, others qualify them.
      bool scan = below.kind == PlanKind::TableScan || below.kind == PlanKind::IndexScan;
      std::string text = Text(*c, NamesOf(&below, qualify_ && !scan));
      bool covered = false;
      for (const std::string& ic : cond) covered |= ic == text;
      if (!covered) kept.push_back(text);
    }
    if (kept.empty()) return props;
    bool join = below.kind == PlanKind::HashJoin || below.kind == PlanKind::NestedLoopJoin;
    std::string text = kept.size() == 1 ? kept[0] : "(" + Join(kept, " AND ") + ")";
    props.push_back(std::string(join ? "Join Filter: " : "Filter: ") + text);
    if (options_.analyze) {
      const NodeActuals* in = actuals_ ? actuals_(&below) : nullptr;
      const NodeActuals* out = actuals_ ? actuals_(&filter) : nullptr;
      if (in && out && in->loops) {
        uint64_t removed = in->rows >= out->rows ? in->rows - out->rows : 0;
        props.push_back("Rows Removed by " + std::string(join ? "Join Filter: " : "Filter: ") +
                        std::to_string(removed / in->loops));
      }
    }
    return props;
  }

  // The key restriction of a scan, one "(col op value)" per restricted key part.
  std::vector<std::string> IndexCond(const PlanNode& n) {
    std::vector<std::string> out;
    if (n.kind != PlanKind::TableScan && n.kind != PlanKind::IndexScan) return out;
    if (!n.table) return out;
    auto key_name = [&](size_t part) -> std::string {
      if (n.kind == PlanKind::TableScan) {
        if (part < n.table->primary_key.size()) return OutputName(n, n.table->primary_key[part], false);
        return "?";
      }
      if (!n.index || part >= n.index->columns.size()) return "?";
      if (n.index->is_expression(part)) return "(" + n.index->exprs[part] + ")";
      return OutputName(n, n.index->columns[part], false);
    };
    for (size_t i = 0; i < n.range.equal.size(); i++)
      out.push_back("(" + key_name(i) + " = " + ExprText(*n.range.equal[i]) + ")");
    size_t next = n.range.equal.size();
    if (n.range.lower)
      out.push_back("(" + key_name(next) + (n.range.lower_inclusive ? " >= " : " > ") + ExprText(*n.range.lower) + ")");
    if (n.range.upper)
      out.push_back("(" + key_name(next) + (n.range.upper_inclusive ? " <= " : " < ") + ExprText(*n.range.upper) + ")");
    return out;
  }

  static std::string JoinPrefix(JoinType t) {
    switch (t) {
      case JoinType::Left: return " Left Join";
      case JoinType::Right: return " Right Join";
      case JoinType::Full: return " Full Join";
      default: return "";
    }
  }

  std::string Label(const PlanNode& n) {
    switch (n.kind) {
      case PlanKind::OneRow: return "Result";
      case PlanKind::Values: return "Values Scan on \"*VALUES*\"";
      case PlanKind::TableScan: {
        std::string table = n.table ? n.table->name : "?";
        if (n.range.empty()) return "Seq Scan on " + table;
        std::string pk = n.table->pk_constraint_name.empty() ? table + "_pkey" : n.table->pk_constraint_name;
        return "Index Scan using " + pk + " on " + table;
      }
      case PlanKind::IndexScan: return DescribeIndexScan(n);
      case PlanKind::Filter: return "Result";
      case PlanKind::Project: return "Result";
      case PlanKind::Sort: return "Sort";
      case PlanKind::Limit: return "Limit";
      case PlanKind::Distinct: return "HashAggregate";
      case PlanKind::External: return "External Source";
      case PlanKind::Aggregate: return n.group_keys.empty() ? "Aggregate" : "HashAggregate";
      case PlanKind::NestedLoopJoin: return "Nested Loop" + JoinPrefix(n.join_type);
      case PlanKind::HashJoin: return "Hash" + JoinPrefix(n.join_type) + (n.join_type == JoinType::Inner ? " Join" : "");
      case PlanKind::SetOp:
        if (n.set_op == SetOpKind::Union) return n.set_all ? "Append" : "HashAggregate";
        return std::string("HashSetOp ") + (n.set_op == SetOpKind::Intersect ? "Intersect" : "Except") +
               (n.set_all ? " All" : "");
      case PlanKind::RecursiveUnion: return "Recursive Union";
      case PlanKind::WorkTableScan: return "WorkTable Scan";
      case PlanKind::FunctionScan: return "Function Scan on " + n.function;
      case PlanKind::Window: return "WindowAgg";
      case PlanKind::ProjectSet: return "ProjectSet";
      case PlanKind::SystemScan: return "Seq Scan on system relation";
      case PlanKind::SequenceScan: return "Seq Scan on sequence";
    }
    return "?";
  }

  void AddDetails(const PlanNode& n, std::vector<std::string>* props) {
    std::vector<std::string> details;
    std::vector<std::string> cond = IndexCond(n);
    if (!cond.empty()) details.push_back("Index Cond: " + (cond.size() == 1 ? cond[0] : "(" + Join(cond, " AND ") + ")"));
    switch (n.kind) {
      case PlanKind::Sort: {
        std::vector<std::string> keys;
        for (const SortKey& k : n.keys) {
          std::string key = Text(*k.expr, NamesOf(n.child.get(), qualify_));
          if (k.descending) key += " DESC";
          if (k.nulls_first != k.descending) key += k.nulls_first ? " NULLS FIRST" : " NULLS LAST";
          keys.push_back(key);
        }
        details.push_back("Sort Key: " + Join(keys, ", "));
        break;
      }
      case PlanKind::Aggregate: {
        std::vector<std::string> keys;
        for (const auto& k : n.group_keys) keys.push_back(Text(*k, NamesOf(n.child.get(), qualify_)));
        if (!keys.empty()) details.push_back("Group Key: " + Join(keys, ", "));
        break;
      }
      case PlanKind::HashJoin: {
        std::vector<std::string> conds;
        for (size_t i = 0; i < n.left_keys.size() && i < n.right_keys.size(); i++)
          conds.push_back("(" + Text(*n.left_keys[i], NamesOf(n.child.get(), qualify_)) + " = " +
                          Text(*n.right_keys[i], NamesOf(n.right.get(), qualify_)) + ")");
        details.push_back("Hash Cond: " + (conds.size() == 1 ? conds[0] : "(" + Join(conds, " AND ") + ")"));
        if (n.predicate) details.push_back("Join Filter: " + Text(*n.predicate, NamesOf(&n, qualify_)));
        break;
      }
      case PlanKind::NestedLoopJoin:
        if (n.predicate) details.push_back("Join Filter: " + Text(*n.predicate, NamesOf(&n, qualify_)));
        break;
      default: break;
    }
    props->insert(props->begin(), details.begin(), details.end());
  }

  void Children(const PlanNode& n, int depth) {
    if (n.child) Node(*n.child, depth + 1, {});
    if (!n.right) return;
    if (n.kind == PlanKind::HashJoin) {
      // PostgreSQL shows the build side under a Hash node.
      std::string text = "->  Hash";
      if (options_.costs) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "  (cost=%.2f..%.2f rows=%.0f width=%d)", EstimateCost(*n.right),
                      EstimateCost(*n.right), EstimateRows(*n.right), RowWidth(*n.right));
        text += buf;
      }
      if (options_.analyze) text += ActualText(n.right.get(), n.right.get());
      lines_.push_back({6 * (depth + 1) - 4, text});
      Node(*n.right, depth + 2, {});
      return;
    }
    Node(*n.right, depth + 1, {});
  }

  const ExplainOptions& options_;
  const ActualsLookup& actuals_;
  bool qualify_;
  std::vector<Line> lines_;
};

// How many tables the plan reads: with more than one, column names are qualified.
int CountScans(const PlanNode* n) {
  if (!n) return 0;
  int own = n->kind == PlanKind::TableScan || n->kind == PlanKind::IndexScan ? 1 : 0;
  return own + CountScans(n->child.get()) + CountScans(n->right.get());
}

}  // namespace

std::vector<std::string> ExplainPlan(const Plan& plan, const ExplainOptions& options, const ActualsLookup& actuals) {
  Renderer r(options, actuals, CountScans(plan.root.get()) > 1);
  if (plan.action == PlanAction::Query) {
    r.Node(*plan.root, 0, {});
    return r.Lines();
  }
  // INSERT/UPDATE/DELETE: the statement's node over the plan of its source rows.
  std::string verb = plan.action == PlanAction::Insert ? "Insert" : plan.action == PlanAction::Update ? "Update" : "Delete";
  std::vector<std::string> out{verb + " on " + (plan.table ? plan.table->name : "?")};
  r.Node(*plan.root, 1, {});
  for (std::string& l : r.Lines()) out.push_back(std::move(l));
  return out;
}

std::string PlanNode::Describe(int indent) const {
  ExplainOptions options;
  options.costs = false;
  ActualsLookup none;
  Renderer r(options, none, CountScans(this) > 1);
  r.Node(*this, 0, {});
  std::string out;
  for (const std::string& l : r.Lines()) out += std::string(static_cast<size_t>(indent), ' ') + l + "\n";
  return out;
}

}  // namespace plinth
