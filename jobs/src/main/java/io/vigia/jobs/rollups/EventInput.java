package io.vigia.jobs.rollups;

import io.vigia.common.job.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The rollup jobs' window rule: whole hours or whole UTC days (their events come from {@link io.vigia.jobs.ingest.Events}). */
public final class EventInput {
  private EventInput() {}

  public static void requireWhole(Window w, ChronoUnit unit, String job) {
    for (Instant t : new Instant[] {w.start(), w.end()}) {
      if (!t.truncatedTo(unit).equals(t)) {
        throw new IllegalArgumentException(job + " rolls up whole "
            + (unit == ChronoUnit.HOURS ? "hours" : "UTC days") + ": --from/--to " + t
            + " is not at the start of one (e.g. " + t.truncatedTo(unit) + ")");
      }
    }
    if (unit == ChronoUnit.DAYS && w.length().compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException(job + " needs at least one whole day");
    }
  }
}
