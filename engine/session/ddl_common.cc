#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <set>

#include "engine/session/ddl_internal.h"
#include "engine/session/sequences.h"

namespace plinth::ddl {

namespace {

// The columns of the table an expression bound over it reads.
void CollectColumns(const Expr& e, std::set<int>* columns) {
  if (e.kind == ExprKind::Column) columns->insert(e.column);
  for (const ExprPtr& a : e.args)
    if (a) CollectColumns(*a, columns);
}

}  // namespace

Status ErrorAt(const char* sqlstate, std::string message, int location) {
  Status s = Status::Error(sqlstate, std::move(message));
  if (location >= 0) s.with_position(location + 1);
  return s;
}

BindContext MakeBindContext(UtilityContext& ctx) {
  return BindContext{&ctx.txn->catalog(), ctx.session.settings().search_path(), &ctx.session.io()};
}

ExecContext MakeExecContext(UtilityContext& ctx) {
  ExecContext e;
  e.txn = ctx.txn.get();
  e.params = &ctx.params;
  e.io = &ctx.session.io();
  return e;
}

Result<std::string> CreationSchema(UtilityContext& ctx, const char* schemaname, int location) {
  const Catalog& cat = ctx.txn->catalog();
  if (schemaname && schemaname[0]) {
    if (!cat.HasSchema(schemaname))
      return ErrorAt("3F000", std::string("schema \"") + schemaname + "\" does not exist", location);
    return std::string(schemaname);
  }
  for (const std::string& s : ctx.session.settings().search_path())
    if (cat.HasSchema(s)) return s;
  return ErrorAt("3F000", "no schema has been selected to create in", location);
}

void WriteTable(Transaction& txn, const TableDef& t) {
  txn.Put(keys::CatalogObject(Database::kDatabaseId, t.oid), t.Serialize());
}

void WriteSequence(Transaction& txn, const SequenceDef& s) {
  txn.Put(keys::CatalogObject(Database::kDatabaseId, s.oid), s.Serialize());
}

Status DeleteIndexEntries(Transaction& txn, Oid table, uint32_t index) {
  std::string prefix = keys::IndexPrefix(table, index);
  auto cursor = txn.Scan(prefix, keys::PrefixEnd(prefix));
  std::vector<std::string> doomed;
  for (;;) {
    PLINTH_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    doomed.emplace_back(cursor->key());
  }
  cursor.reset();
  for (std::string& k : doomed) txn.Delete(std::move(k));
  return Status::OK();
}

std::string ChooseName(const Catalog& cat, const std::string& schema, const std::string& table,
                       const std::vector<std::string>& cols, const std::string& suffix,
                       const std::vector<std::string>& taken) {
  std::string base = table;
  for (const std::string& c : cols) base += "_" + c;
  // PostgreSQL keeps names under NAMEDATALEN (64) bytes.
  if (base.size() + suffix.size() + 1 > 63) base.resize(63 - suffix.size() - 1);
  for (int n = 0;; n++) {
    std::string name = base + (n ? std::to_string(n) : "") + "_" + suffix;
    if (name.size() > 63) continue;
    bool used = cat.RelationExists(schema, name) || std::find(taken.begin(), taken.end(), name) != taken.end();
    if (!used) return name;
  }
}

Result<const TableDef*> ResolveTable(UtilityContext& ctx, const PgQuery__RangeVar* rv, bool with_position) {
  std::string schema = rv->schemaname ? rv->schemaname : "";
  const TableDef* t = ctx.txn->catalog().LookupTable(schema, rv->relname, ctx.session.settings().search_path());
  if (!t) {
    std::string full = schema.empty() ? rv->relname : schema + "." + rv->relname;
    return ErrorAt("42P01", "relation \"" + full + "\" does not exist", with_position ? rv->location : -1);
  }
  return t;
}

std::vector<std::string> KeyNames(PgQuery__Node* const* keys, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; i++) out.push_back(keys[i]->string->sval);
  return out;
}

