// The plugin loader: a good plugin loads and gets a working host API; every kind of
// broken library is refused with one line naming the file, the expectation and what
// was found. The libraries are built from broken_plugins/test_plugin.c.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "host/log/log.h"
#include "host/plugin/plugin_checks.h"
#include "host/plugin/plugin_host.h"

namespace plinth {
namespace {

namespace fs = std::filesystem;

const std::string kDir = TEST_PLUGIN_DIR;

class PluginHostTest : public ::testing::Test {
 protected:
  PluginHostTest()
      : host_(kDir, "/data/dir", [this](const std::string& plugin) -> const auto& {
          return plugin == "good_storage" ? good_storage_table_ : empty_;
        }) {}

  // Expects Load to fail with a message that starts from the file and contains each
  // fragment; returns the message for further checks.
  std::string ExpectRefusal(plinth_kind kind, const std::string& name,
                            std::initializer_list<std::string> fragments,
                            const std::string& sqlstate = "XX000") {
    auto result = host_.Load(kind, name);
    EXPECT_FALSE(result.ok()) << name << " was accepted";
    if (result.ok()) return "";
    const std::string& msg = result.status().message();
    EXPECT_EQ(result.status().sqlstate(), sqlstate) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    for (const std::string& fragment : fragments) {
      EXPECT_NE(msg.find(fragment), std::string::npos) << "missing \"" << fragment << "\" in: " << msg;
    }
    EXPECT_EQ(host_.Find(name), nullptr);
    return msg;
  }

  std::string PathOf(const std::string& name) { return kDir + "/" + name + ".so"; }

