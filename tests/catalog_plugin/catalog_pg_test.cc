// catalog_pg through its C ABI (dlopen), fed by a fake host catalog.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "fake_host.h"
#include "plinth/catalog.h"

namespace {

using plinth::testing::FakeHost;
using Row = FakeHost::Row;

class CatalogPgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handle_ = dlopen(CATALOG_PG_PATH, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle_, nullptr) << dlerror();
    auto init = reinterpret_cast<plinth_plugin_init_fn>(dlsym(handle_, PLINTH_PLUGIN_ENTRY_SYMBOL));
    ASSERT_NE(init, nullptr);
    const plinth_plugin* plugin = nullptr;
    plinth_error err{sizeof(plinth_error), {}, {}};
    ASSERT_EQ(init(nullptr, &plugin, &err), PLINTH_OK) << err.message;
    ASSERT_EQ(plugin->kind, PLINTH_KIND_CATALOG);
    vt_ = static_cast<const plinth_catalog_v1*>(plugin->vtable);
    host_.relations["plinth_schemas"] = {{"2200", "public", "postgres"}};
    host_.relations["plinth_tables"] = {
        {"16384", "2200", "public", "parent", "r", "p", "postgres", std::nullopt, "0"},
        {"16390", "2200", "public", "parent_pkey", "i", "p", "postgres", std::nullopt, "16384"}};
    host_.relations["plinth_columns"] = {
        {"16384", "1", "id", "23", "-1", "t", std::nullopt, "", std::nullopt},
        {"16384", "2", "name", "1043", "24", "f", "'x'::character varying", "", "the name"}};
    host_.relations["plinth_indexes"] = {
        {"16390", "16384", "parent_pkey", "t", "t", "f", "1", "id", std::nullopt}};
    host_.relations["plinth_constraints"] = {
        {"1073741900", "16384", "parent_pkey", "p", "1", "16390", "0", "", "a", "a", std::nullopt}};
    host_.relations["plinth_roles"] = {{"10", "postgres", "t"}};
  }
  void TearDown() override {
    if (handle_) dlclose(handle_);
  }

  size_t RelationIndex(const std::string& schema, const std::string& name) {
    for (size_t i = 0; i < vt_->n_relations; i++)
      if (schema == vt_->relations[i].schema && name == vt_->relations[i].name) return i;
    ADD_FAILURE() << "no relation " << schema << "." << name;
    return 0;
  }

  std::vector<Row> ScanRows(const std::string& schema, const std::string& name, plinth_status* status = nullptr) {
    struct Sink {
      std::vector<Row> rows;
      static plinth_status Add(void* ctx, const plinth_bytes* v, size_t n) {
        Row r;
        for (size_t i = 0; i < n; i++)
          r.push_back(v[i].data ? std::optional<std::string>(std::string(reinterpret_cast<const char*>(v[i].data), v[i].len))
                                : std::nullopt);
        static_cast<Sink*>(ctx)->rows.push_back(std::move(r));
        return PLINTH_OK;
      }
    } sink;
    plinth_row_sink s{&sink, Sink::Add};
    plinth_error err{sizeof(plinth_error), {}, {}};
    plinth_status st = vt_->scan(RelationIndex(schema, name), host_.reader(), &s, &err);
    if (status) *status = st;
    else EXPECT_EQ(st, PLINTH_OK) << err.message;
    return sink.rows;
  }

  std::optional<std::string> Call(const std::string& name, std::vector<std::optional<std::string>> args,
                                  plinth_status* status = nullptr) {
    for (size_t i = 0; i < vt_->n_functions; i++) {
      const plinth_catalog_function& f = vt_->functions[i];
      if (name != f.name || f.n_args != args.size()) continue;
      std::vector<plinth_bytes> bytes;
      for (auto& a : args)
        bytes.push_back(a ? plinth_bytes{reinterpret_cast<const uint8_t*>(a->data()), a->size()}
                          : plinth_bytes{nullptr, 0});
      plinth_bytes out{nullptr, 0};
      plinth_error err{sizeof(plinth_error), {}, {}};
      plinth_status st = f.call(host_.reader(), bytes.data(), bytes.size(), &out, &err);
      if (status) *status = st;
      else EXPECT_EQ(st, PLINTH_OK) << err.message;
      if (st != PLINTH_OK || !out.data) return std::nullopt;
      return std::string(reinterpret_cast<const char*>(out.data), out.len);
    }
    ADD_FAILURE() << "no function " << name << "/" << args.size();
    return std::nullopt;
  }

  void* handle_ = nullptr;
  const plinth_catalog_v1* vt_ = nullptr;
  FakeHost host_;
};

