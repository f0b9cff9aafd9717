package io.vigia.jobs.retention;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.vigia.common.db.Database;
import io.vigia.common.job.ResultWriter;
import io.vigia.common.json.Json;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.maintenance.ManagedTable;
import io.vigia.jobs.maintenance.Moves;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * `vigia restore --table T --from D --to D`: brings the archived rows of T (warm and cold, each
 * batch once) whose partition key lies in [from, to) back into PostgreSQL, into
 * {@code vigia_restore.T} (same columns as T): the live table is left alone, so the retention job
 * does not archive the restored rows a second time. Re-running replaces the range (idempotent).
 */
public final class Restore {
  private Restore() {}

  public record Result(String target, long rows) {}

  public static Result run(
      SparkSession spark, Settings s, Database db, String table, Instant from, Instant to)
      throws SQLException {
    ManagedTable t;
    List<String> tableCols;
    try (Connection c = db.connect()) {
      List<ManagedTable> all = ManagedTable.load(c);
      t = all.stream()
          .filter(x -> x.name().equals(table))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(
              "--table " + table + " is not in partition_management; known: "
                  + all.stream().map(ManagedTable::name).collect(Collectors.joining(", "))));
      if (!t.exists() || !t.timeKeyed()) {
        throw new IllegalArgumentException(
            "--table " + table + ": table missing or not keyed by a date/timestamp");
      }
      tableCols = ManagedTable.columns(c, table);
    }
    String target = "vigia_restore." + ManagedTable.q(table);
    String k = ManagedTable.q(t.key());
    String range = k + " >= " + t.literal(from) + " AND " + k + " < " + t.literal(to);
    Dataset<Row> archived = Archive.all(spark, s.lakeDir(), table);
    if (archived == null) {
      return load(db, s, table, from, to, target, range, null, "", 0);
    }
    List<String> have = Arrays.asList(archived.columns());
    List<String> cols = tableCols.stream().filter(have::contains).collect(Collectors.toList());
    String list = cols.stream().map(ManagedTable::q).collect(Collectors.joining(", "));
    String firstMonth =
        YearMonth.from(LocalDate.ofInstant(from, ZoneOffset.UTC)).toString();
    String lastMonth =
        YearMonth.from(LocalDate.ofInstant(to.minusNanos(1000), ZoneOffset.UTC)).toString();
    Column key = col("`" + t.key() + "`");
    Column keyFrom = t.keyType().equals("date")
        ? lit(java.sql.Date.valueOf(LocalDate.ofInstant(from, ZoneOffset.UTC)))
        : lit(from);
    Column keyTo = t.keyType().equals("date")
        ? lit(java.sql.Date.valueOf(LocalDate.ofInstant(to, ZoneOffset.UTC)))
        : lit(to);
    Dataset<Row> rows = archived
        .where(col(Archive.MONTH).geq(firstMonth).and(col(Archive.MONTH).leq(lastMonth)))
        .where(key.geq(keyFrom).and(key.lt(keyTo)))
        .select(cols.stream().map(x -> col("`" + x + "`")).toArray(Column[]::new));
    // typed like T (no constraints or defaults), unlogged: PostgreSQL parses the COPY text once
    String stagingName = "r_" + UUID.randomUUID().toString().replace("-", "") + "_" + table;
    String staging = "vigia_staging." + ManagedTable.q(stagingName);
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS vigia_staging");
      st.execute("CREATE UNLOGGED TABLE " + staging + " AS SELECT " + list + " FROM public."
          + ManagedTable.q(table) + " WITH NO DATA");
    }
    try {
      long copied = ResultWriter.copyInto(rows, db.sparkOptions(), "vigia_staging", stagingName);
      return load(db, s, table, from, to, target, range, staging, list, copied);
    } finally {
      try (Connection c = db.connect();
          Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + staging);
      }
    }
  }

  /**
   * One transaction: the range of the restore table replaced by the staged rows (none when nothing
   * is archived), refused unless it inserts as many rows as were copied, and the restore logged.
   */
  private static Result load(
      Database db,
      Settings s,
      String table,
      Instant from,
      Instant to,
      String target,
      String range,
      String staging,
      String columns,
      long copied)
      throws SQLException {
    long n = db.inTransaction(c -> {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA IF NOT EXISTS vigia_restore");
        st.execute("CREATE TABLE IF NOT EXISTS " + target + " (LIKE public." + ManagedTable.q(table)
            + " INCLUDING DEFAULTS)");
        st.executeUpdate("DELETE FROM " + target + " WHERE " + range);
        long inserted = 0;
        if (staging != null && !columns.isEmpty()) {
          inserted = st.executeUpdate("INSERT INTO " + target + " (" + columns + ") SELECT "
              + columns + " FROM " + staging);
          if (inserted != copied) {
            throw new IllegalStateException("restore of " + table + ": " + copied
                + " rows copied from the archives, " + inserted + " inserted into " + target);
          }
        }
        Moves.appendLog(
            c,
            table,
            Json.object()
                .put("at", Instant.now().toString())
                .put("action", "restore")
                .put("from", from.toString())
                .put("to", to.toString())
                .put("rows", inserted)
                .put("into", target),
            s.partitioning().logKeep());
        return inserted;
      }
    });
    return new Result(target, n);
  }
}
