package io.vigia.common.spark;

import io.vigia.common.settings.Settings;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession with Delta Lake and UTC everywhere. The master is never hard-coded:
 * spark-submit supplies it, and the local launcher passes vigia.spark.master = local[*].
 */
public final class Sessions {
  private Sessions() {}

  public static SparkSession.Builder builder(Settings s, String appName) {
    SparkSession.Builder b = SparkSession.builder()
        .appName(appName)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.shuffle.partitions", String.valueOf(s.shufflePartitions()))
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        // Delta rebuilds table state with this many tasks (default 50): too many for small local
        // runs
        .config("spark.databricks.delta.snapshotPartitions", String.valueOf(s.shufflePartitions()))
        // Delta's VACUUM lists the table's directories with this many tasks (Spark's default 10000:
        // a 100 s VACUUM of a table of a few files on two cores)
        .config(
            "spark.sql.sources.parallelPartitionDiscovery.parallelism",
            String.valueOf(s.shufflePartitions()))
        .config("spark.sql.files.maxRecordsPerFile", "5000000");
    // file: paths through Hadoop's local file system without a chmod or readlink process per file
    LocalFileSystems.SETTINGS.forEach(b::config);
    if (!s.sparkMaster().isBlank()) {
      b = b.master(s.sparkMaster());
    }
    return b;
  }

  /**
   * The settings every local test session uses (as Delta's and Spark's own suites do). The tests' data
   * is small and nearly every query is new, so compiling code for it (Janino, then the JIT) costs more
   * than it saves: the session interprets instead ({@link #INTERPRETED}, docs/testing.md). The demo,
   * the CLI and the cluster test build their session with code generation, as a user's runs do, and
   * each run chooses (vigia.spark.codegen, JobRunner).
   */
  public static SparkSession.Builder forTests(Settings s) {
    SparkSession.Builder b = builder(s, "vigia-tests");
    INTERPRETED.forEach(b::config);
    return b.master("local[2]")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
  }

  /**
   * Spark settings that turn code generation off (whole-stage and per-expression): Spark then
   * interprets the same plans. The tests' session ({@link #forTests}) and a run that
   * vigia.spark.codegen makes interpreted (io.vigia.common.job.CodegenChoice) use them.
   */
  public static final java.util.Map<String, String> INTERPRETED = java.util.Map.of(
      "spark.sql.codegen.wholeStage", "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  /** Spark's own defaults for the same two settings: compiled (vigia.spark.codegen = on). */
  public static final java.util.Map<String, String> COMPILED = java.util.Map.of(
      "spark.sql.codegen.wholeStage", "true", "spark.sql.codegen.factoryMode", "FALLBACK");
}
