package io.vigia.demo;

import io.vigia.cli.Main;
import io.vigia.common.db.Database;
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

/**
 * `vigia generate`: a realistic, deterministic landing plus the platform's PostgreSQL inputs. Refuses (exit 2) a
 * database whose input tables hold rows it did not write, unless given {@value JdbcPlatformSink#REPLACE_FLAG}.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "write a deterministic synthetic landing (and the platform tables)")
public final class GenerateCmd implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main parent;

  @Option(
      names = "--tenants",
      defaultValue = "5",
      description = "tenants (default ${DEFAULT-VALUE})")
  int tenants;

  @Option(names = "--days", defaultValue = "14", description = "days (default ${DEFAULT-VALUE})")
  int days;

  @Option(
      names = "--rows-per-day",
      defaultValue = "20000",
      description = "events per day over all tenants (default ${DEFAULT-VALUE})")
  long rowsPerDay;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--start", description = "first day (default 2026-11-01)")
  LocalDate start;

  @Option(names = "--out", description = "landing directory (default: vigia.landing-dir)")
  Path out;

  @Option(names = "--gzip", description = "write .jsonl.gz files")
  boolean gzip;

  @Option(
      names = "--no-effects",
      description =
          "no injected effects (drift, performance drop, A/B winner, PII, "
              + "over-budget tenant, negative feedback burst); by default all are injected as listed in _manifest.json")
  boolean noEffects;

  @Option(
      names = "--no-db",
      description = "do not load ab_experiments, ab_experiment_observations, user_feedback, "
          + "tenant_budgets, tenant_privacy_profile")
  boolean noDb;

  @Option(
      names = JdbcPlatformSink.REPLACE_FLAG,
      description = "replace the generated tenants' rows of those tables even "
          + "when the database holds rows vigia generate/demo did not write (refused without it)")
  boolean replaceDemoTenants;

  @Override
  public Integer call() throws Exception {
    Settings s = parent.settings();
    GeneratorSpec spec = spec(s);
    GeneratorReport r;
    if (noDb) {
      r = Generator.generate(spec, null);
    } else {
      try (Database db = Database.openCurrent(s)) {
        r = generate(db, spec, replaceDemoTenants);
      }
    }
    System.out.println(summary(r));
    return Main.OK;
  }

  GeneratorSpec spec(Settings s) {
    GeneratorSpec spec = GeneratorSpec.of(
            tenants, days, rowsPerDay, seed, out != null ? out : Path.of(s.landingDir()))
        .withGzip(gzip);
    if (noEffects) {
      spec = spec.withInjections(GeneratorSpec.Injections.none());
    }
    return start != null ? spec.withStart(start) : spec;
  }

  /**
   * Generates and loads the platform tables (and the tenants' countries, which the privacy scan reads). Unless
   * {@code replace}, or the database is the embedded one vigia started itself, first refuses a database holding
   * rows it did not write, before writing anything (the sink checks again inside its transaction).
   */
  static GeneratorReport generate(Database db, GeneratorSpec spec, boolean replace)
      throws Exception {
    refuseForeignRows(db, replace);
    try (Connection c = db.connect()) {
      return Generator.generate(spec, new JdbcPlatformSink(c, replaceForeign(db, replace)));
    }
  }

  /** Unless allowed, throws JdbcPlatformSink.ForeignRowsException (exit code 2) on rows the generator did not write. */
  static void refuseForeignRows(Database db, boolean replace) throws java.sql.SQLException {
    if (!replaceForeign(db, replace)) {
      try (Connection c = db.connect()) {
        JdbcPlatformSink.refuseForeignRows(c);
      }
    }
  }

  /** The embedded database vigia started itself holds nothing but what vigia wrote. */
  private static boolean replaceForeign(Database db, boolean replace) {
    return replace || db.isEmbedded();
  }

  static String summary(GeneratorReport r) {
    return String.format(
        "generated %d lines in %d files under %s: %d valid events %s, %d duplicate deliveries, "
            + "%d bad lines %s; platform tables %s; manifest %s",
        r.totalLines(),
        r.files().size(),
        r.spec().out(),
        r.validEvents(),
        r.eventsByType(),
        r.duplicateLines(),
        r.badLines(),
        r.badByKind(),
        r.platformRows(),
        r.spec().out().resolve("_manifest.json"));
  }
}
