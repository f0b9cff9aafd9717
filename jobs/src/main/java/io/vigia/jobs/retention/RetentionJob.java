package io.vigia.jobs.retention;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.db.Database;
import io.vigia.common.job.DeltaSink;
import io.vigia.common.job.Faults;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.json.Json;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.maintenance.ManagedTable;
import io.vigia.jobs.maintenance.Moves;
import io.vigia.jobs.retention.RetentionPlan.HotInventory;
import io.vigia.jobs.retention.RetentionPlan.Limits;
import io.vigia.jobs.retention.RetentionPlan.Slice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention tiers of the design (90 days hot, 1 year warm, 7 years cold), counted back from the
 * run's window end. For each range-partitioned table of partition_management:
 * <ol>
 *   <li>hot -> warm: each month whose end is older than the hot limit (its monthly partition, or its
 *   rows in the default partition; for privacy_audit_log also low-risk events past the shorter
 *   low-risk limit) is exported to the warm Delta archive (read once from PostgreSQL, the checksum of
 *   the rows read summed as they are written), verified (PostgreSQL's count of the slice, and count
 *   and checksum of the rows read vs the archive read back), and only then detached and dropped (or
 *   its rows deleted), in one transaction with the move's ledger row and its maintenance_log entry.
 *   The source relation is held in SHARE mode from before the export to that commit, so no write
 *   slips in between.</li>
 *   <li>warm -> cold: warm months past the warm limit are rewritten into the cold archive (zstd files
 *   of at most cold-rows-per-file rows, one writing task per core for big months), verified per
 *   batch, then deleted from warm.</li>
 *   <li>cold -> deleted: cold months past the cold limit are deleted and the archives vacuumed.</li>
 * </ol>
 * Every step is idempotent: a run killed anywhere leaves the source intact or the move finished,
 * and the next run resumes the open move with the same batch, so nothing is lost or duplicated.
 */
