package io.vigia.common.job;

import java.util.Optional;

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

  /**
   * The boolean setting (its path in reference.conf, e.g. {@code vigia.drift.enabled}) whose false
   * value switches this job off. The runner then records a skipped run, naming the setting and its
   * environment variable, and never calls {@link #run}; a job never checks its own flag.
   */
  default Optional<String> enabledBy() {
    return Optional.empty();
  }

  /**
   * The storage roots this job reads. The runner checks that each exists and can be listed before
   * the job starts, and fails the run with a message naming the setting otherwise.
   */
  default java.util.Set<Input> reads() {
    return java.util.Set.of();
  }

  /**
   * What this job writes outside the results writer's transaction (Delta tables through
   * {@link JobContext#delta()}, DDL, seeding), each with how a failed or killed run recovers. Shown by
   * {@code vigia list --json} as direct_writes; everything else a run writes commits with its ledger row.
   */
  default java.util.List<String> directWrites() {
    return java.util.List.of();
  }

  /**
   * Delta tables (relative to the lake, e.g. {@code sanitized/user_feedback}) this job rewrites that
   * another job rewrites too. The runner lets only one run that declares a table proceed at a time and
   * refuses the other (exit code 3, naming the table): privacy-scan must not write back a subject's
   * sanitized feedback that erasure is removing.
   */
  default java.util.Set<String> exclusiveTables() {
    return java.util.Set.of();
  }

  JobResult run(JobContext ctx) throws Exception;
}
