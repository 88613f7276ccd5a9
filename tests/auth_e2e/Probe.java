// JDBC login probe: prints "ok" or "ERR <sqlstate>".
import java.sql.*;
public class Probe {
  public static void main(String[] a) {
    String url = "jdbc:postgresql://" + a[0] + ":" + a[1] + "/postgres?sslmode=disable";
    try (Connection c = DriverManager.getConnection(url, a[2], a[3]);
         ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
      rs.next();
      System.out.println(rs.getInt(1) == 1 ? "ok" : "ERR wrong-result");
    } catch (SQLException e) {
      System.out.println("ERR " + e.getSQLState());
    }
  }
}
