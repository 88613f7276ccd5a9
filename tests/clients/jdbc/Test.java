// Real-client suite for the PostgreSQL JDBC driver (pgjdbc, Debian libpostgresql-jdbc-java).
// run.sh compiles and runs it with the connection URL built from the PG* environment.
//
// pgjdbc always uses the extended query protocol. After a PreparedStatement has run
// prepareThreshold (5) times it switches to a named server-side statement and asks for
// binary results; with autocommit off and a fetch size it executes a portal with a row
// limit and resumes it (PortalSuspended) until the rows run out.
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

public final class Test {
    private static final String USERS = "clients_jdbc_users";
    private static final String BULK = "clients_jdbc_bulk";

    private interface Body {
        void run() throws Exception;
    }

    private static final class CheckFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CheckFailed(String why) {
            super(why);
        }
    }

    private int passed = 0;
    private int failed = 0;
    private final String url;
    private Connection conn;      // autocommit on, observes the others
    private Connection tx;        // autocommit off

    private Test(String url) {
        this.url = url;
    }

    private boolean check(String name, Body body) {
        try {
            body.run();
            System.out.println("ok " + name);
            passed++;
            return true;
        } catch (SQLException e) {
            fail(name, "SQLException [" + e.getSQLState() + "] " + e.getMessage());
        } catch (Exception e) {
            fail(name, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        endOpenTransaction();
        return false;
    }

    /** After a failed check: rolls back, so its aborted transaction does not fail the next one. */
    private void endOpenTransaction() {
        try {
            if (tx != null && !tx.isClosed()) tx.rollback();
        } catch (SQLException e) {
            System.err.println("rollback after the failed check: " + e.getMessage());
        }
    }

    private void fail(String name, String why) {
        System.out.println("FAIL " + name + ": " + why.replaceAll("\\s+", " "));
        failed++;
    }

    private static void expectEqual(Object actual, Object expected, String what) throws CheckFailed {
        if (!Objects.deepEquals(actual, expected)) {
            throw new CheckFailed(what + ": expected " + show(expected) + ", got " + show(actual));
        }
    }

    private static void expect(boolean condition, String why) throws CheckFailed {
        if (!condition) {
            throw new CheckFailed(why);
        }
    }

    private static String show(Object value) {
        if (value instanceof int[]) return Arrays.toString((int[]) value);
        if (value instanceof byte[]) return Arrays.toString((byte[]) value);
        if (value instanceof Object[]) return Arrays.deepToString((Object[]) value);
        return String.valueOf(value);
    }

    /** Runs the statement, which must fail; returns its SQLState. */
    private static String sqlStateOf(Statement stmt, String sql) throws CheckFailed {
        try {
            stmt.execute(sql);
        } catch (SQLException e) {
            return e.getSQLState();
        }
        throw new CheckFailed("expected an error from: " + sql);
    }

    private static List<List<Object>> rows(ResultSet rs) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns; i++) row.add(rs.getObject(i));
            out.add(row);
        }
        return out;
    }

    private List<List<Object>> query(Connection c, String sql) throws SQLException {
        try (Statement stmt = c.createStatement(); ResultSet rs = stmt.executeQuery(sql)) {
            return rows(rs);
        }
    }

    private void connect() throws Exception {
        conn = DriverManager.getConnection(url);
        tx = DriverManager.getConnection(url);
        tx.setAutoCommit(false);
        expectEqual(query(conn, "SELECT 1"), List.of(List.of(1)), "SELECT 1");
        expect(conn.getMetaData().getDatabaseMajorVersion() >= 9, "server major version");
    }

    private void createTables() throws Exception {
        try (Statement stmt = conn.createStatement()) {
            stmt.execute("DROP TABLE IF EXISTS " + USERS + ", " + BULK);
            stmt.execute("CREATE TABLE " + USERS + " (id int PRIMARY KEY, name text NOT NULL, email text)");
            stmt.execute("CREATE TABLE " + BULK + " (id int, label varchar(20))");
        }
    }

    private void statement() throws Exception {
        try (Statement stmt = conn.createStatement()) {
            int inserted = stmt.executeUpdate("INSERT INTO " + USERS
                    + " VALUES (1, 'Alice', 'alice@example.com'), (2, 'Bob', NULL)");
            expectEqual(inserted, 2, "update count");
            try (ResultSet rs = stmt.executeQuery("SELECT id, name, email FROM " + USERS + " ORDER BY id")) {
                expect(rs.next(), "first row missing");
                expectEqual(rs.getInt("id"), 1, "id");
                expectEqual(rs.getString("name"), "Alice", "name");
                expectEqual(rs.getString("email"), "alice@example.com", "email");
                expect(rs.next(), "second row missing");
                expectEqual(rs.getString(3), null, "NULL email");
                expect(rs.wasNull(), "wasNull after the NULL email");
                expect(!rs.next(), "a third row");
            }
        }
    }

    private void resultSetMetaData() throws Exception {
        try (Statement stmt = conn.createStatement();
             ResultSet rs = stmt.executeQuery("SELECT id, name AS user_name, 1.5::float8 AS f FROM " + USERS)) {
            ResultSetMetaData md = rs.getMetaData();
            expectEqual(md.getColumnCount(), 3, "column count");
            expectEqual(md.getColumnLabel(2), "user_name", "label");
            expectEqual(new int[] {md.getColumnType(1), md.getColumnType(2), md.getColumnType(3)},
                    new int[] {Types.INTEGER, Types.VARCHAR, Types.DOUBLE}, "column types");
        }
    }

    private void preparedStatementRepeated() throws Exception {
        String payload = "'; DROP TABLE " + USERS + "; --";
        try (PreparedStatement insert = conn.prepareStatement("INSERT INTO " + USERS + " VALUES (?, ?, ?)")) {
            for (int id = 10; id < 18; id++) {   // 8 executions: crosses prepareThreshold
                insert.setInt(1, id);
                insert.setString(2, id == 13 ? payload : "user " + id);
                insert.setNull(3, Types.VARCHAR);
                expectEqual(insert.executeUpdate(), 1, "update count of execution " + id);
            }
        }
        try (PreparedStatement select = conn.prepareStatement(
                "SELECT name, id * 2 AS doubled, id::int8 AS big FROM " + USERS + " WHERE id = ?")) {
            for (int round = 0; round < 8; round++) {
                int id = 10 + round;
                select.setInt(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    expect(rs.next(), "no row in execution " + round);
                    expectEqual(rs.getString(1), id == 13 ? payload : "user " + id, "name in execution " + round);
                    expectEqual(rs.getInt(2), id * 2, "doubled in execution " + round);
                    expectEqual(rs.getLong(3), (long) id, "int8 in execution " + round);
                    expect(!rs.next(), "extra row in execution " + round);
                }
            }
        }
    }

    private void batchInsert() throws Exception {
        try (PreparedStatement insert = conn.prepareStatement("INSERT INTO " + BULK + " VALUES (?, ?)")) {
            for (int id = 1; id <= 100; id++) {
                insert.setInt(1, id);
                insert.setString(2, "row-" + id);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            int[] ones = new int[100];
            Arrays.fill(ones, 1);
            expectEqual(counts, ones, "batch update counts");
        }
        expectEqual(query(conn, "SELECT count(*), sum(id) FROM " + BULK), List.of(List.of(100L, 5050L)),
                "count and sum");
    }

    private void fetchSizeOnPortal() throws Exception {
        try (Statement stmt = tx.createStatement()) {
            stmt.setFetchSize(10);
            try (ResultSet rs = stmt.executeQuery("SELECT id, label FROM " + BULK + " ORDER BY id")) {
                int expected = 1;
                while (rs.next()) {
                    expectEqual(rs.getInt(1), expected, "id of row " + expected);
                    expectEqual(rs.getString(2), "row-" + expected, "label of row " + expected);
                    expected++;
                }
                expectEqual(expected - 1, 100, "rows fetched in batches of 10");
            }
        }
        tx.commit();
    }

    private void commitAndRollback() throws Exception {
        String find = "SELECT name FROM " + USERS + " WHERE id = 20";
        try (PreparedStatement insert = tx.prepareStatement("INSERT INTO " + USERS + " VALUES (?, ?, ?)")) {
            insert.setInt(1, 20);
            insert.setString(2, "David");
            insert.setString(3, "david@example.com");
            insert.executeUpdate();
        }
        expectEqual(query(conn, find), List.of(), "row seen by another session before commit");
        tx.commit();
        expectEqual(query(conn, find), List.of(List.of("David")), "row seen by another session after commit");

        try (Statement stmt = tx.createStatement()) {
            expectEqual(stmt.executeUpdate("UPDATE " + USERS + " SET name = 'Changed' WHERE id IN (1, 2)"), 2,
                    "update count");
        }
        tx.rollback();
        expectEqual(query(tx, "SELECT name FROM " + USERS + " WHERE id IN (1, 2) ORDER BY id"),
                List.of(List.of("Alice"), List.of("Bob")), "names after rollback");
        tx.commit();
    }

    private void savepoint() throws Exception {
        try (Statement stmt = tx.createStatement()) {
            stmt.executeUpdate("INSERT INTO " + USERS + " VALUES (30, 'kept', NULL)");
            Savepoint sp = tx.setSavepoint("clients_jdbc_sp");
            stmt.executeUpdate("INSERT INTO " + USERS + " VALUES (31, 'undone', NULL)");
            tx.rollback(sp);
            tx.commit();
        }
        expectEqual(query(conn, "SELECT id FROM " + USERS + " WHERE id IN (30, 31)"), List.of(List.of(30)),
                "ids after rollback to savepoint");
    }

    private void types() throws Exception {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT 9007199254740993::int8, 12.50::numeric(5,2), true, '2024-02-29'::date, "
                + "'\\x00ff'::bytea, ARRAY[1,2,3]::int4[], ?::text, ?::int4")) {
            ps.setString(1, "Zoë ✓");
            ps.setInt(2, -7);
            try (ResultSet rs = ps.executeQuery()) {
                expect(rs.next(), "no row");
                expectEqual(rs.getLong(1), 9007199254740993L, "int8");
                expectEqual(rs.getBigDecimal(2), new BigDecimal("12.50"), "numeric");
                expectEqual(rs.getBoolean(3), true, "bool");
                expectEqual(rs.getDate(4), Date.valueOf("2024-02-29"), "date");
                expectEqual(rs.getBytes(5), new byte[] {0, (byte) 0xff}, "bytea");
                Array array = rs.getArray(6);
                expectEqual(array.getArray(), new Integer[] {1, 2, 3}, "int4[]");
                expectEqual(rs.getString(7), "Zoë ✓", "text parameter");
                expectEqual(rs.getInt(8), -7, "int4 parameter");
            }
        }
    }

    private void sqlStates() throws Exception {
        try (Statement stmt = conn.createStatement()) {
            expectEqual(sqlStateOf(stmt, "SELEC 1"), "42601", "SQLState of a syntax error");
            expectEqual(sqlStateOf(stmt, "SELECT * FROM clients_jdbc_missing"), "42P01", "SQLState of a missing table");
            expectEqual(sqlStateOf(stmt, "INSERT INTO " + USERS + " VALUES (1, 'Again', NULL)"), "23505",
                    "SQLState of a duplicate key");
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT ?::int")) {
            ps.setString(1, "not a number");
            try {
                ps.executeQuery();
                throw new CheckFailed("a bad int parameter was accepted");
            } catch (SQLException e) {
                expectEqual(e.getSQLState(), "22P02", "SQLState of a bad parameter");
            }
        }
        expectEqual(query(conn, "SELECT 'usable'"), List.of(List.of("usable")), "query after the errors");
    }

    private void errorInTransaction() throws Exception {
        try (Statement stmt = tx.createStatement()) {
            expectEqual(sqlStateOf(stmt, "SELECT 1 / 0"), "22012", "SQLState of the division by zero");
            expectEqual(sqlStateOf(stmt, "SELECT 1"), "25P02", "SQLState in the failed transaction");
        }
        tx.rollback();
        expectEqual(query(tx, "SELECT count(*) FROM " + USERS), List.of(List.of(12L)), "count after rollback");
        tx.commit();
    }

    private void dropTables() throws Exception {
        try (Statement stmt = conn.createStatement()) {
            stmt.execute("DROP TABLE " + USERS + ", " + BULK);
        }
        conn.close();
        tx.close();
    }

    private int run() {
        if (check("connect", this::connect)) {
            check("create_tables", this::createTables);
            check("statement", this::statement);
            check("result_set_metadata", this::resultSetMetaData);
            check("prepared_statement_repeated", this::preparedStatementRepeated);
            check("batch_insert", this::batchInsert);
            check("fetch_size_on_portal", this::fetchSizeOnPortal);
            check("commit_and_rollback", this::commitAndRollback);
            check("savepoint", this::savepoint);
            check("types", this::types);
            check("sql_states", this::sqlStates);
            check("error_in_transaction", this::errorInTransaction);
            check("drop_tables", this::dropTables);
        }
        System.out.println(passed + " passed, " + failed + " failed");
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Test <jdbc url>");
            System.exit(2);
        }
        System.exit(new Test(args[0]).run());
    }
}
