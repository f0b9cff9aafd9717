package io.vigia.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.vigia.common.settings.FeedbackSettings;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.feedback.FeedbackJob;
import io.vigia.jobs.feedback.SentimentAnalyzer;
import io.vigia.jobs.feedback.SentimentModels;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Sentiment models against the scan floor, on the executors and without PostgreSQL: {@code --rows}
 * rated comments (default 1,000,000) of {@code --tenants} tenants (even: Spanish, odd: English), each
 * tenant writing in its own words (phrases the lexicon does not know), with a number appended, ratings
 * 1-2 / 4-5 by the phrase's polarity (3% against it), written to Parquet. The floor reads the Parquet
 * and counts rows and comment characters per tenant. The measured work is what the feedback job adds
 * for the models: the lexicon scoring (classify), one fit and held-out evaluation per tenant x
 * language (saved under the work directory), and labelling every row with the chosen models, written
 * to Parquet.
 */
@Command(
    name = "sentiment-models",
    mixinStandardHelpOptions = true,
    description = "Sentiment models (fit, evaluate, label) against the scan floor")
public final class SentimentModelsBench implements Callable<Integer> {
  @Option(names = "--rows", description = "rated comments to generate (default: ${DEFAULT-VALUE})")
  long rows = 1_000_000;

  @Option(names = "--tenants", description = "tenants (default: ${DEFAULT-VALUE})")
  int tenants = 4;

  @Mixin
  WorkDir workDir;

  static final String[][] ES = {
    {"llegó tarde", "faltaron cajas", "no cuadró con la caja", "nos quedamos cortos el finde"},
    {"llegó a tiempo", "el pedido vino completo", "cuadró con la caja", "clavó la demanda del finde"
    }
  };
  static final String[][] EN = {
    {"arrived late", "boxes were short", "did not match the till", "we ran short on the weekend"},
    {"arrived on time", "the order came complete", "matched the till", "nailed the weekend demand"}
  };

  public static void main(String[] args) {
    System.exit(new CommandLine(new SentimentModelsBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    Settings s = BenchEnv.settings(work, Map.of());
    SparkSession spark = BenchEnv.spark(s, "sentiment-models");
    String input = work.resolve("input").toString();
    long t0 = System.nanoTime();
    Column id = col("id");
    Column pol = pmod(xxhash64(id, lit(7)), lit(2));
    Column es = pmod(id, lit(tenants)).mod(2).equalTo(0);
    Column which = xxhash64(id, lit(11));
    Column phrase = when(es.and(pol.equalTo(0)), BenchEnv.pick(ES[0], which))
        .when(es, BenchEnv.pick(ES[1], which))
        .when(pol.equalTo(0), BenchEnv.pick(EN[0], which))
        .otherwise(BenchEnv.pick(EN[1], which));
    Column flip = pmod(xxhash64(id, lit(13)), lit(100)).lt(3);
    Column positive = pol.equalTo(1).notEqual(flip);
    spark
        .range(1, rows + 1)
        .select(
            id,
            lit(java.sql.Timestamp.from(Instant.parse("2026-11-01T00:00:00Z"))).as("created_at"),
            concat(lit("t"), pmod(id, lit(tenants)).cast("string")).as("tenant_id"),
            lit("prediction").as("target_type"),
            when(positive, lit(4))
                .otherwise(lit(1))
                .plus(pmod(id, lit(2)))
                .cast("int")
                .as("rating"),
            concat(phrase, lit(" "), pmod(id, lit(1000)).cast("string")).as("comment"),
            lit(null).cast("string").as("correction_data"))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(input);
    System.out.printf(
        "generated %,d rated comments in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);

    long s0 = System.nanoTime();
    long groups = spark
        .read()
        .parquet(input)
        .groupBy("tenant_id")
        .agg(count(lit(1)), sum(length(col("comment"))))
        .collectAsList()
        .size();
    double floor = (System.nanoTime() - s0) / 1e9;

    s0 = System.nanoTime();
    FeedbackSettings f = s.feedback();
    String classified = work.resolve("classified").toString();
    FeedbackJob.classify(
            spark.read().parquet(input),
            new SentimentAnalyzer(f.ratingPriorWeight(), f.neutralBand(), f.maxCommentChars()),
            Instant.parse("2026-11-10T00:00:00Z"),
            f.minRatingForReview())
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(classified);
    double lexicon = (System.nanoTime() - s0) / 1e9;
    Dataset<Row> done = spark.read().parquet(classified);
    long f0 = System.nanoTime();
    List<SentimentModels.Fitted> fitted = SentimentModels.fitAll(
        SentimentModels.labelled(done),
        null,
        f.sentimentModel(),
        f.neutralBand(),
        true,
        k -> work.resolve("models").resolve(k.tenant() + "-" + k.language()).toString());
    double fit = (System.nanoTime() - f0) / 1e9;
    Map<SentimentModels.Key, PipelineModel> models = new LinkedHashMap<>();
    for (SentimentModels.Fitted x : fitted) {
      System.out.println("  " + x.choice());
      if (x.choice().usesModel()) {
        models.put(x.choice().key(), x.model());
      }
    }
    long l0 = System.nanoTime();
    SentimentModels.relabel(done, models, f.ratingPriorWeight(), f.neutralBand())
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(work.resolve("labelled").toString());
    double label = (System.nanoTime() - l0) / 1e9;
    double job = (System.nanoTime() - s0) / 1e9;
    BenchEnv.printFloor(rows, groups, floor);
    System.out.printf(
        "sentiment models: %,d rows in %.2f s (%,.0f rows/s): lexicon scoring %.1f s, %d fits + held-out"
            + " evaluation %.1f s, labelling %.1f s%n",
        rows, job, rows / job, lexicon, fitted.size(), fit, label);
    BenchEnv.printRatio("sentiment-models", job, floor);
    spark.stop();
    return 0;
  }
}
