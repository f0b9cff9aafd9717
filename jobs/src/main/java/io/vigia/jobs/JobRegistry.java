package io.vigia.jobs;

import io.vigia.common.job.Job;
import io.vigia.jobs.ingest.IngestJob;
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
    register(io.vigia.jobs.costs.PerformanceJob::new);
    register(io.vigia.jobs.costs.CostsJob::new);
    register(io.vigia.jobs.costs.CacheJob::new);
    register(io.vigia.jobs.costs.BudgetsJob::new);
    register(io.vigia.jobs.privacy.PrivacyScanJob::new);
    register(io.vigia.jobs.privacy.ComplianceReportsJob::new);
    register(io.vigia.jobs.privacy.ErasureJob::new);
    register(io.vigia.jobs.ops.PartitionsJob::new);
    register(io.vigia.jobs.ops.RetentionJob::new);
    register(io.vigia.jobs.feedback.FeedbackJob::new);
    register(io.vigia.jobs.improvements.ImprovementsJob::new);
  }

  private JobRegistry() {}

  private static void register(Supplier<Job> s) {
    JOBS.put(s.get().name(), s);
  }

  public static Map<String, Supplier<Job>> all() {
    return Collections.unmodifiableMap(JOBS);
  }

  /** The job of that name; the message lists the known names. */
  public static Job get(String name) {
    Supplier<Job> s = JOBS.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown job '" + name + "'; known jobs: " + String.join(", ", JOBS.keySet()));
    }
    return s.get();
  }
}
