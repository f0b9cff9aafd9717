package io.vigia.generate;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads the platform tables into PostgreSQL in ONE transaction: makes sure user_feedback has monthly
 * partitions for the covered range, deletes the generated tenants' earlier rows (observations first),
 * streams each file with COPY FROM STDIN and upserts the tenants' countries. A re-run with the same spec
 * leaves the same rows.
 *
 * <p>It never replaces what it did not write: every row it loads is recorded by key in
 * {@value #MARKS} (its own schema, outside the product's), and before deleting anything it refuses with
 * {@link ForeignRowsException} when any of {@link #TABLES} holds a row, of any tenant, that is not recorded
 * there — unless built with {@code replaceForeignRows} (the CLI's {@value #REPLACE_FLAG}). Keys survive
 * the jobs' updates (feedback processing, experiment verdicts, pseudonymisation); rows the jobs delete
 * only leave marks that the next load prunes.
 */
public final class JdbcPlatformSink implements PlatformSink {
  /** The tables a load replaces the generated tenants' rows of. */
  public static final List<String> TABLES = List.of(
      "ab_experiments",
      "ab_experiment_observations",
      "user_feedback",
      "tenant_budgets",
      "tenant_privacy_profile");
  /** The option of `vigia generate` and `vigia demo` that allows replacing rows the generator did not write. */
  public static final String REPLACE_FLAG = "--replace-demo-tenants";
  /** Keys of the rows the generator wrote: (table_name, row_key). */
  public static final String MARKS = "vigia_demo.generated_rows";
  /** Row key per table (constant SQL expressions over the table's primary key; ids never change on update). */
  private static final Map<String, String> KEYS = Map.of(
      "ab_experiments", "t.id",
      "ab_experiment_observations", "t.id::text",
      "user_feedback", "t.id::text",
      "tenant_budgets", "t.tenant_id || '/' || t.valid_from::text",
      "tenant_privacy_profile", "t.tenant_id");
  /** At most this many foreign rows are counted per table (the message says "N+"). */
  private static final int COUNT_LIMIT = 1000;

  /** The database holds rows of {@link #TABLES} the generator did not write. */
  public static final class ForeignRowsException extends IllegalArgumentException {
    public ForeignRowsException(String message) {
      super(message);
    }
  }

  private final Connection connection;
  private final boolean replaceForeignRows;
  private long[] copied = new long[3];

  /** A sink that refuses a database holding rows it did not write. */
  public JdbcPlatformSink(Connection connection) {
    this(connection, false);
  }

  /** With {@code replaceForeignRows}, the generated tenants' rows are replaced whoever wrote them. */
  public JdbcPlatformSink(Connection connection, boolean replaceForeignRows) {
    this.connection = connection;
    this.replaceForeignRows = replaceForeignRows;
  }

  /** Rows copied by the last load: experiments, observations, feedback. */
  public long[] copiedRows() {
    return copied.clone();
  }

  /**
   * Per table of {@link #TABLES}, the rows the generator did not write, e.g. "user_feedback: 1 row
   * (tenant t001)"; empty when there are none. Reads only (creates nothing); a table not created yet
   * (schema not migrated) has none.
   */
  public static List<String> foreignRows(Connection c) throws SQLException {
    boolean marks = exists(c, MARKS);
    List<String> out = new ArrayList<>();
    for (String table : TABLES) {
      if (!exists(c, table)) {
        continue;
      }
      String unmarked = marks
          ? " WHERE NOT EXISTS (SELECT 1 FROM " + MARKS
              + " g WHERE g.table_name = ? AND g.row_key = " + KEYS.get(table) + ")"
          : "";
      String sql =
          "SELECT count(*), min(tenant_id), count(DISTINCT tenant_id) FROM (SELECT t.tenant_id FROM "
              + table + " t" + unmarked + " LIMIT ?) f";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        if (marks) {
          ps.setString(i++, table);
        }
        ps.setInt(i, COUNT_LIMIT);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long n = rs.getLong(1);
          if (n > 0) {
            long tenants = rs.getLong(3);
            out.add(table + ": " + n + (n >= COUNT_LIMIT ? "+" : "") + (n == 1 ? " row" : " rows")
                + " (tenant " + rs.getString(2)
                + (tenants > 1 ? " and " + (tenants - 1) + " more" : "") + ")");
          }
        }
      }
    }
    return out;
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Throws {@link ForeignRowsException} when {@link #foreignRows} finds any. */
  public static void refuseForeignRows(Connection c) throws SQLException {
    List<String> foreign = foreignRows(c);
    if (!foreign.isEmpty()) {
      throw new ForeignRowsException(
          "refusing to load generated data: the database holds rows vigia generate/demo "
              + "did not write (" + String.join(", ", foreign)
              + "), and loading replaces the generated tenants' rows of "
              + String.join(", ", TABLES) + "; use an empty database, or add " + REPLACE_FLAG
              + " to replace them");
    }
  }

  @Override
  public void load(PlatformTables tables) throws IOException, SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT vigia_ensure_monthly_partitions('user_feedback', ?::timestamptz, ?::timestamptz)")) {
        ps.setObject(1, tables.coveredFrom().atOffset(ZoneOffset.UTC));
        ps.setObject(2, tables.coveredUntil().atOffset(ZoneOffset.UTC));
        ps.execute();
      }
      if (!replaceForeignRows) {
        refuseForeignRows(connection); // before anything is written: a refusal changes nothing
      }
      try (Statement st = connection.createStatement()) {
        st.execute("CREATE SCHEMA IF NOT EXISTS vigia_demo");
        st.execute("CREATE TABLE IF NOT EXISTS " + MARKS
            + " (table_name text NOT NULL, row_key text NOT NULL, "
            + "PRIMARY KEY (table_name, row_key))");
        st.execute("COMMENT ON TABLE " + MARKS
            + " IS 'rows written by vigia generate/demo (io.vigia.generate."
            + "JdbcPlatformSink): it refuses to replace rows not listed here without "
            + REPLACE_FLAG + "'");
        st.execute("LOCK TABLE " + MARKS + " IN EXCLUSIVE MODE"); // one load at a time
      }
      Array tenants = connection.createArrayOf("text", tables.tenantIds().toArray());
      for (String table :
          List.of("ab_experiment_observations", "user_feedback", "ab_experiments")) {
        unmarkAndDelete(table, tenants);
      }
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      long[] n = new long[3];
      n[0] = copy(copy, "ab_experiments", PlatformTables.EXPERIMENT_COLUMNS, tables.experiments());
      n[1] = copy(
          copy,
          "ab_experiment_observations",
          PlatformTables.OBSERVATION_COLUMNS,
          tables.observations());
      n[2] = copy(copy, "user_feedback", PlatformTables.FEEDBACK_COLUMNS, tables.feedback());
      List<String> written =
          new ArrayList<>(List.of("ab_experiments", "ab_experiment_observations", "user_feedback"));
      if (Files.isRegularFile(tables.budgets())) {
        unmarkAndDelete("tenant_budgets", tenants);
        copy(copy, "tenant_budgets", PlatformTables.BUDGET_COLUMNS, tables.budgets());
        written.add("tenant_budgets");
      }
      if (!tables.countries().isEmpty()) {
        try (PreparedStatement ps = connection.prepareStatement(
            "INSERT INTO tenant_privacy_profile (tenant_id, country) VALUES (?, ?) "
                + "ON CONFLICT (tenant_id) DO UPDATE SET country = EXCLUDED.country, updated_at = now()")) {
          for (Map.Entry<String, String> e : tables.countries().entrySet()) {
            ps.setString(1, e.getKey());
            ps.setString(2, e.getValue());
            ps.addBatch();
          }
          ps.executeBatch();
        }
        written.add("tenant_privacy_profile");
      }
      for (String table : written) {
        mark(table, tenants);
      }
      connection.commit();
      copied = n;
    } catch (SQLException | IOException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Deletes the tenants' rows of {@code table} and their marks, and the marks of rows gone since (jobs' deletes). */
  private void unmarkAndDelete(String table, Array tenants) throws SQLException {
    String key = KEYS.get(table);
    try (PreparedStatement ps =
        connection.prepareStatement("DELETE FROM " + MARKS + " g WHERE g.table_name = ? AND "
            + "(g.row_key IN (SELECT " + key + " FROM " + table + " t WHERE t.tenant_id = ANY(?)) "
            + "OR NOT EXISTS (SELECT 1 FROM " + table + " t WHERE " + key + " = g.row_key))")) {
      ps.setString(1, table);
      ps.setArray(2, tenants);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        connection.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ANY(?)")) {
      ps.setArray(1, tenants);
      ps.executeUpdate();
    }
  }

  /** Records the tenants' rows of {@code table} as written by the generator. */
  private void mark(String table, Array tenants) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO " + MARKS + " (table_name, row_key) SELECT ?, " + KEYS.get(table) + " FROM "
            + table + " t WHERE t.tenant_id = ANY(?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, table);
      ps.setArray(2, tenants);
      ps.executeUpdate();
    }
  }

  private static long copy(CopyManager copy, String table, List<String> columns, Path file)
      throws SQLException, IOException {
    String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT text)";
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return copy.copyIn(sql, reader, 1 << 16);
    }
  }
}