public final class RetentionJob implements Job {
  public static final String NAME = "retention";
  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
  /** A cold write uses more than one task (up to one per core) only for months of at least this many rows per task. */
  static final long MIN_ROWS_PER_COLD_TASK = 100_000;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "retention tiers: PostgreSQL partitions past the hot limit -> verified Delta warm archive -> cold -> deleted";
  }

  /** Running totals of the run. */
  static final class Totals {
    long in;
    long ok;
    long quarantined;
    long warmRows;
    long coldRows;
    long deletedRows;
    long partitionsDropped;
    final List<String> notes = new ArrayList<>();
  }

  /** Partitions and retention act on whole tables (every tenant's rows): --tenant is refused, not ignored. */
  @Override
  public boolean acceptsTenant() {
    return false;
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE
        .enabledBy("vigia.retention.enabled")
        .directWrites(
            "PostgreSQL and Delta lake/archive/{warm,cold}/TABLE: each month moves in steps recorded in "
                + "retention_moves (export, verify, then drop or delete in its own transaction); a killed run is "
                + "resumed from the last recorded step by the next one, nothing lost or duplicated");
  }

  /**
   * For each managed table: plan (a pure function of the settings and the table's inventory, see
   * {@link RetentionPlan}) -> move (archive, verify, then drop or delete, each step recorded in
   * retention_moves) tier by tier, each tier's inventory read after the previous tier moved -> record.
   */
  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Totals t = new Totals();
    for (ManagedTable table : tables(ctx)) {
      String skipped = RetentionPlan.skipped(table);
      if (skipped != null) {
        t.notes.add(table.name() + ": " + skipped);
        continue;
      }
      Limits lim = Limits.of(ctx.settings(), table, ctx.window().end());
      for (Slice slice : RetentionPlan.hotToWarm(table, lim, hotInventory(ctx, table, lim))) {
        moveToWarm(ctx, table, slice, t);
      }
      // only the warm -> cold and cold -> deleted steps leave removed files behind for VACUUM
      boolean archiveChanged = false;
      Archived warm = archived(ctx, table, "warm", "cold");
      if (warm != null) {
        archiveChanged |= finishVanished(ctx, table, warm, t);
        for (String month : RetentionPlan.due(warm.months(), lim.warm())) {
          moveToCold(ctx, table, month, t);
          archiveChanged = true;
        }
      }
      Archived cold = archived(ctx, table, "cold", "deleted");
      if (cold != null) {
        archiveChanged |= finishVanished(ctx, table, cold, t);
        for (String month : RetentionPlan.due(cold.months(), lim.cold())) {
          deleteCold(ctx, table, month, t);
          archiveChanged = true;
        }
      }
      if (archiveChanged) {
        vacuum(ctx, table);
      }
    }
    return result(t);
  }

  private static JobResult result(Totals t) {
    Map<String, Long> outputs = new LinkedHashMap<>();
    outputs.put("warm_rows", t.warmRows);
    outputs.put("cold_rows", t.coldRows);
    outputs.put("deleted_rows", t.deletedRows);
    outputs.put("partitions_dropped", t.partitionsDropped);
    String msg = String.format(
        "hot->warm %d rows (%d partitions dropped), warm->cold %d, deleted %d%s",
        t.warmRows,
        t.partitionsDropped,
        t.coldRows,
        t.deletedRows,
        t.notes.isEmpty() ? "" : "; " + String.join("; ", t.notes));
    return JobResult.of(t.in, t.ok, t.quarantined, outputs, msg);
  }

  // ------------------------------------------------------------------------------------------
  // inventory

  private static List<ManagedTable> tables(JobContext ctx) throws SQLException {
    try (Connection c = ctx.db().connect()) {
      return ManagedTable.load(c);
    }
  }

  /** The table's leaves, the months of its default leaves and, for a low-risk cut, the low-risk months. */
  private static HotInventory hotInventory(JobContext ctx, ManagedTable table, Limits lim)
      throws SQLException {
    Map<String, List<LocalDate>> months = new LinkedHashMap<>();
    Map<String, List<LocalDate>> lowRisk = new LinkedHashMap<>();
    try (Connection c = ctx.db().connect()) {
      List<ManagedTable.Leaf> leaves = table.leaves(c);
      for (ManagedTable.Leaf leaf : leaves) {
        if (leaf.isDefault()) {
          months.put(leaf.relname(), months(c, table, leaf.relname(), "true"));
        }
        if (lim.lowRiskCut() != null && RetentionPlan.lowRiskCandidate(leaf, lim)) {
          lowRisk.put(
              leaf.relname(),
              months(
                  c,
                  table,
                  leaf.relname(),
                  ManagedTable.q(table.key()) + " < " + table.literal(lim.lowRiskCut()) + " AND "
                      + RetentionPlan.LOW_RISK));
        }
      }
      return new HotInventory(leaves, months, lowRisk);
    }
  }

  /** An archive's months and the open moves out of it (null when there is no archive). */
  record Archived(String from, String to, List<String> months, List<Moves.Move> open) {}

  private static Archived archived(JobContext ctx, ManagedTable table, String from, String to)
      throws SQLException {
    String path = from.equals("warm")
        ? Archive.warm(ctx.settings().lakeDir(), table.name())
        : Archive.cold(ctx.settings().lakeDir(), table.name());
    if (!Archive.exists(ctx.spark(), path)) {
      return null;
    }
    List<String> months = monthsIn(ctx, path);
    return new Archived(from, to, months, Moves.openMoves(ctx.db(), table.name(), from, to));
  }

  /** The UTC months that have rows in a relation matching a predicate. */
  private static List<LocalDate> months(
      Connection c, ManagedTable table, String relname, String where) throws SQLException {
    String k = ManagedTable.q(table.key());
    String month = table.keyType().startsWith("timestamp with")
        ? "date_trunc('month', " + k + " AT TIME ZONE 'UTC')"
        : "date_trunc('month', " + k + ")";
    List<LocalDate> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT DISTINCT " + month + "::date FROM public."
            + ManagedTable.q(relname) + " WHERE " + where + " ORDER BY 1")) {
      while (rs.next()) {
        out.add(rs.getDate(1).toLocalDate());
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ hot
  // -> warm

  /**
   * Moves one slice to warm: exports it under the SHARE lock, verifies the copy, then drops the partition
   * (or deletes the rows) in the transaction that records the move; a slice with unsafe numerics is refused.
   */
  /** A hot -> warm move's outcome: the rows moved, or the slice's rows and why it was refused. */
  private record WarmMove(String refused, long rows) {}

  private void moveToWarm(JobContext ctx, ManagedTable table, Slice slice, Totals t)
      throws Exception {
    Settings s = ctx.settings();
    Database db = ctx.db();
    String rel = "public." + ManagedTable.q(slice.relation());
    String k = ManagedTable.q(table.key());
    String lo = table.literal(slice.month());
    String hi = table.literal(slice.month().plusMonths(1));
    String where = k + " >= " + lo + " AND " + k + " < " + hi
        + (slice.extraPredicate() == null ? "" : " AND " + slice.extraPredicate());
    String month = YearMonth.from(slice.month()).toString();
    String path = Archive.warm(s.lakeDir(), table.name());
    Moves.Move mv = Moves.open(
        db,
        table.name(),
        "hot",
        "warm",
        slice.month(),
        slice.relation(),
        slice.selection(),
        ctx.runId());
    String label = table.name() + " " + month + " (" + slice.relation() + ", " + slice.selection()
        + ", move " + mv.id() + ")";
    WarmMove moved = db.inTransaction(tx -> {
      List<String> cols = ManagedTable.columns(tx, table.name());
      exec(tx, "LOCK TABLE " + rel + " IN SHARE MODE");
      String refused = unsafeNumeric(tx, table, rel, where);
      if (refused != null) {
        // nothing written: the commit only releases the lock
        return new WarmMove(refused, count(tx, rel, where));
      }
      String select =
          "SELECT " + cols.stream().map(ManagedTable::q).collect(Collectors.joining(", "))
              + " FROM " + rel + " WHERE " + where;
      String loB = slice.month().toString();
      String hiB = slice.month().plusMonths(1).toString();
      ctx.describe("retention export " + label);
      LOG.info("retention: exporting {} to {}", label, path);
      // one read of PostgreSQL: the checksum of the rows read is summed as they are written (see
      // docs/jobs/retention.md, "why one read is enough")
      Archive.Tee read = new Archive.Tee();
      ctx.spark().sparkContext().register(read, "retention read " + label);
      ctx.delta()
          .replace(
              path,
              Archive.tee(
                      Archive.readJdbc(
                          ctx.spark(), db, select, table.key(), loB, hiB, slice.estimate()),
                      cols,
                      read)
                  .withColumn(Archive.MONTH, lit(month))
                  .withColumn(Archive.BATCH, lit(mv.batch())),
              col(Archive.MONTH).equalTo(month).and(col(Archive.BATCH).equalTo(mv.batch())),
              Map.of("mergeSchema", "true", DeltaSink.UNSORTED, "true"),
              Archive.MONTH);
      String src = read.value();
      Moves.status(db, mv.id(), "exported", null, null, null);
      Faults.haltIfRequested(s, "retention.hot.after-export");

      ctx.describe("retention verify " + label);
      // the count again by PostgreSQL itself: a row the key-range split missed cannot pass (a
      // partition to drop is counted whole: what the drop takes away is what was verified)
      long held = count(tx, rel, slice.dropPartition() ? "true" : where);
      if (held != Archive.countOf(src)) {
        throw new IllegalStateException("retention: " + label + " holds " + held
            + " rows in PostgreSQL, Spark read " + Archive.countOf(src) + "; nothing was dropped");
      }
      String dst = Archive.checksum(
          ctx.spark()
              .read()
              .format("delta")
              .load(path)
              .where(col(Archive.MONTH).equalTo(month).and(col(Archive.BATCH).equalTo(mv.batch()))),
          cols);
      if (!src.equals(dst)) {
        throw new IllegalStateException("retention: the warm copy of " + label
            + " does not match PostgreSQL " + "(rows:checksum " + src + " in PostgreSQL vs " + dst
            + " in " + path + "); nothing was dropped");
      }
      long n = Archive.countOf(src);
      Moves.status(db, mv.id(), "verified", n, src, null);
      Faults.haltIfRequested(s, "retention.hot.after-verify");

      if (slice.dropPartition()) {
        // counted whole above, in this transaction, under the SHARE lock: it still holds n rows
        exec(tx, "ALTER TABLE " + table.qname() + " DETACH PARTITION " + rel);
        exec(tx, "DROP TABLE " + rel);
      } else {
        long deleted;
        try (Statement st = tx.createStatement()) {
          deleted = st.executeUpdate("DELETE FROM " + rel + " WHERE " + where);
        }
        if (deleted != n) {
          throw new IllegalStateException(
              "retention: " + label + " deleted " + deleted + " rows, " + n + " verified");
        }
      }
      Moves.done(tx, mv.id(), n, src, ctx.runId());
      ObjectNode e = Moves.logEntry(ctx, "archive_hot_to_warm")
          .put("month", month)
          .put("source", slice.relation())
          .put("selection", slice.selection())
          .put("rows", n)
          .put("checksum", src)
          .put("move_id", mv.id())
          .put("partition_dropped", slice.dropPartition())
          .put("archive", path);
      Moves.appendLog(tx, table.name(), e, s.partitioning().logKeep());
      Faults.haltIfRequested(s, "retention.hot.before-commit");
      return new WarmMove(null, n);
    });
    t.in += moved.rows();
    if (moved.refused() != null) {
      t.quarantined += moved.rows();
      t.notes.add(label + ": " + moved.refused());
      LOG.warn("retention: {} refused: {}", label, moved.refused());
      return;
    }
    LOG.info(
        "retention: {} -> warm: {} rows, {}",
        label,
        moved.rows(),
        slice.dropPartition() ? "partition dropped" : "rows deleted");
    t.ok += moved.rows();
    t.warmRows += moved.rows();
    if (slice.dropPartition()) {
      t.partitionsDropped++;
    }
    Faults.haltIfRequested(s, "retention.hot.after-commit");
  }

  /**
   * Unconstrained numeric columns travel as Spark decimal(38,18): refuse a slice with values that
   * would not survive that (more than 18 decimals or 20 integer digits) rather than round them.
   */
  private static String unsafeNumeric(Connection tx, ManagedTable table, String rel, String where)
      throws SQLException {
    List<String> numeric = new ArrayList<>();
    try (PreparedStatement ps =
        tx.prepareStatement("SELECT a.attname FROM pg_attribute a WHERE a.attrelid = "
            + "to_regclass('public.' || quote_ident(?)) AND a.attnum > 0 AND NOT a.attisdropped "
            + "AND format_type(a.atttypid, a.atttypmod) = 'numeric'")) {
      ps.setString(1, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          numeric.add(rs.getString(1));
        }
      }
    }
    for (String c : numeric) {
      String q = ManagedTable.q(c);
      try (Statement st = tx.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM " + rel + " WHERE (" + where
              + ") AND (scale(" + q + ") > 18 OR abs(" + q + ") >= 1e20)")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return rs.getLong(1) + " value(s) of numeric column " + c
              + " have more than 18 decimals or 20 integer "
              + "digits and would not archive exactly; round them or give the column a precision";
        }
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------ warm
  // -> cold

  /**
   * Rewrites a warm month into the cold archive (with the cold rows of other batches kept), verifies
   * it per batch, then deletes it from warm.
   */
  private void moveToCold(JobContext ctx, ManagedTable table, String month, Totals t)
      throws Exception {
    Settings s = ctx.settings();
    String warm = Archive.warm(s.lakeDir(), table.name());
    String cold = Archive.cold(s.lakeDir(), table.name());
    LocalDate m = YearMonth.parse(month).atDay(1);
    Moves.Move mv =
        Moves.open(ctx.db(), table.name(), "warm", "cold", m, "warm", "all", ctx.runId());
    String label = table.name() + " " + month + " (warm -> cold, move " + mv.id() + ")";
    ctx.describe("retention compact " + label);
    Dataset<Row> warmMonth =
        ctx.spark().read().format("delta").load(warm).where(col(Archive.MONTH).equalTo(month));
    List<String> cols = dataColumns(warmMonth);
    // one pass over the warm month gives its batches, their counts and the checksums the cold copy
    // must reproduce (the warm month is read again only by the write)
    Map<String, String> src = Archive.checksumByBatch(warmMonth, cols);
    List<String> batches = src.keySet().stream().sorted().collect(Collectors.toList());
    Column ofBatches =
        col(Archive.MONTH).equalTo(month).and(col(Archive.BATCH).isin(batches.toArray()));
    Dataset<Row> merged = ctx.spark().read().format("delta").load(warm).where(ofBatches);
    long rows = src.values().stream().mapToLong(Archive::countOf).sum();
    if (Archive.exists(ctx.spark(), cold)) {
      Dataset<Row> keep = ctx.spark()
          .read()
          .format("delta")
          .load(cold)
          .where(col(Archive.MONTH)
              .equalTo(month)
              .and(col(Archive.BATCH).isin(batches.toArray()).unary_$bang()));
      rows += keep.count();
      merged = keep.unionByName(merged, true);
    }
    long perFile = s.retention().coldRowsPerFile();
    int files = (int) Math.max(1, (rows + perFile - 1) / perFile);
    // as many writing tasks as cores once the month is big enough, each file at most perFile rows;
    // coalesce merges the read's splits without a shuffle
    int tasks = (int) Math.max(
        files,
        Math.min(
            ctx.spark().sparkContext().defaultParallelism(),
            (rows + MIN_ROWS_PER_COLD_TASK - 1) / MIN_ROWS_PER_COLD_TASK));
    LOG.info(
        "retention: compacting {} ({} rows with the cold rows kept) by {} task(s), at most {} rows per file",
        label,
        rows,
        tasks,
        perFile);
    ctx.delta()
        .replace(
            cold,
            merged.coalesce(tasks),
            col(Archive.MONTH).equalTo(month),
            Map.of(
                "mergeSchema",
                "true",
                "maxRecordsPerFile",
                Long.toString(perFile),
                DeltaSink.COMPRESSION,
                "zstd",
                DeltaSink.UNSORTED,
                "true"),
            Archive.MONTH);
    Moves.status(ctx.db(), mv.id(), "exported", null, null, null);
    Faults.haltIfRequested(s, "retention.warm.after-cold-write");

    ctx.describe("retention cold verify " + label);
    Map<String, String> dst = Archive.checksumByBatch(
        ctx.spark().read().format("delta").load(cold).where(ofBatches), cols);
    if (!src.equals(dst)) {
      throw new IllegalStateException("retention: the cold copy of " + label
          + " does not match warm (" + src + " vs " + dst + "); warm was kept");
    }
    long n = src.values().stream().mapToLong(Archive::countOf).sum();
    String details = Json.write(Json.object().set("batches", Json.MAPPER.valueToTree(src)));
    Moves.status(ctx.db(), mv.id(), "verified", n, null, details);
    Faults.haltIfRequested(s, "retention.warm.after-verify");
    ctx.describe("retention warm delete " + label);
    ctx.delta().delete(warm, ofBatches);
    Faults.haltIfRequested(s, "retention.warm.after-warm-delete");
    finish(ctx, table, mv, n, "archive_warm_to_cold", t);
    t.in += n;
    t.ok += n;
    t.coldRows += n;
  }

  // ------------------------------------------------------------------------------------------ cold
  // -> deleted

  /** Deletes a cold month (counted and recorded as verified first). */
  private void deleteCold(JobContext ctx, ManagedTable table, String month, Totals t)
      throws Exception {
    Settings s = ctx.settings();
    String cold = Archive.cold(s.lakeDir(), table.name());
    LocalDate m = YearMonth.parse(month).atDay(1);
    Moves.Move mv =
        Moves.open(ctx.db(), table.name(), "cold", "deleted", m, "cold", "all", ctx.runId());
    long n = ctx.spark()
        .read()
        .format("delta")
        .load(cold)
        .where(col(Archive.MONTH).equalTo(month))
        .count();
    Moves.status(ctx.db(), mv.id(), "verified", n, null, null);
    ctx.delta().delete(cold, col(Archive.MONTH).equalTo(month));
    Faults.haltIfRequested(s, "retention.cold.after-delete");
    finish(
        ctx,
        table,
        new Moves.Move(mv.id(), mv.batch(), "verified", n, null, m),
        n,
        "delete_cold",
        t);
    t.in += n;
    t.ok += n;
    t.deletedRows += n;
  }

  /** Records the open moves whose source month is gone from the archive (see {@link RetentionPlan#vanished}). */
  private boolean finishVanished(JobContext ctx, ManagedTable table, Archived a, Totals t)
      throws Exception {
    boolean any = false;
    for (Moves.Move mv : RetentionPlan.vanished(a.open(), a.months())) {
      LOG.info(
          "retention: move {} of {} {} finished by a killed run; recording it",
          mv.id(),
          table.name(),
          mv.month());
      finish(
          ctx,
          table,
          mv,
          mv.rowCount(),
          a.from().equals("warm") ? "archive_warm_to_cold" : "delete_cold",
          t);
      any = true;
    }
    return any;
  }

  private void finish(
      JobContext ctx, ManagedTable table, Moves.Move mv, long n, String action, Totals t)
      throws SQLException {
    ctx.db().inTransaction(tx -> {
      Moves.done(tx, mv.id(), n, null, ctx.runId());
      Moves.appendLog(
          tx,
          table.name(),
          Moves.logEntry(ctx, action)
              .put("month", YearMonth.from(mv.month()).toString())
              .put("rows", n)
              .put("move_id", mv.id()),
          ctx.settings().partitioning().logKeep());
      return null;
    });
  }

  // ------------------------------------------------------------------------------------------
  // helpers

  private static void vacuum(JobContext ctx, ManagedTable table) {
    ctx.describe("retention vacuum " + table.name());
    ctx.delta()
        .vacuum(
            List.of(
                Archive.warm(ctx.settings().lakeDir(), table.name()),
                Archive.cold(ctx.settings().lakeDir(), table.name())),
            ctx.settings().retention().vacuumRetain());
  }

  /** The months an archive holds, oldest first. */
  private static List<String> monthsIn(JobContext ctx, String path) {
    return ctx
        .spark()
        .read()
        .format("delta")
        .load(path)
        .select(Archive.MONTH)
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .sorted()
        .collect(Collectors.toList());
  }

  static List<String> dataColumns(Dataset<Row> archived) {
    List<String> cols = new ArrayList<>();
    for (String c : archived.columns()) {
      if (!c.equals(Archive.MONTH) && !c.equals(Archive.BATCH)) {
        cols.add(c);
      }
    }
    return cols;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static long count(Connection c, String rel, String where) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + rel + " WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
