package io.vigia.jobs.ingest;

import static io.vigia.common.testing.Jdbc.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.Faults;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: a run killed inside its commit transaction (JVM halted just before COMMIT, as kill -9)
 * enqueues nothing, although its alert escalation was already written in that transaction; the re-run
 * enqueues the escalation once, and the dead run's run_failed once.
 */
class OutboxCrashTest {
  static final String OUTBOX =
      "SELECT coalesce(string_agg(kind || '/' || severity, ',' ORDER BY id), '') "
          + "FROM notification_outbox";

  @Test
  void aRunKilledBeforeCommitNotifiesNobody() throws Exception {
    Path work = TestEnv.tempDir("outbox-killed");
    Path landing = IngestJobTest.landing(work);
    Database db = TestEnv.freshDatabase("outbox_killed", true);
    // t1 has 3 of 9 lines quarantined: share 0.33 > 2 x 0.1, so high; 5 of 11 (0.45 > 4 x 0.1) is
    // critical
    String share = "vigia.ingest.quarantine-alert-share=0.1";
    Settings s = TestEnv.settings(
        db,
        work,
        Map.of(
            "vigia.ingest.quarantine-alert-min-lines",
            5,
            "vigia.ingest.quarantine-alert-share",
            0.1));
    Window w = Window.days(IngestJobTest.D1, 1);
    JobRunner.run(new IngestJob(), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC());
    assertThat(scalar(db, "SELECT severity FROM drift_alerts")).isEqualTo("high");
    assertThat(scalar(db, OUTBOX)).isEqualTo("data_quality/high");

    IngestJobTest.twoMoreBadLines(landing);
    Process p = RunSafetyTest.cli(
        s,
        work,
        List.of(share, "vigia.testing.halt-at=" + Faults.BEFORE_COMMIT),
        "run",
        "ingest",
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-03");
    assertThat(p.waitFor(900, TimeUnit.SECONDS))
        .as("the child JVM ends (halted)")
        .isTrue();
    String out = Files.readString(work.resolve("cli.log"));
    assertThat(p.exitValue()).as(out).isEqualTo(137);
    assertThat(out).contains("halting the JVM now").contains("drift_alerts -> 1 rows written");

    // rolled back: the escalation (written in the killed transaction, with its outbox row) is gone
    assertThat(scalar(db, "SELECT severity FROM drift_alerts")).isEqualTo("high");
    assertThat(scalar(db, OUTBOX)).isEqualTo("data_quality/high");

    // the re-run marks the dead run failed (one run_failed) and commits the escalation (one more
    // row)
    JobRunner.run(new IngestJob(), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC());
    JobRunner.run(new IngestJob(), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC());
    assertThat(scalar(db, "SELECT severity FROM drift_alerts")).isEqualTo("critical");
    assertThat(scalar(db, OUTBOX))
        .isEqualTo("data_quality/high,run_failed/high,data_quality/critical");
    assertThat(
            scalar(
                db,
                "SELECT o.body LIKE 'abandoned: %' AND r.status = 'failed' "
                    + "FROM notification_outbox o JOIN job_runs r ON r.run_id = o.run_id WHERE o.kind = 'run_failed'"))
        .isEqualTo("t");
  }
}
