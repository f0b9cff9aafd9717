package io.vigia.bench;

import io.vigia.common.db.Database;
import io.vigia.common.db.EmbeddedPostgres;
import io.vigia.common.db.Migrations;
import io.vigia.common.job.JobResult;
import io.vigia.common.settings.Settings;
import io.vigia.generate.Generator;
import io.vigia.generate.GeneratorSpec;
import io.vigia.generate.JdbcPlatformSink;
import io.vigia.jobs.Pipeline;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Issue 10's soak run: the demo pipeline (ingest, then every registered job over its default window at
 * the end of the generated days) over --days generated days at --rows-per-day events, --passes times
 * (default 2) over the same data. Prints per-job time and throughput (records in / s), the scan floor
 * (a plain read of the landing), the peak heap of this driver JVM per pass, and the row-count
 * differences of every table between passes, which must be none (exit code 1 otherwise). Run it with
 * BENCH_JAVA_OPTS=-Xmx1g to check the driver stays within 1 GiB. The run ledger (job_runs) grows by
 * design and is left out of the comparison.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description =
        "Soak run: the demo pipeline over generated days, several passes; row counts must not change between passes")
public final class SoakBench implements Callable<Integer> {
  @Option(names = "--days", description = "days of data (default: ${DEFAULT-VALUE})")
  int days = 30;

  @Option(names = "--rows-per-day", description = "event lines per day (default: ${DEFAULT-VALUE})")
  long rows = 1_000_000;

  @Option(names = "--tenants", description = "tenants (default: ${DEFAULT-VALUE})")
  int tenants = 10;

  @Option(names = "--passes", description = "passes over the data (default: ${DEFAULT-VALUE})")
  int passes = 2;

  @Mixin
  WorkDir workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SoakBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create().toAbsolutePath();
    LocalDate start = GeneratorSpec.DEFAULT_START;

    // a fresh server per run (its data may live outside work/ when run as root), deleted at the end
    EmbeddedPostgres pg =
        EmbeddedPostgres.start(work.resolve("pg-" + System.currentTimeMillis()), 0, true);
    try {
      Database db = Database.embedded(pg, "vigia");
      Migrations.migrate(db);
      Settings s = BenchEnv.settings(db, work, Map.of());
      long g0 = System.nanoTime();
      try (Connection c = db.connect()) {
        Generator.generate(
            GeneratorSpec.of(tenants, days, rows, 42, work.resolve("landing")),
            new JdbcPlatformSink(c));
      }
      System.out.printf(
          "generated %d days x %d events/day for %d tenants in %.1f s%n",
          days, rows, tenants, (System.nanoTime() - g0) / 1e9);
      SparkSession spark = BenchEnv.spark(s, "soak");
      long f0 = System.nanoTime();
      long lines =
          spark.read().text(work.resolve("landing").resolve("dt=*").toString()).count();
      double floor = (System.nanoTime() - f0) / 1e9;
      System.out.printf(
          "scan floor: %d landed lines read in %.1f s (%.0f lines/s)%n",
          lines, floor, lines / floor);

      List<Map<String, Long>> counts = new ArrayList<>();
      for (int pass = 1; pass <= passes; pass++) {
        resetPeaks();
        long p0 = System.nanoTime();
        List<String> report = new ArrayList<>();
        Pipeline.Listener add =
            (name, w, r, took) -> report.add(line(name, r, took.toNanos() / 1e9, floor));
        Pipeline.run(spark, s, db, start, days, List.of(), add);
        System.out.printf(
            "pass %d: %.1f s, peak driver heap %d MiB (max %d MiB)%n",
            pass,
            (System.nanoTime() - p0) / 1e9,
            peakHeapMiB(),
            Runtime.getRuntime().maxMemory() >> 20);
        report.forEach(r -> System.out.println("  " + r));
        counts.add(tableCounts(db));
      }
      spark.stop();
      int differences = 0;
      for (int i = 1; i < counts.size(); i++) {
        for (String t : counts.get(0).keySet()) {
          long x = counts.get(0).get(t);
          long y = counts.get(i).getOrDefault(t, -1L);
          if (x != y) {
            differences++;
            System.out.printf("DIFFERENCE pass 1 vs %d: %s %d -> %d rows%n", i + 1, t, x, y);
          }
        }
      }
      System.out.printf(
          "row counts of %d tables compared over %d passes: %d differences%n",
          counts.get(0).size(), passes, differences);
      if (differences > 0) {
        pg.deleteData();
        System.exit(1);
      }
    } finally {
      pg.deleteData();
    }
    return 0;
  }

  private static String line(String job, JobResult r, double sec, double floor) {
    return String.format(
        "%-18s %8.1f s  in=%d ok=%d quarantined=%d  %.0f records/s  (%.1fx the scan floor)",
        job,
        sec,
        r.recordsIn(),
        r.recordsOk(),
        r.recordsQuarantined(),
        r.recordsIn() / Math.max(sec, 1e-9),
        sec / floor);
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  private static long peakHeapMiB() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }

  /** Rows per table of schema public (partitioned tables counted through their parent), job_runs left out. */
  private static Map<String, Long> tableCounts(Database db) throws Exception {
    Map<String, Long> m = new TreeMap<>();
    List<String> tables = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery(
          "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
              + " AND c.relname NOT IN ('job_runs', 'vigia_schema_history') ORDER BY 1")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        try (ResultSet rs =
            st.executeQuery("SELECT count(*) FROM \"" + t.replace("\"", "\"\"") + "\"")) {
          rs.next();
          m.put(t, rs.getLong(1));
        }
      }
    }
    return m;
  }
}
