package io.vigia.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.vigia.common.db.Database;
import io.vigia.common.db.IdRangeRead;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobContext;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.jobs.feedback.FeedbackJob;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.postgresql.PGConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Feedback job throughput against the scan floor, and its write-back against a COPY floor (issue 19:
 * "feedback write-back, 1M rows: <= 2x a COPY of the same rows into PostgreSQL"). PostgreSQL is
 * filled with {@code --rows} pending user_feedback rows (default 1,000,000) over one day: Spanish and
 * English comments of each sentiment with numbers appended (so comments are not all identical), 1-5
 * ratings, a correction on a fifth of them, and a share without comment.
 *
 * <p>The scan floor is a plain Spark job over the same rows: the same partitioned JDBC read of the
 * same columns and a count and sum(length(comment)) per target type. The job adds the analysis (UDF),
 * the Parquet copy, the staging and the UPDATE of every row, and the correction aggregation; its time
 * is printed by step (Spark jobs per step, the rest is the driver's: mostly the commit).
 *
 * <p>The write-back is then timed alone, with the rows the job wrote: those rows (key and written
 * columns) are saved as COPY text and as Parquet, user_feedback is loaded again with the same pending
 * rows (same ids), and a run of {@link FeedbackJob#writeBack} over the Parquet rows is timed: its
 * staging and the commit (the UPDATE). The COPY floor is one {@code COPY ... FROM STDIN} of the saved
 * text over one connection into {@value #FLOOR_TABLE}, a new logged table of the same ten columns with
 * user_feedback's types and no index, constraint or default; taken before and after the write-back.
 * Afterwards the rows must hold exactly what the job wrote (else the benchmark fails).
 */
@Command(
    name = "feedback",
    mixinStandardHelpOptions = true,
    description = "Feedback job throughput against the scan floor; its write-back against COPY")
public final class FeedbackBench implements Callable<Integer> {
  /** The key and the columns the job writes back, in the order it stages them. */
  static final String COLUMNS = "id, created_at, sentiment, sentiment_score, text_sentiment_score, "
      + "language, processing_status, processed_at, failure_reason, requires_review";

  static final String FLOOR_TABLE = "public.bench_feedback_copy_floor";

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
      System.out.printf(
          "loaded %,d pending feedback rows into PostgreSQL in %.1f s%n", rows, load(db, rows));
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

      StepTimes steps = new StepTimes("feedback", " [");
      spark.sparkContext().addSparkListener(steps);
      BenchEnv.Timed run = BenchEnv.once(new FeedbackJob(), spark, s, db, w);
      Map<String, Double> jobSteps = steps.take();
      JobResult r = run.result();
      double job = run.seconds();

      // the rows as the job wrote them: COPY text (the floor's input, and the check) and Parquet
      Path written = work.resolve("feedback-written.copy");
      copyOut(db, written);
      Path parquet = work.resolve("feedback-written");
      IdRangeRead.read(spark, db, "(SELECT " + COLUMNS + " FROM user_feedback) w", 1, rows)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(parquet.toString());
      Floor before = copyFloor(db, written);
      load(db, rows); // the same pending rows with the same ids, as the job found them
      WriteBack wb = writeBack(spark, s, db, w, parquet.toString());
      Floor after = copyFloor(db, written);
      Path again = work.resolve("feedback-written-again.copy");
      copyOut(db, again);
      boolean same = Files.mismatch(written, again) == -1;

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
      StepTimes.print(
          jobSteps,
          job,
          "the commit: user_feedback's UPDATE and the other tables; PostgreSQL queries, planning");
      BenchEnv.printRatio("feedback", job, floor);

      double copy = (before.seconds() + after.seconds()) / 2;
      System.out.printf(
          "copy floor: COPY %s (%s) FROM STDIN, one connection, %,d rows (%.0f MB of COPY text) into"
              + " a new logged table of those columns with user_feedback's types and no index,"
              + " constraint or default: %.2f s before the write-back, %.2f s after (mean %.2f s,"
              + " %,.0f rows/s); WAL %.0f MB%n",
          FLOOR_TABLE,
          COLUMNS,
          before.rows(),
          Files.size(written) / 1e6,
          before.seconds(),
          after.seconds(),
          copy,
          before.rows() / copy,
          before.walBytes() / 1e6);
      double total = wb.seconds();
      System.out.printf(
          "write-back: %,d rows in %.2f s (%,.0f rows/s), FeedbackJob.writeBack of the rows the job"
              + " wrote, run alone over the same pending rows:%n",
          wb.updated(), total, wb.updated() / total);
      System.out.printf("    %6.2f s  runner before the job (run lock, ledger row)%n", wb.before());
      System.out.printf(
          "    %6.2f s  staging: Spark COPY into a vigia_staging table, %d partitions; WAL %.0f MB%n",
          wb.staging(), wb.partitions(), wb.stagingWal() / 1e6);
      System.out.printf(
          "    %6.2f s  commit: the UPDATE of user_feedback (and the ledger row), one transaction;"
              + " WAL %.0f MB%n",
          wb.commit(), wb.commitWal() / 1e6);
      System.out.printf(
          "    UPDATE: %,d rows updated, %,d of them HOT (every index entry written again);"
              + " sizes before -> after: %s%n",
          wb.tupUpdated(), wb.tupHot(), wb.sizes());
      System.out.printf(
          "ratio write-back/copy floor: %.1fx (target <= 2x; staging alone %.1fx, UPDATE alone"
              + " %.1fx) (cores: %d)%n",
          total / copy,
          wb.staging() / copy,
          wb.commit() / copy,
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          "the write-back alone left the rows as the job wrote them: %s%n",
          same ? "yes" : "NO (" + written + " and " + again + " differ)");
      spark.stop();
      return same ? 0 : 1;
    }
  }

  /**
   * Empties user_feedback (ids from 1 again) and fills it with {@code rows} pending rows; returns the
   * seconds taken. The same rows every time.
   */
  static double load(Database db, long rows) throws SQLException {
    long t0 = System.nanoTime();
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute("TRUNCATE user_feedback RESTART IDENTITY");
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
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The key and written columns of every user_feedback row, in id order, as COPY text into a file. */
  static void copyOut(Database db, Path file) throws Exception {
    try (Connection c = db.connect();
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut(
              "COPY (SELECT " + COLUMNS + " FROM user_feedback ORDER BY id, created_at) TO STDOUT",
              out);
    }
  }

  record Floor(double seconds, long rows, long walBytes) {}

  /** One COPY of the saved rows into a new {@value #FLOOR_TABLE}, timed; the table is dropped after. */
  static Floor copyFloor(Database db, Path rowsFile) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + FLOOR_TABLE);
      st.execute("CREATE TABLE " + FLOOR_TABLE + " AS SELECT " + COLUMNS
          + " FROM user_feedback WITH NO DATA");
      long wal0 = wal(c);
      long t0 = System.nanoTime();
      long n;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(rowsFile), 1 << 16)) {
        n = c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + FLOOR_TABLE + " (" + COLUMNS + ") FROM STDIN", in, 1 << 16);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      long walBytes = wal(c) - wal0;
      st.execute("DROP TABLE " + FLOOR_TABLE);
      return new Floor(secs, n, walBytes);
    }
  }

  record WriteBack(
      double seconds,
      double before,
      double staging,
      double commit,
      int partitions,
      long updated,
      long stagingWal,
      long commitWal,
      long tupUpdated,
      long tupHot,
      String sizes) {}

  /** The feedback job's write-back alone: {@link FeedbackJob#writeBack} of Parquet rows, then the commit. */
  static final class WriteBackOnly implements Job {
    final String rows;
    long started;
    long staged;
    long walStaged;
    int partitions;

    WriteBackOnly(String rows) {
      this.rows = rows;
    }

    @Override
    public String name() {
      return "feedback-writeback";
    }

    @Override
    public String description() {
      return "the feedback job's write-back of saved rows (benchmark)";
    }

    @Override
    public JobResult run(JobContext ctx) throws Exception {
      started = System.nanoTime();
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> done =
          ctx.spark().read().parquet(rows);
      partitions = done.rdd().getNumPartitions();
      long n = FeedbackJob.writeBack(ctx, done);
      staged = System.nanoTime();
      try (Connection c = ctx.db().connect()) {
        walStaged = wal(c);
      }
      return JobResult.of(n, n, 0, Map.of("user_feedback", n), n + " rows staged");
    }
  }

  static WriteBack writeBack(SparkSession spark, Settings s, Database db, Window w, String rows)
      throws Exception {
    WriteBackOnly job = new WriteBackOnly(rows);
    long wal0;
    long[] upd0;
    Map<String, Long> size0;
    try (Connection c = db.connect()) {
      wal0 = wal(c);
      upd0 = updates(c);
      size0 = sizes(c);
    }
    long t0 = System.nanoTime();
    JobResult r = JobRunner.run(job, spark, s, db, w, Optional.empty(), Clock.systemUTC());
    long t1 = System.nanoTime();
    long wal1;
    long[] upd1;
    Map<String, Long> size1;
    try (Connection c = db.connect()) {
      wal1 = wal(c);
      // the committing backend reports its counts when it ends, a moment after the commit
      upd1 = updates(c);
      for (int i = 0; i < 100 && upd1[0] - upd0[0] < r.recordsOk(); i++) {
        Thread.sleep(100);
        upd1 = updates(c);
      }
      size1 = sizes(c);
    }
    StringBuilder sizes = new StringBuilder();
    for (Map.Entry<String, Long> e : size1.entrySet()) {
      sizes
          .append(sizes.length() == 0 ? "" : ", ")
          .append(e.getKey())
          .append(String.format(
              " %.0f -> %.0f MB", size0.getOrDefault(e.getKey(), 0L) / 1e6, e.getValue() / 1e6));
    }
    return new WriteBack(
        (t1 - t0) / 1e9,
        (job.started - t0) / 1e9,
        (job.staged - job.started) / 1e9,
        (t1 - job.staged) / 1e9,
        job.partitions,
        r.recordsOk(),
        job.walStaged - wal0,
        wal1 - job.walStaged,
        upd1[0] - upd0[0],
        upd1[1] - upd0[1],
        sizes.toString());
  }

  /** The WAL insert position in bytes. */
  static long wal(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Rows updated and of them HOT, over user_feedback's partitions (pg_stat_user_tables). */
  static long[] updates(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT coalesce(sum(n_tup_upd), 0)::bigint, coalesce(sum(n_tup_hot_upd), 0)::bigint "
                + "FROM pg_stat_user_tables WHERE relid IN "
                + "(SELECT inhrelid FROM pg_inherits WHERE inhparent = 'user_feedback'::regclass)")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  /** Bytes of user_feedback's heap and of each of its indexes, summed over the partitions. */
  static Map<String, Long> sizes(Connection c) throws SQLException {
    Map<String, Long> m = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("WITH parts AS (SELECT inhrelid AS oid FROM pg_inherits "
            + "WHERE inhparent = 'user_feedback'::regclass) "
            + "SELECT 'heap' AS name, sum(pg_relation_size(oid))::bigint, 0 AS o FROM parts "
            + "UNION ALL SELECT coalesce(pc.relname, x.indexrelid::regclass::text), "
            + "sum(pg_relation_size(x.indexrelid))::bigint, 1 FROM pg_index x "
            + "JOIN parts p ON p.oid = x.indrelid "
            + "LEFT JOIN pg_inherits pi ON pi.inhrelid = x.indexrelid "
            + "LEFT JOIN pg_class pc ON pc.oid = pi.inhparent GROUP BY 1 ORDER BY 3, 1")) {
      while (rs.next()) {
        m.put(rs.getString(1), rs.getLong(2));
      }
    }
    return m;
  }
}
