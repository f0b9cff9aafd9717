package io.vigia.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;

import io.vigia.common.privacy.PiiDetector;
import io.vigia.common.privacy.PiiSanitizer;
import io.vigia.common.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * PII scan throughput: N log lines (the evaluation corpus's Spanish, Portuguese and English lines,
 * cycled, each with its tenant country; a third carry personal data, almost all carry numbers, half
 * are business lines with order numbers that look like phones or IDs) stored as Parquet, then (a) the floor, a
 * plain Spark scan summing the text lengths, and (b) detection + sanitization of every line in
 * mapPartitions, summing the findings. Prints lines per second per core and the ratio to the floor,
 * both warm and measured in the same run. Presidio's users report about 1,500 lines/s.
 */
@Command(name = "privacy", mixinStandardHelpOptions = true, description = "PII scan throughput")
public final class PrivacyBench implements Callable<Integer> {
  @Option(
      names = "--lines",
      description = "text lines (the corpus cycled to this many) (default: ${DEFAULT-VALUE})")
  long lines = 2_000_000;

  @Mixin
  WorkDir workDir;

  @Option(
      names = "--corpus",
      description = "the labelled PII corpus (TSV) (default: ${DEFAULT-VALUE})")
  Path corpus = Path.of("common/src/test/resources/privacy/pii_corpus.tsv");

  @Option(names = "--master", description = "Spark master (default: ${DEFAULT-VALUE})")
  String master = "local[*]";

  public static void main(String[] args) {
    System.exit(new CommandLine(new PrivacyBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    List<String> texts = new ArrayList<>();
    List<String> countries = new ArrayList<>();
    for (String l : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
      if (!l.startsWith("#")) {
        String[] f = l.split("\t", -1); // lang, tenant_country, kind, text, labels
        countries.add(f[1]);
        texts.add(f[3]);
      }
    }
    Settings s = BenchEnv.settings(work, Map.of("vigia.spark.master", master));
    SparkSession spark = BenchEnv.spark(s, "privacy");
    int cores = spark.sparkContext().defaultParallelism();
    String path = work.resolve("lines.parquet").toAbsolutePath().toString();
    List<String> tx = List.copyOf(texts);
    List<String> cs = List.copyOf(countries);
    spark
        .range(lines)
        .repartition(cores * 4)
        .map(
            (org.apache.spark.api.java.function.MapFunction<Long, Row>)
                i -> org.apache.spark.sql.RowFactory.create(
                    i, cs.get((int) (i % cs.size())), tx.get((int) (i % tx.size()))),
            Encoders.row(new org.apache.spark.sql.types.StructType()
                .add("id", "long")
                .add("country", "string")
                .add("text", "string")))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path);
    System.out.printf("%,d lines written to %s; %d cores%n", lines, path, cores);

    PiiDetector det = new PiiDetector(0.5);
    PiiSanitizer san = new PiiSanitizer(Map.of(), "");
    double floor = Double.MAX_VALUE;
    double scan = Double.MAX_VALUE;
    long findings = 0;
    for (int round = 0; round < 2; round++) {
      long t0 = System.nanoTime();
      long chars =
          spark.read().parquet(path).agg(sum(length(col("text")))).first().getLong(0);
      floor = Math.min(floor, (System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      Dataset<Long> counts = spark
          .read()
          .parquet(path)
          .select("country", "text")
          .mapPartitions(
              (MapPartitionsFunction<Row, Long>) it -> {
                long n = 0;
                long lengths = 0;
                while (it.hasNext()) {
                  Row r = it.next();
                  String text = r.getString(1);
                  List<PiiDetector.Finding> fs = det.detect(text, r.getString(0));
                  n += fs.size();
                  lengths += san.sanitize(text, fs, "bench").length();
                }
                return List.of(n, lengths).iterator();
              },
              Encoders.LONG());
      List<Long> out = counts.collectAsList();
      long f = 0;
      for (int i = 0; i < out.size(); i += 2) {
        f += out.get(i);
      }
      findings = f;
      scan = Math.min(scan, (System.nanoTime() - t0) / 1e9);
      System.out.printf(
          "round %d: floor %.2f s (%,d chars), scan %.2f s (%,d findings)%n",
          round + 1, floor, chars, scan, f);
    }
    System.out.printf(
        "PII scan: %,d lines in %.2f s = %,.0f lines/s = %,.0f lines/s per core (%d cores); "
            + "plain scan %.2f s; ratio %.1fx the floor; %,d findings%n",
        lines, scan, lines / scan, lines / scan / cores, cores, floor, scan / floor, findings);
    spark.stop();
    return 0;
  }
}
