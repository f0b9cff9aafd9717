package io.vigia.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Where a benchmark's time goes: the wall time of the Spark jobs, summed by step (a job's description
 * without the job's name and up to {@code cut}, e.g. "export" of "retention retention export
 * user_feedback 2025-06 ..."; the jobs Delta runs inside a step, described "Delta: ...", apart), so a
 * phase's time splits into its steps and what the driver did between jobs.
 */
final class StepTimes extends SparkListener {
  private final String job;
  private final String cut;
  private final Map<Integer, Long> started = new ConcurrentHashMap<>();
  private final Map<Integer, String> steps = new ConcurrentHashMap<>();
  private final Map<String, Long> nanos = new LinkedHashMap<>();

  StepTimes(String job, String cut) {
    this.job = job + " ";
    this.cut = cut;
  }

  private String step(String d) {
    if (d == null) {
      return "(undescribed)";
    }
    boolean delta = false;
    while (d.startsWith("Delta: ")) {
      d = d.substring("Delta: ".length());
      delta = true;
    }
    while (d.startsWith(job)) {
      d = d.substring(job.length());
    }
    int end = d.indexOf(cut);
    end = end >= 0 ? end : d.indexOf(" [");
    d = end >= 0 ? d.substring(0, end) : d;
    d = d.isBlank() || d.startsWith("[") ? "the run itself" : d;
    return delta ? d + " (Delta's own jobs)" : d;
  }

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    String d = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
    String step = step(d);
    started.put(e.jobId(), System.nanoTime());
    steps.put(e.jobId(), step);
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd e) {
    Long t0 = started.remove(e.jobId());
    String step = steps.remove(e.jobId());
    if (t0 != null) {
      synchronized (nanos) {
        nanos.merge(step, System.nanoTime() - t0, Long::sum);
      }
    }
  }

  /** The seconds per step since the last call (once the jobs started have ended), and resets them. */
  Map<String, Double> take() throws InterruptedException {
    for (int i = 0; i < 100 && !started.isEmpty(); i++) {
      Thread.sleep(50); // the listener bus delivers job ends a little after the action returns
    }
    synchronized (nanos) {
      Map<String, Double> out = new LinkedHashMap<>();
      nanos.forEach((k, v) -> out.put(k, v / 1e9));
      nanos.clear();
      return out;
    }
  }

  /**
   * Prints each step's seconds and then the rest of {@code total}: what the driver did between the
   * jobs ({@code driverDoes} says what that is for the benchmark).
   */
  static void print(Map<String, Double> steps, double total, String driverDoes) {
    double inJobs = 0;
    for (Map.Entry<String, Double> e : steps.entrySet()) {
      System.out.printf("    %6.2f s  Spark jobs: %s%n", e.getValue(), e.getKey());
      inJobs += e.getValue();
    }
    System.out.printf("    %6.2f s  driver between Spark jobs (%s)%n", total - inJobs, driverDoes);
  }
}
