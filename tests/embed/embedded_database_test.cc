// The in-process side of the embedding API: EmbeddedDatabase, LocalSession, typed
// results, parameters, SqlError, and misuse (closed handles, bad options).
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include <plinth/embedded.h>

namespace {

// Runs `fn`, expecting a SqlError with `sqlstate`; returns its message.
template <class Fn>
std::string ExpectSqlError(const char* sqlstate, Fn&& fn) {
  try {
    fn();
  } catch (const plinth::SqlError& e) {
    EXPECT_EQ(e.sqlstate(), sqlstate) << e.what();
    return e.message();
  }
  ADD_FAILURE() << "expected SqlError " << sqlstate;
  return "";
}

class EmbeddedDatabaseTest : public ::testing::Test {
 protected:
  plinth::EmbeddedDatabase db_ = plinth::EmbeddedDatabase::open_in_memory();
};

TEST_F(EmbeddedDatabaseTest, ExecutesDdlDmlAndQueries) {
  db_.execute("CREATE TABLE users (id int PRIMARY KEY, name text)");
  auto insert = db_.execute("INSERT INTO users VALUES (1, 'Alice'), (2, 'Bob')");
  EXPECT_EQ(insert.command_tag(), "INSERT 0 2");
  EXPECT_EQ(insert.rows_affected(), 2u);
  auto rows = db_.execute("SELECT id, name FROM users ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows.command_tag(), "SELECT 2");
  ASSERT_EQ(rows.columns().size(), 2u);
  EXPECT_EQ(rows.columns()[0].name, "id");
  EXPECT_EQ(rows.columns()[0].type_oid, 23u);
  EXPECT_EQ(rows.columns()[0].type_name, "integer");
  EXPECT_EQ(rows.columns()[1].type_name, "text");
  EXPECT_EQ(rows[1]["name"].text(), "Bob");
  auto [id, name] = rows[0].as<int, std::string>();
  EXPECT_EQ(id, 1);
  EXPECT_EQ(name, "Alice");
}

TEST_F(EmbeddedDatabaseTest, TypedFields) {
  auto r = db_.execute(
      "SELECT true, 42::int2, 9000000000::int8, 1.5::float8, 12.340::numeric, 'x'::text, '\\xdead'::bytea, "
      "NULL::int, '2024-01-02'::date");
  const auto& row = r[0];
  EXPECT_EQ(row[0].kind(), plinth::Field::Kind::Bool);
  EXPECT_TRUE(row[0].as<bool>());
  EXPECT_EQ(row[0].text(), "t");
  EXPECT_EQ(row[1].as<int16_t>(), 42);
  EXPECT_EQ(row[2].as_int(), 9000000000LL);
  EXPECT_DOUBLE_EQ(row[3].as<double>(), 1.5);
  EXPECT_EQ(row[4].kind(), plinth::Field::Kind::Text);
  EXPECT_EQ(row[4].text(), "12.340");
  EXPECT_DOUBLE_EQ(row[4].as_double(), 12.34);
  EXPECT_EQ(row[5].as<std::string>(), "x");
  EXPECT_EQ(row[6].as_bytes(), std::string("\xde\xad"));
  EXPECT_EQ(row[6].text(), "\\xdead");
  EXPECT_TRUE(row[7].is_null());
  EXPECT_EQ(row[7].as<std::optional<int>>(), std::nullopt);
  EXPECT_EQ(row[1].as<std::optional<int>>(), 42);
  EXPECT_EQ(row[8].text(), "2024-01-02");
}

TEST_F(EmbeddedDatabaseTest, FieldMisreadsAreTypedErrors) {
  auto r = db_.execute("SELECT 'text'::text, NULL::int, 300, 9000000000::int8");
  ExpectSqlError("42804", [&] { r[0][0].as<int>(); });
  ExpectSqlError("22004", [&] { r[0][1].as<int>(); });
  ExpectSqlError("22004", [&] { r[0][1].text(); });
  ExpectSqlError("22003", [&] { r[0][2].as<int8_t>(); });
  ExpectSqlError("22003", [&] { r[0][3].as<int32_t>(); });
  ExpectSqlError("42703", [&] { r[0][4]; });
  ExpectSqlError("42703", [&] { r[0]["nope"]; });
  ExpectSqlError("42703", [&] { r[1]; });
  ExpectSqlError("42804", [&] { r[0].as<std::string, int>(); });
  ExpectSqlError("21000", [&] { r.scalar<int>(); });
}

TEST_F(EmbeddedDatabaseTest, ParametersAreTypedByTheStatement) {
  db_.execute("CREATE TABLE t (id int PRIMARY KEY, name text, score float8, ok bool, data bytea)");
  db_.execute("INSERT INTO t VALUES ($1, $2, $3, $4, $5)", {1, "it's \"quoted\"", 2.25, true, plinth::Param::Bytes(std::string("\0\xff", 2))});
  db_.execute("INSERT INTO t VALUES ($1, $2, $3, $4, $5)", {2, nullptr, std::optional<double>(), false, nullptr});
  auto r = db_.execute("SELECT name, score, ok, data FROM t WHERE id = $1", {1});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0][0].text(), "it's \"quoted\"");
  EXPECT_DOUBLE_EQ(r[0][1].as_double(), 2.25);
  EXPECT_TRUE(r[0][2].as_bool());
  EXPECT_EQ(r[0][3].as_bytes(), std::string("\0\xff", 2));
  EXPECT_TRUE(db_.execute("SELECT name FROM t WHERE id = $1", {2})[0][0].is_null());
  EXPECT_EQ(db_.execute("SELECT count(*) FROM t WHERE name = $1", {"'; DROP TABLE t; --"}).scalar<int64_t>(), 0);
  EXPECT_EQ(db_.execute("SELECT $1::text", {std::string_view("view")}).scalar<std::string>(), "view");
}