size_t Column(const plinth_catalog_relation& r, const char* name) {
  for (size_t i = 0; i < r.n_columns; i++)
    if (std::strcmp(r.columns[i].name, name) == 0) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

TEST_F(CatalogPgTest, RelationsHavePostgresOidsAndColumns) {
  const plinth_catalog_relation& cls = vt_->relations[RelationIndex("pg_catalog", "pg_class")];
  EXPECT_EQ(cls.oid, 1259u);
  EXPECT_EQ(cls.columns[Column(cls, "relkind")].type_oid, 18u);
  RelationIndex("information_schema", "columns");
  RelationIndex("pg_catalog", "pg_namespace");
}

TEST_F(CatalogPgTest, PgClassListsHostTablesAndIndexes) {
  const plinth_catalog_relation& cls = vt_->relations[RelationIndex("pg_catalog", "pg_class")];
  auto rows = ScanRows("pg_catalog", "pg_class");
  size_t name = Column(cls, "relname"), kind = Column(cls, "relkind"), natts = Column(cls, "relnatts"),
         hasindex = Column(cls, "relhasindex");
  bool saw_table = false, saw_index = false;
  for (const Row& r : rows) {
    ASSERT_EQ(r.size(), cls.n_columns);
    if (r[name] == "parent") {
      saw_table = true;
      EXPECT_EQ(r[kind], "r");
      EXPECT_EQ(r[natts], "2");
      EXPECT_EQ(r[hasindex], "t");
    }
    if (r[name] == "parent_pkey") {
      saw_index = true;
      EXPECT_EQ(r[kind], "i");
    }
  }
  EXPECT_TRUE(saw_table);
  EXPECT_TRUE(saw_index);
}

TEST_F(CatalogPgTest, PgNamespaceHasSystemAndUserSchemas) {
  auto rows = ScanRows("pg_catalog", "pg_namespace");
  std::map<std::string, std::string> oids;
  for (const Row& r : rows) oids[*r[1]] = *r[0];
  EXPECT_EQ(oids["pg_catalog"], "11");
  EXPECT_EQ(oids["public"], "2200");
}

TEST_F(CatalogPgTest, FormatTypeSpellsTypmods) {
  EXPECT_EQ(Call("format_type", {"23", "-1"}), "integer");
  EXPECT_EQ(Call("format_type", {"1043", "24"}), "character varying(20)");
  EXPECT_EQ(Call("format_type", {"1700", "655366"}), "numeric(10,2)");
  EXPECT_EQ(Call("format_type", {"1007", "-1"}), "integer[]");
  EXPECT_EQ(Call("format_type", {"23", std::nullopt}), "integer");
  EXPECT_EQ(Call("format_type", {std::nullopt, "-1"}), std::nullopt);
  EXPECT_EQ(Call("format_type", {"999999", "-1"}), "???");
}

TEST_F(CatalogPgTest, DefinitionsFromHostCatalog) {
  EXPECT_EQ(Call("pg_get_indexdef", {"16390", "0", "t"}),
            "CREATE UNIQUE INDEX parent_pkey ON public.parent USING btree (id)");
  EXPECT_EQ(Call("pg_get_constraintdef", {"1073741900", "t"}), "PRIMARY KEY (id)");
  EXPECT_EQ(Call("pg_get_userbyid", {"10"}), "postgres");
  EXPECT_EQ(Call("pg_table_is_visible", {"16384"}), "t");
  EXPECT_EQ(Call("pg_get_indexdef", {"1", "0", "t"}), std::nullopt);  // no such index
}

TEST_F(CatalogPgTest, SearchPathDecidesVisibility) {
  host_.settings["search_path"] = "elsewhere";
  EXPECT_EQ(Call("pg_table_is_visible", {"16384"}), "f");
}

TEST_F(CatalogPgTest, SizePretty) {
  EXPECT_EQ(Call("pg_size_pretty", {"0"}), "0 bytes");
  EXPECT_EQ(Call("pg_size_pretty", {"10240"}), "10 kB");
  EXPECT_EQ(Call("pg_size_pretty", {"123456789"}), "118 MB");
}

TEST_F(CatalogPgTest, MalformedHostDataIsAnErrorNotACrash) {
  host_.relations["plinth_tables"] = {{"not-a-number", "2200", "public", "t", "r", "p", "postgres", std::nullopt, "0"}};
  plinth_status st = PLINTH_OK;
  ScanRows("pg_catalog", "pg_class", &st);
  EXPECT_EQ(st, PLINTH_ERROR);
  Call("pg_table_is_visible", {"16384"}, &st);
  EXPECT_EQ(st, PLINTH_ERROR);
}

TEST_F(CatalogPgTest, MalformedArgumentIsAnError) {
  plinth_status st = PLINTH_OK;
  Call("pg_get_userbyid", {"bogus"}, &st);
  EXPECT_EQ(st, PLINTH_ERROR);
}

TEST_F(CatalogPgTest, OutOfRangeRelationIndexIsAnError) {
  plinth_row_sink sink{nullptr, nullptr};
  plinth_error err{sizeof(plinth_error), {}, {}};
  EXPECT_EQ(vt_->scan(vt_->n_relations + 5, host_.reader(), &sink, &err), PLINTH_ERROR);
  EXPECT_STREQ(err.sqlstate, "42P01");
}

}  // namespace
