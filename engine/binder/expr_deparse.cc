#include "engine/binder/expr_deparse.h"

#include <cctype>

#include "engine/functions/functions.h"
#include "engine/types/identifier.h"

namespace plinth {

namespace {

// The PostgreSQL node an Expr stands for, as far as ruleutils' parenthesization rules
// (isSimpleNode) tell them apart.
enum class NodeClass {
  Word,         // Var, Const: always simple
  FunctionLike, // function calls, casts, CASE, COALESCE, ARRAY[...]: their own brackets
  Operator,     // OpExpr
  Test,         // NullTest, BooleanTest, DistinctExpr
  Bool,         // BoolExpr
  Other,        // ScalarArrayOpExpr and the rest: never simple
};

bool IsOperator(const Expr& e) { return e.kind == ExprKind::Func && e.fn && IsOperatorName(e.fn->name); }

// An IN list with one item is analysed into a plain "=" (or "<>" for NOT IN).
bool IsSingleItemIn(const Expr& e) { return e.kind == ExprKind::InList && e.args.size() == 2; }

NodeClass Classify(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Const:
    case ExprKind::Column:
    case ExprKind::SubLink:  // brings its own parentheses
    case ExprKind::OuterRef:
      return NodeClass::Word;
    case ExprKind::Func:
      return IsOperator(e) ? NodeClass::Operator : NodeClass::FunctionLike;
    case ExprKind::Cast:
    case ExprKind::Case:
    case ExprKind::Coalesce:
    case ExprKind::NullIf:
    case ExprKind::MinMax:
    case ExprKind::Array:
    case ExprKind::AggRef:
      return NodeClass::FunctionLike;
    case ExprKind::And:
    case ExprKind::Or:
    case ExprKind::Not:
      return NodeClass::Bool;
    case ExprKind::IsNull:
    case ExprKind::IsNotNull:
    case ExprKind::BoolTest:
    case ExprKind::Distinct:
      return NodeClass::Test;
    case ExprKind::InList:
      return IsSingleItemIn(e) ? NodeClass::Operator : NodeClass::Other;
    default:
      return NodeClass::Other;
  }
}

// ruleutils' get_simple_binary_op_name: the symbol of a two-argument operator.
const std::string* BinaryOperatorName(const Expr& e) {
  if (IsOperator(e) && e.args.size() == 2) return &e.fn->name;
  return nullptr;
}

std::string TypeName(Oid type, int32_t typmod) {
  // format_type prints character without a length as its internal name.
  if (type == oids::kBpchar && typmod < 0) return "bpchar";
  return FormatType(type, typmod);
}

}  // namespace

