package io.vigia.common.job;

import io.vigia.common.db.Database;
import io.vigia.common.settings.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * Everything a job depends on, passed explicitly: the session (null for a job that does not use
 * Spark), validated settings, the database,
 * the run window [start, end), an optional tenant filter, a clock and the run id. Jobs never call
 * SparkSession.active() or Instant.now().
 */
public final class JobContext {
  private final SparkSession spark;
  private final Settings settings;
  private final Database db;
  private final Window window;
  private final Optional<String> tenant;
  private final Clock clock;
  private final UUID runId;
  private final String jobName;
  private final ResultWriter writer;
  private final DeltaSink delta;

  public JobContext(
      SparkSession spark,
      Settings settings,
      Database db,
      Window window,
      Optional<String> tenant,
      Clock clock,
      UUID runId,
      String jobName) {
    this.spark = spark;
    this.settings = settings;
    this.db = db;
    this.window = window;
    this.tenant = tenant;
    this.clock = clock;
    this.runId = runId;
    this.jobName = jobName;
    this.writer = new ResultWriter(this);
    this.delta = new DeltaSink(this);
  }

  public SparkSession spark() {
    if (spark == null) {
      throw new IllegalStateException(jobName + " runs without Spark (Job.usesSpark() is false)");
    }
    return spark;
  }

  public Settings settings() {
    return settings;
  }

  public Database db() {
    return db;
  }

  public Window window() {
    return window;
  }

  public Optional<String> tenant() {
    return tenant;
  }

  public Clock clock() {
    return clock;
  }

  public UUID runId() {
    return runId;
  }

  public String jobName() {
    return jobName;
  }

  public ResultWriter writer() {
    return writer;
  }

  /** The one way this run writes Delta tables (versions recorded in the run ledger). */
  public DeltaSink delta() {
    return delta;
  }

  public Path landingDir() {
    return Path.of(settings.landingDir());
  }

  /** A Delta table location under the lake root, e.g. lake("events", "prediction"). */
  public String lake(String... parts) {
    return lakePath(settings.lakeDir(), parts);
  }

  /**
   * A location under a lake root given as a local path (made absolute against the driver's working
   * directory, as local runs always did) or as a URI (s3a://, hdfs://, file:///...: joined with '/'
   * and left as it is). A URI must not go through java.nio's Path: it would become
   * "DRIVER_CWD/s3a:/bucket/lake/...", a directory only the driver writes to (found by the standalone
   * cluster test, whose lake is a file:/// URI).
   */
  public static String lakePath(String lakeDir, String... parts) {
    if (!URI_SCHEME.matcher(lakeDir).lookingAt()) {
      return Path.of(lakeDir, parts).toAbsolutePath().toString();
    }
    StringBuilder b = new StringBuilder(
        lakeDir.endsWith("/") ? lakeDir.substring(0, lakeDir.length() - 1) : lakeDir);
    for (String p : parts) {
      b.append('/').append(p);
    }
    return b.toString();
  }

  /** scheme ":/" (RFC 3986 scheme); a Windows drive letter "C:\" has no slash after the colon. */
  private static final java.util.regex.Pattern URI_SCHEME =
      java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/");

  /**
   * Labels the Spark work that follows (Spark UI, logs): job, step, window, run id. The runner sets
   * the run's job group once (setJobGroup would overwrite this description) and puts the caller's
   * labels back when the run ends.
   */
  public void describe(String step) {
    if (spark == null) {
      return;
    }
    spark.sparkContext().setJobDescription(jobName + " " + step + " " + window + " run " + runId);
  }
}
