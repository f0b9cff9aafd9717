package io.vigia.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.vigia.common.db.Database;
import io.vigia.common.db.IdRangeRead;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.experiments.ExperimentsJob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Experiments job throughput against the scan floor. PostgreSQL is filled with {@code --experiments}
 * running experiments and {@code --observations} observations in all (half A/A, half with a 10% lower
 * error in treatment; lognormal metric with a correlated pre_metric_value, so CUPED runs; lognormal latency
 * and cost; a few hundred distinct units per variant).
 * The floor is a plain Spark job over the same observations: the same partitioned JDBC read and a
 * {@code groupBy(experiment_id, variant)} with count and avg. The job adds the Parquet copy, the
 * classification, the tie-group sort and ranks, the units and the write-back. Both warm, measured in
 * the same run, best of --runs (default 2); experiments that stopped are set back to running between runs.
 */
@Command(
    name = "experiments",
    mixinStandardHelpOptions = true,
    description = "Experiments job throughput against the scan floor")
public final class ExperimentsBench implements Callable<Integer> {
  @Option(names = "--experiments", description = "experiments (default: ${DEFAULT-VALUE})")
  int experiments = 200;

  @Option(
      names = "--observations",
      description = "observations over all experiments (default: ${DEFAULT-VALUE})")
  long observations = 2_000_000;

  @Option(
      names = "--runs",
      description = "timed runs (the best is reported) (default: ${DEFAULT-VALUE})")
  int runs = 2;

  @Mixin
  WorkDir workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ExperimentsBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();

    try (BenchEnv.Postgres pg = BenchEnv.postgres(work)) {
      Database db = pg.db();
      long t0 = System.nanoTime();
      try (Connection c = db.connect();
          Statement st = c.createStatement()) {
        st.execute("TRUNCATE ab_experiment_observations, ab_experiments RESTART IDENTITY CASCADE");
        st.execute(
            "INSERT INTO ab_experiments (id, tenant_id, name, control_model_id, treatment_model_id, "
                + "traffic_split, primary_metric, success_threshold, min_sample_size, confidence_level, status) "
                + "SELECT 'exp-' || g, 't' || (g % 10), 'bench ' || g, 'm:v1', 'm:v2', 0.5, 'mape', 0.05, 100, 0.95, "
                + "'running' FROM generate_series(1, " + experiments + ") g");
        // metric = lognormal APE (treatment 10% lower on odd experiments) with a pre-period
        // covariate (the
        // latent normal z_pre; correlation 0.7 on the log scale) for CUPED; latency and cost
        // lognormal
        st.execute(
            "INSERT INTO ab_experiment_observations (experiment_id, tenant_id, variant, unit_id, metric_name, "
                + "metric_value, latency_ms, cost_usd, observed_at, pre_metric_value) "
                + "SELECT 'exp-' || e, 't' || (e % 10), CASE WHEN u % 2 = 0 THEN 'control' ELSE 'treatment' END, "
                + "'u' || u, 'mape', "
                + "round((0.12 * exp(0.5 * (0.7 * zp + 0.714 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))) "
                + "  * CASE WHEN u % 2 = 1 AND e % 2 = 1 THEN 0.9 ELSE 1 END)::numeric, 6)::float8, "
                + "round((35 * exp(0.35 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 1)::float8, "
                + "round((0.00012 * exp(0.1 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 8), "
                + "TIMESTAMPTZ '2026-11-01T00:00:00Z' + (g % 86400) * interval '1 second', "
                + "round((0.12 * exp(0.5 * zp))::numeric, 6)::float8 "
                + "FROM (SELECT g, 1 + g % " + experiments + " AS e, (g / " + experiments
                + ") % 800 AS u, "
                + "sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS zp "
                + "FROM generate_series(1, " + observations + ") g) x");
        st.execute("ANALYZE ab_experiment_observations");
      }
      System.out.printf(
          "loaded %,d experiments and %,d observations into PostgreSQL in %.1f s%n",
          experiments, observations, (System.nanoTime() - t0) / 1e9);

      Settings s = BenchEnv.settings(db, work, Map.of());
      SparkSession spark = BenchEnv.spark(s, "experiments");
      Window w = Window.days(LocalDate.parse("2026-11-01"), 1);

      double floor = Double.MAX_VALUE;
      long groups = 0;
      String sub =
          "(SELECT id, experiment_id, variant, metric_value FROM ab_experiment_observations) o";
      for (int i = 0; i < runs; i++) {
        long s0 = System.nanoTime();
        groups = IdRangeRead.read(spark, db, sub, 1, observations)
            .groupBy("experiment_id", "variant")
            .agg(count(lit(1)), avg("metric_value"))
            .collectAsList()
            .size();
        floor = Math.min(floor, (System.nanoTime() - s0) / 1e9);
      }
      BenchEnv.Timed job = BenchEnv.best(runs, new ExperimentsJob(), spark, s, db, w, () -> {
        try (Connection c = db.connect();
            Statement st = c.createStatement()) {
          st.execute("UPDATE ab_experiments SET status = 'running'");
        }
      });
      JobResult r = job.result();
      double best = job.seconds();
      System.out.printf(
          "scan floor:  %,d observations -> %d groups in %.2f s (%,.0f obs/s)%n",
          observations, groups, floor, observations / floor);
      System.out.printf(
          "experiments: %,d observations in %.2f s (%,.0f obs/s); in=%,d ok=%,d quarantined=%,d; %s%n",
          r.recordsIn(),
          best,
          r.recordsIn() / best,
          r.recordsIn(),
          r.recordsOk(),
          r.recordsQuarantined(),
          r.message());
      BenchEnv.printRatio("experiments", best, floor);
      spark.stop();
    }
    return 0;
  }
}