namespace {

// The SQL name of an aggregate the engine runs (AggregateCall::func).
const char* AggregateName(AggFunc f) {
  switch (f) {
    case AggFunc::CountStar:
    case AggFunc::Count: return "count";
    case AggFunc::Sum: return "sum";
    case AggFunc::Avg: return "avg";
    case AggFunc::Min: return "min";
    case AggFunc::Max: return "max";
    case AggFunc::StringAgg: return "string_agg";
    case AggFunc::ArrayAgg: return "array_agg";
    case AggFunc::BoolAnd: return "bool_and";
    case AggFunc::BoolOr: return "bool_or";
    case AggFunc::VarSamp: return "var_samp";
    case AggFunc::VarPop: return "var_pop";
    case AggFunc::StddevSamp: return "stddev_samp";
    case AggFunc::StddevPop: return "stddev_pop";
    case AggFunc::JsonAgg: return "json_agg";
    case AggFunc::JsonbAgg: return "jsonb_agg";
    case AggFunc::JsonObjectAgg: return "json_object_agg";
    case AggFunc::JsonbObjectAgg: return "jsonb_object_agg";
  }
  return "?";
}

// An aggregate call the printer shows: any but those with ORDER BY inside (not yet).
// The operator of a SubLink's ANY/ALL comparison: one left-hand value compared with one
// subquery column by a binary operator; null for any other shape.
const FunctionDef* SubLinkOperator(const Expr& e) {
  if (e.sublink != SubLinkKind::Any && e.sublink != SubLinkKind::All) return nullptr;
  if (e.args.size() != static_cast<size_t>(e.frame_size) + 1 || !e.combine) return nullptr;
  const Expr& c = *e.combine;
  if (c.kind != ExprKind::Func || !c.fn || c.args.size() != 2 || !IsOperatorName(c.fn->name)) return nullptr;
  return c.fn;
}

bool PrintableSubLink(const Expr& e, const QueryExprScope* scope) {
  if (!scope || !scope->subquery_text) return false;
  switch (e.sublink) {
    case SubLinkKind::Exists:
    case SubLinkKind::Scalar:
    case SubLinkKind::Array:
      return e.args.size() == static_cast<size_t>(e.frame_size);
    case SubLinkKind::Any:
    case SubLinkKind::All:
      return SubLinkOperator(e) != nullptr;
  }
  return false;
}

const AggregateCall* PlainAggregate(const Expr& e, const QueryExprScope* scope) {
  if (!scope || !scope->aggregates || e.column < 0 || static_cast<size_t>(e.column) >= scope->aggregates->size())
    return nullptr;
  const AggregateCall& call = (*scope->aggregates)[static_cast<size_t>(e.column)];
  if (!call.order.empty()) return nullptr;
  return &call;
}

constexpr int kIndentStep = 4;  // ruleutils' PRETTYINDENT_VAR

class Deparser {
 public:
  Deparser(const IoContext& io, bool pretty, const QueryExprScope* scope)
      : io_(io), pretty_(pretty), scope_(scope), indent_(scope ? scope->indent : 0) {}

  std::string Run(const Expr& e) {
    Rule(e, /*show_implicit=*/false);
    return std::move(out_);
  }

 private:
  // isSimpleNode: whether `node` needs no parentheses of its own under `parent` in
  // pretty mode.
  bool IsSimple(const Expr& node, const Expr& parent) const {
    NodeClass parent_class = Classify(parent);
    bool parent_is_cast = parent.kind == ExprKind::Cast;
    auto under_function_like = [&] {
      if (parent_is_cast) return false;  // "(a + b)::numeric"
      return parent_class == NodeClass::FunctionLike;
    };
    switch (Classify(node)) {
      case NodeClass::Word:
      case NodeClass::FunctionLike:
        return true;
      case NodeClass::Operator:
        if (parent_class == NodeClass::Operator) {
          const std::string* op = BinaryOperatorName(node);
          const std::string* parent_op = BinaryOperatorName(parent);
          if (!op || !parent_op) return false;
          auto priority = [](const std::string& s) {
            if (s == "+" || s == "-") return 1;
            if (s == "*" || s == "/" || s == "%") return 2;
            return 0;
          };
          int mine = priority(*op), theirs = priority(*parent_op);
          if (mine == 0 || theirs == 0) return false;
          if (mine > theirs) return true;
          if (mine < theirs) return false;
          return &node == parent.args[0].get();  // (a - b) - c, not a - (b - c)
        }
        [[fallthrough]];
      case NodeClass::Test:
        return parent_class == NodeClass::Bool || under_function_like();
      case NodeClass::Bool:
        if (parent_class == NodeClass::Bool) {
          if (node.kind == ExprKind::Or) return parent.kind == ExprKind::Or;
          return parent.kind == ExprKind::And || parent.kind == ExprKind::Or;
        }
        return under_function_like();
      case NodeClass::Other:
        return false;
    }
    return false;
  }

  void RuleParen(const Expr& e, bool show_implicit, const Expr& parent) {
    bool paren = pretty_ && !IsSimple(e, parent);
    if (paren) out_ += '(';
    Rule(e, show_implicit);
    if (paren) out_ += ')';
  }

  void Open() {
    if (!pretty_) out_ += '(';
  }
  void Close() {
    if (!pretty_) out_ += ')';
  }

  // appendContextKeyword with PRETTYFLAG_INDENT, which pg_get_constraintdef and
  // pg_get_expr always use: the keyword starts a new, indented line.
  void Keyword(const char* word, int indent_before, int indent_after) {
    indent_ += indent_before;
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    out_ += '\n';
    out_.append(static_cast<size_t>(std::max(indent_, 0)), ' ');
    out_ += word;
    indent_ = std::max(indent_ + indent_after, 0);
  }

