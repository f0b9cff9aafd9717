package io.vigia.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.vigia.common.db.Database;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.costs.CostsJob;
import io.vigia.jobs.performance.PerformanceJob;
import java.nio.file.Path;
import java.time.LocalDate;
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
 * Rollup throughput of the performance and costs jobs against the scan floor. Writes a synthetic
 * ingested lake directly with Spark: --events events over --days days for --tenants tenants, half
 * llm_call (5 models, one unknown, 30 % with cached tokens, 20 % cache hits, 10 % caller-reported)
 * and half prediction. Then, warm and in the same run: the floor (both tables read and aggregated per
 * tenant x hour: count and a sum) and each job over the whole window. --only performance|costs runs one.
 */
@Command(
    name = "costs",
    mixinStandardHelpOptions = true,
    description = "Rollup throughput of the performance and costs jobs against the scan floor")
public final class CostsBench implements Callable<Integer> {
  @Option(names = "--events", description = "events to generate (default: ${DEFAULT-VALUE})")
  long events = 2_000_000;

  @Option(names = "--tenants", description = "tenants (default: ${DEFAULT-VALUE})")
  int tenants = 100;

  @Option(names = "--days", description = "days of data (default: ${DEFAULT-VALUE})")
  int days = 7;

  @Option(
      names = "--only",
      description =
          "run only this job (performance or costs); empty = both (default: ${DEFAULT-VALUE})")
  String only = "";

  @Mixin
  WorkDir workDir;

  @Option(
      names = "--catalog",
      description = "the LLM price catalog seed CSV (default: ${DEFAULT-VALUE})")
  Path catalog = Path.of("conf/llm-prices.csv");

  /** The floor: read a table and count + sum per tenant x hour. */
  static double scan(SparkSession spark, String path) {
    long s0 = System.nanoTime();
    spark
        .read()
        .format("delta")
        .load(path)
        .groupBy(col("tenant_id"), date_trunc("hour", col("ts")))
        .agg(count(lit(1)), sum("latency_ms"))
        .collectAsList();
    return (System.nanoTime() - s0) / 1e9;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new CostsBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    LocalDate start = LocalDate.of(2026, 11, 2);
    catalog = catalog.toAbsolutePath();

    try (BenchEnv.Postgres pg = BenchEnv.postgres(work)) {
      Database db = pg.db();
      Settings s =
          BenchEnv.settings(db, work, Map.of("vigia.cost.price-catalog-file", catalog.toString()));
      SparkSession spark = BenchEnv.spark(s, "costs");
      String llmPath = work.resolve("lake/events/llm_call").toAbsolutePath().toString();
      String predPath = work.resolve("lake/events/prediction").toAbsolutePath().toString();

      long t0 = System.nanoTime();
      String id = "concat('e-', CAST(id AS STRING)) AS event_id";
      String tenant = "concat('t', lpad(CAST(pmod(xxhash64(id, 1), " + tenants
          + ") AS STRING), 4, '0')) AS tenant_id";
      String ts = "timestamp_seconds(" + start.toEpochDay() * 86400 + " + pmod(xxhash64(id, 2), "
          + days * 86400L + ")) AS ts";
      Dataset<Row> llm = spark
          .range(events / 2)
          .selectExpr(
              "id",
              id,
              tenant,
              ts,
              "pmod(xxhash64(id, 3), 5) AS m",
              "pmod(xxhash64(id, 4), 100) AS u")
          .selectExpr(
              "event_id",
              "'llm_call' AS event_type",
              "ts",
              "tenant_id",
              "CAST(ts AS DATE) AS dt",
              "element_at(array('openai', 'openai', 'anthropic', 'anthropic', 'acme'), CAST(m + 1 AS INT)) AS provider",
              "element_at(array('gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'claude-3-5-haiku', 'acme-llm-7b'), CAST(m + 1 AS INT)) "
                  + "AS request_model",
              "element_at(array('gpt-4o-2024-08-06', CAST(NULL AS STRING), 'claude-sonnet-4-20250514', CAST(NULL AS STRING), "
                  + "CAST(NULL AS STRING)), CAST(m + 1 AS INT)) AS response_model",
              "100 + pmod(xxhash64(id, 5), 3000) AS input_tokens",
              "pmod(xxhash64(id, 6), 800) AS output_tokens",
              "CASE WHEN u < 30 AND m < 4 THEN pmod(xxhash64(id, 7), 100) END AS cached_input_tokens",
              "CASE WHEN u >= 80 AND u < 90 THEN 'exact_hit' WHEN u >= 90 THEN 'semantic_hit' ELSE 'miss' END AS cache",
              "CAST(200 + pmod(xxhash64(id, 8), 2000) AS DOUBLE) AS latency_ms",
              "'ok' AS status",
              "CASE WHEN u >= 70 AND u < 80 THEN CAST(0.0123 AS DECIMAL(20,10)) END AS cost_usd");
      llm.write().format("delta").mode(SaveMode.Overwrite).partitionBy("dt").save(llmPath);
      Dataset<Row> preds = spark
          .range(events / 2, events)
          .selectExpr("id", id, tenant, ts)
          .selectExpr(
              "event_id",
              "'prediction' AS event_type",
              "ts",
              "tenant_id",
              "CAST(ts AS DATE) AS dt",
              "'m1' AS model_id",
              "exp(3 + randn(11) * 0.6) AS latency_ms",
              "CASE WHEN pmod(xxhash64(id, 9), 100) < 3 THEN 'error' ELSE 'ok' END AS status");
      preds.write().format("delta").mode(SaveMode.Overwrite).partitionBy("dt").save(predPath);
      System.out.printf(
          "wrote %,d events (%d tenants, %d days) in %.1f s%n",
          events, tenants, days, (System.nanoTime() - t0) / 1e9);

      double floorLlm = Double.MAX_VALUE;
      double floorPred = Double.MAX_VALUE;
      for (int i = 0; i < 2; i++) {
        floorLlm = Math.min(floorLlm, scan(spark, llmPath));
        floorPred = Math.min(floorPred, scan(spark, predPath));
      }
      double floor = floorLlm + floorPred;
      System.out.printf(
          "scan floor: %,d events in %.2f s (%,.0f events/s); llm_call alone %.2f s%n",
          events, floor, events / floor, floorLlm);
      Window w = Window.days(start, days);
      for (Job job : List.<Job>of(new PerformanceJob(), new CostsJob())) {
        if (!only.isEmpty() && !only.equals(job.name())) {
          continue;
        }
        BenchEnv.Timed run = BenchEnv.best(2, job, spark, s, db, w);
        JobResult r = run.result();
        double best = run.seconds();
        long n = job.name().equals("costs") ? events / 2 : events;
        System.out.printf(
            "%-12s %,d events in %.2f s (%,.0f events/s), ratio to floor %.1fx; %s%n",
            job.name(),
            n,
            best,
            n / best,
            best / (job.name().equals("costs") ? floorLlm : floor),
            r.message());
      }
      System.out.printf("cores: %d%n", Runtime.getRuntime().availableProcessors());
      spark.stop();
    }
    return 0;
  }
}