std::string NextvalDefault(const SequenceDef& s) {
  // As PostgreSQL shows it: the name qualified only when it would not resolve otherwise.
  std::string name = QuoteIdentifier(s.name);
  if (s.schema != "public") name = QuoteIdentifier(s.schema) + "." + name;
  std::string quoted;
  for (char c : name) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return "nextval('" + quoted + "'::regclass)";
}

namespace {

FkAction ActionOf(const char* code) {
  switch (code && code[0] ? code[0] : 'a') {
    case 'r': return FkAction::Restrict;
    case 'c': return FkAction::Cascade;
    case 'n': return FkAction::SetNull;
    case 'd': return FkAction::SetDefault;
    default: return FkAction::NoAction;
  }
}

Result<std::vector<int>> ColumnPositions(const TableDef& t, const std::vector<std::string>& names, int location) {
  std::vector<int> out;
  for (const std::string& c : names) {
    int i = t.FindColumn(c);
    if (i < 0) return ErrorAt("42703", "column \"" + c + "\" named in key does not exist", location);
    out.push_back(i);
  }
  return out;
}

bool SameColumnSet(std::vector<int> a, std::vector<int> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

Status AddForeignKey(UtilityContext& ctx, TableDef& t, const PgQuery__Constraint* c, const std::string& column,
                     std::vector<std::string>* taken) {
  ForeignKeyDef fk;
  std::vector<std::string> fk_cols =
      column.empty() ? KeyNames(c->fk_attrs, c->n_fk_attrs) : std::vector<std::string>{column};
  PLINTH_ASSIGN_OR_RETURN(fk.columns, ColumnPositions(t, fk_cols, c->location));
  const PgQuery__RangeVar* rv = c->pktable;
  std::string schema = rv->schemaname ? rv->schemaname : "";
  const TableDef* parent = nullptr;
  bool self = (schema.empty() || schema == t.schema) && t.name == rv->relname;
  if (self) {
    parent = &t;
  } else {
    PLINTH_ASSIGN_OR_RETURN(parent, ResolveTable(ctx, rv, false));
  }
  if (c->n_pk_attrs == 0) {
    if (parent->primary_key.empty())
      return ErrorAt("42830", "there is no primary key for referenced table \"" + parent->name + "\"", -1);
    fk.ref_columns = parent->primary_key;
  } else {
    PLINTH_ASSIGN_OR_RETURN(fk.ref_columns,
                            ColumnPositions(*parent, KeyNames(c->pk_attrs, c->n_pk_attrs), c->location));
  }
  if (fk.ref_columns.size() != fk.columns.size())
    return ErrorAt("42830", "number of referencing and referenced columns for foreign key disagree", c->location);
  bool unique = !parent->primary_key.empty() && SameColumnSet(parent->primary_key, fk.ref_columns);
  for (const IndexDef& ix : parent->indexes)
    unique |= ix.unique && ix.predicate_sql.empty() && SameColumnSet(ix.columns, fk.ref_columns);
  if (!unique)
    return ErrorAt("42830",
                   "there is no unique constraint matching given keys for referenced table \"" + parent->name + "\"", -1);
  fk.ref_table = self ? t.oid : parent->oid;
  fk.on_delete = ActionOf(c->fk_del_action);
  fk.on_update = ActionOf(c->fk_upd_action);
  std::vector<std::string> names;
  for (int i : fk.columns) names.push_back(t.columns[i].name);
  fk.name = c->conname && c->conname[0] ? c->conname : ChooseName(ctx.txn->catalog(), t.schema, t.name, names, "fkey", *taken);
  taken->push_back(fk.name);
  t.foreign_keys.push_back(std::move(fk));
  return Status::OK();
}

}  // namespace

Status AddTableConstraint(UtilityContext& ctx, Binder& binder, TableDef& t, const PgQuery__Constraint* c,
                          const std::string& column, std::vector<std::string>* taken) {
  const Catalog& cat = ctx.txn->catalog();
  auto check_name_free = [&](const std::string& name) -> Status {
    if (cat.RelationExists(t.schema, name) || std::find(taken->begin(), taken->end(), name) != taken->end())
      return Status::Error("42P07", "relation \"" + name + "\" already exists");
    return Status::OK();
  };
  switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: {
      if (!t.primary_key.empty())
        return ErrorAt("42P16", "multiple primary keys for table \"" + t.name + "\" are not allowed", c->location);
      std::vector<std::string> cols = column.empty() ? KeyNames(c->keys, c->n_keys) : std::vector<std::string>{column};
      PLINTH_ASSIGN_OR_RETURN(t.primary_key, ColumnPositions(t, cols, c->location));
      for (int i : t.primary_key) t.columns[i].not_null = true;
      t.pk_constraint_name = c->conname && c->conname[0] ? c->conname : ChooseName(cat, t.schema, t.name, {}, "pkey", *taken);
      PLINTH_RETURN_IF_ERROR(check_name_free(t.pk_constraint_name));
      taken->push_back(t.pk_constraint_name);
      return Status::OK();
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: {
      std::vector<std::string> cols = column.empty() ? KeyNames(c->keys, c->n_keys) : std::vector<std::string>{column};
      IndexDef ix;
      PLINTH_ASSIGN_OR_RETURN(ix.columns, ColumnPositions(t, cols, c->location));
      ix.unique = true;
      ix.constraint = true;
      ix.name = c->conname && c->conname[0] ? c->conname : ChooseName(cat, t.schema, t.name, cols, "key", *taken);
      PLINTH_RETURN_IF_ERROR(check_name_free(ix.name));
      taken->push_back(ix.name);
      ix.oid = ctx.txn->MutableCatalog().AllocateOid();
      ix.id = t.next_index_id++;
      t.indexes.push_back(std::move(ix));
      return Status::OK();
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
      return AddForeignKey(ctx, t, c, column, taken);
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
      PLINTH_ASSIGN_OR_RETURN(ExprPtr e, binder.BindStandalone(c->raw_expr, &t));
      if (e->type != oids::kBool)
        return Status::Error("42804", "argument of CHECK must be type boolean, not type " + FormatType(e->type, e->typmod));
      CheckDef def;
      if (c->conname && c->conname[0]) {
        def.name = c->conname;
        for (const CheckDef& other : t.checks)
          if (other.name == def.name)
            return Status::Error("42710", "constraint \"" + def.name + "\" for relation \"" + t.name + "\" already exists");
      } else {
        // PostgreSQL names it after the one column the expression reads, wherever it was
        // written (`<table>_<column>_check`), else `<table>_check`; then check1, check2...
        std::set<int> read;
        CollectColumns(*e, &read);
        std::string base = read.size() == 1 ? t.name + "_" + t.columns[*read.begin()].name + "_check" : t.name + "_check";
        def.name = base;
        for (int n = 1;; n++) {
          bool used = std::find(taken->begin(), taken->end(), def.name) != taken->end();
          for (const CheckDef& other : t.checks) used |= other.name == def.name;
          if (!used) break;
          def.name = base + std::to_string(n);
        }
        taken->push_back(def.name);
      }
      PLINTH_ASSIGN_OR_RETURN(def.expr_sql, DeparseExpr(c->raw_expr));
      t.checks.push_back(std::move(def));
      return Status::OK();
    }
    default:
      return ErrorAt("0A000", "this constraint is not supported yet", c->location);
  }
}

namespace {

// The SEQUENCE NAME option of an identity column's sequence options, if given.
Result<std::optional<std::vector<std::string>>> IdentitySequenceName(PgQuery__Node* const* options, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const PgQuery__DefElem* d = options[i]->def_elem;
    if (std::string(d->defname) != "sequence_name") continue;
    if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST || d->arg->list->n_items == 0)
      return Status::Error("42601", "SEQUENCE NAME requires a name");
    return std::optional<std::vector<std::string>>(NameList(d->arg->list->items, d->arg->list->n_items));
  }
  return std::optional<std::vector<std::string>>();
}