TEST_F(EmbeddedDatabaseTest, MalformedInputIsASqlError) {
  ExpectSqlError("42601", [&] { db_.execute("SELEC 1"); });
  ExpectSqlError("42P01", [&] { db_.execute("SELECT * FROM missing"); });
  ExpectSqlError("08P01", [&] { db_.execute("SELECT $1::int + $2::int", {1}); });
  ExpectSqlError("08P01", [&] { db_.execute("SELECT 1", {1}); });
  ExpectSqlError("22P02", [&] { db_.execute("SELECT $1::int", {"not a number"}); });
  ExpectSqlError("42601", [&] { db_.execute("SELECT 1; SELECT 2", {1}); });
  ExpectSqlError("42601", [&] { db_.execute("", {1}); });
  // The session is still usable after each error.
  EXPECT_EQ(db_.execute("SELECT 1").scalar<int>(), 1);
}

TEST_F(EmbeddedDatabaseTest, EmptyQueryReturnsAnEmptyResult) {
  auto r = db_.execute("");
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.command_tag(), "");
  EXPECT_TRUE(db_.execute(";;").empty());
}

TEST_F(EmbeddedDatabaseTest, MultiStatementStringIsOneImplicitTransaction) {
  db_.execute("CREATE TABLE t (id int PRIMARY KEY)");
  auto last = db_.execute("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); SELECT count(*) FROM t");
  EXPECT_EQ(last.scalar<int>(), 2);
  // A failing statement rolls back the whole string, as a simple query does.
  ExpectSqlError("23505", [&] { db_.execute("INSERT INTO t VALUES (3); INSERT INTO t VALUES (1)"); });
  EXPECT_EQ(db_.execute("SELECT count(*) FROM t").scalar<int>(), 2);
}

TEST_F(EmbeddedDatabaseTest, TransactionBlocksAndTheFailedState) {
  db_.execute("CREATE TABLE t (id int PRIMARY KEY)");
  auto s = db_.session();
  EXPECT_EQ(s.transaction_status(), 'I');
  s.execute("BEGIN");
  s.execute("INSERT INTO t VALUES (1)");
  EXPECT_EQ(s.transaction_status(), 'T');
  ExpectSqlError("23505", [&] { s.execute("INSERT INTO t VALUES (1)"); });
  EXPECT_EQ(s.transaction_status(), 'E');
  ExpectSqlError("25P02", [&] { s.execute("SELECT 1"); });
  s.execute("ROLLBACK");
  EXPECT_EQ(s.transaction_status(), 'I');
  EXPECT_EQ(db_.execute("SELECT count(*) FROM t").scalar<int>(), 0);
}

TEST_F(EmbeddedDatabaseTest, SessionsAreIsolatedUntilCommit) {
  db_.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
  db_.execute("INSERT INTO t VALUES (1, 'old')");
  auto writer = db_.session();
  auto reader = db_.session();
  writer.execute("BEGIN");
  writer.execute("UPDATE t SET v = 'new' WHERE id = 1");
  EXPECT_EQ(reader.execute("SELECT v FROM t").scalar<std::string>(), "old");
  writer.execute("COMMIT");
  EXPECT_EQ(reader.execute("SELECT v FROM t").scalar<std::string>(), "new");
}

