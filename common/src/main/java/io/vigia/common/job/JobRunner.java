package io.vigia.common.job;

import io.vigia.common.db.Database;
import io.vigia.common.db.Migrations;
import io.vigia.common.settings.Settings;
import io.vigia.common.spark.SessionConf;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job over one window: checks the schema is current, takes the job's run lock, records the
 * run, checks its inputs, chooses whether its queries are compiled or interpreted
 * ({@link CodegenChoice}), runs the job, and commits what it staged together with the ledger row. The
 * session is null for a job that does not use Spark ({@link Job#usesSpark()}). A session serves one
 * run at a time: the code generation choice is the session's, put back when the run ends.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private JobRunner() {}

  public static JobResult run(
      Job job,
      SparkSession spark,
      Settings settings,
      Database db,
      Window window,
      Optional<String> tenant,
      Clock clock)
      throws Exception {
    if (spark == null && job.usesSpark()) {
      throw new IllegalArgumentException(job.name() + " needs a SparkSession");
    }
    Migrations.requireCurrent(db);
    UUID runId = UUID.randomUUID();
    Optional<String> off = job.rules().enabledBy().filter(flag -> !settings.flag(flag));
    if (off.isPresent()) {
      String reason = Settings.userName(off.get()) + " = false: " + job.name()
          + " is switched off; nothing read or" + " written";
      RunLedger.skipped(db, job.name(), window, tenant, runId, reason);
      LOG.info("{}: run {} for {} skipped: {}", job.name(), runId, window, reason);
      return JobResult.skipped(reason);
    }
    try (RunLock lock = RunLock.acquire(db, job.name(), job.rules().exclusiveTables())) {
      List<UUID> abandoned = RunLedger.markAbandoned(db, job.name());
      if (!abandoned.isEmpty()) {
        LOG.warn(
            "{}: {} earlier run(s) had died mid-run and are now marked failed: {}",
            job.name(),
            abandoned.size(),
            abandoned);
        ResultWriter.dropStagingOf(db, abandoned);
      }
      RunLedger.start(db, job.name(), window, tenant, runId);
      JobContext ctx =
          new JobContext(spark, settings, db, window, tenant, clock, runId, job.name());
      SparkLabels previous = spark == null ? null : SparkLabels.save(spark);
      if (spark != null) {
        spark.sparkContext().setJobGroup("vigia-" + runId, job.name() + " " + window, false);
      }
      LOG.info(
          "{}: run {} for {}{} started",
          job.name(),
          runId,
          window,
          tenant.map(t -> " tenant " + t).orElse(""));
      long t0 = System.nanoTime();
      SessionConf codegen = null;
      try {
        for (Input in : job.rules().reads()) {
          in.require(settings, ctx.spark().sparkContext().hadoopConfiguration());
        }
        if (spark != null) {
          codegen = CodegenChoice.apply(spark, settings, job.rules(), db, window, job.name());
        }
        Faults.haltIfRequested(settings, Faults.READ);
        JobResult r = job.run(ctx);
        if (r.recordsIn() == 0 && !r.message().contains("no input")) {
          r = JobResult.of(0, 0, 0, r.outputs(), "no input in the window; " + r.message());
        }
        ctx.describe("commit");
        try {
          ctx.writer().commit(r);
        } catch (java.sql.SQLException e) {
          Map<String, Long> delta = ctx.delta().versions();
          throw new IllegalStateException(
              job.name() + ": could not commit the results to PostgreSQL at "
                  + Settings.redactUrl(db.url()) + " (" + oneLine(e)
                  + "); none of its PostgreSQL rows were written and the"
                  + " previous results stand"
                  + (delta.isEmpty()
                      ? ""
                      : " (its " + delta.size() + " Delta table writes, logged"
                          + " above, hold the window's new rows; the re-run replaces them with identical ones)")
                  + ": "
                  + commitAdvice(e),
              e);
        }
        LOG.info(
            "{}: run {} succeeded in {} s: in={} ok={} quarantined={} outputs={} {}",
            job.name(),
            runId,
            String.format("%.1f", (System.nanoTime() - t0) / 1e9),
            r.recordsIn(),
            r.recordsOk(),
            r.recordsQuarantined(),
            r.outputs(),
            r.message());
        return r;
      } catch (Exception | Error e) {
        try {
          ctx.writer().dropStaging();
          RunLedger.fail(db, runId, oneLine(e));
        } catch (Exception cleanup) {
          // the database may be what failed: keep the first error; the next run marks this one
          // failed
          e.addSuppressed(cleanup);
          LOG.error(
              "{}: run {} failed and could not be recorded as failed ({}); the next run will mark it",
              job.name(),
              runId,
              oneLine(cleanup));
        }
        throw e;
      } finally {
        if (codegen != null) {
          codegen.restore();
        }
        if (previous != null) {
          previous.restore(spark);
        }
      }
    }
  }

  /**
   * What to do after a failed commit, from the error's SQLState class: a lost connection, a server
   * shutting down, exhausted resources or a rolled-back transaction (08, 57, 53, 40; or no state)
   * pass, so the run is simply repeated; anything else (a privilege, a constraint, a column the
   * schema lacks) does not pass by itself.
   */
  static String commitAdvice(java.sql.SQLException e) {
    String state = e.getSQLState();
    String kind = state == null || state.length() < 2 ? "" : state.substring(0, 2);
    return switch (kind) {
      case "", "08", "57", "53", "40" -> "run it again once the database is reachable";
      default ->
        "PostgreSQL refused the statement (SQLState " + state + "): fix what the error"
            + " names (the login's privileges: docs/operations/reliability.md#roles; the schema's"
            + " version: vigia migrate) and run it again";
    };
  }

  /** The caller's Spark job group and description, put back when the run ends. */
  private record SparkLabels(String group, String description, String interrupt) {
    static final String GROUP = "spark.jobGroup.id";
    static final String DESCRIPTION = "spark.job.description";
    static final String INTERRUPT = "spark.job.interruptOnCancel";

    static SparkLabels save(SparkSession spark) {
      var sc = spark.sparkContext();
      return new SparkLabels(
          sc.getLocalProperty(GROUP),
          sc.getLocalProperty(DESCRIPTION),
          sc.getLocalProperty(INTERRUPT));
    }

    void restore(SparkSession spark) {
      var sc = spark.sparkContext();
      sc.setLocalProperty(GROUP, group);
      sc.setLocalProperty(DESCRIPTION, description);
      sc.setLocalProperty(INTERRUPT, interrupt);
    }
  }

  public static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }
}
