package io.vigia.jobs.erasure;

import static io.vigia.common.testing.Jdbc.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.Faults;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.erasure.ErasureFixture.Key;
import io.vigia.jobs.ingest.RunSafetyTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The erasure job killed (JVM halted, a real child process) at each of its steps, each run resuming
 * what the one before left: after the first request's Delta rewrite of the data_access events, after
 * its rewrite of the sanitized feedback, after VACUUM (the second request's rewrites done too), and
 * inside the commit transaction after the PostgreSQL erasure. After every kill both requests are still
 * pending with no counts and no audit row, and PostgreSQL is untouched; then a run in this JVM finishes:
 * both requests done, their touched counts and audit record_count equal to the rows really erased
 * (including what the killed runs rewrote in Delta), no row of either subject left, nothing else changed.
 */
class ErasureCrashTest {
  static final Key DELETED = new Key("acme", "\\' OR 1=1 --");
  static final Key PSEUDONYMISED = new Key("T", "u1");

  @Test
  void killedAtEachStepTheNextRunFinishesWithTrueCounts() throws Exception {
    Instant at = Instant.parse("2026-11-20T10:00:00Z");
    ErasureFixture.Loaded f = ErasureFixture.start(
        "erase-crash",
        DELETED,
        new int[] {1, 2, 1},
        at,
        PSEUDONYMISED,
        new int[] {2, 0, 3},
        at.plusSeconds(60));
    Path work = f.work();
    Database db = f.db();
    Settings s = f.s();
    SparkSession spark = f.spark();
    Map<String, List<List<String>>> before = f.before();
    ErasureJob.Request del = f.del();
    ErasureJob.Request pse = f.pse();

    int runs = 0;
    for (String point : List.of(
        Faults.ERASURE_REWROTE_ACCESS,
        Faults.ERASURE_REWROTE_SANITIZED,
        Faults.ERASURE_VACUUMED,
        Faults.BEFORE_COMMIT)) {
      RunSafetyTest.haltedAt(
          s,
          work,
          point,
          "-S",
          "vigia.privacy.erasure-vacuum-retention-hours=0",
          "run",
          "erasure",
          "--from",
          "2026-11-20",
          "--to",
          "2026-11-21");
      runs++;
      // nothing reported yet, PostgreSQL untouched (its erasure commits with the report)
      assertThat(
              rows(
                  db,
                  "SELECT string_agg(status || ' ' || touched::text, ',' ORDER BY id) FROM erasure_requests"))
          .as("after a kill at " + point)
          .containsExactly(List.of("pending {},pending {}"));
      assertThat(rows(db, "SELECT count(*) FROM privacy_audit_log WHERE source_job = 'erasure'"))
          .containsExactly(List.of("0"));
      Map<String, List<List<String>>> now = ErasureFixture.snapshot(db, spark, s);
      assertThat(now.get("user_feedback")).isEqualTo(before.get("user_feedback"));
      assertThat(now.get("ab_experiment_observations"))
          .isEqualTo(before.get("ab_experiment_observations"));
      // Delta: the first request's data_access rewrite is done from the first kill on
      assertThat(ErasureFixture.of(now.get("lake/events/data_access"), DELETED)).isEmpty();
      ErasureFixture.checkOthersUntouched(before, now, List.of(DELETED, PSEUDONYMISED));
    }

    erase(f, at);
    Map<String, List<List<String>>> after = ErasureFixture.snapshot(db, spark, s);
    Map<ErasureJob.Request, Map<String, Long>> changed = new LinkedHashMap<>();
    changed.put(del, ErasureFixture.checkErased(before, after, DELETED, "delete"));
    changed.put(pse, ErasureFixture.checkErased(before, after, PSEUDONYMISED, "pseudonymise"));
    ErasureFixture.checkOthersUntouched(before, after, List.of(DELETED, PSEUDONYMISED));
    assertThat(changed.get(pse))
        .containsEntry("lake/events/data_access", 4L)
        .containsEntry("user_feedback", 3L);
    for (Map.Entry<ErasureJob.Request, Map<String, Long>> e : changed.entrySet()) {
      long id = e.getKey().id();
      long total = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      assertThat(ErasureFixture.recorded(db, id))
          .as("touched of request " + id)
          .isEqualTo(e.getValue());
      assertThat(rows(db, "SELECT status FROM erasure_requests WHERE id = " + id))
          .containsExactly(List.of("done"));
      assertThat(rows(
              db,
              "SELECT count(*), sum(record_count) FROM privacy_audit_log WHERE source_job = 'erasure' "
                  + "AND event_type = 'data_deletion' AND event_time = '"
                  + e.getKey().requestedAt().toInstant() + "'"))
          .containsExactly(List.of("1", Long.toString(total)));
    }
    assertThat(
            rows(
                db,
                "SELECT string_agg(status, ',' ORDER BY started_at) FROM job_runs WHERE job = 'erasure'"))
        .containsExactly(List.of("failed,".repeat(runs) + "succeeded"));
    // a re-run finds both done: nothing changes, the same audit rows
    erase(f, at);
    assertThat(ErasureFixture.snapshot(db, spark, s)).isEqualTo(after);
    assertThat(
            rows(
                db,
                "SELECT count(*), sum(record_count) FROM privacy_audit_log WHERE source_job = 'erasure'"))
        .containsExactly(List.of(
            "2",
            Long.toString(changed.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue)
                .sum())));
  }

  /** One erasure run in this JVM over the hour from at (both requests' time). */
  private static void erase(ErasureFixture.Loaded f, Instant at) throws Exception {
    JobRunner.run(
        new ErasureJob(),
        f.spark(),
        f.s(),
        f.db(),
        new Window(at, at.plusSeconds(3600)),
        Optional.empty(),
        Clock.systemUTC());
  }
}
