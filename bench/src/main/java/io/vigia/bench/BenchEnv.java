package io.vigia.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import io.vigia.common.db.Database;
import io.vigia.common.db.EmbeddedPostgres;
import io.vigia.common.db.Migrations;
import io.vigia.common.job.Job;
import io.vigia.common.job.JobResult;
import io.vigia.common.job.JobRunner;
import io.vigia.common.job.Window;
import io.vigia.common.settings.Settings;
import io.vigia.common.spark.Sessions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * What the benchmark programs do the same way: their settings, Spark session and embedded
 * PostgreSQL, the timing of a job's runs, the floor and ratio lines, and a column of synthetic data.
 */
final class BenchEnv {
  private BenchEnv() {}

  /**
   * Settings of a local benchmark run: the given database, landing and lake under {@code work}, all
   * cores, 8 shuffle partitions; {@code extra} adds or overrides keys.
   */
  static Settings settings(Database db, Path work, Map<String, ?> extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vigia.jdbc.url", db.url());
    m.put("vigia.jdbc.user", db.user());
    m.putAll(extra);
    return settings(work, m);
  }

  /** The same without a database (a benchmark of a Spark step alone). */
  static Settings settings(Path work, Map<String, ?> extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vigia.landing-dir", work.resolve("landing").toString());
    m.put("vigia.lake-dir", work.resolve("lake").toString());
    m.put("vigia.spark.master", "local[*]");
    m.put("vigia.spark.shuffle-partitions", "8");
    m.putAll(extra);
    return Settings.defaults().with(m);
  }

  /** The benchmark's Spark session (application name vigia-bench-NAME, no UI). */
  static SparkSession spark(Settings s, String name) {
    return Sessions.builder(s, "vigia-bench-" + name)
        .config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  /** An embedded PostgreSQL server and its database vigia. */
  record Postgres(EmbeddedPostgres server, Database db) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  /** Starts an embedded PostgreSQL under {@code work/pg} (fsync off) and migrates its database vigia. */
  static Postgres postgres(Path work) throws IOException {
    EmbeddedPostgres pg = EmbeddedPostgres.start(work.resolve("pg"), 0, true);
    try {
      Database db = Database.embedded(pg, "vigia");
      Migrations.migrate(db);
      return new Postgres(pg, db);
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  /** A job's wall time in seconds (the best of its runs) and its result (the last run's). */
  record Timed(double seconds, JobResult result) {}

  /** Something done before each timed run, not timed itself. */
  interface Untimed {
    void run() throws Exception;
  }

  /** One run of the job over the window, timed. */
  static Timed once(Job job, SparkSession spark, Settings s, Database db, Window w)
      throws Exception {
    return best(1, job, spark, s, db, w, () -> {});
  }

  /** {@code runs} runs of the job over the window (warm after the first): the best time. */
  static Timed best(int runs, Job job, SparkSession spark, Settings s, Database db, Window w)
      throws Exception {
    return best(runs, job, spark, s, db, w, () -> {});
  }

  /** The same with {@code before} done ahead of each run (e.g. to undo what a run changed). */
  static Timed best(
      int runs, Job job, SparkSession spark, Settings s, Database db, Window w, Untimed before)
      throws Exception {
    double best = Double.MAX_VALUE;
    JobResult r = null;
    for (int i = 0; i < runs; i++) {
      before.run();
      long s0 = System.nanoTime();
      r = JobRunner.run(job, spark, s, db, w, Optional.empty(), Clock.systemUTC());
      best = Math.min(best, (System.nanoTime() - s0) / 1e9);
    }
    return new Timed(best, r);
  }

  /** Prints the line "scan floor: N rows -> G groups in S s (R rows/s)". */
  static void printFloor(long rows, long groups, double seconds) {
    System.out.printf(
        "scan floor: %,d rows -> %d groups in %.2f s (%,.0f rows/s)%n",
        rows, groups, seconds, rows / seconds);
  }

  /** Prints the line "ratio NAME/floor: Rx (cores: N)". */
  static void printRatio(String name, double seconds, double floor) {
    System.out.printf(
        "ratio %s/floor: %.1fx (cores: %d)%n",
        name, seconds / floor, Runtime.getRuntime().availableProcessors());
  }

  /** The value at {@code i} modulo the number of values (a column of synthetic data). */
  static Column pick(String[] values, Column i) {
    return element_at(
        array(Arrays.stream(values).map(v -> lit(v)).toArray(Column[]::new)),
        pmod(i, lit(values.length)).plus(1).cast("int"));
  }
}
