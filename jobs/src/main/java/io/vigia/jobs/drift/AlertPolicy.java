package io.vigia.jobs.drift;

import io.vigia.common.job.Window;
import io.vigia.common.settings.NotifySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Alerts without storms: what a window's candidate alert does to the alerts already recorded for the
 * same identity (tenant x model x model_version x alert type, written by the drift job). The pattern is
 * Prometheus Alertmanager's (group by identity, one firing alert updated while it fires, repeat only
 * after an interval) with the interval measured on data time so a re-run gives the same rows.
 *
 * <ol>
 *   <li>The alert that this very window raised earlier (a re-run): decided again against the other
 *       alerts, as the first run did, and rewritten on its key; left alone when a later window has
 *       confirmed it since (covered) or a human resolved it (kept).</li>
 *   <li>Else, the latest alert of the identity is unresolved (open or acknowledged): it is updated —
 *       its last window becomes this one, occurrences + 1, severity the highest seen, retraining
 *       triggered once any window triggered it, retraining_due_by the earliest deadline (a deadline
 *       never slides because the drift persists). An alert confirmed by a later window is left alone.
 *       Exception: a severity above an <i>acknowledged</i> alert's opens a new alert (escalation), since
 *       the human acknowledged less.</li>
 *   <li>Else (none, or the latest is resolved): a new alert, except within the cooldown — when this
 *       window ends before cooldown after the later of the resolved alert's last window end and its
 *       resolved_at — and the severity is not above the resolved alert's: suppressed (counted and
 *       reported in the model's details, not written).</li>
 * </ol>
 * Human-owned columns (status, acknowledged_*, resolved_*, resolution_notes, created_at) are never
 * written: an update changes only the job's columns.
 */
final class AlertPolicy {
  private AlertPolicy() {}

  enum Action {
    NEW,
    UPDATE,
    SUPPRESSED,
    COVERED,
    KEPT_RESOLVED
  }

  /** An alert already in drift_alerts (the job's columns and the human's status/resolved_at). */
  record Existing(
      Instant windowStart,
      Instant windowEnd,
      Instant lastStart,
      Instant lastEnd,
      String severity,
      String status,
      Instant resolvedAt,
      int occurrences,
      boolean retrainingTriggered,
      Instant dueBy) {
    boolean unresolved() {
      return !status.equals("resolved");
    }
  }

  /** What this window would raise. */
  record Candidate(String severity, boolean retrainingTriggered, Instant dueBy) {}

  /**
   * The outcome: for NEW and UPDATE the row to upsert (key window, severity, retraining, due, occurrences);
   * reason says why in words for the model's details.
   */
  record Decision(
      Action action,
      Instant keyStart,
      Instant keyEnd,
      String severity,
      boolean retrainingTriggered,
      Instant dueBy,
      int occurrences,
      String reason) {
    boolean writes() {
      return action == Action.NEW || action == Action.UPDATE;
    }
  }

  private static String max(String a, String b) {
    return NotifySettings.rank(a) >= NotifySettings.rank(b) ? a : b;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  static Decision decide(Candidate c, List<Existing> ofIdentity, Window w, Duration cooldown) {
    Existing own = ofIdentity.stream()
        .filter(e -> e.windowStart().equals(w.start()) && e.windowEnd().equals(w.end()))
        .findFirst()
        .orElse(null);
    if (own == null) {
      return decideAgainst(c, ofIdentity, w, cooldown);
    }
    if (own.lastEnd().isAfter(w.end())) {
      return skip(Action.COVERED, "this window's alert was confirmed by a later window since");
    }
    if (!own.unresolved()) {
      return skip(Action.KEPT_RESOLVED, "this window's alert was resolved by a human");
    }
    // A re-run: decide again as the first run did, against the other alerts; with the same inputs
    // that is again NEW (so the row and its details come out the same). If humans changed the
    // others since, this window's alert is kept and refreshed rather than duplicated elsewhere.
    Decision again =
        decideAgainst(c, ofIdentity.stream().filter(e -> e != own).toList(), w, cooldown);
    if (again.action() == Action.NEW) {
      return again;
    }
    return fresh(c, w, "raised by this window (re-run)");
  }

  private static Decision decideAgainst(
      Candidate c, List<Existing> ofIdentity, Window w, Duration cooldown) {
    Existing latest = ofIdentity.stream()
        .max(Comparator.comparing(Existing::lastEnd).thenComparing(Existing::windowEnd))
        .orElse(null);
    if (latest != null && latest.unresolved()) {
      if (latest.lastEnd().isAfter(w.end())) {
        return skip(Action.COVERED, "an unresolved alert already covers a later window");
      }
      if (latest.status().equals("acknowledged")
          && NotifySettings.rank(c.severity()) > NotifySettings.rank(latest.severity())) {
        return fresh(
            c, w, "severity rose above the acknowledged alert's (" + latest.severity() + ")");
      }
      return update(latest, c, !latest.lastEnd().equals(w.end()));
    }
    if (latest != null) {
      Instant anchor = latest.resolvedAt() != null && latest.resolvedAt().isAfter(latest.lastEnd())
          ? latest.resolvedAt()
          : latest.lastEnd();
      if (w.end().isBefore(anchor.plus(cooldown))
          && NotifySettings.rank(c.severity()) <= NotifySettings.rank(latest.severity())) {
        return skip(
            Action.SUPPRESSED,
            "cooldown: a " + latest.severity() + " alert was resolved or last seen at " + anchor);
      }
    }
    return fresh(c, w, latest == null ? "first alert" : "after a resolved alert");
  }

  private static Decision skip(Action a, String reason) {
    return new Decision(a, null, null, null, false, null, 0, reason);
  }

  private static Decision fresh(Candidate c, Window w, String reason) {
    return new Decision(
        Action.NEW,
        w.start(),
        w.end(),
        c.severity(),
        c.retrainingTriggered(),
        c.dueBy(),
        1,
        reason);
  }

  /** newWindow false = a re-run of the window that already extended it: nothing is counted twice. */
  private static Decision update(Existing e, Candidate c, boolean newWindow) {
    Objects.requireNonNull(e);
    return new Decision(
        Action.UPDATE,
        e.windowStart(),
        e.windowEnd(),
        max(e.severity(), c.severity()),
        e.retrainingTriggered() || c.retrainingTriggered(),
        earliest(e.dueBy(), c.dueBy()),
        newWindow ? e.occurrences() + 1 : e.occurrences(),
        "unresolved alert confirmed again");
  }
}
