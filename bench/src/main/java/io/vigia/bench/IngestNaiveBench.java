package io.vigia.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.regexp_extract;

import io.vigia.common.spark.LocalFileSystems;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The naive ingest a data engineer would write, the peer `vigia run ingest` is compared with as a
 * whole process (issue 19's floor): {@code spark.read.text} of the landing, {@code get_json_object}
 * of the envelope (event_id, event_type, tenant_id, ts), the landing date from the path, and one
 * Delta write partitioned by type and date that overwrites the dates it read. No validation, no
 * de-duplication, no quarantine, no run ledger: the raw JSON text is stored as is. Run it with
 * {@code farm-bench --vs 'THIS' -- 'vigia run ingest ...'} on the same landing.
 */
@Command(
    name = "ingest-naive",
    mixinStandardHelpOptions = true,
    description = "The naive Spark JSON-to-Delta ingest (the peer of vigia's ingest)")
public final class IngestNaiveBench implements Callable<Integer> {
  @Option(
      names = "--landing",
      required = true,
      paramLabel = "DIR",
      description = "landing directory (dt=YYYY-MM-DD/*.jsonl[.gz])")
  Path landing;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "the Delta table to write")
  Path out;

  @Option(names = "--master", description = "Spark master (default: ${DEFAULT-VALUE})")
  String master = "local[*]";

  @Option(
      names = "--hadoop-local-fs",
      description = "write file: paths through Hadoop's own local file system, which starts a chmod"
          + " and a readlink process per file, instead of the one vigia's sessions use (default:"
          + " the same as vigia, like for like; on HDFS or S3 neither starts processes)")
  boolean hadoopLocalFs;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestNaiveBench()).execute(args));
  }

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    SparkSession.Builder builder = SparkSession.builder();
    if (!hadoopLocalFs) {
      LocalFileSystems.SETTINGS.forEach(builder::config);
    }
    SparkSession spark = builder
        .appName("vigia-bench-ingest-naive")
        .master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate();
    Dataset<Row> lines = spark.read().text(landing.toAbsolutePath() + "/dt=*/*.jsonl*");
    Dataset<Row> events = lines.select(
        get_json_object(col("value"), "$.event_id").as("event_id"),
        get_json_object(col("value"), "$.event_type").as("event_type"),
        get_json_object(col("value"), "$.tenant_id").as("tenant_id"),
        get_json_object(col("value"), "$.ts").as("ts"),
        regexp_extract(input_file_name(), "dt=(\\d{4}-\\d{2}-\\d{2})", 1)
            .cast("date")
            .as("dt"),
        col("value").as("raw"));
    events
        .write()
        .format("delta")
        .mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("event_type", "dt")
        .save(out.toAbsolutePath().toString());
    System.out.printf(
        "naive ingest: %s in %.1f s (in the process, after the JVM start)%n",
        out, (System.nanoTime() - t0) / 1e9);
    spark.stop();
    return 0;
  }
}
