package io.vigia.common.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.to_json;

import io.vigia.common.db.CopyText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way results reach PostgreSQL. Spark's JDBC sink commits per partition and may insert
 * twice on a task retry, so Spark only writes staging tables (schema vigia_staging); then the
 * driver, in ONE transaction, replaces the run's scope in each target table from its staging table
 * (or upserts on the natural key, leaving human-owned columns alone), records the run in the
 * ledger, and commits. A run killed at any point before that commit leaves the previous results
 * intact. (dbt's delete+insert incremental strategy; Airflow's idempotent-task guidance.)
 */
public final class ResultWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);

  private final JobContext ctx;
  private final List<Staged> staged = new ArrayList<>();

  ResultWriter(JobContext ctx) {
    this.ctx = ctx;
  }

  private final List<InCommit> alsoInCommit = new ArrayList<>();

  /** A statement for the commit transaction; expectedRows < 0: any row count. */
  private record InCommit(String sql, List<Object> params, long expectedRows) {}

  /**
   * A statement run inside the commit transaction after the staged tables are applied and before the
   * ledger row (e.g. appending to a log column): it commits with the run's results or not at all.
   */
  public void alsoInCommit(String sql, List<Object> params) {
    alsoInCommit.add(
        new InCommit(sql, java.util.Collections.unmodifiableList(new ArrayList<>(params)), -1));
  }

  /**
   * As {@link #alsoInCommit(String, List)}, for a statement that must change exactly expectedRows rows
   * (say a DELETE whose count the job has already reported in its staged results): when it changes any
   * other number (the rows changed since the job counted them), the whole commit is rolled back and the
   * run fails, so what the run reports never disagrees with what it changed. A re-run counts again.
   */
  public void alsoInCommit(String sql, List<Object> params, long expectedRows) {
    if (expectedRows < 0) {
      throw new IllegalArgumentException("expectedRows must be >= 0, got " + expectedRows);
    }
    alsoInCommit.add(new InCommit(
        sql, java.util.Collections.unmodifiableList(new ArrayList<>(params)), expectedRows));
  }

  private record Staged(
      String table,
      String staging,
      Scope scope,
      List<String> keys,
      List<String> protectedCols,
      Scope staleCondition,
      long rows,
      boolean updateOnly) {}

  /** Stages rows that replace the table's rows in scope (delete + insert). */
  public long replace(String table, Dataset<Row> rows, Scope scope) {
    return stage(table, rows, scope, List.of(), List.of(), null, false);
  }

  /**
   * Stages rows upserted on the natural key: key columns identify a row, columns listed as
   * protected (owned by a human) are never overwritten. Rows in scope that the run no longer
   * produces are deleted only when staleCondition holds for them (e.g. nobody acknowledged them;
   * {@link Scope#NO_ROW}: never), a predicate with bound parameters like the scope.
   */
  public long upsert(
      String table,
      Dataset<Row> rows,
      Scope scope,
      List<String> keys,
      List<String> protectedCols,
      Scope staleCondition) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("upsert into " + table + " needs its natural key");
    }
    return stage(table, rows, scope, keys, protectedCols, staleCondition, false);
  }

  /**
   * Stages new values for some columns of rows that someone else owns (e.g. the result columns of
   * the platform's ab_experiments): on commit, each existing row in scope whose key matches a staged
   * row gets the staged non-key columns (and run_id, when the table has it). Nothing is inserted or
   * deleted, and columns that were not staged keep their values. The scope is evaluated on the
   * target rows; a staged key whose row is missing or has left the scope since it was read (the
   * platform deleted or stopped it) is skipped and logged, never written.
   */
  public long update(String table, Dataset<Row> rows, Scope scope, List<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("update of " + table + " needs its key");
    }
    return stage(table, rows, scope, keys, List.of(), null, true);
  }

  private long stage(
      String table,
      Dataset<Row> rows,
      Scope scope,
      List<String> keys,
      List<String> protectedCols,
      Scope staleCondition,
      boolean updateOnly) {
    Scope.q(table);
    Scope s = ctx.tenant().map(scope::andTenant).orElse(scope);
    // one staging table per stage call: a job may stage the same results table twice in a run
    long earlier = staged.stream().filter(x -> x.table.equals(table)).count();
    String staging = "vigia_staging.s_" + ctx.runId().toString().replace("-", "") + "_" + table
        + (earlier == 0 ? "" : "_" + (earlier + 1));
    ctx.describe("stage " + table);
    long t0 = System.nanoTime();
    Dataset<Row> plain = toJdbcFriendly(rows);
    Map<String, String> opts = new LinkedHashMap<>(ctx.db().sparkOptions());
    opts.put("dbtable", staging);
    opts.put("truncate", "false");
    Faults.haltIfRequested(ctx.settings(), Faults.STAGING);
    // The staging table is the one Spark's JDBC sink creates for these columns (its column types,
    // so apply casts the same values as ever); the rows go in by COPY, one per partition, several
    // times faster than the sink's batched INSERTs (1,000,000 feedback rows:
    // docs/jobs/feedback.md).
    plain.limit(0).write().format("jdbc").options(opts).mode(SaveMode.Overwrite).save();
    copy(
        plain,
        ctx.db().sparkOptions(),
        "vigia_staging",
        staging.substring("vigia_staging.".length()));
    Faults.haltIfRequested(ctx.settings(), Faults.STAGED);
    long n = count(staging);
    staged.add(new Staged(table, staging, s, keys, protectedCols, staleCondition, n, updateOnly));
    LOG.info("{}: staged {} rows for {} in {} in {} s", ctx.jobName(), n, table, staging, secs(t0));
    return n;
  }

  /** Timestamps as ISO-8601 UTC text and nested values as JSON, cast back by PostgreSQL on insert. */
  public static Dataset<Row> toJdbcFriendly(Dataset<Row> rows) {
    return plain(rows, false);
  }

  /**
   * As {@link #toJdbcFriendly}; with arraysAsText an array of plain values (not of structs, maps or
   * arrays) becomes an array of text (COPY writes it as an array literal) instead of JSON.
   */
  private static Dataset<Row> plain(Dataset<Row> rows, boolean arraysAsText) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      DataType t = f.dataType();
      Column c = col("`" + f.name() + "`");
      if (t instanceof TimestampType || t instanceof TimestampNTZType) {
        c = date_format(c, "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
      } else if (t instanceof ArrayType a
          && (a.elementType() instanceof org.apache.spark.sql.types.StringType
              || (arraysAsText
                  && !(a.elementType() instanceof StructType
                      || a.elementType() instanceof MapType
                      || a.elementType() instanceof ArrayType)))) {
        c = c.cast("array<string>");
      } else if (t instanceof StructType || t instanceof MapType || t instanceof ArrayType) {
        c = to_json(c);
      }
      cols.add(c.as(f.name()));
    }
    return rows.select(cols.toArray(new Column[0]));
  }

  /**
   * Copies the rows into the existing PostgreSQL table schema.table (columns named as the Dataset's)
   * with COPY FROM STDIN in text format, one COPY per Spark partition from its own connection, and
   * returns the rows PostgreSQL took. Each COPY is one statement, so a failed task leaves none of its
   * rows; values go as COPY text, never as SQL (timestamps as ISO-8601 UTC, nested values as JSON,
   * arrays as array literals, numerics as their plain decimal text). Like the JDBC sink it is for
   * staging tables: the caller moves the rows on in its own transaction.
   */
  public static long copyInto(
      Dataset<Row> rows, Map<String, String> jdbcOptions, String schema, String table) {
    return copy(plain(rows, true), jdbcOptions, schema, table);
  }

  /** As {@link #copyInto}, for rows already made plain (by {@link #plain}). */
  private static long copy(
      Dataset<Row> plainRows, Map<String, String> jdbcOptions, String schema, String table) {
    String sql = "COPY " + Scope.q(schema) + "." + Scope.q(table) + " ("
        + java.util.Arrays.stream(plainRows.columns())
            .map(Scope::q)
            .collect(Collectors.joining(", "))
        + ") FROM STDIN";
    Map<String, String> opts = new java.util.HashMap<>(jdbcOptions);
    List<Long> copied = plainRows
        .javaRDD()
        .mapPartitions(it -> List.of(copyPartition(opts, sql, it)).iterator())
        .collect();
    return copied.stream().mapToLong(Long::longValue).sum();
  }

  /** Copies the rows with the COPY statement over a connection of the Spark JDBC options; returns rows copied. */
  private static long copyPartition(Map<String, String> opts, String sql, Iterator<Row> rows)
      throws SQLException {
    Properties p = new Properties();
    if (opts.containsKey("user")) {
      p.setProperty("user", opts.get("user"));
    }
    if (opts.containsKey("password")) {
      p.setProperty("password", opts.get("password"));
    }
    try (Connection c = DriverManager.getConnection(opts.get("url"), p)) {
      String init = opts.get("sessionInitStatement");
      if (init != null) {
        try (Statement st = c.createStatement()) {
          st.execute(init);
        }
      }
      PGCopyOutputStream out = new PGCopyOutputStream(c.unwrap(PGConnection.class), sql, 1 << 16);
      try {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        StringBuilder line = new StringBuilder(512);
        while (rows.hasNext()) {
          line.setLength(0);
          CopyText.row(line, rows.next());
          w.append(line);
        }
        w.flush();
        return out.endCopy();
      } catch (IOException e) {
        out.cancelCopy();
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        if (out.isActive()) {
          out.cancelCopy();
        }
        throw e;
      }
    }
  }

  private long count(String staging) {
    try (Connection c = ctx.db().connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + staging)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows staged so far per table. */
  public Map<String, Long> stagedCounts() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Staged s : staged) {
      m.merge(s.table, s.rows, Long::sum);
    }
    return m;
  }

  /** Applies everything staged and records the run as succeeded, in one transaction. */
  void commit(JobResult result) throws SQLException {
    try {
      ctx.db().inTransaction(c -> {
        for (Staged s : staged) {
          apply(c, s);
        }
        for (InCommit e : alsoInCommit) {
          try (PreparedStatement ps = c.prepareStatement(e.sql())) {
            bind(ps, 1, e.params());
            if (e.expectedRows() < 0) {
              ps.execute();
            } else {
              long changed = ps.executeLargeUpdate();
              if (changed != e.expectedRows()) {
                throw new SQLException("job " + ctx.jobName() + " counted " + e.expectedRows()
                    + " rows for `" + e.sql() + "` but it changed " + changed
                    + " (the rows changed since the job read them)");
              }
            }
          }
        }
        RunLedger.succeed(c, ctx.runId(), result, ctx.delta().versions());
        Faults.haltIfRequested(ctx.settings(), Faults.BEFORE_COMMIT);
        return null;
      });
    } finally {
      dropStaging();
    }
  }

  void dropStaging() {
    if (staged.isEmpty()) {
      return;
    }
    try (Connection c = ctx.db().connect();
        Statement st = c.createStatement()) {
      for (Staged s : staged) {
        st.execute("DROP TABLE IF EXISTS " + s.staging);
      }
    } catch (SQLException e) {
      LOG.warn("could not drop staging tables of run {}: {}", ctx.runId(), e.getMessage());
    }
    staged.clear();
  }

  /** Drops the staging tables left by runs that died (their ids from the ledger). */
  static void dropStagingOf(io.vigia.common.db.Database db, List<java.util.UUID> runIds)
      throws SQLException {
    if (runIds.isEmpty()) {
      return;
    }
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      for (java.util.UUID id : runIds) {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps =
            c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = "
                + "'vigia_staging' AND tablename LIKE ?")) {
          ps.setString(1, "s_" + id.toString().replace("-", "") + "_%");
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              names.add(rs.getString(1));
            }
          }
        }
        for (String n : names) {
          st.execute("DROP TABLE IF EXISTS vigia_staging.\"" + n + "\"");
        }
      }
    }
  }

  private void apply(Connection c, Staged s) throws SQLException {
    Map<String, String> targetTypes = columnTypes(c, "public", s.table);
    if (targetTypes.isEmpty()) {
      throw new SQLException("results table " + s.table + " does not exist: run `vigia migrate`");
    }
    Map<String, String> stagingCols =
        columnTypes(c, "vigia_staging", s.staging.substring("vigia_staging.".length()));
    List<String> cols = new ArrayList<>();
    List<String> exprs = new ArrayList<>();
    for (String name : stagingCols.keySet()) {
      String type = targetTypes.get(name);
      if (type == null) {
        throw new SQLException(
            "job " + ctx.jobName() + " produced column " + name + " that " + s.table + " lacks");
      }
      cols.add(Scope.q(name));
      exprs.add("CAST(" + Scope.q(name) + " AS " + type + ") AS " + Scope.q(name));
    }
    List<Object> extraParams = new ArrayList<>();
    if (targetTypes.containsKey("run_id") && !stagingCols.containsKey("run_id")) {
      cols.add("\"run_id\"");
      exprs.add("CAST(? AS uuid) AS \"run_id\"");
      extraParams.add(ctx.runId().toString());
    }
    String typed = "SELECT " + String.join(", ", exprs) + " FROM " + s.staging;
    String colList = String.join(", ", cols);

    if (s.updateOnly) {
      applyUpdate(c, s, cols, typed, extraParams, targetTypes.keySet());
      return;
    }
    ensurePartitions(c, s, typed, extraParams);

    // Every staged row must lie in the run's scope: otherwise a re-run could not replace it.
    try (PreparedStatement ps = c.prepareStatement("WITH s AS (" + typed
        + ") SELECT count(*) FROM s WHERE (" + s.scope.sql() + ") IS NOT TRUE")) {
      int i = bind(ps, 1, extraParams);
      bind(ps, i, s.scope.params());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long outside = rs.getLong(1);
        if (outside > 0) {
          throw new SQLException("job " + ctx.jobName() + " staged " + outside + " rows for "
              + s.table + " outside its scope (" + s.scope.sql() + "); nothing was written");
        }
      }
    }

    long deleted;
    long written;
    if (s.keys.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM " + s.table + " WHERE " + s.scope.sql())) {
        bind(ps, 1, s.scope.params());
        deleted = ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO " + s.table + " (" + colList + ") " + typed)) {
        bind(ps, 1, extraParams);
        written = ps.executeUpdate();
      }
    } else {
      List<String> updatable = cols.stream()
          .filter(x -> !s.keys.contains(unq(x)) && !s.protectedCols.contains(unq(x)))
          .collect(Collectors.toList());
      String keyList = s.keys.stream().map(Scope::q).collect(Collectors.joining(", "));
      String set = updatable.isEmpty()
          ? "NOTHING"
          : "UPDATE SET "
              + updatable.stream()
                  .map(x -> x + " = EXCLUDED." + x)
                  .collect(Collectors.joining(", "));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s.table + " (" + colList
          + ") " + typed + " ON CONFLICT (" + keyList + ") DO " + set)) {
        bind(ps, 1, extraParams);
        written = ps.executeUpdate();
      }
      String match = s.keys.stream()
          .map(k -> "t." + Scope.q(k) + " IS NOT DISTINCT FROM s." + Scope.q(k))
          .collect(Collectors.joining(" AND "));
      // The outer WHERE sees only the target table t, so the scope's plain column names are t's.
      String sql = "WITH s AS (" + typed + ") DELETE FROM " + s.table + " t WHERE (" + s.scope.sql()
          + ") AND NOT EXISTS (SELECT 1 FROM s WHERE " + match + ")"
          + (s.staleCondition == null ? "" : " AND (" + s.staleCondition.sql() + ")");
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = bind(ps, 1, extraParams);
        i = bind(ps, i, s.scope.params());
        if (s.staleCondition != null) {
          bind(ps, i, s.staleCondition.params());
        }
        deleted = ps.executeUpdate();
      }
    }
    LOG.info(
        "{}: {} -> {} rows written, {} replaced rows removed",
        ctx.jobName(),
        s.table,
        written,
        deleted);
  }

  /** UPDATE ... FROM the staged rows, restricted to target rows in scope (see {@link #update}). */
  private void applyUpdate(
      Connection c,
      Staged s,
      List<String> cols,
      String typed,
      List<Object> extraParams,
      java.util.Set<String> targetCols)
      throws SQLException {
    for (String k : s.keys) {
      if (!cols.contains(Scope.q(k))) {
        throw new SQLException(
            "job " + ctx.jobName() + " staged rows for " + s.table + " without key column " + k);
      }
    }
    List<String> updatable =
        cols.stream().filter(x -> !s.keys.contains(unq(x))).collect(Collectors.toList());
    if (updatable.isEmpty()) {
      return;
    }
    // The staged columns under names the target lacks (s_0, s_1, ...), so that the scope's plain
    // column names can only mean the target row's: the scope is a condition on the row being
    // updated, checked again by PostgreSQL on the newest version of a row a concurrent transaction
    // changed, with no second scan of the table.
    String prefix = "s_";
    while (aliasTaken(prefix, cols.size(), targetCols)) {
      prefix = "_" + prefix;
    }
    List<String> alias = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      alias.add(Scope.q(prefix + i));
    }
    String set = updatable.stream()
        .map(x -> x + " = s." + alias.get(cols.indexOf(x)))
        .collect(Collectors.joining(", "));
    String match = s.keys.stream()
        .map(k -> "t." + Scope.q(k) + " = s." + alias.get(cols.indexOf(Scope.q(k))))
        .collect(Collectors.joining(" AND "));
    String sql = "UPDATE " + s.table + " t SET " + set + " FROM (" + typed + ") AS s ("
        + String.join(", ", alias) + ") WHERE " + match + " AND (" + s.scope.sql() + ")";
    // The UPDATE changes rows in the order its join yields them. A hash join bigger than work_mem
    // (from some 100,000 staged rows) splits into batches and yields them batch after batch, in
    // hash order, so every row's new index entries (an update is not HOT when an indexed column
    // changes) land on random pages of every index, and the heap is read in as many passes. A
    // merge join yields them in key order (a nested loop over the key index: in staging order), so
    // the index entries and heap reads of neighbouring rows share pages: 1,000,000 user_feedback
    // rows 40 s -> 17 s (docs/jobs/feedback.md). Hash joins are off for this statement only.
    String hashJoin = setting(c, "enable_hashjoin");
    setLocal(c, "enable_hashjoin", "off");
    long t0 = System.nanoTime();
    long written;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = bind(ps, 1, extraParams);
      bind(ps, i, s.scope.params());
      written = ps.executeUpdate();
    }
    setLocal(c, "enable_hashjoin", hashJoin);
    if (written < s.rows) {
      LOG.warn(
          "{}: {} of {} staged rows for {} matched no row in scope ({}) and were skipped",
          ctx.jobName(),
          s.rows - written,
          s.rows,
          s.table,
          s.scope.sql());
    }
    LOG.info("{}: {} -> {} rows updated in {} s", ctx.jobName(), s.table, written, secs(t0));
  }

  /** Whether one of the names prefix0 .. prefix(n-1) is a column of the target. */
  private static boolean aliasTaken(String prefix, int n, java.util.Set<String> targetCols) {
    for (int i = 0; i < n; i++) {
      if (targetCols.contains(prefix + i)) {
        return true;
      }
    }
    return false;
  }

  /** The current value of a setting. */
  private static String setting(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** Sets a setting until the end of the transaction (SET LOCAL). */
  private static void setLocal(Connection c, String name, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, true)")) {
      ps.setString(1, name);
      ps.setString(2, value);
      ps.execute();
    }
  }

  private static String secs(long t0) {
    return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
  }

  /** For a table partitioned by range, creates the monthly partitions its new rows need. */
  private void ensurePartitions(Connection c, Staged s, String typed, List<Object> extraParams)
      throws SQLException {
    String key = null;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT pg_get_partkeydef(c.oid) FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = ?")) {
      ps.setString(1, s.table);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getString(1) != null) {
          String def = rs.getString(1);
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("RANGE \\((\\w+)\\)").matcher(def);
          if (m.matches()) {
            key = m.group(1);
          }
        }
      }
    }
    if (key == null) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("WITH s AS (" + typed + ") SELECT vigia_ensure_monthly_partitions(?, "
            + "min(" + Scope.q(key) + ")::timestamptz, max(" + Scope.q(key)
            + ")::timestamptz + interval '1 microsecond') "
            + "FROM s HAVING count(*) > 0")) {
      int i = bind(ps, 1, extraParams);
      ps.setString(i, s.table);
      ps.execute();
    }
  }

  private static String unq(String quoted) {
    return quoted.replace("\"", "");
  }

  private static int bind(PreparedStatement ps, int start, List<Object> params)
      throws SQLException {
    int i = start;
    for (Object p : params) {
      ps.setObject(i++, p);
    }
    return i;
  }

  private static Map<String, String> columnTypes(Connection c, String schema, String table)
      throws SQLException {
    Map<String, String> m = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) "
            + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          m.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return m;
  }
}
