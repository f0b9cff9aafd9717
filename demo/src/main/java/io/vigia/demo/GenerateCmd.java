package io.vigia.demo;

import io.vigia.cli.Main;
import io.vigia.common.db.Database;
import io.vigia.common.db.Migrations;
import io.vigia.common.settings.Settings;
import io.vigia.generate.Generator;
import io.vigia.generate.GeneratorReport;
import io.vigia.generate.GeneratorSpec;
import io.vigia.generate.JdbcPlatformSink;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vigia generate`: a realistic, deterministic landing plus the platform's PostgreSQL inputs. */
@Command(name = "generate", description = "write a deterministic synthetic landing (and the platform tables)")
public final class GenerateCmd implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main parent;

  @Option(names = "--tenants", defaultValue = "5", description = "tenants (default ${DEFAULT-VALUE})")
  int tenants;

  @Option(names = "--days", defaultValue = "14", description = "days (default ${DEFAULT-VALUE})")
  int days;

  @Option(names = "--rows-per-day", defaultValue = "20000",
      description = "events per day over all tenants (default ${DEFAULT-VALUE})")
  long rowsPerDay;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--start", description = "first day (default 2026-11-01)")
  LocalDate start;

  @Option(names = "--out", description = "landing directory (default: vigia.landing-dir)")
  Path out;

  @Option(names = "--gzip", description = "write .jsonl.gz files")
  boolean gzip;

  @Option(names = "--no-effects", description = "no injected effects (drift, performance drop, A/B winner, PII, "
      + "over-budget tenant, negative feedback burst); by default all are injected as listed in _manifest.json")
  boolean noEffects;

  @Option(names = "--no-db", description = "do not load ab_experiments, ab_experiment_observations, user_feedback")
  boolean noDb;

  @Override
  public Integer call() throws Exception {
    Settings s = parent.settings();
    GeneratorSpec spec = spec(s);
    GeneratorReport r;
    if (noDb) {
      r = Generator.generate(spec, null);
    } else {
      try (Database db = Database.open(s)) {
        Migrations.requireCurrent(db);
        r = generate(db, spec);
      }
    }
    System.out.println(summary(r));
    return Main.OK;
  }

  GeneratorSpec spec(Settings s) {
    GeneratorSpec spec = GeneratorSpec.of(tenants, days, rowsPerDay, seed, out != null ? out : Path.of(s.landingDir))
        .withGzip(gzip);
    if (noEffects) {
      spec = spec.withInjections(GeneratorSpec.Injections.none());
    }
    return start != null ? spec.withStart(start) : spec;
  }

  static GeneratorReport generate(Database db, GeneratorSpec spec) throws Exception {
    GeneratorReport r;
    try (Connection c = db.connect()) {
      r = Generator.generate(spec, new JdbcPlatformSink(c));
    }
    io.vigia.generate.TenantProfiles.load(db, r); // the privacy scan reads the tenants' countries
    return r;
  }

  static String summary(GeneratorReport r) {
    return String.format("generated %d lines in %d files under %s: %d valid events %s, %d duplicate deliveries, "
            + "%d bad lines %s; platform tables %s; manifest %s", r.totalLines(), r.files().size(), r.spec().out(),
        r.validEvents(), r.eventsByType(), r.duplicateLines(), r.badLines(), r.badByKind(), r.platformRows(),
        r.spec().out().resolve("_manifest.json"));
  }
}
