package io.vigia.common.testing;

import io.vigia.common.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tests' plain JDBC (common's and, through the test-jar, the jobs' and the demo's): run statements,
 * read a query's result as text; one connection per call unless one is given.
 */
public final class Jdbc {
  private Jdbc() {}

  /** Runs the statements in order on one connection (auto-commit). */
  public static void exec(Database db, String... sql) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  /** The first column of the first row, or null when there is no row. */
  public static String scalar(Database db, String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return scalar(c, sql);
    }
  }

  /** {@link #scalar} on an open connection (inside its transaction). */
  public static String scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** {@link #scalar} as a number (a {@code SELECT count(*)}, a sum). */
  public static long count(Database db, String sql) throws SQLException {
    return Long.parseLong(scalar(db, sql));
  }

  /** The first column of every row, in the query's order. */
  public static List<String> column(Database db, String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return column(c, sql);
    }
  }

  /** {@link #column} on an open connection. */
  public static List<String> column(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    for (List<String> row : rows(c, sql)) {
      out.add(row.get(0));
    }
    return out;
  }

  /**
   * Every row as a map from column label to the value's text ({@code getObject(i).toString()}, so a
   * boolean reads "true"; null stays null), in the query's order.
   */
  public static List<Map<String, String>> records(Database db, String sql) throws SQLException {
    List<Map<String, String>> out = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = rs.getObject(i);
          m.put(md.getColumnLabel(i), v == null ? null : v.toString());
        }
        out.add(m);
      }
    }
    return out;
  }

  /** Every row, each as its columns' text. */
  public static List<List<String>> rows(Database db, String sql) throws SQLException {
    try (Connection c = db.connect()) {
      return rows(c, sql);
    }
  }

  /** {@link #rows} on an open connection. */
  public static List<List<String>> rows(Connection c, String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }
}