  // get_const_expr: show_type < 0 never labels, 0 labels unless the literal would read
  // back as the same type.
  void Const(const Expr& e, int show_type) {
    if (e.value.is_null()) {
      out_ += "NULL";
      if (show_type >= 0) out_ += "::" + TypeName(e.type, e.typmod);
      return;
    }
    std::string text = OutputText(e.type, e.value, io_);
    bool label = true;
    switch (e.type) {
      case oids::kInt4:
        label = text[0] == '-';
        out_ += label ? "'" + text + "'" : text;
        break;
      case oids::kNumeric: {
        bool float_looking = std::isdigit(static_cast<unsigned char>(text[0])) &&
                             text.find_first_of("eE.") != std::string::npos;
        out_ += float_looking ? text : "'" + text + "'";
        label = !float_looking || e.typmod >= 0;
        break;
      }
      case oids::kBool:
        out_ += text == "t" ? "true" : "false";
        label = false;
        break;
      default:
        out_ += '\'';
        for (char c : text) {
          if (c == '\'') out_ += '\'';
          out_ += c;
        }
        out_ += '\'';
        label = e.type != oids::kUnknown;
    }
    if (label && show_type >= 0) out_ += "::" + TypeName(e.type, e.typmod);
  }

  // get_coercion_expr: "(arg)::type", or a constant of the target type labelled once.
  void Coercion(const Expr& cast) {
    const Expr& arg = *cast.args[0];
    if (arg.kind == ExprKind::Const && arg.type == cast.type && arg.typmod < 0) {
      Const(arg, -1);
    } else {
      Open();
      RuleParen(arg, false, cast);
      Close();
    }
    out_ += "::" + TypeName(cast.type, cast.typmod);
  }

  void Operator(const Expr& e, const std::string& name) {
    Open();
    if (e.args.size() == 1) {
      out_ += name + " ";
      RuleParen(*e.args[0], true, e);
    } else {
      bool cross_type = HasCrossTypeOperator(e);
      RuleParen(cross_type ? Uncast(*e.args[0]) : *e.args[0], true, e);
      out_ += " " + name + " ";
      RuleParen(cross_type ? Uncast(*e.args[1]) : *e.args[1], true, e);
    }
    Close();
  }

  // The engine registers comparison and arithmetic operators for equal integer (and
  // float) types only and casts the narrower argument; PostgreSQL has cross-type ones
  // (int84pl, int24gt, float48mul...) and so shows no cast there: print as it does.
  static const Expr& Uncast(const Expr& e) {
    if (e.kind == ExprKind::Cast && e.cast_context != static_cast<int>(CastContext::Explicit)) return *e.args[0];
    return e;
  }
  static int NumericFamily(Oid t) {
    if (t == oids::kInt2 || t == oids::kInt4 || t == oids::kInt8) return 1;
    if (t == oids::kFloat4 || t == oids::kFloat8) return 2;
    return 0;
  }
  static bool HasCrossTypeOperator(const Expr& e) {
    static const char* const kOps[] = {"=", "<>", "<", ">", "<=", ">=", "+", "-", "*", "/"};
    bool listed = false;
    for (const char* op : kOps) listed |= e.fn->name == op;
    if (!listed) return false;
    const Expr& l = Uncast(*e.args[0]);
    const Expr& r = Uncast(*e.args[1]);
    if (&l == e.args[0].get() && &r == e.args[1].get()) return false;
    int family = NumericFamily(l.type);
    return family != 0 && family == NumericFamily(r.type) && family == NumericFamily(e.args[0]->type);
  }

