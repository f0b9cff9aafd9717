package io.vigia.common.db;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's JDBC source over a query whose rows carry a bigint {@code id}, split into id ranges: one
 * query per partition (about 50,000 ids each, at most twice the default parallelism), so rows go
 * from PostgreSQL to the executors, never through the driver.
 */
public final class IdRangeRead {
  private IdRangeRead() {}

  /** Number of partitions for ids lo..hi. */
  public static int partitions(SparkSession spark, long lo, long hi) {
    return (int) Math.max(
        1, Math.min(spark.sparkContext().defaultParallelism() * 2L, (hi - lo + 1) / 50_000 + 1));
  }

  /** Reads {@code dbtable} (a table or "(SELECT ...) alias" with an id column) for ids in [lo, hi]. */
  public static Dataset<Row> read(
      SparkSession spark, Database db, String dbtable, long lo, long hi) {
    Map<String, String> opts = new LinkedHashMap<>(db.sparkOptions());
    opts.put("dbtable", dbtable);
    opts.put("fetchsize", "10000");
    opts.put("partitionColumn", "id");
    opts.put("lowerBound", Long.toString(lo));
    opts.put("upperBound", Long.toString(hi + 1));
    opts.put("numPartitions", Integer.toString(partitions(spark, lo, hi)));
    return spark.read().format("jdbc").options(opts).load();
  }
}
