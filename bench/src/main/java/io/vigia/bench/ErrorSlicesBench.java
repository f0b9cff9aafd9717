package io.vigia.bench;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.vigia.common.settings.DriftSettings.Slices;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.drift.ErrorSlices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Error slices against the scan floor, on the executors and without PostgreSQL: {@code --rows}
 * scored predictions (default 1,000,000) of {@code --models} tenant x model pairs, each with three
 * numeric features (price 0-200, temp 0-40, qty 0-49) and two categorical ones (store_region of five,
 * channel of three), relative error about 0.05 everywhere except in one planted slice of the first
 * model (store_region = norte and price > 120: about 0.30), written to Parquet in the columns the drift
 * job's joined outcomes give the slices. The floor reads the Parquet and counts rows and averages y per
 * tenant x model. The measured work is the drift job's slices step ({@link ErrorSlices#search}): the
 * candidates' aggregation, one tree per model fitted on its half, the leaves' moments on both halves,
 * the honest tests. It prints the slices found; the planted one must be among them, and no other
 * model's.
 */
@Command(
    name = "error-slices",
    mixinStandardHelpOptions = true,
    description =
        "Error slices (one decision tree per model, tested on held-out rows) against the scan floor")
public final class ErrorSlicesBench implements Callable<Integer> {
  @Option(
      names = "--rows",
      description = "scored predictions to generate (default: ${DEFAULT-VALUE})")
  long rows = 1_000_000;

  @Option(names = "--models", description = "tenant x model pairs (default: ${DEFAULT-VALUE})")
  int models = 20;

  @Mixin
  WorkDir workDir;

  static final String[] REGIONS = {"centro", "este", "norte", "oeste", "sur"};
  static final String[] CHANNELS = {"app", "tienda", "web"};

  public static void main(String[] args) {
    System.exit(new CommandLine(new ErrorSlicesBench()).execute(args));
  }

  /** A uniform draw in [0, n) from the row id and a salt. */
  private static Column draw(long n, int salt) {
    return pmod(xxhash64(col("id"), lit(salt)), lit(n));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    Settings s = BenchEnv.settings(work, Map.of());
    SparkSession spark = BenchEnv.spark(s, "error-slices");
    String input = work.resolve("input").toString();

    long t0 = System.nanoTime();
    Column pair = pmod(col("id"), lit(models));
    Column price = draw(20_000, 1).divide(100.0);
    Column region = BenchEnv.pick(REGIONS, draw(REGIONS.length, 4));
    Column y = draw(100, 6).plus(50).cast("double");
    // |u| ~ uniform [0, 1): the relative error is 0.1 |u| (mean 0.05), 0.6 |u| (0.30) in the slice
    Column u = draw(2001, 7).minus(1000).divide(1000.0);
    Column planted =
        pair.equalTo(0).and(col("region").equalTo("norte")).and(col("price").gt(120));
    spark
        .range(rows)
        .select(
            col("id"),
            concat(lit("t"), pmod(pair, lit(4)).cast("string")).as("tenant_id"),
            concat(lit("demand-"), pair.cast("string")).as("model_id"),
            concat(lit("p"), col("id").cast("string")).as("prediction_id"),
            price.as("price"),
            region.as("region"),
            y.as("y"),
            u.as("u"))
        .select(
            col("tenant_id"),
            col("model_id"),
            col("prediction_id"),
            col("y"),
            col("y")
                .multiply(
                    lit(1.0).plus(when(planted, lit(0.6)).otherwise(lit(0.1)).multiply(col("u"))))
                .as("prediction"),
            lit(null).cast("string").as("yc"),
            lit(null).cast("string").as("predicted_class"),
            map(
                    lit("price"), col("price"),
                    lit("temp"), draw(400, 2).divide(10.0),
                    lit("qty"), draw(50, 3).cast("double"))
                .as("features_num"),
            map(
                    lit("store_region"), col("region"),
                    lit("channel"), BenchEnv.pick(CHANNELS, draw(CHANNELS.length, 5)))
                .as("features_cat"))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(input);
    System.out.printf(
        "generated %,d scored predictions of %d models in %.1f s%n",
        rows, models, (System.nanoTime() - t0) / 1e9);

    long s0 = System.nanoTime();
    long groups = spark
        .read()
        .parquet(input)
        .groupBy("tenant_id", "model_id")
        .agg(count(lit(1)), avg(abs(col("y").minus(col("prediction")))))
        .collectAsList()
        .size();
    double floor = (System.nanoTime() - s0) / 1e9;

    Slices slices = s.drift().slices();
    s0 = System.nanoTime();
    List<ErrorSlices.Found> found =
        ErrorSlices.search(spark.read().parquet(input), slices, d -> {});
    double job = (System.nanoTime() - s0) / 1e9;
    found.forEach(f -> System.out.println("  " + f.text()));
    long plantedFound = found.stream()
        .filter(f -> f.text().startsWith("t0/demand-0:")
            && f.text().contains("store_region = norte")
            && f.text().contains("price >"))
        .count();
    long others =
        found.stream().filter(f -> !f.text().startsWith("t0/demand-0:")).count();
    System.out.printf(
        "planted slice (t0/demand-0, store_region = norte and price > 120) found: %s; slices of the"
            + " %d unplanted models: %d%n",
        plantedFound > 0 ? "yes" : "NO", models - 1, others);
    BenchEnv.printFloor(rows, groups, floor);
    System.out.printf(
        "error slices: %,d rows, %d trees in %.2f s (%,.0f rows/s)%n",
        rows, models, job, rows / job);
    BenchEnv.printRatio("error-slices", job, floor);
    spark.stop();
    return plantedFound > 0 && others == 0 ? 0 : 1;
  }
}
