// Prints what pgjdbc's DatabaseMetaData answers for the schema in schema.sql, one line
// per row, so that compare.sh can diff Plinth's answers with PostgreSQL 15's. pgjdbc
// computes these from its own pg_catalog queries (pg_class, pg_attribute, pg_index,
// pg_constraint, information_schema._pg_expandarray...), so this checks those catalogs
// through a real client rather than our idea of them.
//
//   java -cp <classes>:postgresql.jar MetadataDump <jdbc-url> <schema.sql>
//
// Exits 1 when a metadata call fails; the failing call is printed in place of its rows.
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

public final class MetadataDump {
    private static final String SCHEMA = "meta";

    private interface Call {
        ResultSet run(DatabaseMetaData md) throws SQLException;
    }

    private static boolean failed = false;

    public static void main(String[] args) throws Exception {
        try (Connection conn = DriverManager.getConnection(args[0])) {
            runScript(conn, new String(Files.readAllBytes(Paths.get(args[1])), StandardCharsets.UTF_8));
            DatabaseMetaData md = conn.getMetaData();
            dump(md, "getTables", m -> m.getTables(null, SCHEMA, "%", null));
            dump(md, "getTables(TABLE only)", m -> m.getTables(null, SCHEMA, "%", new String[] {"TABLE"}));
            dump(md, "getColumns", m -> m.getColumns(null, SCHEMA, "%", "%"));
            for (String table : tables(md)) {
                dump(md, "getPrimaryKeys " + table, m -> m.getPrimaryKeys(null, SCHEMA, table));
                dump(md, "getImportedKeys " + table, m -> m.getImportedKeys(null, SCHEMA, table));
                dump(md, "getExportedKeys " + table, m -> m.getExportedKeys(null, SCHEMA, table));
                dump(md, "getIndexInfo " + table, m -> m.getIndexInfo(null, SCHEMA, table, false, false));
                dump(md, "getIndexInfo unique " + table, m -> m.getIndexInfo(null, SCHEMA, table, true, false));
            }
            dump(md, "getSchemas", m -> m.getSchemas(null, SCHEMA));
        }
        System.exit(failed ? 1 : 0);
    }

    // schema.sql: statements separated by semicolons at line ends; "--" lines are comments.
    private static void runScript(Connection conn, String script) throws SQLException {
        StringBuilder sql = new StringBuilder();
        try (Statement st = conn.createStatement()) {
            for (String line : script.split("\n")) {
                if (line.trim().startsWith("--")) continue;
                sql.append(line).append('\n');
                if (line.trim().endsWith(";")) {
                    st.execute(sql.toString());
                    sql.setLength(0);
                }
            }
        }
    }

    private static List<String> tables(DatabaseMetaData md) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, SCHEMA, "%", new String[] {"TABLE"})) {
            while (rs.next()) out.add(rs.getString("TABLE_NAME"));
        } catch (SQLException e) {
            System.out.println("getTables for the table list failed: " + e.getMessage());
            failed = true;
        }
        return out;
    }

    private static void dump(DatabaseMetaData md, String title, Call call) {
        System.out.println("== " + title);
        try (ResultSet rs = call.run(md)) {
            ResultSetMetaData rsmd = rs.getMetaData();
            int n = rsmd.getColumnCount();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) line.append(" | ");
                    line.append(rsmd.getColumnLabel(i)).append('=').append(rs.getString(i));
                }
                System.out.println(line);
            }
        } catch (SQLException e) {
            System.out.println("FAILED [" + e.getSQLState() + "] " + e.getMessage().split("\n")[0]);
            failed = true;
        }
    }
}
