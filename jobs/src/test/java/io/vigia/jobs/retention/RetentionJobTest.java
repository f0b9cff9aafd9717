package io.vigia.jobs.retention;

import static io.vigia.common.testing.Jdbc.count;
import static io.vigia.common.testing.Jdbc.exec;
import static io.vigia.common.testing.Jdbc.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.maintenance.MaintenanceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The three tiers on real PostgreSQL and Delta, reference time 2026-11-28 (hot limit: months ending
 * by 2026-08-01; warm: by 2025-11-01; cold: by 2019-11-01). The expected rows are counted by SQL over a
 * snapshot taken before the run, and restored rows are compared with that snapshot row by row.
 */
class RetentionJobTest {
  static final Window W = Window.of("2026-11-27", "2026-11-28");

  @Test
  void movesEachTierVerifiedRestoresExactlyAndARerunChangesNothing() throws Exception {
    Path work = TestEnv.tempDir("retention");
    Database db = TestEnv.freshDatabase("retention", true);
    Settings s = TestEnv.settings(db, work, Map.of("vigia.retention.vacuum-retain-hours", 0));
    SparkSession spark = TestEnv.spark();
    MaintenanceData.feedback(db, "2018-09", 40, false); // -> warm -> cold -> deleted
    MaintenanceData.feedback(db, "2024-05", 60, false); // -> warm -> cold
    MaintenanceData.feedback(
        db, "2026-03", 25, true); // in the default partition -> warm (rows deleted)
    MaintenanceData.feedback(
        db, "2026-07", 30, false); // -> warm (ends 2026-08-01, exactly at the limit)
    MaintenanceData.feedback(db, "2026-08", 20, false); // hot
    MaintenanceData.feedback(db, "2026-11", 10, false); // hot
    MaintenanceData.privacy(db, "2026-10", 80); // hot, but low-risk events before 2026-10-29 leave
    MaintenanceData.costs(db, "2026-01", 30); // date key, numeric columns -> warm
    MaintenanceData.costs(db, "2026-02", 10);
    exec(
        db,
        "UPDATE cost_tracking SET unit_cost = 0.00000000000000000012 WHERE usage_date >= '2026-02-01' "
            + "AND event_count = 3"); // 20 decimals: refused, never rounded
    exec(db, "CREATE TABLE snap_feedback AS SELECT * FROM user_feedback");
    exec(db, "CREATE TABLE snap_privacy AS SELECT * FROM privacy_audit_log");
    exec(db, "CREATE TABLE snap_costs AS SELECT * FROM cost_tracking");
    long lowRisk = count(
        db,
        "SELECT count(*) FROM snap_privacy WHERE risk_level = 'low' AND NOT (requires_review "
            + "AND reviewed_at IS NULL) AND event_time < '2026-10-29T00:00:00Z'");
    assertThat(lowRisk).isBetween(20L, 40L);

    JobResult r =
        JobRunner.run(new RetentionJob(), spark, s, db, W, Optional.empty(), Clock.systemUTC());

    // PostgreSQL keeps the hot months only; archived partitions are gone
    assertThat(count(db, "SELECT count(*) FROM user_feedback")).isEqualTo(30);
    assertThat(scalar(
            db,
            "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relname LIKE "
                + "'user\\_feedback\\_p%' AND relkind = 'r'"))
        .isEqualTo("user_feedback_p202608,user_feedback_p202611");
    assertThat(count(db, "SELECT count(*) FROM user_feedback_default")).isZero();
    assertThat(count(db, "SELECT count(*) FROM privacy_audit_log")).isEqualTo(80 - lowRisk);
    assertThat(count(
            db,
            "SELECT count(*) FROM privacy_audit_log WHERE risk_level = 'low' AND event_time < "
                + "'2026-10-29' AND NOT (requires_review AND reviewed_at IS NULL)"))
        .isZero();
    // the month with a 20-decimal numeric is refused (quarantined with its reason) and stays
    assertThat(count(db, "SELECT count(*) FROM cost_tracking")).isEqualTo(10);
    assertThat(r.recordsQuarantined()).isEqualTo(10);
    assertThat(r.message()).contains("cost_tracking 2026-02").contains("numeric column unit_cost");

    // archives: warm holds 2026-03, 2026-07; cold 2024-05 (zstd); 2018-09 deleted
    String lake = s.lakeDir();
    Dataset<Row> warm = spark.read().format("delta").load(Archive.warm(lake, "user_feedback"));
    assertThat(monthCounts(warm)).isEqualTo("2026-03=25,2026-07=30");
    assertThat(warm.select("id").distinct().count()).isEqualTo(55);
    Dataset<Row> cold = spark.read().format("delta").load(Archive.cold(lake, "user_feedback"));
    assertThat(monthCounts(cold)).isEqualTo("2024-05=60");
    try (Stream<Path> files =
        Files.list(Path.of(Archive.cold(lake, "user_feedback"), "_month=2024-05"))) {
      List<String> names = files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".parquet"))
          .collect(Collectors.toList());
      assertThat(names).hasSize(1).allMatch(n -> n.endsWith(".zstd.parquet"));
    }
    assertThat(spark
            .read()
            .format("delta")
            .load(Archive.warm(lake, "privacy_audit_log"))
            .count())
        .isEqualTo(lowRisk);
    assertThat(r.outputs())
        .containsEntry("warm_rows", 155 + lowRisk + 30)
        .containsEntry("cold_rows", 100L)
        .containsEntry("deleted_rows", 40L)
        .containsEntry("partitions_dropped", 4L);
    assertThat(r.recordsIn()).isEqualTo(r.recordsOk() + 10);

    // ledger of moves, status view, maintenance log
    assertThat(scalar(
            db,
            "SELECT string_agg(table_name || ' ' || month || ' ' || status, ',') FROM retention_moves "
                + "WHERE status <> 'done'"))
        .isEqualTo("cost_tracking 2026-02-01 started");
    assertThat(scalar(
            db,
            "SELECT string_agg(tier || '=' || row_count || '/' || months, ',' ORDER BY tier) FROM "
                + "retention_status WHERE table_name = 'user_feedback'"))
        .isEqualTo("cold=60/1,deleted=40/1,warm=55/2");
    assertThat(
            scalar(
                db,
                "SELECT string_agg(e->>'action', ',' ORDER BY o) FROM partition_management, "
                    + "jsonb_array_elements(maintenance_log) WITH ORDINALITY x(e, o) WHERE table_name = 'user_feedback'"))
        .isEqualTo(
            "archive_hot_to_warm,archive_hot_to_warm,archive_hot_to_warm,archive_hot_to_warm,"
                + "archive_warm_to_cold,archive_warm_to_cold,delete_cold");

    // restore brings back exactly the archived rows (row text equal, id by id)
    Restore.Result back = Restore.run(
        spark,
        s,
        db,
        "user_feedback",
        Instant.parse("2024-01-01T00:00:00Z"),
        Instant.parse("2026-11-28T00:00:00Z"));
    assertThat(back.rows()).isEqualTo(115);
    String range = "created_at >= '2024-01-01' AND created_at < '2026-08-01'";
    assertThat(scalar(
            db,
            "SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM vigia_restore.user_feedback t"))
        .isEqualTo(scalar(
            db,
            "SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM snap_feedback t WHERE "
                + range));
    Restore.Result costs = Restore.run(
        spark,
        s,
        db,
        "cost_tracking",
        Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(costs.rows()).isEqualTo(30);
    assertThat(count(
            db,
            "SELECT count(*) FROM (SELECT * FROM snap_costs WHERE usage_date < '2026-02-01' EXCEPT ALL "
                + "SELECT * FROM vigia_restore.cost_tracking) x"))
        .isZero();
    assertThat(count(
            db,
            "SELECT count(*) FROM (SELECT * FROM vigia_restore.cost_tracking EXCEPT ALL "
                + "SELECT * FROM snap_costs) x"))
        .isZero();
    // a second restore replaces the range
    assertThat(Restore.run(
                spark,
                s,
                db,
                "user_feedback",
                Instant.parse("2026-07-01T00:00:00Z"),
                Instant.parse("2026-08-01T00:00:00Z"))
            .rows())
        .isEqualTo(30);
    assertThat(count(db, "SELECT count(*) FROM vigia_restore.user_feedback")).isEqualTo(115);

    // a re-run over the same window moves nothing and changes nothing
    JobResult again =
        JobRunner.run(new RetentionJob(), spark, s, db, W, Optional.empty(), Clock.systemUTC());
    assertThat(again.outputs())
        .containsEntry("warm_rows", 0L)
        .containsEntry("cold_rows", 0L)
        .containsEntry("deleted_rows", 0L);
    assertThat(monthCounts(spark.read().format("delta").load(Archive.warm(lake, "user_feedback"))))
        .isEqualTo("2026-03=25,2026-07=30");
    assertThat(count(db, "SELECT count(*) FROM user_feedback")).isEqualTo(30);
  }

  @Test
  void disabledRetentionMovesNothing() throws Exception {
    Path work = TestEnv.tempDir("retention-off");
    Database db = TestEnv.freshDatabase("retention_off", true);
    Settings s = TestEnv.settings(db, work, Map.of("vigia.retention.enabled", false));
    MaintenanceData.feedback(db, "2024-05", 10, false);
    JobResult r = JobRunner.run(
        new RetentionJob(), TestEnv.spark(), s, db, W, Optional.empty(), Clock.systemUTC());
    assertThat(r.skipped()).isTrue();
    assertThat(r.message()).contains("vigia.retention.enabled = false");
    assertThat(count(db, "SELECT count(*) FROM user_feedback")).isEqualTo(10);
  }

  @Test
  void checksumSeesMovedNullsChangedAndDuplicatedRowsButNotOrder() {
    SparkSession spark = TestEnv.spark();
    List<String> cols = List.of("a", "b", "c");
    String base = Archive.checksum(
        spark.sql("SELECT * FROM VALUES (1, 'x', CAST(NULL AS STRING)), "
            + "(2, CAST(NULL AS STRING), 'x') AS t(a, b, c)"),
        cols);
    assertThat(Archive.checksum(
            spark.sql("SELECT * FROM VALUES (2, CAST(NULL AS STRING), 'x'), "
                + "(1, 'x', CAST(NULL AS STRING)) AS t(a, b, c)"),
            cols))
        .isEqualTo(base);
    assertThat(Archive.checksum(
            spark.sql("SELECT * FROM VALUES (1, CAST(NULL AS STRING), 'x'), "
                + "(2, 'x', CAST(NULL AS STRING)) AS t(a, b, c)"),
            cols))
        .isNotEqualTo(base);
    assertThat(Archive.checksum(
            spark.sql("SELECT * FROM VALUES (1, 'x', CAST(NULL AS STRING)), "
                + "(2, CAST(NULL AS STRING), 'y') AS t(a, b, c)"),
            cols))
        .isNotEqualTo(base);
    assertThat(base).startsWith("2:");
  }

  /** The export's one-pass checksum (summed as rows pass to a write) is the verify's, for many rows. */
  @Test
  void teeSumsTheChecksumOfTheRowsAnActionComputes() {
    SparkSession spark = TestEnv.spark();
    List<String> cols = List.of("id", "s", "n");
    Dataset<Row> rows =
        spark.sql("SELECT id, CASE WHEN id % 7 = 0 THEN NULL ELSE concat('r', id) END "
            + "AS s, CAST(id * -1234567 AS DECIMAL(38,18)) AS n FROM range(0, 5000, 1, 3)");
    Archive.Tee tee = new Archive.Tee();
    spark.sparkContext().register(tee, "test tee");
    assertThat(Archive.tee(rows, cols, tee).count()).isEqualTo(5000);
    assertThat(tee.value()).isEqualTo(Archive.checksum(rows, cols)).startsWith("5000:");
    Archive.Tee empty = new Archive.Tee();
    spark.sparkContext().register(empty, "test tee, no rows");
    assertThat(Archive.tee(rows.where("id < 0"), cols, empty).count()).isZero();
    assertThat(empty.value()).isEqualTo(Archive.checksum(rows.where("id < 0"), cols));
  }

  static String monthCounts(Dataset<Row> archived) {
    return archived.groupBy(Archive.MONTH).count().orderBy(Archive.MONTH).collectAsList().stream()
        .map(x -> x.getString(0) + "=" + x.getLong(1))
        .collect(Collectors.joining(","));
  }
}
