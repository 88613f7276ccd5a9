// Config: TOML files, command-line overrides, and one-line errors naming file:line and key.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "host/config/config.h"

namespace plinth {
namespace {

namespace fs = std::filesystem;

Result<Config> Parse(const std::string& text) { return Config::FromString(text, "test.toml"); }

const Settings& ParseOk(const std::string& text, Result<Config>* holder) {
  *holder = Parse(text);
  EXPECT_TRUE(holder->ok()) << holder->status().message();
  return (*holder)->settings();
}

Result<Config> FromArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "plinth");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return Config::FromArgs(static_cast<int>(argv.size()), argv.data());
}

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "plinth-config-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path Write(const std::string& name, const std::string& text) const {
    fs::path p = path_ / name;
    std::ofstream(p) << text;
    return p;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(ConfigDefaults, EmptyFileGivesDefaults) {
  Result<Config> c = Status::OK();
  const Settings& s = ParseOk("", &c);
  EXPECT_EQ(s.port, 5432);
  EXPECT_EQ(s.max_connections, 100);
  EXPECT_EQ(s.listen_addresses, std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(s.storage_plugin, "storage_memory");
  EXPECT_EQ(s.auth_plugins, (std::vector<std::string>{"auth_trust", "auth_scram"}));
  EXPECT_TRUE(fs::path(s.data_directory).is_absolute());
  EXPECT_EQ(fs::path(s.data_directory).filename(), "data");
  ASSERT_EQ(s.hba.size(), 2u);  // trust for loopback only
  EXPECT_EQ(s.hba[0].address, "127.0.0.1/32");
  EXPECT_EQ(s.hba[1].address, "::1/128");
  EXPECT_EQ(s.hba[0].method, "trust");
  EXPECT_TRUE(c->PluginTable("storage_lmdb").empty());
}

TEST(ConfigFile, EverySettingWithUnits) {
  Result<Config> c = Status::OK();
  const Settings& s = ParseOk(R"(
listen_addresses = "127.0.0.1, ::1"
port = 5433
max_connections = 7
data_directory = "/srv/plinth"
statement_timeout = "1min"
authentication_timeout = 10
log_min_messages = "DEBUG3"
max_message_size = "64MB"
max_prepared_statements = 50
max_portals = "60"
password_encryption = "md5"
TimeZone = "Europe/Paris"
DateStyle = "sql, dmy"
init_sql = "/srv/init.sql"

[plugins]
directory = "/opt/plinth/plugins"
storage = "storage_lmdb"
auth = ["auth_scram"]
catalog = "catalog_pg"
)", &c);
  EXPECT_EQ(s.listen_addresses, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(s.port, 5433);
  EXPECT_EQ(s.max_connections, 7);
  EXPECT_EQ(s.data_directory, "/srv/plinth");
  EXPECT_EQ(s.statement_timeout_ms, 60000);
  EXPECT_EQ(s.authentication_timeout_ms, 10000);  // a bare number is seconds, as in PG
  EXPECT_EQ(s.log_min_messages, "debug");
  EXPECT_EQ(s.max_message_size, 64 << 20);
  EXPECT_EQ(s.max_prepared_statements, 50);
  EXPECT_EQ(s.max_portals, 60);
  EXPECT_EQ(s.password_encryption, "md5");
  EXPECT_EQ(s.timezone, "Europe/Paris");
  EXPECT_EQ(s.datestyle, "SQL, DMY");
  EXPECT_EQ(s.init_sql, "/srv/init.sql");
  EXPECT_EQ(s.plugins_directory, "/opt/plinth/plugins");
  EXPECT_EQ(s.storage_plugin, "storage_lmdb");
  EXPECT_EQ(s.auth_plugins, std::vector<std::string>{"auth_scram"});
  EXPECT_EQ(s.catalog_plugin, "catalog_pg");
  EXPECT_EQ(s.config_file, "test.toml");
}

TEST(ConfigFile, DurationsAndSizes) {
  Result<Config> c = Status::OK();
  EXPECT_EQ(ParseOk("statement_timeout = 250", &c).statement_timeout_ms, 250);
  EXPECT_EQ(ParseOk("statement_timeout = \"5s\"", &c).statement_timeout_ms, 5000);
  EXPECT_EQ(ParseOk("statement_timeout = \"200 ms\"", &c).statement_timeout_ms, 200);
  EXPECT_EQ(ParseOk("statement_timeout = \"2h\"", &c).statement_timeout_ms, 7200000);
  EXPECT_EQ(ParseOk("authentication_timeout = \"1500ms\"", &c).authentication_timeout_ms, 1500);
  EXPECT_EQ(ParseOk("max_message_size = 10000", &c).max_message_size, 10000);
  EXPECT_EQ(ParseOk("max_message_size = \"16kB\"", &c).max_message_size, 16384);
  EXPECT_EQ(ParseOk("max_message_size = \"1GB\"", &c).max_message_size, 1 << 30);
}

TEST(ConfigFile, RelativePathsResolveAgainstTheFilesDirectory) {
  auto c = Config::FromString("data_directory = \"db\"\n[plugins]\ndirectory = \"../plugins\"\n",
                              "/etc/plinth/plinth.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->settings().data_directory, "/etc/plinth/db");
  EXPECT_EQ(c->settings().plugins_directory, "/etc/plugins");
}

TEST(ConfigFile, PluginTablesAreFlattenedToText) {
  Result<Config> c = Status::OK();
  ParseOk(R"(
[storage_lmdb]
path = "/var/lib/db"
map_size = 1073741824
sync = true
ratio = 0.5
[storage_lmdb.tuning]
readers = 126
)", &c);
  const auto& table = c->PluginTable("storage_lmdb");
  EXPECT_EQ(table.at("path"), "/var/lib/db");
  EXPECT_EQ(table.at("map_size"), "1073741824");
  EXPECT_EQ(table.at("sync"), "true");
  EXPECT_EQ(table.at("ratio"), "0.5");
  EXPECT_EQ(table.at("tuning.readers"), "126");
  EXPECT_TRUE(c->PluginTable("auth_scram").empty());
}

TEST(ConfigFile, HbaTablesAndRoles) {
  Result<Config> c = Status::OK();
  const Settings& s = ParseOk(R"(
[[hba]]
type = "host"
database = "all"
user = ["alice", "bob"]
address = "10.1.0.0/16"
method = "scram-sha-256"

[[hba]]
type = "local"
databases = "app, reports"
users = "all"
method = "reject"

[[roles]]
name = "alice"
verifier = "SCRAM-SHA-256$4096:c2FsdHNhbHQ=$c3RvcmVka2V5c3RvcmVka2V5c3RvcmVka2V5MTI=:c2VydmVya2V5c2VydmVya2V5c2VydmVya2V5MTI="
superuser = true

[[roles]]
name = "bob"
verifier = "md5d8578edf8458ce06fbc5bb76a58c5ca4"
login = false
)", &c);
  ASSERT_EQ(s.hba.size(), 2u);
  EXPECT_EQ(s.hba[0].type, "host");
  EXPECT_EQ(s.hba[0].databases, std::vector<std::string>{"all"});
  EXPECT_EQ(s.hba[0].users, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(s.hba[0].address, "10.1.0.0/16");
  EXPECT_EQ(s.hba[0].source, "test.toml:3");
  EXPECT_EQ(s.hba[1].databases, (std::vector<std::string>{"app", "reports"}));
  EXPECT_EQ(s.hba[1].address, "");
  ASSERT_EQ(s.roles.size(), 2u);
  EXPECT_EQ(s.roles[0].name, "alice");
  EXPECT_TRUE(s.roles[0].superuser);
  EXPECT_TRUE(s.roles[0].login);
  EXPECT_FALSE(s.roles[1].superuser);
  EXPECT_FALSE(s.roles[1].login);
}

TEST(ConfigFile, PluginMethodNamesAreAcceptedForLaterChecking) {
  Result<Config> c = Status::OK();
  const Settings& s = ParseOk(
      "[[hba]]\ntype = \"host\"\ndatabase = \"all\"\nuser = \"all\"\naddress = \"127.0.0.1\"\n"
      "method = \"custom-trust\"\n", &c);
  ASSERT_EQ(s.hba.size(), 1u);
  EXPECT_EQ(s.hba[0].address, "127.0.0.1/32");  // a bare address is one host
  EXPECT_FALSE(hba::CheckMethodsProvided(s.hba, {"trust"}).ok());
  Status missing = hba::CheckMethodsProvided(s.hba, {"trust", "md5"});
  EXPECT_NE(missing.message().find("test.toml:2"), std::string::npos) << missing.message();
  EXPECT_NE(missing.message().find("custom-trust"), std::string::npos);
  EXPECT_TRUE(hba::CheckMethodsProvided(s.hba, {"custom-trust"}).ok());
}

struct BadCase {
  const char* toml;
  const char* location;  // "test.toml:<line>: <key>"
  const char* what;      // a fragment of the explanation
};

class ConfigBadValue : public ::testing::TestWithParam<BadCase> {};

TEST_P(ConfigBadValue, IsOneLineNamingFileLineKeyAndProblem) {
  const BadCase& bad = GetParam();
  auto c = Parse(bad.toml);
  ASSERT_FALSE(c.ok()) << "accepted: " << bad.toml;
  const std::string& msg = c.status().message();
  EXPECT_EQ(msg.rfind(bad.location, 0), 0u) << msg;
  EXPECT_NE(msg.find(bad.what), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
}

INSTANTIATE_TEST_SUITE_P(
    Values, ConfigBadValue,
    ::testing::Values(
        BadCase{"port = 70000", "test.toml:1: port:", "0 .. 65535"},
        BadCase{"port = -1", "test.toml:1: port:", "outside the valid range"},
        BadCase{"port = \"abc\"", "test.toml:1: port:", "expected a whole number"},
        BadCase{"port = 1.5", "test.toml:1: port:", "expected a whole number"},
        BadCase{"port = [5432]", "test.toml:1: port:", "expected a single value, found an array"},
        BadCase{"\n\nmax_connections = 0", "test.toml:3: max_connections:", "outside"},
        BadCase{"statement_timeout = \"5x\"", "test.toml:1: statement_timeout:", "\"min\""},
        BadCase{"statement_timeout = -1", "test.toml:1: statement_timeout:", "outside"},
        BadCase{"statement_timeout = \"ms\"", "test.toml:1: statement_timeout:", "whole number"},
        BadCase{"authentication_timeout = \"0\"", "test.toml:1: authentication_timeout:", "outside"},
        BadCase{"max_message_size = \"64mb\"", "test.toml:1: max_message_size:", "unknown unit \"mb\""},
        BadCase{"max_message_size = \"99999999999TB\"", "test.toml:1: max_message_size:", "outside"},
        BadCase{"max_message_size = 100", "test.toml:1: max_message_size:", "outside"},
        BadCase{"log_min_messages = \"verbose\"", "test.toml:1: log_min_messages:", "debug5"},
        BadCase{"password_encryption = \"plain\"", "test.toml:1: password_encryption:", "scram-sha-256"},
        BadCase{"listen_addresses = \"*\"", "test.toml:1: listen_addresses:", "\"*\" is not accepted"},
        BadCase{"listen_addresses = \"300.1.1.1\"", "test.toml:1: listen_addresses:", "invalid address"},
        BadCase{"listen_addresses = \"127.0.0.1,,::1\"", "test.toml:1: listen_addresses:", "empty entry"},
        BadCase{"listen_addresses = \"example.com\"", "test.toml:1: listen_addresses:", "invalid address"},
        BadCase{"DateStyle = \"ISO, Klingon\"", "test.toml:1: DateStyle:", "Klingon"},
        BadCase{"datestyle = \"ISO, SQL\"", "test.toml:1: datestyle:", "conflicting"},
        BadCase{"timezone = \"\"", "test.toml:1: timezone:", "empty"},
        BadCase{"timezone = \"Mars; rm\"", "test.toml:1: timezone:", "invalid time zone"},
        BadCase{"data_directory = \"\"", "test.toml:1: data_directory:", "empty"},
        BadCase{"foo = 1", "test.toml:1: foo:", "unrecognized configuration parameter \"foo\""},
        BadCase{"[Storage]\npath = 1", "test.toml:", "unrecognized configuration parameter \"Storage\""},
        BadCase{"[plugins]\nstorage = \"Storage-LMDB\"", "test.toml:2: plugins.storage:", "invalid plugin name"},
        BadCase{"[plugins]\nstorage = \"../evil\"", "test.toml:2: plugins.storage:", "invalid plugin name"},
        BadCase{"[plugins]\nauth = [\"auth_trust\", \"auth_trust\"]", "test.toml:2: plugins.auth:", "twice"},
        BadCase{"[plugins]\nauth = [\"auth_trust\", 3]", "test.toml:2: plugins.auth:", "invalid plugin name"},
        BadCase{"[plugins]\nauth = [[\"x\"]]", "test.toml:2: plugins.auth:", "found an array"},
        BadCase{"[plugins]\nfoo = 1", "test.toml:2: plugins.foo:", "unrecognized configuration parameter"},
        BadCase{"hba = 1", "test.toml:1: hba:", "[[hba]]"},
        BadCase{"[[hba]]\ntype = \"host\"\ndatabase = \"all\"\nuser = \"all\"\naddress = \"127.0.0.1/32\"\nmethod = \"turst!\"",
                "test.toml:2: hba:", "invalid authentication method"},
        BadCase{"[[hba]]\ntype = \"host\"\ndatabase = \"all\"\nuser = \"all\"\naddress = \"127.0.0.1/33\"\nmethod = \"trust\"",
                "test.toml:2: hba:", "invalid CIDR mask"},
        BadCase{"[[hba]]\ntype = \"host\"\ndatabase = \"all\"\nuser = \"all\"\naddress = \"10.0.0.1/8\"\nmethod = \"trust\"",
                "test.toml:2: hba:", "bits to the right of the mask"},
        BadCase{"[[hba]]\ntype = \"host\"\ndatabase = \"all\"\nuser = \"all\"\nmethod = \"trust\"",
                "test.toml:2: hba:", "invalid IP address"},
        BadCase{"[[hba]]\ntype = \"local\"\ndatabase = \"all\"\nuser = \"all\"\naddress = \"::1/128\"\nmethod = \"trust\"",
                "test.toml:2: hba:", "local rule takes no address"},
        BadCase{"[[hba]]\ntype = \"host\"\ndatabase = \"all\"\nuser = \"all\"\naddress = \"::1/128\"",
                "test.toml:1: hba.method:", "missing"},
        BadCase{"[[hba]]\ntype = \"hots\"\ndatabase = \"all\"\nuser = \"all\"\nmethod = \"trust\"",
                "test.toml:2: hba:", "invalid connection type"},
        BadCase{"[[hba]]\ntype = \"host\"\ndatabase = \"all\"\nuser = \"all\"\naddress = \"::1/128\"\nmethod = \"ident\"",
                "test.toml:2: hba:", "not supported by Plinth"},
        BadCase{"[[hba]]\ntype = \"host\"\nuser = \"all\"\naddress = \"::1/128\"\nmethod = \"trust\"",
                "test.toml:2: hba:", "missing database list"},
        BadCase{"[[hba]]\ntype = \"host\"\ndb = \"all\"", "test.toml:3: hba.db:", "unrecognized hba key"},
        BadCase{"[[hba]]\ntype = 1", "test.toml:2: hba.type:", "expected a string, found an integer"},
        BadCase{"[[roles]]\nname = \"a\"\nverifier = \"plaintext\"", "test.toml:3: roles.verifier:", "unrecognized verifier"},
        BadCase{"[[roles]]\nname = \"a\"\nverifier = \"md5xyz\"", "test.toml:3: roles.verifier:", "32 lower-case hex"},
        BadCase{"[[roles]]\nname = \"a\"\nverifier = \"SCRAM-SHA-256$0:c2FsdA==$a2V5:a2V5\"", "test.toml:3: roles.verifier:", "iteration count"},
        BadCase{"[[roles]]\nname = \"a\"\nverifier = \"SCRAM-SHA-256$4096:c2FsdA==$a2V5\"", "test.toml:3: roles.verifier:", "malformed"},
        BadCase{"[[roles]]\nverifier = \"\"", "test.toml:", "needs a non-empty name"},
        BadCase{"[[roles]]\nname = \"a\"\n[[roles]]\nname = \"a\"", "test.toml:4: roles.name:", "defined twice"},
        BadCase{"[[roles]]\nname = \"a\"\nsuperuser = \"maybe\"", "test.toml:3: roles.superuser:", "expected a boolean"},
        BadCase{"[[roles]]\nname = \"a\"\npassword = \"x\"", "test.toml:3: roles.password:", "unrecognized role key"}));

TEST(ConfigSyntax, ErrorsNameTheLineInOneLine) {
  for (const auto& [text, line] : std::vector<std::pair<std::string, std::string>>{
           {"port = ", "test.toml:1:"},
           {"port = 5432\nname = \"unterminated\n", "test.toml:2:"},
           {"port = 1\nport = 2\n", "test.toml:2:"},
           {"[plugins]\nstorage = \"a\"\n[plugins]\n", "test.toml:3:"},
           {"= 3", "test.toml:1:"}}) {
    auto c = Parse(text);
    ASSERT_FALSE(c.ok()) << text;
    const std::string& msg = c.status().message();
    EXPECT_EQ(msg.rfind(line, 0), 0u) << msg;
    EXPECT_NE(msg.find("syntax error"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    EXPECT_EQ(c.status().sqlstate(), "F0000");
  }
}

TEST(ConfigFile, HbaFileAndHbaTablesConflict) {
  TempDir dir;
  dir.Write("pg_hba.conf", "host all all 127.0.0.1/32 trust\n");
  fs::path conf = dir.Write("plinth.toml",
                            "hba_file = \"pg_hba.conf\"\n[[hba]]\ntype = \"local\"\ndatabase = "
                            "\"all\"\nuser = \"all\"\nmethod = \"trust\"\n");
  auto c = FromArgs({"--config", conf.string()});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find(conf.string() + ":1: hba_file:"), std::string::npos)
      << c.status().message();
}

TEST(ConfigFile, HbaFileIsReadRelativeToTheConfigFile) {
  TempDir dir;
  dir.Write("pg_hba.conf", "# comment\nhost all all ::1/128 md5\n");
  fs::path conf = dir.Write("plinth.toml", "hba_file = \"pg_hba.conf\"\n");
  auto c = FromArgs({"--config=" + conf.string()});
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->settings().hba.size(), 1u);
  EXPECT_EQ(c->settings().hba[0].method, "md5");
  EXPECT_EQ(c->settings().hba[0].source, (dir.path() / "pg_hba.conf").string() + ":2");
}

TEST(ConfigFile, BrokenHbaFileNamesBothFiles) {
  TempDir dir;
  dir.Write("pg_hba.conf", "host all all 127.0.0.1/32\n");
  fs::path conf = dir.Write("plinth.toml", "\nhba_file = \"pg_hba.conf\"\n");
  auto c = FromArgs({"-C", conf.string()});
  ASSERT_FALSE(c.ok());
  const std::string& msg = c.status().message();
  EXPECT_NE(msg.find(conf.string() + ":2: hba_file:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("pg_hba.conf:1:"), std::string::npos) << msg;
}

// --- command line ---------------------------------------------------------------

TEST(ConfigCommandLine, FlagsAndOverrides) {
  TempDir dir;
  auto c = FromArgs({"-D", dir.path().string(), "-p", "5433", "-c", "max_connections=9",
                     "-cTimeZone=Asia/Tokyo", "--statement-timeout=3s", "-c",
                     "plugins.storage=storage_lmdb", "-c", "storage_lmdb.path=/x", "-c",
                     "plugins.auth=auth_trust,auth_custom", "-c", "Plugins.Catalog=catalog_pg"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  const Settings& s = c->settings();
  EXPECT_EQ(s.data_directory, dir.path().string());
  EXPECT_EQ(s.port, 5433);
  EXPECT_EQ(s.max_connections, 9);
  EXPECT_EQ(s.timezone, "Asia/Tokyo");
  EXPECT_EQ(s.statement_timeout_ms, 3000);
  EXPECT_EQ(s.storage_plugin, "storage_lmdb");
  EXPECT_EQ(s.auth_plugins, (std::vector<std::string>{"auth_trust", "auth_custom"}));
  EXPECT_EQ(s.catalog_plugin, "catalog_pg");
  EXPECT_EQ(c->PluginTable("storage_lmdb").at("path"), "/x");
  EXPECT_EQ(s.config_file, "");  // no plinth.toml in the data directory
  EXPECT_EQ(c->action(), Config::Action::Run);
}

TEST(ConfigCommandLine, LaterFlagsWinAndOverrideTheFile) {
  TempDir dir;
  dir.Write("plinth.toml", "port = 6000\nmax_connections = 5\n[storage_lmdb]\npath = \"a\"\nmode = \"x\"\n");
  auto c = FromArgs({"-D", dir.path().string(), "-p", "6001", "--port=6002", "-c",
                     "storage_lmdb.path=b"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->settings().config_file, (dir.path() / "plinth.toml").string());
  EXPECT_EQ(c->settings().port, 6002);
  EXPECT_EQ(c->settings().max_connections, 5);  // from the file
  EXPECT_EQ(c->PluginTable("storage_lmdb").at("path"), "b");
  EXPECT_EQ(c->PluginTable("storage_lmdb").at("mode"), "x");
}

TEST(ConfigCommandLine, ErrorsNameTheFlag) {
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  for (const Case& bad : std::vector<Case>{
           {{"-c", "foo=1"}, "command line: -c foo: unrecognized configuration parameter \"foo\""},
           {{"-c", "port=abc"}, "command line: -c port: invalid value \"abc\""},
           {{"-p", "99999"}, "command line: -p: \"99999\" is outside the valid range 0 .. 65535"},
           {{"-p"}, "command line: -p: missing port number"},
           {{"-D"}, "command line: -D: missing directory"},
           {{"-c", "port"}, "command line: -c port: expected name=value"},
           {{"-c"}, "command line: -c: missing name=value"},
           {{"--port"}, "command line: --port: expected --port=value"},
           {{"--bogus=1"}, "command line: --bogus: unrecognized configuration parameter"},
           {{"stray"}, "command line: stray: unrecognized argument"},
           {{"-c", "plugins.storage=Bad"}, "command line: -c plugins.storage: invalid plugin name"},
           {{"-c", "plugins.nope=1"}, "command line: -c plugins.nope: unrecognized"},
           {{"-c", "Bad.path=1"}, "command line: -c Bad.path: unrecognized"},
           {{"-c", "hba=x"}, "command line: -c hba: [[hba]] tables can only be given"},
           {{"-c", "listen_addresses=*"}, "command line: -c listen_addresses: \"*\" is not accepted"},
           {{"--config"}, "command line: --config: missing file name"},
       }) {
    auto c = FromArgs(bad.args);
    ASSERT_FALSE(c.ok()) << bad.args[0];
    EXPECT_EQ(c.status().message().rfind(bad.expected, 0), 0u) << c.status().message();
    EXPECT_EQ(c.status().message().find('\n'), std::string::npos);
  }
}

TEST(ConfigCommandLine, MissingConfigFileIsNamed) {
  auto c = FromArgs({"--config", "/nonexistent/plinth.toml"});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().sqlstate(), "58P01");
  EXPECT_NE(c.status().message().find("/nonexistent/plinth.toml"), std::string::npos);
}

TEST(ConfigCommandLine, ErrorInTheDefaultFileNamesIt) {
  TempDir dir;
  dir.Write("plinth.toml", "port = 1\nbogus = 2\n");
  auto c = FromArgs({"-D", dir.path().string()});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), (dir.path() / "plinth.toml").string() +
                                      ":2: bogus: unrecognized configuration parameter \"bogus\"");
}

TEST(ConfigCommandLine, HelpAndVersion) {
  auto help = FromArgs({"--help"});
  ASSERT_TRUE(help.ok());
  EXPECT_EQ(help->action(), Config::Action::Help);
  EXPECT_NE(help->HelpText().find("-D DATADIR"), std::string::npos);
  EXPECT_NE(help->HelpText().find("statement_timeout"), std::string::npos);
  auto version = FromArgs({"-V"});
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->action(), Config::Action::Version);
}

}  // namespace
}  // namespace plinth
