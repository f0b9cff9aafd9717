package io.vigia.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.vigia.common.settings.Settings;
import io.vigia.jobs.feedback.FeedbackThemes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * feedback-themes compute throughput against the scan floor. {@code --rows} negative sanitized comments
 * (default 1,000,000) over {@code --models} tenant x model pairs and two periods are written once to
 * Parquet: Spanish and English complaints drawn from 12 phrases with a number appended, and, on the
 * first model, a complaint that grows in the second period. The floor is a plain Spark job over the same
 * Parquet rows: count and sum(length(comment)) per tenant x model x period. The job step is {@link
 * FeedbackThemes#find} with the default settings (tokenise, stop words, CountVectorizer, IDF, the
 * default algorithm per model, counts, tests, examples) over the same rows. Both in the same run.
 */
@Command(
    name = "feedback-themes",
    mixinStandardHelpOptions = true,
    description = "feedback-themes compute throughput against the scan floor")
public final class FeedbackThemesBench implements Callable<Integer> {
  @Option(names = "--rows", description = "negative comments (default: ${DEFAULT-VALUE})")
  long rows = 1_000_000;

  @Option(names = "--models", description = "tenant x model pairs (default: ${DEFAULT-VALUE})")
  int models = 20;

  @Mixin
  WorkDir workDir;

  static final String[] PHRASES = {
    "No me gustó nada, se equivocó otra vez",
    "Pésima estimación, nos quedamos sin stock",
    "La aplicación se cierra sola al abrir",
    "Atención al cliente pésima, nadie responde",
    "Demasiado caro el precio para lo que ofrece",
    "Cada día peor, los números no cuadran",
    "The forecast was way off again",
    "Terrible estimate, we ran out of stock",
    "The app keeps crashing on startup",
    "Customer support never answers",
    "Way too expensive for what it does",
    "I don't trust these numbers anymore"
  };

  public static void main(String[] args) {
    System.exit(new CommandLine(new FeedbackThemesBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    Settings s = BenchEnv.settings(work, Map.of());
    SparkSession spark = BenchEnv.spark(s, "feedback-themes");
    String input = work.resolve("negatives.parquet").toString();
    long t0 = System.nanoTime();
    Column g = col("id");
    Column model = pmod(g, lit(models));
    Column side = pmod(g.divide(models).cast("long"), lit(2));
    Column grows =
        model.equalTo(0).and(side.equalTo(1)).and(pmod(g, lit(7 * models)).equalTo(0));
    spark
        .range(1, rows + 1)
        .select(
            g,
            concat(lit("t"), pmod(model, lit(Math.max(1, models / 3))).cast("string"))
                .as("tenant_id"),
            concat(lit("m"), model.cast("string")).as("model_id"),
            when(grows, concat(lit("La entrega llegó tarde otra vez, pedido "), g.cast("string")))
                .otherwise(concat(
                    BenchEnv.pick(PHRASES, g.multiply(13)),
                    lit(" "),
                    pmod(g, lit(1000)).cast("string")))
                .as("comment"),
            when(pmod(g, lit(2)).equalTo(0), "es").otherwise("en").as("language"),
            side.cast("int").as("side"))
        .write()
        .mode("overwrite")
        .parquet(input);
    System.out.printf(
        "wrote %,d negative comments over %d models in %.1f s%n",
        rows, models, (System.nanoTime() - t0) / 1e9);
    Dataset<Row> rowsIn = spark.read().parquet(input);

    long s0 = System.nanoTime();
    long groups = rowsIn
        .groupBy(col("tenant_id"), col("model_id"), col("side"))
        .agg(count(lit(1)), sum(length(col("comment"))))
        .collectAsList()
        .size();
    double floor = (System.nanoTime() - s0) / 1e9;

    s0 = System.nanoTime();
    List<FeedbackThemes.Theme> themes = FeedbackThemes.find(rowsIn, s.feedback().themes());
    double job = (System.nanoTime() - s0) / 1e9;
    BenchEnv.printFloor(rows, groups, floor);
    System.out.printf(
        "themes (%s): %,d rows in %.2f s (%,.0f rows/s); %d themes, %d rising: %s%n",
        s.feedback().themes().algorithm().wire(),
        rows,
        job,
        rows / job,
        themes.size(),
        themes.stream().filter(FeedbackThemes.Theme::rising).count(),
        themes.stream()
            .filter(FeedbackThemes.Theme::rising)
            .map(t -> t.tenant() + "/" + t.model() + " [" + t.termsText() + "]")
            .toList());
    BenchEnv.printRatio("themes", job, floor);
    spark.stop();
    return 0;
  }
}
