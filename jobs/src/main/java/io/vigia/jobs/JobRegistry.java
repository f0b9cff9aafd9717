package io.vigia.jobs;

import io.vigia.common.job.Job;
import io.vigia.common.job.Window;
import io.vigia.jobs.ingest.IngestJob;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Every job vigia can run, by name, in the order the demo and the daily DAG run them. */
public final class JobRegistry {
  private static final Map<String, Supplier<Job>> JOBS = new LinkedHashMap<>();

  static {
    register(IngestJob::new);
    register(io.vigia.jobs.drift.DriftJob::new);
    register(io.vigia.jobs.experiments.ExperimentsJob::new);
    register(io.vigia.jobs.performance.PerformanceJob::new);
    register(io.vigia.jobs.costs.CostsJob::new);
    register(io.vigia.jobs.cache.CacheJob::new);
    register(io.vigia.jobs.budgets.BudgetsJob::new);
    register(io.vigia.jobs.privacyscan.PrivacyScanJob::new);
    register(io.vigia.jobs.compliance.ComplianceReportsJob::new);
    register(io.vigia.jobs.erasure.ErasureJob::new);
    register(io.vigia.jobs.partitions.PartitionsJob::new);
    register(io.vigia.jobs.retention.RetentionJob::new);
    register(io.vigia.jobs.feedback.FeedbackJob::new);
    register(io.vigia.jobs.feedback.FeedbackThemesJob::new);
    register(io.vigia.jobs.improvements.ImprovementsJob::new);
    register(io.vigia.jobs.notify.NotifyJob::new);
  }

  private JobRegistry() {}

  private static void register(Supplier<Job> s) {
    JOBS.put(s.get().name(), s);
  }

  public static Map<String, Supplier<Job>> all() {
    return Collections.unmodifiableMap(JOBS);
  }

  /**
   * Every registered job, in order, with the window a run over the generated days [first, first + days)
   * gives it: ingest the whole landing plus the 3 days outcomes may land late, every other job its
   * default window ending at the last generated day. {@link Pipeline#run} (the pipeline command,
   * the demo, the soak benchmark) and the least-privilege test run the pipeline this way.
   */
  public static Map<String, Window> windowsFor(LocalDate first, int days) {
    Map<String, Window> out = new LinkedHashMap<>();
    for (String name : JOBS.keySet()) {
      int d = name.equals(IngestJob.NAME) ? days + 3 : get(name).defaultWindowDays();
      out.put(
          name,
          name.equals(IngestJob.NAME)
              ? Window.days(first, d)
              : Window.days(first.plusDays(days - d), d));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The job of that name; the message lists the known names. */
  public static Job get(String name) {
    Supplier<Job> s = JOBS.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown job '" + name + "'; known jobs: " + String.join(", ", JOBS.keySet()));
    }
    return s.get();
  }
}