TEST_F(EmbeddedDatabaseTest, RowLocksMakeAConcurrentWriterWait) {
  db_.execute("CREATE TABLE counter (id int PRIMARY KEY, n int)");
  db_.execute("INSERT INTO counter VALUES (1, 0)");
  auto first = db_.session();
  first.execute("BEGIN");
  first.execute("UPDATE counter SET n = n + 1 WHERE id = 1");
  std::thread second([&] { db_.session().execute("UPDATE counter SET n = n + 1 WHERE id = 1"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  first.execute("COMMIT");
  second.join();
  EXPECT_EQ(db_.execute("SELECT n FROM counter").scalar<int>(), 2);  // no lost update
}

TEST_F(EmbeddedDatabaseTest, ClosingASessionRollsBackItsTransaction) {
  db_.execute("CREATE TABLE t (id int PRIMARY KEY)");
  auto s = db_.session();
  s.execute("BEGIN");
  s.execute("INSERT INTO t VALUES (1)");
  s.close();
  EXPECT_FALSE(s.is_open());
  ExpectSqlError("08003", [&] { s.execute("SELECT 1"); });
  s.close();  // twice is harmless
  EXPECT_EQ(db_.execute("SELECT count(*) FROM t").scalar<int>(), 0);
}

TEST_F(EmbeddedDatabaseTest, UseAfterCloseIsAnError) {
  auto session = db_.session();
  plinth::EmbeddedDatabase copy = db_;
  db_.close();
  EXPECT_FALSE(db_.is_open());
  EXPECT_FALSE(copy.is_open());
  ExpectSqlError("08003", [&] { db_.execute("SELECT 1"); });
  ExpectSqlError("08003", [&] { copy.execute("SELECT $1::int", {1}); });
  ExpectSqlError("08003", [&] { db_.session(); });
  ExpectSqlError("08003", [&] { session.execute("SELECT 1"); });
  EXPECT_FALSE(session.is_open());
  db_.close();  // twice is harmless
  plinth::EmbeddedDatabase moved = std::move(copy);
  ExpectSqlError("08003", [&] { copy.execute("SELECT 1"); });  // NOLINT: use after move is the point
}

TEST_F(EmbeddedDatabaseTest, PreparedQueriesRunManyTimesWithNewParameters) {
  db_.execute("CREATE TABLE t (id int PRIMARY KEY, name text)");
  auto s = db_.session();
  plinth::PreparedQuery insert = s.prepare("INSERT INTO t VALUES ($1, $2)");
  plinth::PreparedQuery lookup = s.prepare("SELECT name FROM t WHERE id = $1");
  EXPECT_EQ(insert.parameter_count(), 2u);
  EXPECT_EQ(lookup.parameter_count(), 1u);
  for (int i = 0; i < 100; i++) insert.execute({i, "name " + std::to_string(i)});
  EXPECT_EQ(lookup.execute({42}).scalar<std::string>(), "name 42");
  EXPECT_TRUE(lookup.execute({1000}).empty());
  EXPECT_EQ(s.prepare("SELECT count(*) FROM t").execute().scalar<int64_t>(), 100);
  // It runs in the session's transaction: rolled back with it.
  s.execute("BEGIN");
  insert.execute({500, "inside"});
  EXPECT_EQ(lookup.execute({500}).scalar<std::string>(), "inside");
  s.execute("ROLLBACK");
  EXPECT_TRUE(lookup.execute({500}).empty());
  // Errors leave the statement usable.
  ExpectSqlError("23505", [&] { insert.execute({1, "duplicate"}); });
  ExpectSqlError("08P01", [&] { insert.execute({1}); });
  ExpectSqlError("22P02", [&] { lookup.execute({"not a number"}); });
  EXPECT_EQ(lookup.execute({1}).scalar<std::string>(), "name 1");
}

TEST_F(EmbeddedDatabaseTest, PreparingBadStatementsIsASqlError) {
  auto s = db_.session();
  ExpectSqlError("42601", [&] { s.prepare("SELEC 1"); });
  ExpectSqlError("42P01", [&] { s.prepare("SELECT * FROM missing WHERE id = $1"); });
  ExpectSqlError("42601", [&] { s.prepare("SELECT 1; SELECT 2"); });
  ExpectSqlError("42601", [&] { s.prepare(""); });
  EXPECT_EQ(s.execute("SELECT 1").scalar<int>(), 1);
  // Inside a block a failed prepare fails the block, as a failed Parse does.
  s.execute("BEGIN");
  ExpectSqlError("42P01", [&] { s.prepare("SELECT * FROM missing"); });
  EXPECT_EQ(s.transaction_status(), 'E');
  s.execute("ROLLBACK");
}

TEST_F(EmbeddedDatabaseTest, APreparedQueryDiesWithItsSession) {
  auto s = db_.session();
  plinth::PreparedQuery q = s.prepare("SELECT $1::int + 1");
  EXPECT_EQ(q.execute({1}).scalar<int>(), 2);
  s.close();
  ExpectSqlError("08003", [&] { q.execute({1}); });
  plinth::PreparedQuery moved = std::move(q);
  ExpectSqlError("08003", [&] { q.execute({1}); });  // NOLINT: use after move is the point
  ExpectSqlError("08003", [&] { q.parameter_count(); });
}

TEST_F(EmbeddedDatabaseTest, UnknownRoleIsRefused) { ExpectSqlError("28000", [&] { db_.session("nobody"); }); }

TEST(EmbeddedDatabaseOpen, BadOptionsNameTheSetting) {
  plinth::DatabaseOptions o;
  o.settings["max_connections"] = "lots";
  std::string msg = ExpectSqlError("22023", [&] { plinth::EmbeddedDatabase::open(o); });
  EXPECT_NE(msg.find("max_connections"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("DatabaseOptions:"), 0u) << msg;

  plinth::DatabaseOptions unknown;
  unknown.settings["no_such_setting"] = "1";
  msg = ExpectSqlError("42704", [&] { plinth::EmbeddedDatabase::open(unknown); });
  EXPECT_NE(msg.find("no_such_setting"), std::string::npos) << msg;
}

TEST(EmbeddedDatabaseOpen, MissingStoragePluginIsAClearError) {
  plinth::DatabaseOptions o;
  o.storage_plugin = "storage_nonexistent";
  std::string msg = ExpectSqlError("58P01", [&] { plinth::EmbeddedDatabase::open(o); });
  EXPECT_NE(msg.find("storage_nonexistent"), std::string::npos) << msg;
  ExpectSqlError("22023", [&] { plinth::EmbeddedDatabase::open(""); });
}

TEST(EmbeddedDatabaseOpen, InMemoryDatabasesAreIndependent) {
  auto a = plinth::EmbeddedDatabase::open_in_memory();
  auto b = plinth::EmbeddedDatabase::open_in_memory();
  a.execute("CREATE TABLE only_in_a (id int)");
  EXPECT_NO_THROW(a.execute("SELECT * FROM only_in_a"));
  ExpectSqlError("42P01", [&] { b.execute("SELECT * FROM only_in_a"); });
}

TEST(EmbeddedDatabaseOpen, DirectoryDatabasePersistsAcrossReopen) {
  auto dir = std::filesystem::temp_directory_path() / ("plinth-embed-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto db = plinth::EmbeddedDatabase::open(dir.string());
    db.execute("CREATE TABLE kept (id int PRIMARY KEY, v text)");
    db.execute("INSERT INTO kept VALUES ($1, $2)", {7, "seven"});
  }
  {
    auto db = plinth::EmbeddedDatabase::open(dir.string(), "storage_lmdb");
    EXPECT_EQ(db.execute("SELECT v FROM kept WHERE id = 7").scalar<std::string>(), "seven");
    // A second open of the same directory is refused while the first holds it.
    EXPECT_THROW(plinth::EmbeddedDatabase::open(dir.string()), plinth::SqlError);
  }
  std::filesystem::remove_all(dir);
}

TEST(EmbeddedDatabaseOpen, SettingsReachSessions) {
  plinth::DatabaseOptions o;
  o.settings["TimeZone"] = "America/New_York";
  auto db = plinth::EmbeddedDatabase::open(o);
  EXPECT_EQ(db.execute("SHOW TimeZone").scalar<std::string>(), "America/New_York");
}

TEST(ParamText, ValuesAreSentAsPostgresText) {
  EXPECT_TRUE(plinth::Param(nullptr).is_null());
  EXPECT_TRUE(plinth::Param(static_cast<const char*>(nullptr)).is_null());
  EXPECT_EQ(*plinth::Param(true).text(), "true");
  EXPECT_EQ(*plinth::Param(-12).text(), "-12");
  EXPECT_EQ(*plinth::Param(uint64_t{18446744073709551615u}).text(), "18446744073709551615");
  EXPECT_EQ(*plinth::Param(0.1).text(), "0.1");
  EXPECT_EQ(*plinth::Param(std::optional<int>(5)).text(), "5");
  EXPECT_TRUE(plinth::Param(std::optional<int>()).is_null());
  EXPECT_EQ(*plinth::Param::Bytes("\x01\xab").text(), "\\x01ab");
}

}  // namespace
