package io.vigia.common.job;

/**
 * One batch job: reads its inputs for the context's window, computes, and stages its results
 * through {@link JobContext#writer()}. The runner commits what was staged together with the run
 * ledger in one transaction; a job never writes a results table itself.
 */
public interface Job {
  /** The name used by `vigia run NAME` and in the run ledger. */
  String name();

  /** One line for `vigia list`. */
  String description();

  /** Default window length in days when a scheduler gives none (informational for `vigia list`). */
  default int defaultWindowDays() {
    return 1;
  }

  /**
   * Whether `vigia run NAME --tenant T` is accepted. A job whose output cannot be split by tenant
   * (ingest replaces whole landing dates) says no, so the CLI refuses --tenant before starting.
   */
  default boolean acceptsTenant() {
    return true;
  }

  /** What the runner must know of this job: enable setting, roots read, shared tables, direct writes. */
  default RunRules rules() {
    return RunRules.NONE;
  }

  /**
   * Whether the job computes with Spark. One that does not (a JDBC-only job such as notify) is run
   * without a SparkSession: the CLI starts none (its fixed cost is a JVM and a database connection),
   * and {@link JobContext#spark()} refuses.
   */
  default boolean usesSpark() {
    return true;
  }

  JobResult run(JobContext ctx) throws Exception;
}
