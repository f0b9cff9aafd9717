package io.vigia.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.vigia.common.db.Database;
import io.vigia.common.db.IdRangeRead;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.feedback.FeedbackJob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Feedback job throughput against the scan floor. PostgreSQL is filled with {@code --rows} pending
 * user_feedback rows (default 1,000,000) over one day: Spanish and English comments of each sentiment
 * with numbers appended (so comments are not all identical), 1-5 ratings, a correction on a fifth of
 * them, and a share without comment. The floor is a plain Spark job over the same rows: the same
 * partitioned JDBC read of the same columns and a count and sum(length(comment)) per target type. The
 * job adds the analysis (UDF), the Parquet copy, the staging write and the UPDATE of every row, and
 * the correction aggregation. Run once each (the job changes the rows it reads).
 */
@Command(
    name = "feedback",
    mixinStandardHelpOptions = true,
    description = "Feedback job throughput against the scan floor")
public final class FeedbackBench implements Callable<Integer> {
  @Option(names = "--rows", description = "rows to generate (default: ${DEFAULT-VALUE})")
  long rows = 1_000_000;

  @Mixin
  WorkDir workDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FeedbackBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = workDir.create();
    try (BenchEnv.Postgres pg = BenchEnv.postgres(work)) {
      Database db = pg.db();
      long t0 = System.nanoTime();
      try (Connection c = db.connect();
          Statement st = c.createStatement()) {
        st.execute("TRUNCATE user_feedback");
        st.execute(
            "SELECT vigia_ensure_monthly_partitions('user_feedback', '2026-11-01', '2026-12-01')");
        String comments =
            "ARRAY['No me gustó nada, se equivocó otra vez', 'Muy buena predicción, acertó casi exacto', "
                + "'Es aceptable, sin más', 'The forecast was way off again', 'Not bad at all, quite accurate', "
                + "'Fine, nothing special', 'Pésima estimación, nos quedamos sin stock', 'Really helpful for planning', "
                + "'La explicación es clara y útil', 'I don''t trust this anymore']";
        st.execute(
            "INSERT INTO user_feedback (tenant_id, user_id, target_type, target_id, model_id, rating, comment, "
                + "correction_data, created_at) SELECT 't' || (g % 20), 'u' || (g % 5000), "
                + "(ARRAY['prediction', 'prediction', 'action', 'explanation'])[1 + g % 4], 'p' || g, 'm' || (g % 3), "
                + "1 + (g * 7) % 5, CASE WHEN g % 9 = 0 THEN NULL ELSE (" + comments
                + ")[1 + (g * 13) % 10] || ' ' || (g % 1000) END, "
                + "CASE WHEN g % 5 = 0 THEN jsonb_build_object('corrected_value', g % 300, 'predicted_value', g % 280) END, "
                + "TIMESTAMPTZ '2026-11-10T00:00:00Z' + (g % 86400) * interval '1 second' FROM generate_series(1, "
                + rows
                + ") g");
        st.execute("ANALYZE user_feedback");
      }
      System.out.printf(
          "loaded %,d pending feedback rows into PostgreSQL in %.1f s%n",
          rows, (System.nanoTime() - t0) / 1e9);
      Settings s = BenchEnv.settings(db, work, Map.of());
      SparkSession spark = BenchEnv.spark(s, "feedback");
      Window w = Window.days(LocalDate.parse("2026-11-10"), 1);

      long s0 = System.nanoTime();
      String sub =
          "(SELECT id, created_at, target_type, rating::int AS rating, comment, correction_data::text "
              + "AS correction_data FROM user_feedback WHERE processing_status = 'pending') f";
      long groups = IdRangeRead.read(spark, db, sub, 1, rows)
          .groupBy("target_type")
          .agg(count(lit(1)), sum(length(col("comment"))))
          .collectAsList()
          .size();
      double floor = (System.nanoTime() - s0) / 1e9;

      BenchEnv.Timed run = BenchEnv.once(new FeedbackJob(), spark, s, db, w);
      JobResult r = run.result();
      double job = run.seconds();
      BenchEnv.printFloor(rows, groups, floor);
      System.out.printf(
          "feedback:   %,d rows in %.2f s (%,.0f rows/s); in=%,d processed=%,d failed=%,d; %s%n",
          r.recordsIn(),
          job,
          r.recordsIn() / job,
          r.recordsIn(),
          r.recordsOk(),
          r.recordsQuarantined(),
          r.message());
      BenchEnv.printRatio("feedback", job, floor);
      spark.stop();
    }
    return 0;
  }
}
