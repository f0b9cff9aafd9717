package io.vigia.jobs.retention;

import static io.vigia.common.testing.Jdbc.column;
import static io.vigia.common.testing.Jdbc.count;
import static io.vigia.common.testing.Jdbc.exec;
import static io.vigia.common.testing.Jdbc.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobRunner;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import io.vigia.jobs.ingest.RunSafetyTest;
import io.vigia.jobs.maintenance.MaintenanceData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The retention job killed (JVM halted, a real child process) at successive steps, each run resuming
 * what the one before left: inside the drop transaction (after export and verify), after the cold
 * write, after the warm delete (the second run re-exports the first, still open, move under its batch);
 * then a run in this JVM finishes. After every kill no row is lost (PostgreSQL
 * + archive hold every original row) and none is duplicated; at the end restore returns exactly the
 * original rows.
 */
class RetentionCrashTest {
  /** The killed runs' command: the job over the day of RetentionJobTest.W, vacuuming at once. */
  static final String[] RETENTION = {
    "-S",
    "vigia.retention.vacuum-retain-hours=0",
    "run",
    "retention",
    "--from",
    "2026-11-27",
    "--to",
    "2026-11-28"
  };

  @Test
  void killedAtEachStepLosesAndDuplicatesNothingAndTheNextRunFinishes() throws Exception {
    Path work = TestEnv.tempDir("retention-crash");
    Database db = TestEnv.freshDatabase("retention_crash", true);
    Settings s = TestEnv.settings(db, work, Map.of("vigia.retention.vacuum-retain-hours", 0));
    SparkSession spark = TestEnv.spark();
    MaintenanceData.feedback(db, "2024-05", 60, false); // -> warm -> cold
    MaintenanceData.feedback(db, "2026-06", 40, false); // -> warm
    MaintenanceData.feedback(db, "2026-11", 10, false); // hot
    exec(db, "CREATE TABLE snap AS SELECT * FROM user_feedback");
    String all = scalar(db, "SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM snap t");

    // exported, verified, partition detached and dropped: not committed
    RunSafetyTest.haltedAt(s, work, "retention.hot.before-commit", RETENTION);
    assertThat(count(db, "SELECT count(*) FROM user_feedback")).isEqualTo(110);
    assertThat(scalar(db, "SELECT string_agg(status, ',') FROM retention_moves"))
        .isEqualTo("verified");
    assertNothingLostOrDuplicated(db, spark, s, true);

    RunSafetyTest.haltedAt(s, work, "retention.warm.after-cold-write", RETENTION);
    assertThat(count(db, "SELECT count(*) FROM user_feedback")).isEqualTo(10);
    assertNothingLostOrDuplicated(db, spark, s, false);

    RunSafetyTest.haltedAt(s, work, "retention.warm.after-warm-delete", RETENTION);
    assertThat(scalar(
            db,
            "SELECT string_agg(tier_from || '>' || tier_to || ':' || status, ',' ORDER BY id) "
                + "FROM retention_moves"))
        .isEqualTo("hot>warm:done,hot>warm:done,warm>cold:verified");
    assertNothingLostOrDuplicated(db, spark, s, false);

    JobRunner.run(
        new RetentionJob(), spark, s, db, RetentionJobTest.W, Optional.empty(), Clock.systemUTC());
    assertThat(count(db, "SELECT count(*) FROM retention_moves WHERE status <> 'done'"))
        .isZero();
    assertThat(RetentionJobTest.monthCounts(
            spark.read().format("delta").load(Archive.warm(s.lakeDir(), "user_feedback"))))
        .isEqualTo("2026-06=40");
    assertThat(RetentionJobTest.monthCounts(
            spark.read().format("delta").load(Archive.cold(s.lakeDir(), "user_feedback"))))
        .isEqualTo("2024-05=60");
    assertNothingLostOrDuplicated(db, spark, s, false);
    assertThat(scalar(db, "SELECT string_agg(status, ',' ORDER BY started_at) FROM job_runs"))
        .isEqualTo("failed,failed,failed,succeeded");

    Restore.run(
        spark,
        s,
        db,
        "user_feedback",
        Instant.parse("2024-01-01T00:00:00Z"),
        Instant.parse("2026-12-01T00:00:00Z"));
    exec(db, "INSERT INTO vigia_restore.user_feedback SELECT * FROM user_feedback");
    assertThat(scalar(
            db,
            "SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM vigia_restore.user_feedback t"))
        .isEqualTo(all);
  }

  /**
   * Nothing lost: every original row is in PostgreSQL or in the archive (each batch once), and nothing
   * else is; nothing duplicated: no id twice in the archive. A row may sit in both only while its move
   * is open (exported, not yet dropped), never once the move is done.
   */
  private static void assertNothingLostOrDuplicated(
      Database db, SparkSession spark, Settings s, boolean openMove) throws Exception {
    Dataset<Row> archived = Archive.all(spark, s.lakeDir(), "user_feedback");
    List<Long> arIds = archived == null
        ? List.of()
        : archived.select("id").collectAsList().stream()
            .map(r -> r.getLong(0))
            .collect(Collectors.toList());
    Set<Long> ar = new HashSet<>(arIds);
    assertThat(arIds).as("archived ids").hasSize(ar.size());
    Set<Long> pg = ids(db, "SELECT id FROM user_feedback");
    Set<Long> union = new HashSet<>(pg);
    union.addAll(ar);
    assertThat(union).isEqualTo(ids(db, "SELECT id FROM snap"));
    Set<Long> both = new HashSet<>(pg);
    both.retainAll(ar);
    if (!openMove) {
      assertThat(both).as("rows both in PostgreSQL and in the archive").isEmpty();
    }
  }

  private static Set<Long> ids(Database db, String sql) throws Exception {
    return column(db, sql).stream().map(Long::valueOf).collect(Collectors.toSet());
  }
}