  // get_sublink_expr: "(EXISTS ( SELECT ...))", "(x IN ( SELECT ...))",
  // "(x > ANY ( SELECT ...))", "( SELECT ...)", "ARRAY( SELECT ...)".
  void SubLink(const Expr& e) {
    std::string query = scope_->subquery_text(e);
    switch (e.sublink) {
      case SubLinkKind::Exists:
        out_ += "(EXISTS (" + query + "))";
        return;
      case SubLinkKind::Scalar:
        out_ += "(" + query + ")";
        return;
      case SubLinkKind::Array:
        out_ += "ARRAY(" + query + ")";
        return;
      case SubLinkKind::Any:
      case SubLinkKind::All: {
        const std::string& op = SubLinkOperator(e)->name;
        out_ += '(';
        Rule(*e.args.back(), true);
        if (e.sublink == SubLinkKind::Any && op == "=") out_ += " IN (";
        else out_ += " " + op + (e.sublink == SubLinkKind::Any ? " ANY (" : " ALL (");
        out_ += query + "))";
        return;
      }
    }
  }

  void List(const std::vector<ExprPtr>& args, size_t from) {
    for (size_t i = from; i < args.size(); i++) {
      if (i > from) out_ += ", ";
      Rule(*args[i], true);
    }
  }

  void Rule(const Expr& e, bool show_implicit) {
    switch (e.kind) {
      case ExprKind::Const:
        Const(e, 0);
        return;
      case ExprKind::Column:
        out_ += scope_ && scope_->column_text ? scope_->column_text(e) : QuoteIdentifier(e.name);
        return;
      case ExprKind::AggRef:
        if (const AggregateCall* call = PlainAggregate(e, scope_)) {
          out_ += AggregateName(call->func);
          out_ += '(';
          if (call->distinct) out_ += "DISTINCT ";
          if (call->func == AggFunc::CountStar) out_ += '*';
          else List(call->args, 0);
          out_ += ')';
          if (call->filter) {
            out_ += " FILTER (WHERE ";
            Rule(*call->filter, false);
            out_ += ')';
          }
          return;
        }
        out_ += e.name;  // not reached for trees DeparseSupported accepts
        return;
      case ExprKind::SubLink:
        return SubLink(e);
      case ExprKind::OuterRef:  // a correlated subquery's reference to the query around it
        out_ += scope_ && scope_->column_text ? scope_->column_text(e) : QuoteIdentifier(e.name);
        return;
      case ExprKind::Func:
        if (IsOperator(e)) return Operator(e, e.fn->name);
        out_ += (e.fn ? e.fn->name : e.name) + "(";
        List(e.args, 0);
        out_ += ")";
        return;
      case ExprKind::Cast:
        // An implicit coercion shows only where ruleutils asks to see them: operator and
        // function arguments, not a constraint's or default's top level nor AND/OR items.
        if (e.cast_context != static_cast<int>(CastContext::Explicit) && !show_implicit)
          return RuleParen(*e.args[0], false, e);
        return Coercion(e);
      case ExprKind::And:
      case ExprKind::Or:
        Open();
        for (size_t i = 0; i < e.args.size(); i++) {
          if (i) out_ += e.kind == ExprKind::And ? " AND " : " OR ";
          RuleParen(*e.args[i], false, e);
        }
        Close();
        return;
      case ExprKind::Not:
        Open();
        out_ += "NOT ";
        RuleParen(*e.args[0], false, e);
        Close();
        return;
      case ExprKind::IsNull:
      case ExprKind::IsNotNull:
        Open();
        RuleParen(*e.args[0], true, e);
        out_ += e.kind == ExprKind::IsNull ? " IS NULL" : " IS NOT NULL";
        Close();
        return;
      case ExprKind::BoolTest: {
        static const char* const kTests[] = {" IS TRUE", " IS NOT TRUE", " IS FALSE", " IS NOT FALSE", " IS UNKNOWN",
                                             " IS NOT UNKNOWN"};
        Open();
        RuleParen(*e.args[0], true, e);
        out_ += kTests[e.bool_test >= 0 && e.bool_test < 6 ? e.bool_test : 0];
        Close();
        return;
      }
      case ExprKind::Distinct:
        // IS NOT DISTINCT FROM is analysed into NOT (a IS DISTINCT FROM b); a
        // DistinctExpr under NOT needs no parentheses of its own in pretty mode.
        if (e.negate) {
          Open();
          out_ += "NOT ";
        }
        Open();
        RuleParen(*e.args[0], true, e);
        out_ += " IS DISTINCT FROM ";
        RuleParen(*e.args[1], true, e);
        Close();
        if (e.negate) Close();
        return;
      case ExprKind::InList:
        if (IsSingleItemIn(e)) {
          Open();
          RuleParen(*e.args[0], true, e);
          out_ += e.negate ? " <> " : " = ";
          RuleParen(*e.args[1], true, e);
          Close();
          return;
        }
        // x IN (a, b) is analysed into x = ANY (ARRAY[a, b]); NOT IN into <> ALL.
        Open();
        RuleParen(*e.args[0], true, e);
        out_ += e.negate ? " <> ALL (ARRAY[" : " = ANY (ARRAY[";
        List(e.args, 1);
        out_ += "])";
        Close();
        return;
      case ExprKind::ArrayOp:
        Open();
        RuleParen(*e.args[0], true, e);
        out_ += " " + (e.fn ? e.fn->name : std::string("=")) + (e.negate ? " ALL (" : " ANY (");
        RuleParen(*e.args[1], true, e);
        out_ += ')';
        Close();
        return;
      case ExprKind::Array:
        out_ += "ARRAY[";
        List(e.args, 0);
        out_ += ']';
        return;
      case ExprKind::Coalesce:
        out_ += "COALESCE(";
        List(e.args, 0);
        out_ += ')';
        return;
      case ExprKind::NullIf:
        out_ += "NULLIF(";
        List(e.args, 0);
        out_ += ')';
        return;
      case ExprKind::MinMax:
        out_ += e.is_greatest ? "GREATEST(" : "LEAST(";
        List(e.args, 0);
        out_ += ')';
        return;
      case ExprKind::Case: {
        Keyword("CASE", 0, kIndentStep);
        size_t pairs = (e.args.size() - (e.has_else ? 1 : 0)) / 2;
        for (size_t i = 0; i < pairs; i++) {
          Keyword("WHEN ", 0, 0);
          Rule(*e.args[2 * i], false);
          out_ += " THEN ";
          Rule(*e.args[2 * i + 1], true);
        }
        Keyword("ELSE ", 0, 0);
        // Without ELSE, analysis supplies a null of the CASE's type.
        if (e.has_else) Rule(*e.args.back(), true);
        else out_ += "NULL::" + TypeName(e.type, e.typmod);
        Keyword("END", -kIndentStep, 0);
        return;
      }
      default:
        out_ += e.name;  // not reached for trees DeparseSupported accepts
        return;
    }
  }