Result<int64_t> OptionInt(const PgQuery__DefElem* d) {
  if (!d->arg) return Status::Error("42601", std::string(d->defname) + " requires a numeric value");
  const PgQuery__Node* a = d->arg;
  if (a->node_case == PG_QUERY__NODE__NODE_INTEGER) return static_cast<int64_t>(a->integer->ival);
  if (a->node_case == PG_QUERY__NODE__NODE_FLOAT) {
    try {
      return static_cast<int64_t>(std::stoll(a->float_->fval));
    } catch (...) {
      return Status::Error("22003", std::string("value \"") + a->float_->fval + "\" is out of range for type bigint");
    }
  }
  return Status::Error("42601", std::string(d->defname) + " requires a numeric value");
}

// OWNED BY table.column | NONE: the sequence goes when the column (or its table) goes,
// and pg_get_serial_sequence finds it. pg_dump restores serial columns this way.
Status ApplyOwnedBy(UtilityContext& ctx, SequenceDef& s, const PgQuery__DefElem* d) {
  if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST)
    return Status::Error("42601", "OWNED BY requires a column name");
  std::vector<std::string> parts = NameList(d->arg->list->items, d->arg->list->n_items);
  if (parts.size() == 1 && parts[0] == "none") {
    s.owned_by_table = 0;
    s.owned_by_column.clear();
    return Status::OK();
  }
  if (parts.size() < 2) return Status::Error("42601", "invalid OWNED BY option")
                                .with_hint("Specify OWNED BY table.column or OWNED BY NONE.");
  if (parts.size() > 3) return Status::Error("42601", "improper qualified name (too many dotted names)");
  std::string column = parts.back();
  std::string table = parts[parts.size() - 2];
  std::string schema = parts.size() == 3 ? parts[0] : "";
  const TableDef* t = ctx.txn->catalog().LookupTable(schema, table, ctx.session.settings().search_path());
  if (!t) return Status::Error("42P01", "relation \"" + (schema.empty() ? table : schema + "." + table) + "\" does not exist");
  if (t->schema != s.schema)
    return Status::Error("55000", "sequence must be in same schema as table it is linked to");
  if (t->FindColumn(column) < 0)
    return Status::Error("42703", "column \"" + column + "\" of relation \"" + t->name + "\" does not exist");
  s.owned_by_table = t->oid;
  s.owned_by_column = column;
  return Status::OK();
}

}  // namespace

