package io.vigia.common.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.tables.DeltaTable;
import io.vigia.common.json.Json;
import io.vigia.common.spark.SessionConf;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a run writes Delta tables (events, quarantine, sanitized copies, rollup states,
 * archives, erasure rewrites). Every write is idempotent for the run's window: {@link #replace}
 * swaps exactly the rows a Column condition selects (Delta's overwrite-by-filter, one atomic
 * commit), and updates and deletes are by condition. Conditions are Column expressions: Spark
 * renders their literals itself, so no value ever becomes SQL text. Each commit carries
 * "vigia JOB run RUN_ID" as its userMetadata (DESCRIBE HISTORY shows which run wrote what), the
 * version each table reached is kept for the run ledger ({@code job_runs.details.delta}), and a
 * commit that conflicts with a concurrent writer of the same table is retried (the operation is
 * re-evaluated on the new snapshot) and, after the last attempt, reported with what to do. Delta
 * commits are atomic per table and are not part of the PostgreSQL transaction: a run that fails after
 * some of them leaves those tables at its new rows, which its re-run replaces with identical ones.
 */
public final class DeltaSink {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaSink.class);
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  static final int ATTEMPTS = 4;

  private final JobContext ctx;
  private final Map<String, Long> versions = Collections.synchronizedMap(new LinkedHashMap<>());

  DeltaSink(JobContext ctx) {
    this.ctx = ctx;
  }

  /** The commit message of this run's Delta commits. */
  public String commitInfo() {
    return "vigia " + ctx.jobName() + " run " + ctx.runId() + " window " + ctx.window();
  }

  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /**
   * Replaces the rows of the table at path that satisfy {@code where} with {@code rows} (every row
   * must satisfy it too), in one commit; creates the table, partitioned by {@code partitionBy}, when
   * there is none. Returns the version written.
   */
  public long replace(String path, Dataset<Row> rows, Column where, String... partitionBy) {
    return replace(path, rows, where, Map.of(), partitionBy);
  }

  /**
   * As {@link #replace(String, Dataset, Column, String...)} with Delta write options (e.g. mergeSchema).
   * The option {@value #COMPRESSION} (a Parquet codec, e.g. zstd for cold archives) sets the codec of the
   * files this commit writes, for this commit only.
   */
  public long replace(
      String path,
      Dataset<Row> rows,
      Column where,
      Map<String, String> options,
      String... partitionBy) {
    Map<String, String> opts = new LinkedHashMap<>(options);
    String codec = opts.remove(COMPRESSION);
    boolean unsorted = Boolean.parseBoolean(opts.remove(UNSORTED));
    return commit(path, "replace", withUnsorted(unsorted, withCodec(codec, () -> {
      if (exists(ctx.spark(), path)) {
        rows.writeTo(identifier(path))
            .options(opts)
            .option("userMetadata", commitInfo())
            .overwrite(where);
      } else {
        rows.write()
            .format("delta")
            .mode("append")
            .options(opts)
            .option("userMetadata", commitInfo())
            .partitionBy(partitionBy)
            .save(path);
      }
      return null;
    })));
  }

  /** The write option of {@link #replace(String, Dataset, Column, Map, String...)} naming the Parquet codec. */
  public static final String COMPRESSION = "compression";

  /**
   * The write option of {@link #replace(String, Dataset, Column, Map, String...)} saying the rows hold
   * one value of the partition columns ("true"): Spark then writes them as they come instead of first
   * sorting all of them by partition (a second value, should one come, falls back to the sort).
   */
  public static final String UNSORTED = "vigia.unsorted";

  /** Sets columns of the rows that satisfy the condition; returns the version written (or -1: no table). */
  public long update(String path, Column condition, Map<String, Column> set) {
    return update(path, condition, set, null);
  }

  /**
   * As {@link #update(String, Column, Map)}, the commit's userMetadata ending with " | " + note (e.g.
   * the erasure request it carries out, found again in the history by {@link #noted}).
   */
  public long update(String path, Column condition, Map<String, Column> set, String note) {
    if (!exists(ctx.spark(), path)) {
      return -1;
    }
    return commit(path, "update", withMetadata(note, () -> {
      DeltaTable.forPath(ctx.spark(), path).update(condition, set);
      return null;
    }));
  }

  /** Deletes the rows that satisfy the condition; returns the version written (or -1: no table). */
  public long delete(String path, Column condition) {
    return delete(path, condition, null);
  }

  /** As {@link #delete(String, Column)} with a note in the commit's userMetadata. */
  public long delete(String path, Column condition, String note) {
    if (!exists(ctx.spark(), path)) {
      return -1;
    }
    return commit(path, "delete", withMetadata(note, () -> {
      DeltaTable.forPath(ctx.spark(), path).delete(condition);
      return null;
    }));
  }

  /** The history rows (version, operation, operationMetrics) of the commits, by any run, with this note. */
  public static List<Row> noted(SparkSession spark, String path, String note) {
    return DeltaTable.forPath(spark, path)
        .history()
        .filter(org.apache.spark.sql.functions.col("userMetadata").endsWith(" | " + note))
        .select("version", "operation", "operationMetrics")
        .collectAsList();
  }

  /**
   * Removes files no version younger than the retention still needs (after a rewrite of personal
   * data, so the old files really go). Below Delta's 168-hour guard the guard is lifted for this call only.
   */
  public void vacuum(List<String> paths, java.time.Duration retain) {
    double retainHours = retain.toMillis() / 3_600_000.0;
    SessionConf guard = SessionConf.set(
        ctx.spark(),
        retainHours < 168
            ? Map.of("spark.databricks.delta.retentionDurationCheck.enabled", "false")
            : Map.of());
    try {
      for (String p : paths) {
        if (exists(ctx.spark(), p)) {
          DeltaTable.forPath(ctx.spark(), p).vacuum(retainHours);
        }
      }
    } finally {
      guard.restore();
    }
  }

  /** The latest version of each table this run committed to, by path. */
  public Map<String, Long> versions() {
    synchronized (versions) {
      return Map.copyOf(versions);
    }
  }

  /** The op with the session's Parquet codec set to codec (null: unchanged) and restored after. */
  private <T> Callable<T> withCodec(String codec, Callable<T> op) {
    return codec == null ? op : withConf("spark.sql.parquet.compression.codec", codec, op);
  }

  /**
   * The op with Spark's writers kept open per partition value instead of a sort: a task falls back to
   * sorting its remaining rows once it holds this many writers, so 2 keeps one value unsorted (with 1,
   * the first writer already reaches the limit and every row is sorted anyway).
   */
  private <T> Callable<T> withUnsorted(boolean unsorted, Callable<T> op) {
    return unsorted ? withConf("spark.sql.maxConcurrentOutputFileWriters", "2", op) : op;
  }

  private <T> Callable<T> withMetadata(String note, Callable<T> op) {
    return withConf(USER_METADATA, commitInfo() + (note == null ? "" : " | " + note), op);
  }

  /** The op with a session setting set to value and restored after (one such op at a time). */
  private <T> Callable<T> withConf(String key, String value, Callable<T> op) {
    return () -> {
      synchronized (DeltaSink.class) {
        SessionConf set = SessionConf.set(ctx.spark(), Map.of(key, value));
        try {
          return op.call();
        } finally {
          set.restore();
        }
      }
    };
  }

  private long commit(String path, String what, Callable<Void> op) {
    for (int attempt = 1; ; attempt++) {
      try {
        op.call();
        long v = lastVersionOfThisRun(path);
        versions.put(path, v);
        LOG.info("{}: Delta {} of {} committed as version {}", ctx.jobName(), what, path, v);
        return v;
      } catch (Exception e) {
        if (!isConflict(e)) {
          throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        if (attempt >= ATTEMPTS) {
          throw new IllegalStateException(
              ctx.jobName() + ": the Delta table " + path + " was changed by another writer "
                  + "during each of " + ATTEMPTS + " attempts of this run's " + what + " ("
                  + e.getClass().getSimpleName()
                  + "); this " + what
                  + " was not applied (Delta commits are all-or-nothing): run the job again once the "
                  + "other writer (see DESCRIBE HISTORY) has finished",
              e);
        }
        LOG.warn(
            "{}: {} of {} conflicted with a concurrent writer ({}); attempt {} of {}",
            ctx.jobName(),
            what,
            path,
            e.getClass().getSimpleName(),
            attempt + 1,
            ATTEMPTS);
        try {
          Thread.sleep(200L * attempt + (long) (Math.random() * 200));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(ie);
        }
      }
    }
  }

  /** How far back from the newest commit {@link #lastVersionOfThisRun} looks for this run's own. */
  static final int HISTORY = 20;

  private static final Pattern COMMIT_FILE = Pattern.compile("(\\d{20})\\.json");

  /**
   * The newest version whose commit carries this run's metadata (a later writer may have committed
   * since), among the last {@value #HISTORY} commits; -1 when none does. Read from the commit files
   * the Delta protocol defines ({@code _delta_log/NNNNNNNNNNNNNNNNNNNN.json}, whose commitInfo action
   * holds the userMetadata) with the table's Hadoop file system: a listing and a few small reads on the
   * driver, where DESCRIBE HISTORY costs two Spark jobs per commit.
   */
  long lastVersionOfThisRun(String path) {
    try {
      Path log = new Path(path, "_delta_log");
      FileSystem fs = log.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration());
      List<Long> versions = new ArrayList<>();
      for (FileStatus f : fs.listStatus(log)) {
        Matcher m = COMMIT_FILE.matcher(f.getPath().getName());
        if (m.matches()) {
          versions.add(Long.parseLong(m.group(1)));
        }
      }
      versions.sort(Collections.reverseOrder());
      String mine = commitInfo();
      for (long v : versions.subList(0, Math.min(HISTORY, versions.size()))) {
        String metadata = userMetadata(fs, new Path(log, "%020d.json".formatted(v)));
        if (metadata != null && metadata.startsWith(mine)) {
          return v;
        }
      }
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException(
          ctx.jobName() + ": could not read the Delta log of " + path + ": " + e.getMessage(), e);
    }
  }

  /** The userMetadata of a commit file's commitInfo action (null when it has none). */
  private static String userMetadata(FileSystem fs, Path commit) throws IOException {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode info = Json.MAPPER.readTree(line).get("commitInfo");
        if (info != null) {
          JsonNode m = info.get("userMetadata");
          return m == null || m.isNull() ? null : m.asText();
        }
      }
      return null;
    }
  }

  static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // Delta's conflicts (ConcurrentAppendException, ConcurrentDeleteReadException, ...) all
      // extend it
      if (t instanceof java.util.ConcurrentModificationException) {
        return true;
      }
    }
    return false;
  }

  /** A path-based table name for the DataFrameWriterV2 API (the path is a setting, quoted as an identifier). */
  private static String identifier(String path) {
    return "delta.`" + path.replace("`", "``") + "`";
  }
}
