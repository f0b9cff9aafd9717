package io.vigia.cli;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.erasure.ErasureJob;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `vigia erase --tenant T --subject S`: queues an erasure request and runs the erasure job for it at
 * once (its window is the request's own second), then prints what it touched per table. When a request
 * for the same tenant and subject is still pending (an earlier `vigia erase` died, or the scheduled job has
 * not reached it), it finishes that one instead of queueing a second.
 */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description = "erase (delete or pseudonymise) one data subject's data now, with an audit event")
final class EraseCmd implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main parent;

  @Option(names = "--tenant", required = true, description = "the tenant")
  String tenant;

  @Option(
      names = "--subject",
      required = true,
      description = "the data subject's id (user_id / data_subject_id / unit_id)")
  String subject;

  @Option(
      names = "--mode",
      defaultValue = "delete",
      description = "delete (default) or pseudonymise")
  String mode;

  @Option(
      names = "--requested-by",
      defaultValue = "cli",
      description = "who asked (kept in the request and audit event)")
  String requestedBy;

  @Override
  public Integer call() throws Exception {
    if (!mode.equals("delete") && !mode.equals("pseudonymise")) {
      throw new IllegalArgumentException("--mode must be delete or pseudonymise, got " + mode);
    }
    if (tenant.isBlank() || subject.isBlank()) {
      throw new IllegalArgumentException("--tenant and --subject must not be empty");
    }
    Settings s = parent.settings();
    try (Database db = Database.openCurrent(s)) {
      // a request for this subject left pending (an earlier `vigia erase` died) is finished, not
      // queued twice
      Optional<ErasureJob.Request> open = ErasureJob.pending(db, tenant, subject);
      ErasureJob.Request r;
      if (open.isPresent()) {
        r = open.get();
        if (!r.mode().equals(mode)) {
          throw new IllegalArgumentException(
              "erasure request " + r.id() + " for this subject is pending with --mode " + r.mode()
                  + ": run `vigia erase` with --mode " + r.mode() + " to finish it first");
        }
        System.out.println("finishing pending erasure request " + r.id() + " of "
            + r.requestedAt().toInstant());
      } else {
        r = ErasureJob.enqueue(
            db, tenant, subject, mode, requestedBy, Instant.now().truncatedTo(ChronoUnit.MILLIS));
      }
      SparkSession spark = Main.session(s, "vigia erase");
      try {
        Instant at = r.requestedAt().toInstant();
        Window w = new Window(at, at.plusSeconds(1));
        JobResult res = JobRunner.run(
            new ErasureJob(), spark, s, db, w, Optional.of(tenant), Clock.systemUTC());
        System.out.println("erasure request " + r.id() + ": " + ErasureJob.touched(db, r.id())
            + " (" + res.message() + ")");
      } finally {
        spark.stop();
      }
    }
    return Main.OK;
  }
}
