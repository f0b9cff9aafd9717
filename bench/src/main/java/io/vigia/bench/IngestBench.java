package io.vigia.bench;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.generate.Generator;
import io.vigia.generate.GeneratorReport;
import io.vigia.generate.GeneratorSpec;
import io.vigia.jobs.ingest.IngestJob;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Ingest throughput against the scan floor: the same landing read as plain text by Spark
 * (spark.read.text + count, which decompresses and splits lines) versus the full ingest (parse,
 * validate, de-duplicate, write nine Delta tables, ledger). Both warm, measured in the same run.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Ingest throughput against the scan floor")
public final class IngestBench implements Callable<Integer> {
  @Option(names = "--days", description = "days of data (default: ${DEFAULT-VALUE})")
  int days = 4;

  @Option(names = "--tenants", description = "tenants (default: ${DEFAULT-VALUE})")
  int tenants = 8;

  @Option(names = "--rows-per-day", description = "event lines per day (default: ${DEFAULT-VALUE})")
  long perDay = 500_000;

  @Option(names = "--gzip", description = "write gzip-compressed landing files")
  boolean gzip;

  @Mixin
  WorkDir workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    Path landing = work.resolve("landing");

    long t0 = System.nanoTime();
    GeneratorReport gen = Generator.generate(
        GeneratorSpec.of(tenants, days, perDay, 7, landing).withGzip(gzip), null);
    double genS = (System.nanoTime() - t0) / 1e9;
    long bytes = gen.files().stream().mapToLong(f -> f.bytes()).sum();
    System.out.printf(
        "generated %,d lines (%,.0f MB, gzip=%s) in %.1f s%n",
        gen.totalLines(), bytes / 1e6, gzip, genS);

    try (BenchEnv.Postgres pg = BenchEnv.postgres(work)) {
      Database db = pg.db();
      Settings s = BenchEnv.settings(db, work, Map.of());
      SparkSession spark = BenchEnv.spark(s, "ingest");
      Window w = Window.days(GeneratorSpec.DEFAULT_START, days + 3);
      String glob = landing.toAbsolutePath() + "/dt=*/*.jsonl" + (gzip ? ".gz" : "");

      double floor = Double.MAX_VALUE;
      long lines = 0;
      for (int i = 0; i < 2; i++) {
        long s0 = System.nanoTime();
        lines = spark.read().text(glob).count();
        floor = Math.min(floor, (System.nanoTime() - s0) / 1e9);
      }
      BenchEnv.Timed job = BenchEnv.best(2, new IngestJob(), spark, s, db, w);
      JobResult r = job.result();
      double best = job.seconds();
      System.out.printf(
          "scan floor: %,d lines in %.2f s (%,.0f lines/s)%n", lines, floor, lines / floor);
      System.out.printf(
          "ingest:     %,d lines in %.2f s (%,.0f lines/s); in=%,d ok=%,d quarantined=%,d%n",
          r.recordsIn(),
          best,
          r.recordsIn() / best,
          r.recordsIn(),
          r.recordsOk(),
          r.recordsQuarantined());
      BenchEnv.printRatio("ingest", best, floor);
      spark.stop();
    }
    return 0;
  }
}