  const IoContext& io_;
  bool pretty_;
  const QueryExprScope* scope_;
  int indent_;
  std::string out_;
};

}  // namespace

std::string DeparseBoundExpr(const Expr& e, const IoContext& io, bool pretty) {
  return Deparser(io, pretty, nullptr).Run(e);
}

std::string DeparseBoundExpr(const Expr& e, const IoContext& io, bool pretty, const QueryExprScope& scope) {
  return Deparser(io, pretty, &scope).Run(e);
}

bool DeparseSupported(const Expr& e, const QueryExprScope& scope) {
  if (e.kind == ExprKind::AggRef) {
    const AggregateCall* call = PlainAggregate(e, &scope);
    if (!call) return false;
    for (const ExprPtr& a : call->args)
      if (a && !DeparseSupported(*a, scope)) return false;
    return !call->filter || DeparseSupported(*call->filter, scope);
  }
  if (e.kind == ExprKind::SubLink && !PrintableSubLink(e, &scope)) return false;
  switch (e.kind) {
    case ExprKind::Param:
    case ExprKind::WindowRef:
      return false;
    case ExprKind::OuterRef:
      if (!scope.column_text) return false;
      break;
    case ExprKind::Func:
      if (!e.fn) return false;
      break;
    default:
      break;
  }
  for (const ExprPtr& a : e.args)
    if (a && !DeparseSupported(*a, scope)) return false;
  return true;
}

bool DeparseSupported(const Expr& e) {
  // An empty scope names no columns of outer queries, no aggregates and no subqueries.
  return DeparseSupported(e, QueryExprScope{});
}

}  // namespace plinth
