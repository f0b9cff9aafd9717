package io.vigia.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.drift.DriftJob;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Drift job throughput against the scan floor. Writes a synthetic ingested lake directly with Spark
 * (the generator has three models; the scale is 100 models x 20 features): --events prediction
 * events over 14 days (reference week + evaluation week), --models models spread over 10 tenants,
 * --features numeric features (every fifth one categorical with 8 levels), a 1-sd shift in the second
 * week for every tenth model, and an outcome for 80% of the predictions. Then, both warm and in the
 * same run: the floor (the prediction table read and aggregated per tenant x model: count, avg of the
 * prediction; the wide floor also sums the sizes of the feature maps, so it decodes them as the job must)
 * and the drift job over the second week, best of --runs (default 2).
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = "Drift job throughput against the scan floor")
public final class DriftBench implements Callable<Integer> {
  @Option(names = "--events", description = "events to generate (default: ${DEFAULT-VALUE})")
  long events = 2_000_000;

  @Option(names = "--models", description = "models (default: ${DEFAULT-VALUE})")
  int models = 100;

  @Option(
      names = "--features",
      description = "numeric features per model (default: ${DEFAULT-VALUE})")
  int features = 20;

  @Option(
      names = "--runs",
      description = "timed runs (the best is reported) (default: ${DEFAULT-VALUE})")
  int runs = 2;

  @Mixin
  WorkDir workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DriftBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    LocalDate start = LocalDate.of(2026, 11, 1);

    try (BenchEnv.Postgres pg = BenchEnv.postgres(work)) {
      Database db = pg.db();
      Settings s = BenchEnv.settings(db, work, Map.of());
      SparkSession spark = BenchEnv.spark(s, "drift");
      String predPath = work.resolve("lake/events/prediction").toAbsolutePath().toString();
      String outPath = work.resolve("lake/events/outcome").toAbsolutePath().toString();

      long t0 = System.nanoTime();
      // m = model index, day in 0..13; second-week rows of every tenth model are shifted by one sd
      Dataset<Row> base = spark
          .range(events)
          .select(
              col("id"),
              expr("CAST(id % " + models + " AS INT)").as("m"),
              expr("CAST(pmod(xxhash64(id, 1), 14) AS INT)").as("day"));
      Dataset<Row> shifted =
          base.withColumn("shift", expr("CASE WHEN day >= 7 AND m % 10 = 0 THEN 1.0 ELSE 0.0 END"));
      List<String> num = new ArrayList<>();
      List<String> cat = new ArrayList<>();
      for (int f = 0; f < features; f++) {
        if (f % 5 == 4) {
          cat.add("'c" + f + "', CAST(CAST(floor(pmod(xxhash64(id, " + (100 + f)
              + "), 8) + shift * 2) AS INT) % 8 AS STRING)");
        } else {
          num.add("'f" + f + "', round(randn(" + f + ") * " + (f + 1) + " + " + (10 * f)
              + " + shift * " + (f + 1) + ", 3)");
        }
      }
      Dataset<Row> preds = shifted.selectExpr(
          "concat('t', lpad(CAST(m % 10 AS STRING), 3, '0')) AS tenant_id",
          "concat('model-', CAST(m AS STRING)) AS model_id",
          "'v1' AS model_version",
          "concat('p-', CAST(id AS STRING)) AS prediction_id",
          "map(" + String.join(", ", num) + ") AS features_num",
          "map(" + String.join(", ", cat) + ") AS features_cat",
          "round(100 + randn(7) * 10 + shift * 5, 2) AS prediction",
          "CAST(NULL AS STRING) AS predicted_class",
          "'ok' AS status",
          "timestamp_seconds(" + start.toEpochDay() * 86400
              + " + day * 86400 + pmod(xxhash64(id, 2), 86400)) AS ts",
          "date_add(DATE'" + start + "', day) AS dt");
      preds.write().format("delta").mode(SaveMode.Overwrite).partitionBy("dt").save(predPath);
      spark
          .read()
          .format("delta")
          .load(predPath)
          .filter("pmod(xxhash64(prediction_id), 10) < 8")
          .selectExpr(
              "tenant_id",
              "model_id",
              "prediction_id",
              "ts + INTERVAL 6 HOURS AS ts",
              "round(prediction * (1 + randn(9) * 0.1), 2) AS actual",
              "CAST(NULL AS STRING) AS actual_class",
              "CAST(ts + INTERVAL 6 HOURS AS DATE) AS dt")
          .write()
          .format("delta")
          .mode(SaveMode.Overwrite)
          .partitionBy("dt")
          .save(outPath);
      System.out.printf(
          "wrote %,d prediction events (%d models, %d features) in %.1f s%n",
          events, models, features, (System.nanoTime() - t0) / 1e9);

      // two floors: the narrow one reads the prediction column only; the wide one also decodes the
      // feature maps the job has to read (sum of their sizes), which is what the job's input costs
      double floor = Double.MAX_VALUE;
      double wide = Double.MAX_VALUE;
      for (int i = 0; i < 2; i++) {
        long s0 = System.nanoTime();
        spark
            .read()
            .format("delta")
            .load(predPath)
            .groupBy("tenant_id", "model_id")
            .agg(count(lit(1)), avg("prediction"))
            .collectAsList();
        floor = Math.min(floor, (System.nanoTime() - s0) / 1e9);
        s0 = System.nanoTime();
        spark
            .read()
            .format("delta")
            .load(predPath)
            .groupBy("tenant_id", "model_id")
            .agg(
                count(lit(1)),
                avg("prediction"),
                sum(size(col("features_num"))),
                sum(size(col("features_cat"))))
            .collectAsList();
        wide = Math.min(wide, (System.nanoTime() - s0) / 1e9);
      }
      Window w = Window.days(start.plusDays(7), 7);
      BenchEnv.Timed job = BenchEnv.best(runs, new DriftJob(), spark, s, db, w);
      JobResult r = job.result();
      double best = job.seconds();
      System.out.printf(
          "scan floor: %,d events in %.2f s (%,.0f events/s)%n", events, floor, events / floor);
      System.out.printf(
          "wide floor: %,d events in %.2f s (%,.0f events/s; also decodes the feature maps)%n",
          events, wide, events / wide);
      System.out.printf(
          "drift:      %,d events in %.2f s (%,.0f events/s), %.3f s per model evaluation; %s%n",
          r.recordsIn(), best, r.recordsIn() / best, best / models, r.message());
      System.out.printf(
          "ratio drift/floor: %.1fx, drift/wide floor: %.1fx (cores: %d, best of %d runs)%n",
          best / floor, best / wide, Runtime.getRuntime().availableProcessors(), runs);
      spark.stop();
    }
    return 0;
  }
}
