// catalog_pg's C ABI: the plugin descriptor, the relation and function tables as C
// arrays built once from relations.h / functions.h, and the entry points, which catch
// every C++ exception before it could cross into the host.
#include <array>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "functions.h"
#include "plinth/catalog.h"
#include "relations.h"

namespace catalog_pg {
namespace {

struct Tables {
  std::vector<std::vector<plinth_catalog_column>> columns;
  std::vector<plinth_catalog_relation> relations;
  std::vector<plinth_catalog_function> functions;
};

plinth_status CallFunction(const plinth_catalog_reader* reader, const plinth_bytes* args, size_t n_args,
                           plinth_bytes* result, plinth_error* err, size_t index);

// One C trampoline per function: the ABI's call() carries no function identity.
template <size_t I>
plinth_status Call(const plinth_catalog_reader* reader, const plinth_bytes* args, size_t n, plinth_bytes* result,
                   plinth_error* err) {
  return CallFunction(reader, args, n, result, err, I);
}

template <size_t... I>
constexpr auto MakeTrampolines(std::index_sequence<I...>) {
  using Fn = plinth_status (*)(const plinth_catalog_reader*, const plinth_bytes*, size_t, plinth_bytes*,
                               plinth_error*);
  return std::array<Fn, sizeof...(I)>{&Call<I>...};
}
constexpr auto kTrampolines = MakeTrampolines(std::make_index_sequence<64>());

const Tables& TheTables() {
  static const Tables tables = [] {
    Tables t;
    const auto& rels = AllRelations();
    t.columns.resize(rels.size());
    for (size_t i = 0; i < rels.size(); i++) {
      for (const ColumnSpec& c : rels[i].columns)
        t.columns[i].push_back({sizeof(plinth_catalog_column), c.name, c.type, -1});
      t.relations.push_back({sizeof(plinth_catalog_relation), rels[i].oid, rels[i].schema, rels[i].name,
                             t.columns[i].data(), t.columns[i].size()});
    }
    const auto& fns = AllFunctions();
    if (fns.size() > kTrampolines.size()) throw std::length_error("catalog_pg: more functions than trampolines");
    for (size_t i = 0; i < fns.size(); i++)
      t.functions.push_back({sizeof(plinth_catalog_function), "pg_catalog", fns[i].name, fns[i].oid,
                             fns[i].arg_types.data(), fns[i].arg_types.size(), fns[i].result_type,
                             fns[i].strict ? 1 : 0, kTrampolines[i]});
    return t;
  }();
  return tables;
}

plinth_status CallFunction(const plinth_catalog_reader* reader, const plinth_bytes* args, size_t n_args,
                           plinth_bytes* result, plinth_error* err, size_t index) {
  thread_local std::string value;  // valid until this thread's next call, per the ABI
  try {
    Args text(n_args);
    for (size_t i = 0; i < n_args; i++)
      if (args[i].data) text[i] = std::string(reinterpret_cast<const char*>(args[i].data), args[i].len);
    std::optional<std::string> out = AllFunctions()[index].impl(HostView(reader), text);
    if (!out) {
      *result = {nullptr, 0};
    } else {
      value = std::move(*out);
      *result = {reinterpret_cast<const uint8_t*>(value.data()), value.size()};
    }
    return PLINTH_OK;
  } catch (const std::exception& e) {
    plinth_error_set(err, "XX000", (std::string(AllFunctions()[index].name) + ": " + e.what()).c_str());
    return PLINTH_ERROR;
  }
}

plinth_status Scan(size_t index, const plinth_catalog_reader* reader, plinth_row_sink* sink, plinth_error* err) {
  try {
    const auto& rels = AllRelations();
    if (index >= rels.size()) {
      plinth_error_set(err, "42P01", "catalog_pg: no such relation");
      return PLINTH_ERROR;
    }
    Rows rows;
    rels[index].produce(HostView(reader), &rows);
    std::vector<plinth_bytes> values;
    for (const Row& row : rows) {
      values.clear();
      for (const auto& v : row)
        values.push_back(v ? plinth_bytes{reinterpret_cast<const uint8_t*>(v->data()), v->size()}
                           : plinth_bytes{nullptr, 0});
      plinth_status st = sink->row(sink->ctx, values.data(), values.size());
      if (st != PLINTH_OK) return st;
    }
    return PLINTH_OK;
  } catch (const std::exception& e) {
    plinth_error_set(err, "XX000", (std::string("catalog_pg: ") + e.what()).c_str());
    return PLINTH_ERROR;
  }
}

}  // namespace
}  // namespace catalog_pg

extern "C" PLINTH_EXPORT plinth_status plinth_plugin_init(const plinth_host_api*, const plinth_plugin** out,
                                                          plinth_error* err) {
  try {
    const catalog_pg::Tables& t = catalog_pg::TheTables();
    static plinth_catalog_v1 vtable{sizeof(plinth_catalog_v1), t.relations.data(), t.relations.size(),
                                    catalog_pg::Scan, t.functions.data(), t.functions.size()};
    static const plinth_plugin descriptor{sizeof(plinth_plugin), PLINTH_ABI_MAJOR, PLINTH_ABI_MINOR,
                                          PLINTH_KIND_CATALOG, "catalog_pg", "0.1.0", 0, &vtable};
    *out = &descriptor;
    return PLINTH_OK;
  } catch (const std::exception& e) {
    plinth_error_set(err, "XX000", e.what());
    return PLINTH_ERROR;
  }
}
