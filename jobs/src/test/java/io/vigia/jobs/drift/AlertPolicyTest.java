package io.vigia.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.job.Window;
import io.vigia.jobs.drift.AlertPolicy.Action;
import io.vigia.jobs.drift.AlertPolicy.Candidate;
import io.vigia.jobs.drift.AlertPolicy.Decision;
import io.vigia.jobs.drift.AlertPolicy.Existing;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The storm rules on daily-sliding 7-day windows, one case per rule. */
class AlertPolicyTest {
  static final LocalDate D = LocalDate.parse("2026-11-01");
  static final Duration DAY = Duration.ofHours(24);

  static Window w(int day) {
    return Window.days(D.plusDays(day), 7);
  }

  static Existing alert(
      int firstDay,
      int lastDay,
      String severity,
      String status,
      Instant resolvedAt,
      int occ,
      Instant due) {
    Window f = w(firstDay);
    Window l = w(lastDay);
    return new Existing(
        f.start(), f.end(), l.start(), l.end(), severity, status, resolvedAt, occ, false, due);
  }

  static Candidate high(Window x) {
    return new Candidate("high", false, x.end().plus(Duration.ofDays(7)));
  }

  @Test
  void firstAlertIsNew() {
    Decision d = AlertPolicy.decide(high(w(0)), List.of(), w(0), DAY);
    assertThat(d.action()).isEqualTo(Action.NEW);
    assertThat(d.keyStart()).isEqualTo(w(0).start());
    assertThat(d.occurrences()).isEqualTo(1);
  }

  @Test
  void anOpenAlertIsUpdatedByTheNextWindowAndItsDeadlineDoesNotSlide() {
    Instant due0 = w(0).end().plus(Duration.ofDays(7));
    Existing a = alert(0, 0, "high", "open", null, 1, due0);
    Decision d = AlertPolicy.decide(
        new Candidate("critical", true, w(1).end().plus(Duration.ofDays(1))),
        List.of(a),
        w(1),
        DAY);
    assertThat(d.action()).isEqualTo(Action.UPDATE);
    assertThat(d.keyStart()).isEqualTo(w(0).start()); // the same row
    assertThat(d.occurrences()).isEqualTo(2);
    assertThat(d.severity()).isEqualTo("critical");
    assertThat(d.retrainingTriggered()).isTrue();
    assertThat(d.dueBy()).isEqualTo(w(1).end().plus(Duration.ofDays(1))); // the earlier deadline
    // a later, milder window keeps the highest severity and the earliest deadline
    Existing b = alert(0, 1, "critical", "open", null, 2, d.dueBy());
    Decision e = AlertPolicy.decide(high(w(2)), List.of(b), w(2), DAY);
    assertThat(e.action()).isEqualTo(Action.UPDATE);
    assertThat(e.severity()).isEqualTo("critical");
    assertThat(e.dueBy()).isEqualTo(d.dueBy());
    assertThat(e.occurrences()).isEqualTo(3);
  }

  @Test
  void reRunsAreIdempotent() {
    // the window that raised it, re-run: the same decision as the first run, on the same key
    Existing own = alert(1, 1, "high", "open", null, 1, null);
    Decision d = AlertPolicy.decide(high(w(1)), List.of(own), w(1), DAY);
    assertThat(d).isEqualTo(AlertPolicy.decide(high(w(1)), List.of(), w(1), DAY));
    assertThat(d.keyStart()).isEqualTo(w(1).start());
    assertThat(d.occurrences()).isEqualTo(1);
    // the window that extended an older alert, re-run: not counted twice
    Existing ext = alert(0, 1, "high", "open", null, 2, null);
    Decision e = AlertPolicy.decide(high(w(1)), List.of(ext), w(1), DAY);
    assertThat(e.action()).isEqualTo(Action.UPDATE);
    assertThat(e.occurrences()).isEqualTo(2);
    assertThat(e.reason())
        .isEqualTo(AlertPolicy.decide(
                high(w(1)), List.of(alert(0, 0, "high", "open", null, 1, null)), w(1), DAY)
            .reason());
    // an older window re-run after a later one extended its alert: left alone
    assertThat(AlertPolicy.decide(high(w(0)), List.of(ext), w(0), DAY).action())
        .isEqualTo(Action.COVERED);
  }

  @Test
  void anAcknowledgedAlertIsUpdatedUnlessSeverityRises() {
    Existing ack = alert(0, 0, "high", "acknowledged", null, 1, null);
    assertThat(AlertPolicy.decide(high(w(1)), List.of(ack), w(1), DAY).action())
        .isEqualTo(Action.UPDATE);
    Decision d = AlertPolicy.decide(new Candidate("critical", true, null), List.of(ack), w(1), DAY);
    assertThat(d.action()).isEqualTo(Action.NEW);
    assertThat(d.keyStart()).isEqualTo(w(1).start());
  }

  @Test
  void cooldownAfterResolutionUnlessSeverityRises() {
    // resolved 10 hours after its last window ended; the next daily window ends 14 hours after that
    Instant resolved = w(0).end().plus(Duration.ofHours(10));
    Existing r = alert(0, 0, "high", "resolved", resolved, 1, null);
    assertThat(AlertPolicy.decide(high(w(1)), List.of(r), w(1), DAY).action())
        .isEqualTo(Action.SUPPRESSED);
    assertThat(AlertPolicy.decide(new Candidate("medium", false, null), List.of(r), w(1), DAY)
            .action())
        .isEqualTo(Action.SUPPRESSED);
    assertThat(AlertPolicy.decide(new Candidate("critical", true, null), List.of(r), w(1), DAY)
            .action())
        .isEqualTo(Action.NEW);
    // past the cooldown: a new alert
    assertThat(AlertPolicy.decide(high(w(2)), List.of(r), w(2), DAY).action())
        .isEqualTo(Action.NEW);
    // no cooldown: a new alert at once
    assertThat(AlertPolicy.decide(high(w(1)), List.of(r), w(1), Duration.ZERO).action())
        .isEqualTo(Action.NEW);
    // without resolved_at the last window's end anchors it
    Existing r2 = alert(0, 0, "high", "resolved", null, 1, null);
    assertThat(AlertPolicy.decide(high(w(1)), List.of(r2), w(1), Duration.ofHours(25))
            .action())
        .isEqualTo(Action.SUPPRESSED);
    assertThat(AlertPolicy.decide(high(w(1)), List.of(r2), w(1), DAY).action())
        .isEqualTo(Action.NEW);
  }

  @Test
  void aResolvedAlertOfThisVeryWindowIsKept() {
    Existing own = alert(1, 1, "high", "resolved", w(1).end(), 1, null);
    assertThat(AlertPolicy.decide(new Candidate("critical", true, null), List.of(own), w(1), DAY)
            .action())
        .isEqualTo(Action.KEPT_RESOLVED);
  }
}
