#include "engine/system/system_catalog.h"

#include <cstring>

namespace plinth {

namespace {

Status FromPluginError(const plinth_error& err, const char* what) {
  std::string state(err.sqlstate, strnlen(err.sqlstate, sizeof err.sqlstate));
  std::string message(err.message, strnlen(err.message, sizeof err.message));
  if (state.size() != 5) state = "XX000";
  if (message.empty()) message = std::string("catalog plugin failed in ") + what;
  return Status::Error(state, message);
}

plinth_error EmptyError() {
  plinth_error err{};
  err.struct_size = sizeof err;
  return err;
}

// Every plugin function is called through here: FunctionDef::data names the plugin's
// entry; arguments cross as text, the result comes back as text of result_type.
Status CallPluginFunction(FunctionCallContext& ctx, const Value* args, size_t nargs, Value* out) {
  const FunctionDef& def = *ctx.function;
  const auto* fn = static_cast<const plinth_catalog_function*>(def.data);
  if (ctx.catalog_reader == nullptr)
    return Status::Error("0A000", "function " + def.name + "() needs a session's catalog");
  std::vector<std::string> texts(nargs);
  std::vector<plinth_bytes> bytes(nargs);
  for (size_t i = 0; i < nargs; i++) {
    if (args[i].is_null()) {
      bytes[i] = {nullptr, 0};
      continue;
    }
    // reg* arguments cross as OIDs, not as the names they print as: the plugin looks
    // objects up by number (docs/sdk.md).
    texts[i] = IsRegType(def.args[i]) ? std::to_string(args[i].as_int()) : OutputText(def.args[i], args[i], ctx.io);
    bytes[i] = {reinterpret_cast<const uint8_t*>(texts[i].data()), texts[i].size()};
  }
  plinth_bytes result{nullptr, 0};
  plinth_error err = EmptyError();
  if (fn->call(ctx.catalog_reader, bytes.data(), nargs, &result, &err) != PLINTH_OK)
    return FromPluginError(err, fn->name);
  if (result.data == nullptr) {
    *out = Value::Null();
    return Status::OK();
  }
  PLINTH_ASSIGN_OR_RETURN(*out, InputText(def.result, -1,
                                          std::string_view(reinterpret_cast<const char*>(result.data), result.len),
                                          ctx.io));
  return Status::OK();
}

struct ScanState {
  const TableDef* table;
  const IoContext* io;
  std::vector<std::vector<Value>>* rows;
  Status status;
};

plinth_status CollectRow(void* ctx, const plinth_bytes* values, size_t n) {
  auto* st = static_cast<ScanState*>(ctx);
  const auto& cols = st->table->columns;
  if (n != cols.size()) {
    st->status = Status::Error("XX000", "catalog plugin produced " + std::to_string(n) + " values for a row of " +
                                            st->table->name + ", which has " + std::to_string(cols.size()) +
                                            " columns");
    return PLINTH_ERROR;
  }
  std::vector<Value> row(n);
  for (size_t i = 0; i < n; i++) {
    if (values[i].data == nullptr) continue;  // Value() is SQL NULL
    auto v = InputText(cols[i].type, cols[i].typmod,
                       std::string_view(reinterpret_cast<const char*>(values[i].data), values[i].len), *st->io);
    if (!v.ok()) {
      st->status = Status::Error(v.status().sqlstate(), st->table->name + "." + cols[i].name + ": " +
                                                             v.status().message());
      return PLINTH_ERROR;
    }
    row[i] = std::move(v.value());
  }
  st->rows->push_back(std::move(row));
  return PLINTH_OK;
}

const std::vector<const FunctionDef*> kNoFunctions;

}  // namespace

Result<std::unique_ptr<SystemCatalog>> SystemCatalog::Create(const plinth_catalog_v1* vt) {
  if (vt == nullptr || vt->struct_size < sizeof(plinth_catalog_v1))
    return Status::Error("F0000", "catalog plugin: vtable missing or too small");
  std::unique_ptr<SystemCatalog> sc(new SystemCatalog(vt));
  for (size_t i = 0; i < vt->n_relations; i++) {
    const plinth_catalog_relation& r = vt->relations[i];
    auto def = std::make_shared<TableDef>();
    def->oid = r.oid;
    def->schema = r.schema;
    def->name = r.name;
    for (size_t c = 0; c < r.n_columns; c++) {
      ColumnDef col;
      col.name = r.columns[c].name;
      col.type = r.columns[c].type_oid;
      col.typmod = r.columns[c].typmod;
      if (LookupType(col.type) == nullptr)
        return Status::Error("F0000", "catalog plugin: column " + def->name + "." + col.name + " has unknown type " +
                                          std::to_string(col.type));
      def->columns.push_back(std::move(col));
    }
    auto key = std::make_pair(def->schema, def->name);
    sc->relations_[std::move(key)] = SystemRelation{i, std::move(def)};
  }
  for (size_t i = 0; i < vt->n_functions; i++) {
    const plinth_catalog_function& f = vt->functions[i];
    FunctionDef def;
    def.name = f.name;
    def.args.assign(f.arg_types, f.arg_types + f.n_args);
    def.result = f.result_type;
    def.strict = f.strict != 0;
    def.volatile_ = true;  // catalog facts change under the statement's feet (DDL)
    def.impl = CallPluginFunction;
    def.data = &f;
    sc->functions_.push_back(std::move(def));
    sc->functions_by_name_[f.name].push_back(&sc->functions_.back());
  }
  return sc;
}

const SystemRelation* SystemCatalog::FindRelation(std::string_view schema, std::string_view name) const {
  auto it = relations_.find(std::make_pair(std::string(schema.empty() ? kPgCatalog : schema), std::string(name)));
  return it == relations_.end() ? nullptr : &it->second;
}

const SystemRelation* SystemCatalog::FindRelationByOid(Oid oid) const {
  for (const auto& [key, rel] : relations_)
    if (rel.table->oid == oid) return &rel;
  return nullptr;
}

const std::vector<const FunctionDef*>& SystemCatalog::FunctionCandidates(std::string_view name) const {
  auto it = functions_by_name_.find(name);
  return it == functions_by_name_.end() ? kNoFunctions : it->second;
}

Status SystemCatalog::Scan(const SystemRelation& rel, const plinth_catalog_reader* reader, const IoContext& io,
                           std::vector<std::vector<Value>>* rows) const {
  if (reader == nullptr) return Status::Error("0A000", "relation \"" + rel.table->name + "\" needs a session");
  ScanState state{rel.table.get(), &io, rows, Status::OK()};
  plinth_row_sink sink{&state, CollectRow};
  plinth_error err = EmptyError();
  if (vtable_->scan(rel.index, reader, &sink, &err) != PLINTH_OK) {
    if (!state.status.ok()) return state.status;
    return FromPluginError(err, rel.table->name.c_str());
  }
  return Status::OK();
}

}  // namespace plinth