Status ApplySequenceOptions(UtilityContext& ctx, SequenceDef& s, PgQuery__Node* const* options, size_t n, bool is_create,
                            std::optional<int64_t>* restart) {
  std::optional<int64_t> start, increment, min, max;
  bool no_min = false, no_max = false;
  bool type_changed = false;
  for (size_t i = 0; i < n; i++) {
    const PgQuery__DefElem* d = options[i]->def_elem;
    std::string name = d->defname;
    if (name == "start") {
      PLINTH_ASSIGN_OR_RETURN(int64_t v, OptionInt(d));
      start = v;
    } else if (name == "increment") {
      PLINTH_ASSIGN_OR_RETURN(int64_t v, OptionInt(d));
      if (v == 0) return Status::Error("22023", "INCREMENT must not be zero");
      increment = v;
    } else if (name == "minvalue") {
      if (!d->arg) { no_min = true; continue; }
      PLINTH_ASSIGN_OR_RETURN(int64_t v, OptionInt(d));
      min = v;
    } else if (name == "maxvalue") {
      if (!d->arg) { no_max = true; continue; }
      PLINTH_ASSIGN_OR_RETURN(int64_t v, OptionInt(d));
      max = v;
    } else if (name == "cycle") {
      s.cycle = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN ? d->arg->boolean->boolval
                : d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER ? d->arg->integer->ival != 0
                                                                              : true;
    } else if (name == "cache") {
      PLINTH_ASSIGN_OR_RETURN(s.cache, OptionInt(d));
    } else if (name == "as") {
      BindContext bctx = MakeBindContext(ctx);
      Binder binder(bctx, {});
      PLINTH_ASSIGN_OR_RETURN(auto type, binder.BindTypeName(d->arg->type_name));
      if (type.first != oids::kInt2 && type.first != oids::kInt4 && type.first != oids::kInt8)
        return Status::Error("22023", "sequence type must be smallint, integer, or bigint");
      s.type = type.first;
      type_changed = true;
    } else if (name == "restart") {
      if (d->arg) {
        PLINTH_ASSIGN_OR_RETURN(int64_t v, OptionInt(d));
        *restart = v;
      } else {
        *restart = std::nullopt;
        restart->emplace(INT64_MIN);  // marker: restart at START
      }
    } else if (name == "owned_by") {
      PLINTH_RETURN_IF_ERROR(ApplyOwnedBy(ctx, s, d));
    } else if (name == "sequence_name") {
      // Identity's SEQUENCE NAME: MakeOwnedSequence names the sequence from it.
    } else {
      return Status::Error("42601", "option \"" + name + "\" not recognized");
    }
  }
  if (increment) s.increment = *increment;
  auto [type_min, type_max] = SequenceTypeRange(s.type);
  bool up = s.increment > 0;
  if (max) s.max = *max;
  else if (is_create || no_max || type_changed) s.max = up ? type_max : -1;
  if (min) s.min = *min;
  else if (is_create || no_min || type_changed) s.min = up ? 1 : type_min;
  if (s.max > type_max || s.max < type_min)
    return Status::Error("22023", "MAXVALUE (" + std::to_string(s.max) + ") is out of range for sequence data type " +
                                      FormatType(s.type, -1));
  if (s.min < type_min || s.min > type_max)
    return Status::Error("22023", "MINVALUE (" + std::to_string(s.min) + ") is out of range for sequence data type " +
                                      FormatType(s.type, -1));
  if (s.min >= s.max)
    return Status::Error("22023", "MINVALUE (" + std::to_string(s.min) + ") must be less than MAXVALUE (" +
                                      std::to_string(s.max) + ")");
  if (start) s.start = *start;
  else if (is_create) s.start = up ? s.min : s.max;
  if (s.start < s.min)
    return Status::Error("22023", "START value (" + std::to_string(s.start) + ") cannot be less than MINVALUE (" +
                                      std::to_string(s.min) + ")");
  if (s.start > s.max)
    return Status::Error("22023", "START value (" + std::to_string(s.start) + ") cannot be greater than MAXVALUE (" +
                                      std::to_string(s.max) + ")");
  if (restart->has_value() && **restart == INT64_MIN) *restart = s.start;
  if (restart->has_value() && (**restart < s.min || **restart > s.max))
    return Status::Error("22023", "RESTART value (" + std::to_string(**restart) + ") cannot be outside [MINVALUE, MAXVALUE]");
  return Status::OK();
}

