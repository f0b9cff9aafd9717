package io.vigia.common.job;

import io.vigia.common.settings.Settings;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Fault injection for the crash-safety tests. A run passes these points, in this order:
 * <ol>
 *   <li>{@value #READ}: the run is recorded in job_runs and the job is about to read its inputs;</li>
 *   <li>{@value #STAGING}: the job has computed a result and starts writing it to a staging table;</li>
 *   <li>{@value #STAGED}: a staging table is written (the results tables are untouched);</li>
 *   <li>{@value #BEFORE_COMMIT}: inside the one transaction that swaps the staged rows in and records
 *       the run as succeeded, just before COMMIT.</li>
 * </ol>
 * The erasure job passes its own points between reading its inputs and staging its results:
 * {@value #ERASURE_REWROTE_ACCESS} and {@value #ERASURE_REWROTE_SANITIZED} just after one request's Delta
 * rewrite of lake/events/data_access or lake/sanitized/user_feedback is committed (each time), and
 * {@value #ERASURE_VACUUMED} after the rewritten Delta tables are vacuumed; its PostgreSQL erasure runs
 * inside the commit transaction, so {@value #BEFORE_COMMIT} follows it.
 * The notify job passes {@value #NOTIFY_SENT} after a round of deliveries was sent and before their
 * results are recorded (the claims are committed; the receivers have the messages).
 * When vigia.testing.halt-at names a point, the JVM is halted there at once (no shutdown hooks, no
 * rollback), as a kill -9 would. In-process tests may also set a {@link #hook} that runs at every point
 * (to stop the database at a chosen moment, say).
 */
public final class Faults {
  public static final String READ = "job.read";
  public static final String STAGING = "writer.staging";
  public static final String STAGED = "writer.staged";
  public static final String BEFORE_COMMIT = "writer.before-commit";
  public static final String ERASURE_REWROTE_ACCESS = "erasure.after-rewrite.data_access";
  public static final String ERASURE_REWROTE_SANITIZED =
      "erasure.after-rewrite.sanitized_user_feedback";
  public static final String ERASURE_VACUUMED = "erasure.after-vacuum";
  public static final String NOTIFY_SENT = "notify.after-send";

  /** Tests only: called with the point's name at every point; null in production. */
  public static volatile Consumer<String> hook;

  private Faults() {}

  public static void haltIfRequested(Settings s, String point) {
    Consumer<String> h = hook;
    if (h != null) {
      h.accept(point);
    }
    if (point.equals(s.testingHaltAt())) {
      LoggerFactory.getLogger(Faults.class)
          .error("vigia.testing.halt-at={}: halting the JVM now", point);
      Runtime.getRuntime().halt(137);
    }
  }
}
