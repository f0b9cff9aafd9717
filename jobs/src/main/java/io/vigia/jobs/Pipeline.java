package io.vigia.jobs;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Several jobs in one process and one Spark session, in pipeline order, each over the window
 * {@link JobRegistry#windowsFor} gives it for the days [first, first + days): the one way `vigia
 * pipeline`, `vigia demo` and the soak benchmark run them. Each job is its own run (its own job_runs
 * row, lock and commit); the first failure propagates and the jobs before it stay written.
 */
public final class Pipeline {
  private Pipeline() {}

  /** Told about each job as its run returns. */
  @FunctionalInterface
  public interface Listener {
    void ran(String job, Window window, JobResult result, Duration took) throws Exception;
  }

  /**
   * Runs the jobs named in {@code only} (every job when it is empty), whatever order they are given in,
   * in pipeline order; an unknown name fails before any job runs.
   */
  public static void run(
      SparkSession spark,
      Settings settings,
      Database db,
      LocalDate first,
      int days,
      Collection<String> only,
      Listener listener)
      throws Exception {
    only.forEach(JobRegistry::get);
    for (Map.Entry<String, Window> e : JobRegistry.windowsFor(first, days).entrySet()) {
      String name = e.getKey();
      if (!only.isEmpty() && !only.contains(name)) {
        continue;
      }
      long t0 = System.nanoTime();
      JobResult r = JobRunner.run(
          JobRegistry.get(name),
          spark,
          settings,
          db,
          e.getValue(),
          Optional.empty(),
          Clock.systemUTC());
      listener.ran(name, e.getValue(), r, Duration.ofNanos(System.nanoTime() - t0));
    }
  }
}