Result<SequenceDef> MakeOwnedSequence(UtilityContext& ctx, const TableDef& t, const ColumnDef& col,
                                      PgQuery__Node* const* options, size_t n_options, std::vector<std::string>* taken) {
  SequenceDef s;
  s.schema = t.schema;
  PLINTH_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> given, IdentitySequenceName(options, n_options));
  if (given) {
    // SEQUENCE NAME [schema.]name, as pg_dump writes for identity columns.
    const std::vector<std::string>& parts = *given;
    if (parts.size() > 2) return Status::Error("42601", "improper qualified name (too many dotted names)");
    if (parts.size() == 2) {
      PLINTH_ASSIGN_OR_RETURN(s.schema, CreationSchema(ctx, parts[0].c_str(), -1));
    }
    s.name = parts.back();
    if (ctx.txn->catalog().RelationExists(s.schema, s.name) ||
        std::find(taken->begin(), taken->end(), s.name) != taken->end())
      return Status::Error("42P07", "relation \"" + s.name + "\" already exists");
  } else {
    s.name = ChooseName(ctx.txn->catalog(), t.schema, t.name, {col.name}, "seq", *taken);
  }
  taken->push_back(s.name);
  s.type = col.type;
  s.owned_by_table = t.oid;
  s.owned_by_column = col.name;
  std::optional<int64_t> restart;
  PLINTH_RETURN_IF_ERROR(ApplySequenceOptions(ctx, s, options, n_options, true, &restart));
  s.oid = ctx.txn->MutableCatalog().AllocateOid();
  return s;
}

}  // namespace plinth::ddl
