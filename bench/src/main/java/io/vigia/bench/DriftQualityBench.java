package io.vigia.bench;

import io.vigia.common.db.Database;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.generate.Generator;
import io.vigia.generate.GeneratorSpec;
import io.vigia.generate.GeneratorSpec.FeatureDrift;
import io.vigia.jobs.drift.DetectionQualityHarness;
import io.vigia.jobs.drift.DriftJob;
import io.vigia.jobs.ingest.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Detection quality at a larger scale than the test: --tenants tenants x 3 models over 21 generated
 * days; feature drift injected (last 7 days) on a known half of the tenant x model pairs, cycling
 * through the models, with --numeric-shift sd (1.0) and --categorical-shift (0.35 and 0.5 alternating,
 * so sub-threshold and real categorical shifts both appear); the other pairs are no-drift controls.
 * Ingests, runs drift over the drifted week against the week before, and prints the rates of
 * {@link DetectionQualityHarness} (design targets: TPR above 90%, false alerts below 5%). --reuse keeps the
 * lake of an earlier run with the same options (skips generating and ingesting).
 */
@Command(
    name = "drift-quality",
    mixinStandardHelpOptions = true,
    description = "Detection quality at a larger scale than the test")
public final class DriftQualityBench implements Callable<Integer> {
  @Option(names = "--tenants", description = "tenants (default: ${DEFAULT-VALUE})")
  int tenants = 8;

  @Option(names = "--rows-per-day", description = "event lines per day (default: ${DEFAULT-VALUE})")
  long rowsPerDay = 8_000;

  @Option(
      names = "--numeric-shift",
      description =
          "size of the injected numeric shift, in standard deviations (default: ${DEFAULT-VALUE})")
  double numShift = 1.0;

  @Option(names = "--seed", description = "generator seed (default: ${DEFAULT-VALUE})")
  long seed = 5;

  @Mixin
  WorkDir workDir;

  @Option(
      names = "--reuse",
      description = "reuse the lake of a previous run in --work when there is one")
  boolean reuseRequested;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DriftQualityBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    int days = 21;

    List<FeatureDrift> drift = new ArrayList<>();
    for (int t = 1; t <= tenants; t++) {
      for (int m = 0; m < GeneratorSpec.MODELS.size(); m++) {
        boolean hasModel = m < 2 || t % 4 != 0; // Plan: every fourth tenant has no ticket-router
        if (hasModel && (t + m) % 2 == 0) {
          drift.add(new FeatureDrift(
              GeneratorSpec.tenantId(t),
              GeneratorSpec.MODELS.get(m),
              numShift,
              (t / 2) % 2 == 0 ? 0.5 : 0.35));
        }
      }
    }
    GeneratorSpec.Injections inj = new GeneratorSpec.Injections(
        drift, List.of(), List.of(), GeneratorSpec.Injections.none().pii(), List.of(), List.of());
    GeneratorSpec spec = GeneratorSpec.of(tenants, days, rowsPerDay, seed, work.resolve("landing"))
        .withInjections(inj);
    boolean reuse = reuseRequested && Files.isDirectory(work.resolve("lake/events/prediction"));
    long t0 = System.nanoTime();
    if (!reuse) {
      Generator.generate(spec, null);
    }
    System.out.printf(
        "generated %d tenants x %d days x %,d rows/day in %.1f s; injected pairs: %d of %d%n",
        tenants,
        days,
        rowsPerDay,
        (System.nanoTime() - t0) / 1e9,
        drift.size(),
        tenants * GeneratorSpec.MODELS.size() - tenants / 4);

    try (BenchEnv.Postgres pg = BenchEnv.postgres(work)) {
      Database db = pg.db();
      Settings s = BenchEnv.settings(db, work, Map.of());
      SparkSession spark = BenchEnv.spark(s, "drift-quality");
      long t1 = System.nanoTime();
      if (!reuse) {
        JobRunner.run(
            new IngestJob(),
            spark,
            s,
            db,
            Window.days(spec.start(), days + 3),
            Optional.empty(),
            Clock.systemUTC());
      }
      System.out.printf("ingested in %.1f s%n", (System.nanoTime() - t1) / 1e9);
      Window w = Window.days(
          spec.start().plusDays(spec.lastThirdStartDay()), days - spec.lastThirdStartDay());
      BenchEnv.Timed run = BenchEnv.once(new DriftJob(), spark, s, db, w);
      System.out.printf(
          "drift over %s in %.1f s: %s%n", w, run.seconds(), run.result().message());
      DetectionQualityHarness.Report q =
          DetectionQualityHarness.evaluate(db, w, inj, s.drift().psiThreshold());
      System.out.println("detection quality: " + q.text());
      spark.stop();
    }
    return 0;
  }
}
