package io.vigia.jobs.ingest;

import static io.vigia.common.testing.Jdbc.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigia.common.db.Database;
import io.vigia.common.db.EmbeddedPostgres;
import io.vigia.common.db.Migrations;
import io.vigia.common.job.Faults;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.testing.TestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops in the middle of a job's write (inside the swap transaction): the job fails with a
 * message that says what happened and what to do, the previous results stand, and once the server is
 * back the next run marks the dead run failed and completes. Runs on a server of its own, so the other
 * tests' server is never stopped.
 */
class DatabaseOutageTest {

  @Test
  void postgresStoppingMidWriteLeavesThePreviousResultsAndTheNextRunCompletes() throws Exception {
    Path work = TestEnv.tempDir("outage");
    Path landing = IngestJobTest.landing(work);
    Path pgDir = work.resolve("own-pg");
    EmbeddedPostgres pg = EmbeddedPostgres.start(pgDir, 0, true);
    int port = pg.port();
    try {
      Database db = Database.embedded(pg, "vigia");
      Migrations.migrate(db);
      Settings s = TestEnv.settings(db, work, Map.of("vigia.ingest.quarantine-alert-min-lines", 5));
      Window w = Window.days(IngestJobTest.D1, 1);
      JobRunner.run(
          new IngestJob(), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC());
      String alerts =
          "SELECT string_agg(tenant_id || ':' || (details->>'quarantined'), ',') FROM drift_alerts";
      String before = scalar(db, alerts);
      assertThat(before).isEqualTo("t1:3");

      Files.writeString(
          landing.resolve("dt=" + IngestJobTest.D1).resolve("part-a.jsonl"),
          IngestJobTest.pred("b7", "t1", "2026-11-02T11:00:00Z", -5) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      EmbeddedPostgres stopped = pg;
      Faults.hook = point -> {
        if (point.equals(Faults.BEFORE_COMMIT)) {
          stopped
              .close(); // pg_ctl stop -m fast: open transactions are rolled back, connections cut
        }
      };
      try {
        assertThatThrownBy(() -> JobRunner.run(
                new IngestJob(), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC()))
            .hasMessageContaining("could not commit the results to PostgreSQL at " + db.url())
            .hasMessageContaining("previous results stand")
            .hasMessageEndingWith("run it again once the database is reachable");
      } finally {
        Faults.hook = null;
      }

      pg = EmbeddedPostgres.start(pgDir, port, true);
      assertThat(scalar(db, alerts)).isEqualTo(before);
      // the failed run could not record its failure while the server was down: it is still
      // 'running'
      assertThat(scalar(db, "SELECT string_agg(status, ',' ORDER BY started_at) FROM job_runs"))
          .isEqualTo("succeeded,running");

      JobResult r = JobRunner.run(
          new IngestJob(), TestEnv.spark(), s, db, w, Optional.empty(), Clock.systemUTC());
      assertThat(r.recordsIn())
          .isEqualTo(r.recordsOk() + r.recordsQuarantined())
          .isEqualTo(16);
      assertThat(scalar(db, alerts)).isEqualTo("t1:4");
      assertThat(scalar(db, "SELECT string_agg(status, ',' ORDER BY started_at) FROM job_runs"))
          .isEqualTo("succeeded,failed,succeeded");
      assertThat(scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'vigia_staging'"))
          .isEqualTo("0");
    } finally {
      pg.deleteData();
    }
  }
}
