// Views in queries and as INSERT/UPDATE/DELETE targets.
//
// Reading: a view is its stored SELECT, re-parsed and bound by a fresh Binder (so the
// query sees neither the caller's WITH entries nor its columns) and used as a FROM
// item, like a subquery under the view's name.
//
// Writing: PostgreSQL's "automatically updatable views". A view over one table or view
// with no DISTINCT, GROUP BY, HAVING, set operation, WITH, LIMIT/OFFSET, aggregate or
// window function is updatable: the statement is rewritten onto the base relation (the
// target renamed, view column names mapped to base column names), and for UPDATE and
// DELETE the view's WHERE is added as a filter over the base rows. WITH CHECK OPTION
// becomes a check of the new rows (Plan::view_checks).
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>

#include "engine/binder/bind_internal.h"
#include "engine/parser/parser.h"

namespace plinth {

namespace {

// Deeper nesting than this means a view (indirectly) reads itself.
constexpr int kMaxViewDepth = 64;

// ---- Mutable copies of parse trees ----------------------------------------------------
// The session's parse trees are shared and immutable, so a rewrite works on a deep copy
// made by packing and unpacking the protobuf message; every string and node of the
// copy is malloc'd, so replacements are made with strdup/malloc and freed with it.
struct NodeCopy {
  PgQuery__Node* node = nullptr;
  NodeCopy() = default;
  NodeCopy(const NodeCopy&) = delete;
  NodeCopy& operator=(const NodeCopy&) = delete;
  ~NodeCopy() {
    if (node) pg_query__node__free_unpacked(node, nullptr);
  }
};

void CopyNode(const PgQuery__Node* from, NodeCopy* to) {
  std::string packed(pg_query__node__get_packed_size(from), '\0');
  pg_query__node__pack(from, reinterpret_cast<uint8_t*>(packed.data()));
  to->node = pg_query__node__unpack(nullptr, packed.size(), reinterpret_cast<const uint8_t*>(packed.data()));
}

void ReplaceString(char** field, const std::string& value) {
  // An unset string field points at protobuf-c's shared empty string, never freed.
  if (*field != protobuf_c_empty_string) std::free(*field);
  *field = strdup(value.c_str());
}

// Calls f on every message of the tree under m (m included), walking the fields through
// protobuf-c's descriptors so no node type is missed. A oneof member is visited only
// when it is the one set.
void ForEachMessage(ProtobufCMessage* m, const std::function<void(ProtobufCMessage*)>& f) {
  f(m);
  const ProtobufCMessageDescriptor* d = m->descriptor;
  char* base = reinterpret_cast<char*>(m);
  for (unsigned i = 0; i < d->n_fields; i++) {
    const ProtobufCFieldDescriptor& fd = d->fields[i];
    if (fd.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (fd.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      if (*reinterpret_cast<uint32_t*>(base + fd.quantifier_offset) != fd.id) continue;
    }
    if (fd.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<size_t*>(base + fd.quantifier_offset);
      auto** items = *reinterpret_cast<ProtobufCMessage***>(base + fd.offset);
      for (size_t k = 0; k < n; k++)
        if (items[k]) ForEachMessage(items[k], f);
    } else if (auto* sub = *reinterpret_cast<ProtobufCMessage**>(base + fd.offset)) {
      ForEachMessage(sub, f);
    }
  }
}

void ForEachColumnRef(PgQuery__Node* node, const std::function<void(PgQuery__ColumnRef*)>& f) {
  if (!node) return;
  ForEachMessage(&node->base, [&](ProtobufCMessage* m) {
    if (m->descriptor == &pg_query__column_ref__descriptor) f(reinterpret_cast<PgQuery__ColumnRef*>(m));
  });
}

char** FieldName(PgQuery__ColumnRef* cr, size_t i) {
  PgQuery__Node* field = cr->fields[i];
  if (field->node_case != PG_QUERY__NODE__NODE_STRING) return nullptr;
  return &field->string->sval;
}

// ---- What makes a view updatable -------------------------------------------------------

// The shape of a simple view's query: its one base relation, WHERE, and per view column
// the base column it shows ("" when it is computed).
struct SimpleView {
  const PgQuery__RangeVar* base = nullptr;
  PgQuery__Node* where = nullptr;
  std::vector<std::string> base_columns;
};

// PostgreSQL's reason (view_query_is_auto_updatable) a view is not updatable, or "".
std::string NotUpdatableReason(const PgQuery__SelectStmt* sel, const PlanNode& bound) {
  if (sel->n_distinct_clause) return "Views containing DISTINCT are not automatically updatable.";
  if (sel->n_group_clause) return "Views containing GROUP BY are not automatically updatable.";
  if (sel->having_clause) return "Views containing HAVING are not automatically updatable.";
  if (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
    return "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.";
  if (sel->with_clause) return "Views containing WITH are not automatically updatable.";
  if (sel->limit_count || sel->limit_offset) return "Views containing LIMIT or OFFSET are not automatically updatable.";
  std::function<bool(const PlanNode*, PlanKind)> has = [&](const PlanNode* n, PlanKind k) {
    return n && (n->kind == k || has(n->child.get(), k) || has(n->right.get(), k));
  };
  if (has(&bound, PlanKind::Aggregate)) return "Views that return aggregate functions are not automatically updatable.";
  if (has(&bound, PlanKind::Window)) return "Views that return window functions are not automatically updatable.";
  if (sel->n_values_lists || sel->n_from_clause != 1 || sel->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
    return "Views that do not select from a single table or view are not automatically updatable.";
  return "";
}

const char* Verb(PgQuery__Node__NodeCase c) {
  switch (c) {
    case PG_QUERY__NODE__NODE_INSERT_STMT: return "insert into";
    case PG_QUERY__NODE__NODE_UPDATE_STMT: return "update";
    default: return "delete from";
  }
}

std::string HintFor(PgQuery__Node__NodeCase c) {
  switch (c) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
      return "To enable inserting into the view, provide an INSTEAD OF INSERT trigger or an unconditional ON INSERT DO "
             "INSTEAD rule.";
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      return "To enable updating the view, provide an INSTEAD OF UPDATE trigger or an unconditional ON UPDATE DO "
             "INSTEAD rule.";
    default:
      return "To enable deleting from the view, provide an INSTEAD OF DELETE trigger or an unconditional ON DELETE DO "
             "INSTEAD rule.";
  }
}

// The leftmost TableScan under `slot` (the modified table's rows: joins of UPDATE ...
// FROM keep it on the left).
std::unique_ptr<PlanNode>* TargetScan(std::unique_ptr<PlanNode>* slot) {
  while (*slot && (*slot)->kind != PlanKind::TableScan) slot = &(*slot)->child;
  return *slot ? slot : nullptr;
}

}  // namespace

const ViewDef* Binder::FindViewFor(const PgQuery__RangeVar* rv) const {
  if (!rv || !rv->relname) return nullptr;
  std::string schema = rv->schemaname ? rv->schemaname : "";
  if (!schema.empty()) return ctx_.catalog->FindView(schema, rv->relname);
  // search_path order decides between a view and a same-named table in another schema.
  for (const std::string& s : ctx_.search_path) {
    if (const ViewDef* v = ctx_.catalog->FindView(s, rv->relname)) return v;
    if (ctx_.catalog->FindTable(s, rv->relname)) return nullptr;
  }
  return nullptr;
}

Result<std::unique_ptr<PlanNode>> Binder::BindViewRef(const ViewDef& view, std::vector<OutputColumn>* cols) {
  if (view_depth_ >= kMaxViewDepth)
    return Status::Error("42P17", "infinite recursion detected in rules for relation \"" + view.name + "\"");
  PLINTH_ASSIGN_OR_RETURN(auto tree, ParseTree::Parse(view.query_sql));
  if (tree->statements().size() != 1) return Status::Error("XX000", "stored query of view \"" + view.name + "\" is invalid");
  Binder inner(ctx_, {});
  inner.view_depth_ = view_depth_ + 1;
  inner.next_work_table_ = next_work_table_;
  std::vector<OutputColumn> bound;
  auto r = inner.BindSelect(tree->statements()[0].node, &bound);
  next_work_table_ = inner.next_work_table_;
  PLINTH_ASSIGN_OR_RETURN(auto node, std::move(r));
  // The view's columns were fixed when it was created: a `*` that now expands to more
  // columns (ALTER TABLE ADD COLUMN since) still shows only the original ones.
  if (bound.size() < view.columns.size())
    return Status::Error("XX000", "view \"" + view.name + "\" no longer matches its stored columns");
  if (bound.size() > view.columns.size()) {
    auto project = MakeNode(PlanKind::Project, {});
    for (size_t i = 0; i < view.columns.size(); i++) {
      project->exprs.push_back(Expr::MakeColumn(static_cast<int>(i), bound[i].type, bound[i].typmod, bound[i].name));
      project->column_types.push_back(bound[i].type);
    }
    project->child = std::move(node);
    node = std::move(project);
    bound.resize(view.columns.size());
  }
  for (size_t i = 0; i < bound.size(); i++) bound[i].name = view.columns[i].name;
  *cols = std::move(bound);
  return node;
}

Result<Plan> Binder::BindViewModify(const PgQuery__Node* stmt, const ViewDef& view) {
  const auto kind = stmt->node_case;
  if (view_depth_ >= kMaxViewDepth)
    return Status::Error("42P17", "infinite recursion detected in rules for relation \"" + view.name + "\"");
  Status not_updatable = Status::Error("55000", std::string("cannot ") + Verb(kind) + " view \"" + view.name + "\"")
                             .with_hint(HintFor(kind));

  // The view's query, as a tree we may edit.
  PLINTH_ASSIGN_OR_RETURN(auto view_tree, ParseTree::Parse(view.query_sql));
  NodeCopy view_query;
  CopyNode(view_tree->statements()[0].node, &view_query);
  PgQuery__SelectStmt* sel = view_query.node->select_stmt;
  {
    Binder probe(ctx_, {});
    probe.view_depth_ = view_depth_ + 1;
    std::vector<OutputColumn> ignored;
    PLINTH_ASSIGN_OR_RETURN(auto bound, probe.BindSelect(view_tree->statements()[0].node, &ignored));
    std::string reason = NotUpdatableReason(sel, *bound);
    if (!reason.empty()) return not_updatable.with_detail(reason);
  }
  SimpleView sv;
  sv.base = sel->from_clause[0]->range_var;
  sv.where = sel->where_clause;
  std::string base_alias = sv.base->alias && sv.base->alias->aliasname ? sv.base->alias->aliasname : sv.base->relname;

  // The base relation and its column names (for `*`).
  std::string base_schema = sv.base->schemaname ? sv.base->schemaname : "";
  const ViewDef* base_view = FindViewFor(sv.base);
  const TableDef* base_table =
      base_view ? nullptr : ctx_.catalog->LookupTable(base_schema, sv.base->relname, ctx_.search_path);
  if (!base_view && !base_table)
    return not_updatable.with_detail("Views that do not select from a single table or view are not automatically updatable.");
  std::vector<std::string> base_names;
  if (base_view)
    for (const ViewColumn& c : base_view->columns) base_names.push_back(c.name);
  else
    for (const ColumnDef& c : base_table->columns) base_names.push_back(c.name);
  if (base_view && sv.where)
    return Status::Error("0A000", "updating a view with a WHERE clause over another view is not supported yet");

  for (size_t i = 0; i < sel->n_target_list; i++) {
    const PgQuery__Node* val = sel->target_list[i]->res_target->val;
    std::string base_col;
    if (val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
      const PgQuery__ColumnRef* cr = val->column_ref;
      const PgQuery__Node* last = cr->fields[cr->n_fields - 1];
      if (last->node_case == PG_QUERY__NODE__NODE_A_STAR) {
        sv.base_columns.insert(sv.base_columns.end(), base_names.begin(), base_names.end());
        continue;
      }
      base_col = last->string->sval;
    }
    sv.base_columns.push_back(base_col);
  }
  sv.base_columns.resize(view.columns.size());

  // View column name -> base column name, for the statement's own references.
  std::map<std::string, std::string> renamed;
  for (size_t i = 0; i < view.columns.size(); i++)
    if (!sv.base_columns[i].empty() && sv.base_columns[i] != view.columns[i].name)
      renamed[view.columns[i].name] = sv.base_columns[i];
  auto target_column = [&](const char* name, int location, const char* verb) -> Result<std::string> {
    int c = view.FindColumn(name);
    if (c < 0)
      return PositionedError("42703", std::string("column \"") + name + "\" of relation \"" + view.name + "\" does not exist",
                             location);
    if (sv.base_columns[c].empty())
      return Status::Error("0A000", std::string("cannot ") + verb + " column \"" + name + "\" of view \"" + view.name + "\"")
          .with_detail("View columns that are not columns of their base relation are not updatable.");
    return sv.base_columns[c];
  };

  NodeCopy rewritten;
  CopyNode(stmt, &rewritten);
  PgQuery__RangeVar* target = nullptr;
  std::string alias;
  switch (kind) {
    case PG_QUERY__NODE__NODE_INSERT_STMT: {
      PgQuery__InsertStmt* ins = rewritten.node->insert_stmt;
      target = ins->relation;
      if (ins->n_cols == 0) {
        // All view columns, or as many as the VALUES rows give.
        size_t n = view.columns.size();
        const PgQuery__SelectStmt* src = ins->select_stmt ? ins->select_stmt->select_stmt : nullptr;
        if (src && src->n_values_lists) n = std::min(n, src->values_lists[0]->list->n_items);
        ins->cols = static_cast<PgQuery__Node**>(std::calloc(n ? n : 1, sizeof(PgQuery__Node*)));
        for (size_t i = 0; i < n; i++) {
          auto* node = static_cast<PgQuery__Node*>(std::malloc(sizeof(PgQuery__Node)));
          pg_query__node__init(node);
          node->node_case = PG_QUERY__NODE__NODE_RES_TARGET;
          node->res_target = static_cast<PgQuery__ResTarget*>(std::malloc(sizeof(PgQuery__ResTarget)));
          pg_query__res_target__init(node->res_target);
          node->res_target->name = strdup(view.columns[i].name.c_str());
          node->res_target->location = -1;
          ins->cols[ins->n_cols++] = node;
        }
      }
      for (size_t i = 0; i < ins->n_cols; i++) {
        PgQuery__ResTarget* rt = ins->cols[i]->res_target;
        PLINTH_ASSIGN_OR_RETURN(std::string base_col, target_column(rt->name, rt->location, "insert into"));
        ReplaceString(&rt->name, base_col);
      }
      break;
    }
    case PG_QUERY__NODE__NODE_UPDATE_STMT: {
      PgQuery__UpdateStmt* up = rewritten.node->update_stmt;
      target = up->relation;
      for (size_t i = 0; i < up->n_target_list; i++) {
        PgQuery__ResTarget* rt = up->target_list[i]->res_target;
        PLINTH_ASSIGN_OR_RETURN(std::string base_col, target_column(rt->name, rt->location, "update"));
        ReplaceString(&rt->name, base_col);
      }
      break;
    }
    default:
      target = rewritten.node->delete_stmt->relation;
      break;
  }
  alias = target->alias && target->alias->aliasname ? target->alias->aliasname : view.name;

  // References to renamed view columns, unqualified or through the target's name, now
  // name the base columns.
  if (!renamed.empty()) {
    ForEachColumnRef(rewritten.node, [&](PgQuery__ColumnRef* cr) {
      if (cr->n_fields == 0 || cr->n_fields > 2) return;
      if (cr->n_fields == 2) {
        char** qual = FieldName(cr, 0);
        if (!qual || alias != *qual) return;
      }
      char** name = FieldName(cr, cr->n_fields - 1);
      if (!name) return;
      auto it = renamed.find(*name);
      if (it != renamed.end()) ReplaceString(name, it->second);
    });
  }
  // The target becomes the base relation, still answering to the view's name.
  ReplaceString(&target->relname, sv.base->relname);
  if (base_view || base_table) ReplaceString(&target->schemaname, base_view ? base_view->schema : base_table->schema);
  if (!target->alias) {
    target->alias = static_cast<PgQuery__Alias*>(std::malloc(sizeof(PgQuery__Alias)));
    pg_query__alias__init(target->alias);
    target->alias->aliasname = strdup(view.name.c_str());
  }

  view_depth_++;
  auto bound = BindQuery(rewritten.node);
  view_depth_--;
  PLINTH_ASSIGN_OR_RETURN(Plan plan, std::move(bound));

  // The view's WHERE over the base rows: a filter on what UPDATE/DELETE reach, and the
  // WITH CHECK OPTION test of what INSERT/UPDATE write.
  bool needs_filter = kind != PG_QUERY__NODE__NODE_INSERT_STMT;
  bool needs_check = view.check_option != ViewCheckOption::None && kind != PG_QUERY__NODE__NODE_DELETE_STMT;
  if (sv.where && base_table && (needs_filter || needs_check)) {
    ForEachColumnRef(sv.where, [&](PgQuery__ColumnRef* cr) {
      if (cr->n_fields != 2) return;
      char** qual = FieldName(cr, 0);
      if (qual && base_alias == *qual) ReplaceString(qual, base_table->name);
    });
    Binder cond_binder(ctx_, {});
    if (needs_filter) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr pred, cond_binder.BindStandalone(sv.where, base_table));
      if (plan.root->kind == PlanKind::Filter && plan.root->child->kind == PlanKind::TableScan) {
        // One filter with both conditions, so the planner can still push a key
        // restriction of either into the scan.
        auto both = std::make_unique<Expr>();
        both->kind = ExprKind::And;
        both->type = oids::kBool;
        both->args.push_back(std::move(plan.root->predicate));
        both->args.push_back(std::move(pred));
        plan.root->predicate = std::move(both);
      } else {
        std::unique_ptr<PlanNode>* scan = TargetScan(&plan.root);
        if (!scan) return Status::Error("XX000", "view update plan has no scan of its base table");
        auto filter = MakeNode(PlanKind::Filter, (*scan)->column_types);
        filter->predicate = std::move(pred);
        filter->child = std::move(*scan);
        *scan = std::move(filter);
      }
    }
    if (needs_check) {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr check, cond_binder.BindStandalone(sv.where, base_table));
      plan.view_checks.emplace_back(view.name, std::move(check));
    }
  }
  return plan;
}

const SequenceDef* Binder::FindSequenceFor(const PgQuery__RangeVar* rv) const {
  if (!rv || !rv->relname) return nullptr;
  std::string schema = rv->schemaname ? rv->schemaname : "";
  if (!schema.empty()) return ctx_.catalog->FindSequence(schema, rv->relname);
  for (const std::string& s : ctx_.search_path) {
    if (const SequenceDef* q = ctx_.catalog->FindSequence(s, rv->relname)) return q;
    if (ctx_.catalog->FindTable(s, rv->relname) || ctx_.catalog->FindView(s, rv->relname)) return nullptr;
  }
  return nullptr;
}

std::unique_ptr<PlanNode> Binder::SequenceRelation(const SequenceDef& seq, std::vector<OutputColumn>* cols) {
  *cols = {OutputColumn{"last_value", oids::kInt8, -1, seq.oid, 1}, OutputColumn{"log_cnt", oids::kInt8, -1, seq.oid, 2},
           OutputColumn{"is_called", oids::kBool, -1, seq.oid, 3}};
  auto node = MakeNode(PlanKind::SequenceScan, {oids::kInt8, oids::kInt8, oids::kBool});
  node->sequence = seq.oid;
  return node;
}

}  // namespace plinth
