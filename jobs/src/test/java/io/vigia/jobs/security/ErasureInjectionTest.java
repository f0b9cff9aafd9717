package io.vigia.jobs.security;

import static io.vigia.common.testing.Jdbc.rows;
import static io.vigia.jobs.erasure.ErasureFixture.checkErased;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobRunner;
import io.vigia.jobs.erasure.ErasureFixture;
import io.vigia.jobs.erasure.ErasureFixture.Key;
import io.vigia.jobs.erasure.ErasureJob;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tenants and subjects made of quotes, backslashes, comment starts, LIKE wildcards, a newline and
 * unicode: erasing two of them (one delete, one pseudonymise, the hostile tenant as the run's --tenant
 * too) changes exactly their rows in PostgreSQL and Delta, nobody else's, and the counts recorded in
 * erasure_requests.touched and the audit rows are the rows changed.
 */
class ErasureInjectionTest {
  static final Key DELETED = new Key("t\\'", "\\' OR 1=1 --");
  static final Key PSEUDONYMISED = new Key("t\\'", "%");

  @Test
  void hostileSubjectsAndTenantsEraseExactlyTheirOwnRows() throws Exception {
    Instant at = Instant.parse("2026-11-20T10:00:00Z");
    ErasureFixture.Loaded f = ErasureFixture.start(
        "erase-inject",
        DELETED,
        new int[] {1, 2, 1},
        at,
        PSEUDONYMISED,
        new int[] {2, 0, 1},
        at.plusMillis(1));
    Database db = f.db();
    Map<String, List<List<String>>> before = f.before();
    JobRunner.run(
        new ErasureJob(),
        f.spark(),
        f.s(),
        db,
        new io.vigia.common.job.Window(at, at.plusSeconds(1)),
        Optional.of(DELETED.tenant()),
        Clock.systemUTC());

    Map<String, List<List<String>>> after = ErasureFixture.snapshot(db, f.spark(), f.s());
    Map<String, Long> delChanged = checkErased(before, after, DELETED, "delete");
    Map<String, Long> pseChanged = checkErased(before, after, PSEUDONYMISED, "pseudonymise");
    assertThat(delChanged)
        .containsExactly(
            Map.entry("user_feedback", 2L),
            Map.entry("ab_experiment_observations", 3L),
            Map.entry("lake/events/data_access", 2L),
            Map.entry("lake/sanitized/user_feedback", 2L));
    ErasureFixture.checkOthersUntouched(before, after, List.of(DELETED, PSEUDONYMISED));
    // the same subjects in other tenants, and the LIKE-look-alikes in the same tenant, still there
    assertThat(ErasureFixture.of(after.get("user_feedback"), new Key("T", DELETED.subject())))
        .hasSize(1);
    assertThat(
            ErasureFixture.of(after.get("lake/events/data_access"), new Key(DELETED.tenant(), "_")))
        .hasSize(1);

    for (Object[] c :
        List.of(new Object[] {f.del(), delChanged}, new Object[] {f.pse(), pseChanged})) {
      ErasureJob.Request r = (ErasureJob.Request) c[0];
      @SuppressWarnings("unchecked")
      Map<String, Long> changed = (Map<String, Long>) c[1];
      long total = changed.values().stream().mapToLong(Long::longValue).sum();
      assertThat(ErasureFixture.recorded(db, r.id()))
          .as("touched of request " + r.id())
          .isEqualTo(changed);
      assertThat(rows(db, "SELECT status FROM erasure_requests WHERE id = " + r.id()))
          .containsExactly(List.of("done"));
      assertThat(rows(
              db,
              "SELECT count(*), sum(record_count), min(field_count) FROM privacy_audit_log WHERE "
                  + "source_job = 'erasure' AND event_type = 'data_deletion' AND event_time = '"
                  + r.requestedAt().toInstant() + "'"))
          .containsExactly(List.of("1", Long.toString(total), "4"));
    }
  }
}
