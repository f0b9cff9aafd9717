package io.vigia.bench;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.vigia.common.db.Database;
import io.vigia.common.io.LocalFiles;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.retention.Restore;
import io.vigia.jobs.retention.RetentionJob;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.postgresql.PGConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Retention throughput: one month of {@code --rows} user_feedback rows (2025-06, its own partition)
 * archived hot -> warm (export, verify against the Delta month and a PostgreSQL count, drop) with the
 * window ending 2025-10-15, then warm -> cold (compaction, per-batch verification, warm delete) with
 * the window ending 2026-11-28, then restored. Floors measured in the same run: PostgreSQL's own
 * COPY (SELECT ...) TO of the same rows, to nowhere (before the phases from the partition, after them
 * from the restored copy; the ratios use the mean), and the same partitioned Spark JDBC read of the
 * partition with a count (what the export does). Each phase prints its rows/s, its ratio to both
 * floors and its time by step (Spark jobs by description, the rest spent by the driver).
 */
@Command(name = "retention", mixinStandardHelpOptions = true, description = "Retention throughput")
public final class RetentionBench implements Callable<Integer> {
  @Option(names = "--rows", description = "rows to generate (default: ${DEFAULT-VALUE})")
  long rows = 2_000_000;

  @Mixin
  WorkDir workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RetentionBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    try (BenchEnv.Postgres pg = BenchEnv.postgres(work)) {
      Database db = pg.db();
      long t0 = System.nanoTime();
      try (Connection c = db.connect();
          Statement st = c.createStatement()) {
        st.execute("TRUNCATE user_feedback, retention_moves");
        st.execute("UPDATE partition_management SET maintenance_log = '[]'");
        st.execute(
            "SELECT vigia_ensure_monthly_partitions('user_feedback', '2025-06-01', '2025-07-01')");
        st.execute(
            "INSERT INTO user_feedback (tenant_id, user_id, target_type, target_id, model_id, rating, comment, "
                + "correction_data, created_at, processing_status) SELECT 't' || (g % 50), 'u' || (g % 100000), "
                + "(ARRAY['prediction','action','explanation'])[g % 3 + 1], 'x' || g, 'm' || (g % 20), (g % 5 + 1)::smallint, "
                + "CASE WHEN g % 3 = 0 THEN NULL ELSE 'la predicción de la semana ' || g || ' no cuadra' END, "
                + "CASE WHEN g % 10 = 0 THEN jsonb_build_object('value', g) END, "
                + "TIMESTAMPTZ '2025-06-01' + (g % 2592000) * interval '1 second', 'pending' "
                + "FROM generate_series(1, " + rows + ") g");
        st.execute("ANALYZE user_feedback");
      }
      System.out.printf(
          "loaded %,d user_feedback rows (2025-06) in %.1f s%n",
          rows, (System.nanoTime() - t0) / 1e9);
      Path lake = work.resolve("lake");
      LocalFiles.deleteTree(lake);
      Settings s = BenchEnv.settings(db, work, Map.of("vigia.retention.vacuum-retain-hours", 0));
      SparkSession spark = BenchEnv.spark(s, "retention");

      StepTimes steps = new StepTimes("retention", " user_feedback");
      spark.sparkContext().addSparkListener(steps);

      double scan = Double.MAX_VALUE;
      for (int i = 0; i < 2; i++) {
        long s0 = System.nanoTime();
        Map<String, String> opts = new LinkedHashMap<>(db.sparkOptions());
        opts.put("dbtable", "(SELECT * FROM public.user_feedback_p202506) x");
        opts.put("fetchsize", "10000");
        opts.put("partitionColumn", "created_at");
        opts.put("lowerBound", "2025-06-01");
        opts.put("upperBound", "2025-07-01");
        opts.put("numPartitions", Long.toString(Math.min(64, Math.max(1, rows / 250_000))));
        spark.read().format("jdbc").options(opts).load().agg(count(lit(1))).first();
        scan = Math.min(scan, (System.nanoTime() - s0) / 1e9);
      }
      String june = "created_at >= '2025-06-01' AND created_at < '2025-07-01'";
      double copyBefore = copyOut(db, "public.user_feedback", june);
      steps.take();

      BenchEnv.Timed hot =
          BenchEnv.once(new RetentionJob(), spark, s, db, Window.of("2025-10-14", "2025-10-15"));
      Map<String, Double> hotSteps = steps.take();
      BenchEnv.Timed cold =
          BenchEnv.once(new RetentionJob(), spark, s, db, Window.of("2026-11-27", "2026-11-28"));
      Map<String, Double> coldSteps = steps.take();
      long r0 = System.nanoTime();
      spark.sparkContext().setJobDescription("restore (archive read, COPY into staging)");
      Restore.Result back = Restore.run(
          spark,
          s,
          db,
          "user_feedback",
          Instant.parse("2025-06-01T00:00:00Z"),
          Instant.parse("2025-07-01T00:00:00Z"));
      double restoreS = (System.nanoTime() - r0) / 1e9;
      spark.sparkContext().setJobDescription(null);
      Map<String, Double> restoreSteps = steps.take();
      // the same rows again, now restored: a second floor, taken after the phases
      double copyAfter = copyOut(db, "vigia_restore.user_feedback", june);
      double copy = (copyBefore + copyAfter) / 2;

      System.out.printf(
          "floor: PostgreSQL COPY (SELECT ...) TO of the rows %.2f s before the phases, %.2f s after "
              + "(mean %.2f s, %,.0f rows/s); Spark JDBC scan of the partition %.2f s (%,.0f rows/s, "
              + "%.1fx COPY)%n",
          copyBefore, copyAfter, copy, rows / copy, scan, rows / scan, scan / copy);
      phase(
          "hot -> warm",
          hot.result().outputs().get("warm_rows"),
          hot.seconds(),
          copy,
          scan,
          hotSteps);
      phase(
          "warm -> cold",
          cold.result().outputs().get("cold_rows"),
          cold.seconds(),
          copy,
          scan,
          coldSteps);
      phase("restore", back.rows(), restoreS, copy, scan, restoreSteps);
      System.out.printf("cores: %d%n", Runtime.getRuntime().availableProcessors());
      spark.stop();
    }
    return 0;
  }

  /** Seconds PostgreSQL takes to COPY the rows of a table matching the condition to nowhere. */
  private static double copyOut(Database db, String table, String where) throws Exception {
    long c0 = System.nanoTime();
    try (Connection c = db.connect()) {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut(
              "COPY (SELECT * FROM " + table + " WHERE " + where + ") TO STDOUT",
              OutputStream.nullOutputStream());
    }
    return (System.nanoTime() - c0) / 1e9;
  }

  /** One phase's throughput, its ratios to the floors and its time by step. */
  private static void phase(
      String name, long n, double secs, double copy, double scan, Map<String, Double> steps) {
    System.out.printf(
        "%-13s %,d rows in %.2f s (%,.0f rows/s) = %.1fx COPY, %.1fx the Spark scan%n",
        name + ":", n, secs, n / secs, secs / copy, secs / scan);
    StepTimes.print(steps, secs, "PostgreSQL statements, Delta log and commits, planning");
  }
}