  std::map<std::string, std::string> good_storage_table_{{"greeting", "hello"}};
  std::map<std::string, std::string> empty_;
  PluginHost host_;
};

TEST_F(PluginHostTest, LoadsAGoodPluginAndGivesItAHostApi) {
  std::ostringstream log;
  InitLogging("info", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
  auto loaded = host_.Load(PLINTH_KIND_STORAGE, "good_storage");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const LoadedPlugin* p = *loaded;
  EXPECT_EQ(p->name, "good_storage");
  EXPECT_EQ(p->path, PathOf("good_storage"));
  EXPECT_EQ(p->kind, PLINTH_KIND_STORAGE);
  ASSERT_NE(p->storage(), nullptr);
  EXPECT_EQ(p->auth(), nullptr);
  EXPECT_EQ(p->catalog(), nullptr);
  EXPECT_STREQ(p->descriptor->version, "0.0.1");
  EXPECT_EQ(host_.Find("good_storage"), p);

  // The plugin read its config table and logged through the host during init.
  spdlog::default_logger()->flush();
  EXPECT_NE(log.str().find("[good_storage] loaded with greeting=hello"), std::string::npos)
      << log.str();

  const plinth_host_api* api = p->host_api();
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->struct_size, sizeof(plinth_host_api));
  EXPECT_EQ(api->abi_major, PLINTH_ABI_MAJOR);
  EXPECT_STREQ(api->config_get(api->ctx, "greeting"), "hello");
  EXPECT_EQ(api->config_get(api->ctx, "absent"), nullptr);
  EXPECT_EQ(api->config_get(api->ctx, nullptr), nullptr);
  EXPECT_STREQ(api->data_directory, "/data/dir");

  // The vtable is callable: the library stays loaded.
  plinth_store* store = reinterpret_cast<plinth_store*>(1);
  plinth_error err{};
  EXPECT_EQ(p->storage()->open(api, &store, &err), PLINTH_OK);
  EXPECT_EQ(store, nullptr);
}

TEST_F(PluginHostTest, EachPluginGetsItsOwnHostApi) {
  auto storage = host_.Load(PLINTH_KIND_STORAGE, "good_storage");
  auto auth = host_.Load(PLINTH_KIND_AUTH, "good_auth");
  ASSERT_TRUE(storage.ok() && auth.ok());
  EXPECT_NE((*storage)->host_api(), (*auth)->host_api());
  EXPECT_EQ((*auth)->host_api()->config_get((*auth)->host_api()->ctx, "greeting"), nullptr);
  ASSERT_NE((*auth)->auth(), nullptr);
  EXPECT_STREQ((*auth)->auth()->methods[0], "test-method");
}

TEST_F(PluginHostTest, MissingFile) {
  ExpectRefusal(PLINTH_KIND_STORAGE, "storage_nowhere",
                {PathOf("storage_nowhere"), "expected", "found no such file", "plugins.directory"},
                "58P01");
}

TEST_F(PluginHostTest, NotASharedLibrary) {
  ExpectRefusal(PLINTH_KIND_STORAGE, "not_a_library",
                {PathOf("not_a_library"), "expected a shared library", "found a file the dynamic loader rejects", "invalid ELF header)"});
}

TEST_F(PluginHostTest, NoEntrySymbol) {
  ExpectRefusal(PLINTH_KIND_STORAGE, "broken_no_entry",
                {PathOf("broken_no_entry"), "does not export plinth_plugin_init",
                 "expected a Plinth plugin entry point", "found a shared library without one"});
}

TEST_F(PluginHostTest, InitFailureCarriesThePluginsMessage) {
  ExpectRefusal(PLINTH_KIND_STORAGE, "broken_init_fails",
                {PathOf("broken_init_fails"), "failed to initialise", "expected PLINTH_OK",
                 "[58030] cannot open /nonexistent/store: No such file or directory"});
}

TEST_F(PluginHostTest, NullDescriptor) {
  ExpectRefusal(PLINTH_KIND_STORAGE, "broken_null_descriptor",
                {PathOf("broken_null_descriptor"), "no descriptor", "expected a pointer", "found NULL"});
}

TEST_F(PluginHostTest, AbiMajorMismatch) {
  std::string msg = ExpectRefusal(PLINTH_KIND_STORAGE, "broken_abi2",
                                  {PathOf("broken_abi2"), "built for Plinth plugin ABI 2.x",
                                   "this server speaks 1.0",
                                   "rebuild the plugin against this server's SDK"});
}

TEST_F(PluginHostTest, NameMismatch) {
  ExpectRefusal(PLINTH_KIND_STORAGE, "broken_name_mismatch",
                {PathOf("broken_name_mismatch"), "calls itself \"storage_other\"",
                 "expected \"broken_name_mismatch\""});
}

TEST_F(PluginHostTest, WrongKind) {
  ExpectRefusal(PLINTH_KIND_STORAGE, "good_auth",
                {PathOf("good_auth"), "is an auth plugin", "expected a storage plugin"});
}

TEST_F(PluginHostTest, VtableTooSmall) {
  ExpectRefusal(PLINTH_KIND_STORAGE, "broken_small_vtable",
                {PathOf("broken_small_vtable"), "plinth_storage_v1.struct_size is 8 bytes",
                 "expected at least " + std::to_string(sizeof(plinth_storage_v1))});
}

TEST_F(PluginHostTest, Duplicate) {
  ASSERT_TRUE(host_.Load(PLINTH_KIND_STORAGE, "good_storage").ok());
  auto again = host_.Load(PLINTH_KIND_STORAGE, "good_storage");
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("\"good_storage\" is already loaded (from " +
                                          PathOf("good_storage")),
            std::string::npos)
      << again.status().message();
  EXPECT_NE(host_.Find("good_storage"), nullptr);  // the first one is untouched
}

TEST_F(PluginHostTest, NamesThatAreNotFileNamesAreRefused) {
  ExpectRefusal(PLINTH_KIND_STORAGE, "../good_storage", {"invalid storage plugin name"});
  ExpectRefusal(PLINTH_KIND_STORAGE, "", {"invalid storage plugin name"});
}

TEST_F(PluginHostTest, ARefusalLeavesTheHostUsable) {
  ASSERT_FALSE(host_.Load(PLINTH_KIND_STORAGE, "broken_abi2").ok());
  EXPECT_TRUE(host_.Load(PLINTH_KIND_STORAGE, "good_storage").ok());
}

TEST(PluginHostDirectory, DefaultsToPluginsNextToTheExecutable) {
  PluginHost host("", "/d", nullptr);
  const fs::path exe = fs::read_symlink("/proc/self/exe");
  EXPECT_EQ(host.directory(), (exe.parent_path() / "plugins").string());
  // The test plugins live there, so the default directory finds them.
  EXPECT_TRUE(host.Load(PLINTH_KIND_STORAGE, "good_storage").ok());
}

TEST(PluginHostDirectory, FallsBackToTheInstalledLayout) {
  std::string pattern = (fs::temp_directory_path() / "plinth-layout-XXXXXX").string();
  const fs::path root = mkdtemp(pattern.data());
  fs::create_directories(root / "bin");
  EXPECT_EQ(PluginHost::DefaultDirectory((root / "bin").string()), (root / "bin" / "plugins").string());
  fs::create_directories(root / "lib" / "plinth");
  EXPECT_EQ(PluginHost::DefaultDirectory((root / "bin").string()), (root / "lib" / "plinth").string());
  fs::create_directories(root / "bin" / "plugins");  // the build layout wins when both exist
  EXPECT_EQ(PluginHost::DefaultDirectory((root / "bin").string()), (root / "bin" / "plugins").string());
  fs::remove_all(root);
}

// Descriptor checks on plain structs, for cases no test library covers.
TEST(PluginChecks, TruncatedDescriptorAndBadVtables) {
  plinth_plugin d{};
  d.struct_size = 4;
  EXPECT_NE(plugin::CheckDescriptor(&d, PLINTH_KIND_STORAGE, "x", "/p/x.so")
                .find("plinth_plugin.struct_size is 4 bytes"),
            std::string::npos);

  plinth_auth_v1 auth{};
  auth.struct_size = sizeof auth;
  d = plinth_plugin{sizeof d, PLINTH_ABI_MAJOR, PLINTH_ABI_MINOR, PLINTH_KIND_AUTH, "x", "1", 0, &auth};
  EXPECT_NE(plugin::CheckDescriptor(&d, PLINTH_KIND_AUTH, "x", "/p/x.so").find("plinth_auth_v1.start is NULL"),
            std::string::npos);

  plinth_catalog_v1 catalog{};
  catalog.struct_size = sizeof catalog;
  catalog.n_relations = 3;
  d.kind = PLINTH_KIND_CATALOG;
  d.vtable = &catalog;
  EXPECT_NE(plugin::CheckDescriptor(&d, PLINTH_KIND_CATALOG, "x", "/p/x.so").find("declares 3 relations"),
            std::string::npos);
  catalog.n_relations = 0;
  EXPECT_EQ(plugin::CheckDescriptor(&d, PLINTH_KIND_CATALOG, "x", "/p/x.so"), "");

  d.vtable = nullptr;
  EXPECT_NE(plugin::CheckDescriptor(&d, PLINTH_KIND_CATALOG, "x", "/p/x.so").find("vtable is NULL"),
            std::string::npos);
  d.kind = 42;
  EXPECT_NE(plugin::CheckDescriptor(&d, PLINTH_KIND_CATALOG, "x", "/p/x.so").find("unknown kind 42"),
            std::string::npos);
}

}  // namespace
}  // namespace plinth
