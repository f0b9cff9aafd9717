package io.vigia.jobs.partitions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.RunRules;
import io.vigia.common.settings.PartitioningSettings;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.maintenance.ManagedTable;
import io.vigia.jobs.maintenance.Moves;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily partition maintenance over partition_management (the design's check_partitioning_needs):
 * measures each table (total size of its leaves, rows exactly or from the planner estimate), keeps
 * the monthly range partitions of partitioned tables created from the window end's month to
 * months-ahead months after it (vigia_ensure_monthly_partitions, the function the writer uses), and
 * reports a table that crossed its size or row threshold while unpartitioned, with a migration plan
 * in its maintenance_log entry. The measurements and log entries commit with the run's ledger row.
 */
public final class PartitionsJob implements Job {
  public static final String NAME = "partitions";
  private static final Logger LOG = LoggerFactory.getLogger(PartitionsJob.class);
  static final double GIB = 1024.0 * 1024 * 1024;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "partition maintenance: measure tables, create monthly partitions ahead, report tables to partition";
  }

  /** Partitions and retention act on whole tables (every tenant's rows): --tenant is refused, not ignored. */
  @Override
  public boolean acceptsTenant() {
    return false;
  }

  @Override
  public RunRules rules() {
    return RunRules.NONE
        .enabledBy("vigia.partitioning.enabled")
        .directWrites(
            "DDL: creates the monthly partitions ahead and runs the online partitioning migration, each step "
                + "in its own transaction and idempotent (a re-run finds the partition or the step done)");
  }

  @Override
  public JobResult run(JobContext ctx) throws Exception {
    Settings s = ctx.settings();
    Instant ref = ctx.window().end();
    LocalDate month = LocalDate.ofInstant(ref, ZoneOffset.UTC).withDayOfMonth(1);
    long ok = 0;
    long missing = 0;
    long created = 0;
    List<String> toPartition = new ArrayList<>();
    List<String> migrated = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    try (Connection c = ctx.db().connect()) {
      int registered = registerWatched(c, s);
      if (registered > 0) {
        notes.add(registered + " watched table(s) registered");
      }
      for (ManagedTable t : ManagedTable.load(c)) {
        ObjectNode e = Moves.logEntry(ctx, "maintenance");
        if (!t.exists()) {
          missing++;
          notes.add(t.name() + ": table does not exist");
          e.put("action", "missing_table")
              .put(
                  "message",
                  "table " + t.name() + " does not exist: remove its "
                      + "partition_management row or create it");
          ctx.writer()
              .alsoInCommit(
                  "UPDATE partition_management SET last_maintenance_at = ?, next_maintenance_at = ?, "
                      + "computed_at = now(), run_id = ? WHERE table_name = ?",
                  List.of(
                      Timestamp.from(ref),
                      Timestamp.from(ref.plus(Duration.ofDays(1))),
                      ctx.runId(),
                      t.name()));
          Moves.appendLogAtCommit(ctx, t.name(), e, s.partitioning().logKeep());
          continue;
        }
        int ahead = t.configInt("months_ahead", s.partitioning().monthsAhead());
        if (t.partitioned()) {
          if (t.timeKeyed() && t.strategy().equals("range")) {
            int n = ensure(c, t.name(), month, month.plusMonths(ahead + 1L));
            created += n;
            e.put("partitions_created", n)
                .put("partitions_until", month.plusMonths(ahead + 1L).toString());
          } else {
            e.put("note", "not range-partitioned by time: no monthly partitions created");
          }
        }
        long bytes = 0;
        long rows = 0;
        boolean exact = true;
        List<ManagedTable.Leaf> leaves = t.leaves(c);
        for (ManagedTable.Leaf leaf : leaves) {
          bytes += leaf.bytes();
          if (leaf.estimate() < 0 || leaf.estimate() < s.partitioning().exactCountMaxRows()) {
            rows += exactCount(c, leaf.relname());
          } else {
            rows += (long) leaf.estimate();
            exact = false;
          }
        }
        boolean overSize = bytes > t.sizeThresholdGb() * GIB;
        boolean overRows = rows > t.rowThreshold();
        e.put("size_bytes", bytes)
            .put("row_count", rows)
            .put("row_count_method", exact ? "exact" : "estimate")
            .put("partitioned", t.partitioned())
            .put("leaves", leaves.size())
            .put("over_size_threshold", overSize)
            .put("over_row_threshold", overRows);
        boolean partitioned = t.partitioned();
        if ((overSize || overRows) && !t.partitioned()) {
          toPartition.add(t.name());
          e.put("action", "partitioning_needed");
          ObjectNode plan =
              MigrationPlan.build(c, t, month, ahead, s.partitioning().migrateBatchRows());
          e.set("migration_plan", plan);
          if (s.partitioning().migrateOnline() && plan.path("online").asBoolean()) {
            long copied = OnlineMigration.run(ctx.db(), s, t.name(), plan);
            partitioned = true;
            migrated.add(t.name());
            e.put("action", "migrated_online")
                .put("rows_copied", copied)
                .put("old_table", t.name() + "__vigia_old");
          } else if (s.partitioning().migrateOnline()) {
            notes.add(t.name() + " not migrated: " + plan.path("blockers"));
          }
          LOG.warn(
              "partitions: {} has {} rows and {} bytes (thresholds {} rows, {} GiB) and is not partitioned; "
                  + "the migration plan is in partition_management.maintenance_log",
              t.name(),
              rows,
              bytes,
              t.rowThreshold(),
              t.sizeThresholdGb());
        }
        ctx.writer()
            .alsoInCommit(
                "UPDATE partition_management SET current_size_bytes = ?, current_row_count = ?, "
                    + "is_partitioned = ?, last_maintenance_at = ?, next_maintenance_at = ?, computed_at = now(), run_id = ? "
                    + "WHERE table_name = ?",
                List.of(
                    bytes,
                    rows,
                    partitioned,
                    Timestamp.from(ref),
                    Timestamp.from(ref.plus(Duration.ofDays(1))),
                    ctx.runId(),
                    t.name()));
        Moves.appendLogAtCommit(ctx, t.name(), e, s.partitioning().logKeep());
        ok++;
      }
    }
    Map<String, Long> outputs = new LinkedHashMap<>();
    outputs.put("partition_management", ok + missing);
    outputs.put("partitions_created", created);
    outputs.put("tables_to_partition", (long) toPartition.size());
    String msg = ok + " tables measured, " + created + " partitions created ahead"
        + (toPartition.isEmpty()
            ? ""
            : "; over threshold and not partitioned (plan in maintenance_log): "
                + String.join(", ", toPartition))
        + (migrated.isEmpty() ? "" : "; migrated online: " + String.join(", ", migrated))
        + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    return JobResult.of(ok + missing, ok, missing, outputs, msg);
  }

  /** Registers the watched tables that exist and are missing from partition_management. */
  private static int registerWatched(Connection c, Settings s) throws SQLException {
    int n = 0;
    for (PartitioningSettings.WatchedTable watched : s.partitioning().watch()) {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO partition_management (table_name, partition_strategy, "
              + "partition_key, size_threshold_gb, row_threshold, is_partitioned, config) SELECT ?, 'range', ?, ?, ?, false, "
              + "'{\"interval\":\"month\",\"registered_by\":\"vigia.partitioning.watch\"}'::jsonb "
              + "WHERE to_regclass('public.' || quote_ident(?)) IS NOT NULL ON CONFLICT (table_name) DO NOTHING")) {
        ps.setString(1, watched.table());
        ps.setString(2, watched.partitionColumn());
        ps.setDouble(3, s.partitioning().sizeThresholdGb());
        ps.setLong(4, s.partitioning().rowThreshold());
        ps.setString(5, watched.table());
        n += ps.executeUpdate();
      }
    }
    return n;
  }

  /** Creates the missing monthly partitions [from, to) (each call commits on its own; idempotent). */
  static int ensure(Connection c, String table, LocalDate from, LocalDate to) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT vigia_ensure_monthly_partitions(?, ?, ?)")) {
      ps.setString(1, table);
      ps.setObject(2, from.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime());
      ps.setObject(3, to.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static long exactCount(Connection c, String relname) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM public." + ManagedTable.q(relname))) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
